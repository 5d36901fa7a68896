"""Red flags as results rows a study can publish: how many flags each signal raised (with
the observations the signal assessed as its base) and, per flag, the numbers its reason
quotes.

``flag_report(...)`` runs evidence.movement.red_flags.detect_red_flags over a country's data
and keeps what a reader needs to weigh a flag: per signal the observations assessed
(site-days for counts of people and Wi-Fi, portal forms for reported risks) and per risk
flag the forms of its window. ``FlagReport.to_results`` gives

- ``total_red_flags`` by ``signal`` (unit total; n = observations assessed), only for the
  signals that had data;
- per flag (disaggregation ``signal x site_id x start x end x peak_day``): for counts of
  people, sessions or devices ``count_flag_peak`` (the peak day's count, unit count),
  ``rate_flag_usual`` (the site's median day, unit rate) and ``index_flag_ratio`` (peak /
  median); for reported risks ``share_flag_forms`` (share of the window's forms reporting
  it, numerator = those forms, n = the window's forms), ``share_flag_usual`` (the site's
  usual share, shrunk towards the country's) and ``index_flag_ratio``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from evidence.indicators.publish import complete_data_row as _row
from evidence.indicators.publish import rows_frame
from evidence.movement.flows import daily_counts
from evidence.movement.red_flags import (
    RISK_SIGNALS,
    SIGNALS,
    FlagThresholds,
    RedFlags,
    detect_red_flags,
    form_signals,
)

FLAG_LEVEL = "signal x site_id x start x end x peak_day"
COUNT_SIGNALS: tuple[str, ...] = (
    "flow_surge",
    "flow_drop",
    "wifi_sessions_surge",
    "wifi_new_devices_surge",
)
FORM_SIGNALS: tuple[str, ...] = (*RISK_SIGNALS, "unaccompanied_children")


@dataclass(frozen=True)
class FlagReport:
    """The red flags of one run (``red_flags``), the observations each signal assessed
    (``assessed``: signal -> site-days or forms; signals without data are absent) and, per
    risk flag, the forms of its window (``window_forms``: flag index -> forms)."""

    red_flags: RedFlags
    assessed: dict[str, int] = field(default_factory=dict)
    window_forms: dict[int, int] = field(default_factory=dict, repr=False)

    def to_frame(self) -> pd.DataFrame:
        return self.red_flags.to_frame()

    def summary(self) -> str:
        seen = ", ".join(f"{s}: {n}" for s, n in self.assessed.items())
        return f"{self.red_flags.summary()}\nAssessed: {seen}"

    def _repr_html_(self) -> str:
        return self.red_flags._repr_html_()

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        """Flags per signal and the numbers of each flag (module docstring), results rows."""
        flags = self.red_flags.flags
        mine = flags[flags["country"].astype(str) == country]
        rows: list[dict[str, object]] = []
        for signal in SIGNALS:
            if signal not in self.assessed:
                continue
            count = int((mine["signal"] == signal).sum())
            rows.append(_row("total_red_flags", "signal", signal, count, self.assessed[signal],
                             "total", None))  # fmt: skip
        for index, flag in mine.iterrows():
            level = " x ".join(
                [
                    str(flag["signal"]),
                    str(flag["site_id"]),
                    *(f"{pd.Timestamp(flag[c]):%Y-%m-%d}" for c in ("start", "end", "peak_date")),
                ]
            )
            ratio = float(flag["ratio"])
            if flag["signal"] in FORM_SIGNALS:
                forms = self.window_forms.get(int(str(index)), 0)
                share = float(flag["value"])
                reporting = round(share * forms)
                rows += [
                    _row("share_flag_forms", FLAG_LEVEL, level, share, forms, "proportion",
                         reporting),
                    _row("share_flag_usual", FLAG_LEVEL, level, float(flag["baseline"]), forms,
                         "proportion", None),
                    _row("index_flag_ratio", FLAG_LEVEL, level, ratio, forms, "index", None),
                ]  # fmt: skip
            else:
                peak = float(flag["value"])
                rows += [
                    _row("count_flag_peak", FLAG_LEVEL, level, peak, int(peak), "count",
                         int(peak)),
                    _row("rate_flag_usual", FLAG_LEVEL, level, float(flag["baseline"]),
                         int(peak), "rate", None),
                    _row("index_flag_ratio", FLAG_LEVEL, level, ratio, int(peak), "index", None),
                ]  # fmt: skip
        return rows_frame(rows, country, period)


def flag_report(
    *,
    flow_counts: pd.DataFrame | None = None,
    wifi_site_day: pd.DataFrame | None = None,
    portal_forms: pd.DataFrame | None = None,
    thresholds: FlagThresholds | None = None,
) -> FlagReport:
    """Red flags of the data given (as ``detect_red_flags``) with what each signal assessed
    and the forms of each risk flag's window."""
    red = detect_red_flags(
        flow_counts=flow_counts,
        wifi_site_day=wifi_site_day,
        portal_forms=portal_forms,
        thresholds=thresholds,
    )
    assessed: dict[str, int] = {}
    if flow_counts is not None and len(flow_counts):
        site_days = len(daily_counts(flow_counts))
        assessed |= {"flow_surge": site_days, "flow_drop": site_days}
    if wifi_site_day is not None and len(wifi_site_day):
        site_days = len(wifi_site_day[["site_id", "date"]].drop_duplicates())
        assessed |= {"wifi_sessions_surge": site_days, "wifi_new_devices_surge": site_days}
    window_forms: dict[int, int] = {}
    if portal_forms is not None and len(portal_forms):
        forms = form_signals(portal_forms)
        assessed |= {signal: len(forms) for signal in FORM_SIGNALS}
        window = pd.Timedelta(days=red.thresholds.risk_window - 1)
        for index, flag in red.flags.iterrows():
            if flag["signal"] not in FORM_SIGNALS:
                continue
            peak = pd.Timestamp(flag["peak_date"]).normalize()
            inside = (
                (forms["site_id"] == str(flag["site_id"]))
                & (forms["date"] >= peak - window)
                & (forms["date"] <= peak)
            )
            window_forms[int(str(index))] = int(inside.sum())
    return FlagReport(red_flags=red, assessed=assessed, window_forms=window_forms)


__all__ = ["COUNT_SIGNALS", "FLAG_LEVEL", "FORM_SIGNALS", "FlagReport", "flag_report"]
