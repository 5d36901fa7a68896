"""Red flags: one detector over several signals, each flag with its reason.

Signals (``SIGNALS``) and rules; every threshold is a field of ``FlagThresholds``:

- ``flow_surge`` / ``flow_drop``: people observed per site and day (flow_counts, total);
  the robust rule of evidence.movement.surges (median + k × max(1.4826 × MAD, √median),
  ≥ min_ratio × median, ≥ median + min_excess; mirrored for drops: below
  median - k × spread, ≤ median / min_ratio, ≥ min_excess fewer).
- ``wifi_sessions_surge`` / ``wifi_new_devices_surge``: Wi-Fi sessions and new devices per
  site and day (evidence.movement.wifi_indicators), the same robust rule.
- ``risk_violence``, ``risk_extortion``, ``risk_trafficking`` and
  ``unaccompanied_children``: forms of the captive portal (portal_forms) reporting
  violence, extortion, trafficking indicators, or a child under 18 travelling alone. Per
  site and day, over a trailing window of ``risk_window`` days (default 3): x forms of n
  report it; the baseline share p0 is the site's share on the period's other days, shrunk
  towards the country's share with ``risk_prior_forms`` (20) pseudo-forms. Flagged when
  P(X ≥ x | n, p0) < ``risk_alpha`` (binomial, default 1e-4), x ≥ ``risk_min_count`` (3)
  and x / n ≥ ``risk_min_ratio`` (3) × p0. Form counts are small, so the rule tests a
  count against its binomial law rather than against a median of days.

New devices drift down through a period when no earlier one is read (on the first days
nearly every device is new), so ``wifi_new_devices_surge`` compares a day with the median and
MAD of the ``new_device_window`` (7) days before it, not with the whole period.

Consecutive flagged days of one signal at one site are one flag, dated by its peak. The
defaults and what they give on the embedded data (precision, recall, false alarms per
site-month over 30 seeds) are in benchmarks/results/flags.json.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Literal, get_args

import numpy as np
import pandas as pd

from evidence.indicators.keys import join_key
from evidence.movement.flows import daily_counts
from evidence.movement.surges import robust_site_days, surge_runs
from evidence.options import check_positive_int, check_positive_number

Signal = Literal[
    "flow_surge",
    "flow_drop",
    "wifi_sessions_surge",
    "wifi_new_devices_surge",
    "risk_violence",
    "risk_extortion",
    "risk_trafficking",
    "unaccompanied_children",
]
SIGNALS: tuple[Signal, ...] = get_args(Signal)
RISK_SIGNALS: dict[str, str] = {
    "risk_violence": "violence",
    "risk_extortion": "extortion",
    "risk_trafficking": "trafficking_indicators",
}
FLAG_COLUMNS: tuple[str, ...] = (
    "country",
    "signal",
    "site_id",
    "start",
    "end",
    "days",
    "peak_date",
    "value",
    "baseline",
    "ratio",
    "reason",
)
_LABELS = {
    "flow_surge": "people observed",
    "flow_drop": "people observed",
    "wifi_sessions_surge": "Wi-Fi sessions",
    "wifi_new_devices_surge": "new Wi-Fi devices",
}


@dataclass(frozen=True)
class FlagThresholds:
    """Thresholds of every rule (defaults documented in the module docstring).

    The knobs of ``detect_red_flags``: how far above (or below) its usual level a site's day
    must be, and how unlikely a run of risk reports, before a flag is raised. The defaults
    were chosen on the embedded synthetic data (benchmarks/results/flags.json).

    Parameters
    ----------
    k : float
        Robust spreads above the median (flow and Wi-Fi signals).
    min_ratio : float
        The day must be at least this multiple of the median (or at most its inverse).
    min_excess : float
        The day must differ from the median by at least this many.
    min_days : int
        Sites with fewer days counted are not assessed.
    risk_window : int
        Trailing days of portal forms per site and day.
    risk_alpha : float
        Binomial tail probability under which a risk count is flagged.
    risk_min_count : int
        Fewest forms reporting the risk for a flag.
    risk_min_ratio : float
        The window's share must be at least this multiple of the baseline share.
    risk_prior_forms : float
        Pseudo-forms shrinking a site's baseline share towards the country's.
    new_device_window : int
        Days before each day whose median is the usual level of new Wi-Fi devices.

    Raises
    ------
    OptionError
        When a threshold is not positive (or not an integer where one is needed).

    Examples
    --------
    >>> from evidence.movement import FlagThresholds
    >>> FlagThresholds().k, FlagThresholds(k=3).k
    (4.0, 3)
    >>> FlagThresholds(min_days=0)
    Traceback (most recent call last):
    ...
    evidence.errors.OptionError: min_days=0 ...
    """

    k: float = 4.0
    min_ratio: float = 2.5
    min_excess: float = 10.0
    min_days: int = 14
    risk_window: int = 3
    risk_alpha: float = 1e-4
    risk_min_count: int = 3
    risk_min_ratio: float = 3.0
    risk_prior_forms: float = 20.0
    new_device_window: int = 7

    def __post_init__(self) -> None:
        for name in ("k", "min_ratio", "min_excess", "risk_alpha", "risk_min_ratio"):
            check_positive_number(name, getattr(self, name))
        for name in ("min_days", "risk_window", "risk_min_count", "new_device_window"):
            check_positive_int(name, getattr(self, name))
        check_positive_number("risk_prior_forms", self.risk_prior_forms)


@dataclass(frozen=True)
class RedFlags:
    """The flags raised (``to_frame()``: one row per flag, columns ``FLAG_COLUMNS``), the
    thresholds used and the signals that had no data.

    What ``detect_red_flags`` returns: each flag says which signal, where, from when to when,
    its peak value against the site's usual level and, in ``reason``, a sentence an alert
    can send as it is.

    Parameters
    ----------
    flags : pandas.DataFrame
        country, signal, site_id, start, end, days, peak_date, value, baseline, ratio,
        reason; sorted by country, start, signal and site.
    thresholds : FlagThresholds
        The thresholds used.
    missing_signals : tuple of str
        Signals not assessed for want of data.

    Examples
    --------
    >>> import pandas as pd
    >>> days = pd.date_range("2023-12-01", periods=20)
    >>> counts = pd.DataFrame({"site_id": "ABW-S001", "date": days,
    ...                        "entries": 20, "exits": 10, "transit": 10})
    >>> counts.loc[10, "entries"] = 150  # 170 people on 11 December, 40 on other days
    >>> result = detect_red_flags(flow_counts=counts)
    >>> result
    RedFlags(1 flags)
    >>> result.to_frame()[["signal", "site_id", "value", "baseline"]].values.tolist()
    [['flow_surge', 'ABW-S001', 170.0, 40.0]]
    >>> "risk_violence" in result.missing_signals
    True
    >>> result.to_results("ABW", "2023-12").set_index("indicator")["estimate"].head(2).tolist()
    [1.0, 0.0]
    """

    flags: pd.DataFrame = field(repr=False)
    thresholds: FlagThresholds = field(default_factory=FlagThresholds)
    missing_signals: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        return self.flags.copy()

    def summary(self) -> str:
        lines = [f"Red flags: {len(self.flags)}"]
        lines += [f"  {row.signal} {row.site_id}: {row.reason}" for row in self.flags.itertuples()]
        if self.missing_signals:
            lines.append(f"No data for: {', '.join(self.missing_signals)}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"RedFlags({len(self.flags)} flags)"

    def _repr_html_(self) -> str:
        return f"<p><strong>Red flags: {len(self.flags)}</strong></p>" + self.flags.to_html(
            index=False, border=0, float_format=lambda v: f"{v:.3g}"
        )

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        """Flags per signal for one country and period as counts (results contract rows)."""
        mine = self.flags[self.flags["country"] == country]
        counts = mine.groupby("signal").size().reindex(list(SIGNALS), fill_value=0)
        rows = []
        for signal, count in counts.items():
            indicator = f"red_flags_{signal}"
            rows.append(
                {
                    "indicator": indicator, "country": country, "period": period,
                    "disaggregation": "total", "level": "total", "estimate": float(count),
                    "se": np.nan, "ci_low": np.nan, "ci_high": np.nan, "ci_method": "none",
                    "n": int(count), "n_weighted": float(count), "deff": np.nan, "flags": "",
                    "analysis_key": join_key(indicator, "total", "total"), "unit": "count",
                    "numerator": int(count),
                }
            )  # fmt: skip
        out = pd.DataFrame(rows)
        out["numerator"] = out["numerator"].astype("Int64")
        return out


def _count_flags(
    daily: pd.DataFrame,
    signal: str,
    direction: Literal["up", "down"],
    t: FlagThresholds,
    window: int | None = None,
) -> pd.DataFrame:
    days, _ = robust_site_days(
        daily, direction=direction, k=t.k, min_ratio=t.min_ratio,
        min_excess=t.min_excess, min_days=t.min_days, window=window,
    )  # fmt: skip
    flagged = days[days["flagged"]]
    if direction == "down":
        # The run's "peak" is its lowest day: flip the sign for surge_runs' arg-max.
        runs = surge_runs(flagged.assign(count=-flagged["count"]))
        runs["peak_count"] = -runs["peak_count"]
    else:
        runs = surge_runs(flagged)
    if runs.empty:
        return pd.DataFrame(columns=list(FLAG_COLUMNS))
    runs["ratio"] = np.where(runs["median"] > 0, runs["peak_count"] / runs["median"], np.inf)
    label = _LABELS[signal]
    word = "above" if direction == "up" else "below"
    reasons = [
        f"{label} {peak:,.0f} on {day:%Y-%m-%d}, {ratio:.1f} × the site's median of "
        f"{median:,.0f} ({word} the site's usual range, k = {t.k:g})"
        for peak, day, ratio, median in zip(
            runs["peak_count"].to_numpy(dtype=float),
            runs["peak_date"],
            runs["ratio"].to_numpy(dtype=float),
            runs["median"].to_numpy(dtype=float),
            strict=True,
        )
    ]
    return _flag_rows(signal, runs, runs["peak_count"], runs["median"], runs["ratio"], reasons)


def form_signals(portal_forms: pd.DataFrame) -> pd.DataFrame:
    """site_id, date and one boolean column per form signal (risk_violence, ...,
    unaccompanied_children) from portal forms, whether risks come as a space-separated
    string or as curated ``risks/<choice>`` columns."""
    frame = pd.DataFrame(
        {
            "site_id": portal_forms["site_id"].astype(str),
            "date": pd.to_datetime(portal_forms["submitted_at"]).dt.normalize(),
        }
    )
    for signal, risk in RISK_SIGNALS.items():
        column = f"risks/{risk}"
        if column in portal_forms.columns:
            frame[signal] = portal_forms[column].astype("boolean").fillna(False).astype(bool)
        else:
            padded = " " + portal_forms["risks"].fillna("").astype(str) + " "
            frame[signal] = padded.str.contains(f" {risk} ", regex=False).to_numpy()
    frame["unaccompanied_children"] = (
        (portal_forms["age_group"].astype(str) == "under_18")
        & (portal_forms["travelling_with"].astype(str) == "alone")
    ).to_numpy()
    return frame


def _risk_flags(forms: pd.DataFrame, signal: str, t: FlagThresholds) -> pd.DataFrame:
    daily = forms.groupby(["site_id", "date"]).agg(n=(signal, "size"), x=(signal, "sum"))
    country_share = daily["x"].sum() / max(daily["n"].sum(), 1)
    parts = []
    for site, site_days in daily.groupby(level="site_id"):
        days = site_days.droplevel("site_id").asfreq("D", fill_value=0)
        n_win = days["n"].rolling(t.risk_window, min_periods=1).sum()
        x_win = days["x"].rolling(t.risk_window, min_periods=1).sum()
        rest_n, rest_x = days["n"].sum() - n_win, days["x"].sum() - x_win
        p0 = (rest_x + t.risk_prior_forms * country_share) / (rest_n + t.risk_prior_forms)
        p0 = p0.clip(lower=1e-6)
        from scipy.stats import binom

        p_value = binom.sf(x_win - 1, n_win, p0)
        share = np.where(n_win > 0, x_win / n_win.where(n_win > 0, 1), 0.0)
        flagged = (
            (p_value < t.risk_alpha)
            & (x_win >= t.risk_min_count)
            & (share >= t.risk_min_ratio * p0)
        )
        parts.append(
            pd.DataFrame(
                {
                    "site_id": site,
                    "date": days.index,
                    "count": x_win.to_numpy(),
                    "median": p0.to_numpy(),
                    "share": share,
                    "n": n_win.to_numpy(),
                    "flagged": flagged.to_numpy(),
                }
            )
        )
    if not parts:
        return pd.DataFrame(columns=list(FLAG_COLUMNS))
    assessed = pd.concat(parts, ignore_index=True)
    runs = surge_runs(assessed[assessed["flagged"]])
    if runs.empty:
        return pd.DataFrame(columns=list(FLAG_COLUMNS))
    peaks = runs.drop(columns="median").merge(
        assessed[["site_id", "date", "share", "n", "median"]],
        left_on=["site_id", "peak_date"],
        right_on=["site_id", "date"],
    )
    what = (
        "a child under 18 travelling alone"
        if signal == "unaccompanied_children"
        else RISK_SIGNALS[signal].replace("_", " ")
    )
    reasons = [
        f"{x:.0f} of {n:.0f} portal forms in the {t.risk_window} days to {day:%Y-%m-%d} report "
        f"{what} ({share:.0%} against the site's usual {p0:.1%}; binomial p < {t.risk_alpha:g})"
        for x, n, day, share, p0 in zip(
            peaks["peak_count"].to_numpy(dtype=float),
            peaks["n"].to_numpy(dtype=float),
            peaks["peak_date"],
            peaks["share"].to_numpy(dtype=float),
            peaks["median"].to_numpy(dtype=float),
            strict=True,
        )
    ]
    ratio = peaks["share"] / peaks["median"]
    return _flag_rows(signal, peaks, peaks["share"], peaks["median"], ratio, reasons)


def _flag_rows(
    signal: str,
    runs: pd.DataFrame,
    value: pd.Series,
    baseline: pd.Series,
    ratio: pd.Series,
    reasons: list[str],
) -> pd.DataFrame:
    """One flag per run of a signal (FLAG_COLUMNS): where and when, the value against the
    site's baseline, and the reason in words."""
    return pd.DataFrame(
        {
            "signal": signal,
            "site_id": runs["site_id"],
            "start": runs["start"],
            "end": runs["end"],
            "days": runs["days"],
            "peak_date": runs["peak_date"],
            "value": value.astype(float),
            "baseline": baseline.astype(float),
            "ratio": ratio.astype(float),
            "reason": reasons,
        }
    )


