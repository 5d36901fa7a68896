"""Gaps between two population groups (migrants against hosts) from a results table.

The results table holds each indicator by the group variable (and crossed with sex). The
gap is the focus group's estimate minus the reference group's. Its standard error comes from
``gap_se`` when given (evidence.integration.gap_variance: the linearised difference, which
keeps the covariance of groups sampled in the same PSUs); otherwise, for groups sampled
independently (``independent=True``, distinct strata), from

    se(gap) = √(se_focus² + se_reference²)

and else it is left empty rather than stated wrongly. The interval is Wald with the t
quantile on the smaller of the two design degrees of freedom. A gap is withheld when either
side was suppressed.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from evidence.indicators.keys import CROSS, TOTAL

GAP_COLUMNS: tuple[str, ...] = (
    "indicator",
    "label",
    "level",
    "reference",
    "reference_ci_low",
    "reference_ci_high",
    "focus",
    "focus_ci_low",
    "focus_ci_high",
    "gap",
    "gap_se",
    "gap_ci_low",
    "gap_ci_high",
    "n_reference",
    "n_focus",
    "suppressed",
)


def _side(results: pd.DataFrame, group_variable: str, value: str) -> pd.DataFrame:
    """Rows of one group: overall (level ``total``) and crossed by sex (level = the sex)."""
    alone = results[
        (results["disaggregation"] == group_variable) & (results["level"] == value)
    ].assign(level=TOTAL)
    crossed_name = f"{group_variable}{CROSS}sex"
    crossed = results[results["disaggregation"] == crossed_name]
    parts = crossed["level"].str.split(CROSS, n=1, expand=True)
    if not crossed.empty:
        crossed = crossed[parts[0] == value].assign(level=parts.loc[parts[0] == value, 1])
    keep = ["indicator", "level", "estimate", "se", "ci_low", "ci_high", "df", "n", "suppressed"]
    frame = pd.concat([alone, crossed], ignore_index=True)
    if "suppressed" not in frame.columns:
        frame["suppressed"] = frame["estimate"].isna()
    if "df" not in frame.columns:
        frame["df"] = np.nan
    return frame[keep]


def group_gaps(
    results: pd.DataFrame,
    *,
    group_variable: str,
    focus: str,
    reference: str,
    labels: dict[str, str] | None = None,
    gap_se: Mapping[tuple[str, str], float] | None = None,
    independent: bool = True,
    level: float = 0.95,
) -> pd.DataFrame:
    """One row per indicator (overall, then by sex) with both groups' estimates and the gap
    ``focus - reference`` (columns GAP_COLUMNS).

    The gap's standard error is ``gap_se`` where given (the linearised difference of
    :func:`difference_se`), else √(se_focus² + se_reference²) when the groups were sampled
    independently, else missing; the interval is Wald with the t quantile on the smaller of
    the two groups' ``df`` (missing without a ``df`` column). A gap is withheld (missing, and
    ``suppressed`` True) when either group's estimate was suppressed.

    Parameters
    ----------
    results : pandas.DataFrame
        A results table with the indicators by ``group_variable`` (disaggregation
        ``group_variable``) and, for the rows by sex, by ``group_variable x sex``; columns
        ``indicator``, ``disaggregation``, ``level``, ``estimate``, ``se``, ``ci_low``,
        ``ci_high``, ``n`` and optionally ``df`` and ``suppressed``.
    group_variable : str
        The disaggregation naming the groups (``group``, ``migrant``).
    focus, reference : str
        The levels compared, as the table writes them (``migrant``, ``host``).
    labels : dict of str to str, optional
        Indicator labels (default: the indicator codes).
    gap_se : mapping of (indicator, level) to float, optional
        Standard errors of the gaps, ``level`` being ``total`` or a sex.
    independent : bool, default True
        Whether the groups were sampled independently (used only without ``gap_se``).
    level : float, default 0.95
        Confidence level of the gap's interval.

    Returns
    -------
    pandas.DataFrame
        Columns ``GAP_COLUMNS``, indicators in the table's order, the total first.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.integration import group_gaps
    >>> results = pd.DataFrame({
    ...     "indicator": ["prop_employed", "prop_employed"],
    ...     "disaggregation": ["group", "group"], "level": ["host", "migrant"],
    ...     "estimate": [0.60, 0.45], "se": [0.03, 0.04], "ci_low": [0.54, 0.37],
    ...     "ci_high": [0.66, 0.53], "df": [40.0, 40.0], "n": [400, 300]})
    >>> gaps = group_gaps(results, group_variable="group", focus="migrant", reference="host")
    >>> gaps["level"].tolist(), round(float(gaps["gap"].iloc[0]), 2)
    (['total'], -0.15)
    >>> round(float(gaps["gap_se"].iloc[0]), 3)  # independent samples: sqrt(.03**2 + .04**2)
    0.05
    >>> bool(gaps["gap_ci_low"].iloc[0] < -0.15 < gaps["gap_ci_high"].iloc[0])
    True
    """
    ref = _side(results, group_variable, reference)
    foc = _side(results, group_variable, focus)
    both = ref.merge(foc, on=["indicator", "level"], suffixes=("_r", "_f"), how="inner")
    gap = both["estimate_f"] - both["estimate_r"]
    if gap_se is not None:
        se = np.array(
            [
                gap_se.get((i, lv), np.nan)
                for i, lv in zip(both["indicator"], both["level"], strict=True)
            ],
            dtype=float,
        )
    elif independent:
        se = np.sqrt(
            both["se_f"].to_numpy(dtype=float) ** 2 + both["se_r"].to_numpy(dtype=float) ** 2
        )
    else:
        se = np.full(len(both), np.nan)
    df = np.fmin(both["df_f"].to_numpy(dtype=float), both["df_r"].to_numpy(dtype=float))
    with np.errstate(invalid="ignore"):
        from scipy import stats

        t = stats.t.ppf(0.5 + level / 2, np.where(df >= 1, df, np.nan))
    hidden = both["suppressed_r"].astype(bool) | both["suppressed_f"].astype(bool)
    out = pd.DataFrame(
        {
            "indicator": both["indicator"],
            "label": [(labels or {}).get(i, i) for i in both["indicator"]],
            "level": both["level"],
            "reference": both["estimate_r"],
            "reference_ci_low": both["ci_low_r"],
            "reference_ci_high": both["ci_high_r"],
            "focus": both["estimate_f"],
            "focus_ci_low": both["ci_low_f"],
            "focus_ci_high": both["ci_high_f"],
            "gap": gap,
            "gap_se": se,
            "gap_ci_low": gap - t * se,
            "gap_ci_high": gap + t * se,
            "n_reference": both["n_r"],
            "n_focus": both["n_f"],
            "suppressed": hidden,
        }
    )
    cleared = ["gap", "gap_se", "gap_ci_low", "gap_ci_high"]
    out[cleared] = out[cleared].astype(float).mask(hidden)
    order = {name: k for k, name in enumerate(dict.fromkeys(results["indicator"]))}
    out = out.sort_values(
        ["indicator", "level"],
        key=lambda c: c.map(order) if c.name == "indicator" else (c != TOTAL).astype(int),
        kind="stable",
    )
    return out[list(GAP_COLUMNS)].reset_index(drop=True)