def detect_red_flags(
    *,
    flow_counts: pd.DataFrame | None = None,
    wifi_site_day: pd.DataFrame | None = None,
    portal_forms: pd.DataFrame | None = None,
    thresholds: FlagThresholds | None = None,
) -> RedFlags:
    """Every signal that has data: ``flow_counts`` (curated or canonical), the site-day
    table of ``wifi_indicators(...).site_day`` and ``portal_forms``. Rules in the module
    docstring; the country of a flag is the first three letters of its site id.

    For the field teams: days when a monitoring point sees far more (or fewer) people or
    Wi-Fi devices than usual, or when captive-portal forms report violence, extortion,
    trafficking or unaccompanied children more often than the site's usual share.

    Parameters
    ----------
    flow_counts : pandas.DataFrame, optional
        flow_counts rows (site_id, date, entries, exits, transit): flow_surge, flow_drop.
    wifi_site_day : pandas.DataFrame, optional
        ``wifi_indicators(...).site_day`` (site_id, date, sessions, new_devices):
        wifi_sessions_surge, wifi_new_devices_surge.
    portal_forms : pandas.DataFrame, optional
        portal_forms rows (site_id, submitted_at, risks, age_group, travelling_with): the
        risk signals and unaccompanied_children.
    thresholds : FlagThresholds, optional
        The rules' thresholds (default ``FlagThresholds()``).

    Returns
    -------
    RedFlags
        The flags, and the signals left out for want of data.

    Raises
    ------
    ContractError
        When flow_counts lacks a required column.
    OptionError
        When a threshold is invalid.

    See Also
    --------
    detect_surges : the flow surge rule alone, with every site-day assessed.
    flags : the same on a period's curated data.

    Examples
    --------
    >>> import pandas as pd
    >>> days = pd.date_range("2023-12-01", periods=20)
    >>> counts = pd.DataFrame({"site_id": "ABW-S001", "date": days,
    ...                        "entries": 20, "exits": 10, "transit": 10})
    >>> counts.loc[10, "entries"] = 150  # 170 people on 11 December, 40 on other days
    >>> result = detect_red_flags(flow_counts=counts)
    >>> flag = result.to_frame().iloc[0]
    >>> flag["signal"], str(flag["peak_date"].date()), float(flag["ratio"])
    ('flow_surge', '2023-12-11', 4.25)
    >>> flag["reason"]
    "people observed 170 on 2023-12-11, 4.2 × the site's median of 40 (above ...)"
    >>> len(detect_red_flags(flow_counts=counts, thresholds=FlagThresholds(k=40)).flags)
    0
    """
    t = thresholds or FlagThresholds()
    parts, missing = [], []
    if flow_counts is not None and len(flow_counts):
        daily = daily_counts(flow_counts)[["site_id", "date", "total"]]
        daily = daily.rename(columns={"total": "count"})
        parts += [_count_flags(daily, "flow_surge", "up", t)]
        parts += [_count_flags(daily, "flow_drop", "down", t)]
    else:
        missing += ["flow_surge", "flow_drop"]
    if wifi_site_day is not None and len(wifi_site_day):
        for signal, column in (("wifi_sessions_surge", "sessions"),
                               ("wifi_new_devices_surge", "new_devices")):  # fmt: skip
            cells = wifi_site_day[["site_id", "date", column]].rename(columns={column: "count"})
            daily = cells.groupby(["site_id", "date"], as_index=False)[["count"]].sum()
            window = t.new_device_window if column == "new_devices" else None
            parts.append(_count_flags(daily, signal, "up", t, window))
    else:
        missing += ["wifi_sessions_surge", "wifi_new_devices_surge"]
    if portal_forms is not None and len(portal_forms):
        forms = form_signals(portal_forms)
        parts += [_risk_flags(forms, s, t) for s in (*RISK_SIGNALS, "unaccompanied_children")]
    else:
        missing += [*RISK_SIGNALS, "unaccompanied_children"]
    parts = [p for p in parts if len(p)]
    if parts:
        flags: pd.DataFrame = pd.concat(parts, ignore_index=True)
        flags["country"] = flags["site_id"].astype(str).str[:3]
        order = {s: k for k, s in enumerate(SIGNALS)}
        flags = flags.sort_values(
            ["country", "start", "signal", "site_id"],
            key=lambda c: c.map(order) if c.name == "signal" else c,
            ignore_index=True,
        )[list(FLAG_COLUMNS)]
    else:
        flags = pd.DataFrame({c: pd.Series(dtype=object) for c in FLAG_COLUMNS})
    return RedFlags(flags=flags, thresholds=t, missing_signals=tuple(missing))


def thresholds_table(thresholds: FlagThresholds | None = None) -> pd.DataFrame:
    """The thresholds as a two-column table (threshold, value) for a study or a benchmark."""
    values = asdict(thresholds or FlagThresholds())
    return pd.DataFrame({"threshold": list(values), "value": list(values.values())})


__all__ = [
    "FLAG_COLUMNS",
    "SIGNALS",
    "FlagThresholds",
    "RedFlags",
    "Signal",
    "detect_red_flags",
    "form_signals",
    "thresholds_table",
]
