"""Group comparisons made readable for a study: labelled tables of both groups and the gap.

Shares (proportion and ratio indicators) and other statistics (means: income, IPL scores)
go in separate tables so each is written in one unit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.countries import Language
from evidence.display.change_columns import set_change_keys
from evidence.display.labels import code_label
from evidence.display.sample_sizes import n_range, published_n, with_sample_sizes
from evidence.integration.comparison import GroupComparison

SHARE_PREFIXES: tuple[str, ...] = ("prop_", "ratio_")


def _header(key: str, language: Language) -> str:
    from evidence.i18n import translate

    return translate(f"content.column.{key}", language)


def share_gaps(comparison: GroupComparison) -> pd.DataFrame:
    """The whole groups' rows of the share indicators (proportions and ratios), for a dot
    plot on the 0-100% scale."""
    overall = comparison.overall()
    return overall[overall["indicator"].str.startswith(SHARE_PREFIXES)].reset_index(drop=True)


def gaps_for_display(
    comparison: GroupComparison,
    language: Language,
    *,
    shares: bool | None = True,
    level: str = "total",
) -> pd.DataFrame:
    """Indicator, reference group, focus group, gap and its 95% interval (``level``:
    total or a sex), for the share indicators (``shares=True``), the others (False) or all
    (None, for comparisons whose indicators are all on a 0-1 scale). With shares the gap and
    its interval are in percentage points (the groups' columns stay shares: see
    ``group_columns``)."""
    gaps = comparison.gaps[comparison.gaps["level"] == level]
    is_share = gaps["indicator"].str.startswith(SHARE_PREFIXES)
    rows = gaps if shares is None else gaps[is_share if shares else ~is_share]
    reference, focus = comparison.names or (comparison.reference, comparison.focus)
    points = shares is not False
    scale, suffix = (100.0, "_points") if points else (1.0, "")
    del scale  # percentage points are a way of writing the gap: the display layer's job
    gap_columns = [_header("gap" + suffix, language), _header("ci_low", language)]
    gap_columns.append(_header("ci_high", language))
    out = pd.DataFrame(
        {
            _header("indicator", language): rows["label"].astype(str).to_numpy(),
            code_label(reference, language): rows["reference"].to_numpy(dtype=float),
            code_label(focus, language): rows["focus"].to_numpy(dtype=float),
            gap_columns[0]: rows["gap"].to_numpy(dtype=float),
            gap_columns[1]: rows["gap_ci_low"].to_numpy(dtype=float),
            gap_columns[2]: rows["gap_ci_high"].to_numpy(dtype=float),
        }
    )
    # Which published gap each row is (``diff_<indicator>``), for the change columns.
    set_change_keys(
        out,
        gap_columns[0],
        [(f"diff_{code}", level, None) for code in rows["indicator"].astype(str)],
    )
    if points:
        out.attrs["units"] = {
            code_label(reference, language): "proportion",
            code_label(focus, language): "proportion",
            **dict.fromkeys(gap_columns, "points"),
        }
    else:  # means, medians and indices: each row in its indicator's kind
        out.attrs["row_units"] = [_kind(str(code)) for code in rows["indicator"]]
    # Each group's n (its published rows' n), from the smallest to the largest indicator's;
    # a group an indicator does not apply to (n 0) is left out of its range.
    sizes = [
        (code_label(name, language), n_range(rows[column][rows[column] > 0]))
        for name, column in ((reference, "n_reference"), (focus, "n_focus"))
    ]
    return with_sample_sizes(out, sizes, "table_n.groups")


def group_columns(table: pd.DataFrame) -> tuple[str, ...]:
    """The two groups' columns of a ``gaps_for_display`` table (shares, written as %)."""
    return (str(table.columns[1]), str(table.columns[2]))


def headline_gap(comparison: GroupComparison, indicator: str) -> dict[str, float]:
    """Reference, focus, gap and interval of one indicator (whole groups), for a sentence."""
    overall = comparison.overall()
    row = overall[overall["indicator"] == indicator]
    columns = {"reference": "reference", "focus": "focus", "gap": "gap"}
    columns |= {"low": "gap_ci_low", "high": "gap_ci_high"}
    if row.empty:
        return {name: float("nan") for name in columns}
    return {name: float(row[column].to_numpy(dtype=float)[0]) for name, column in columns.items()}


def documents_for_display(comparison: GroupComparison, language: Language) -> pd.DataFrame:
    """Migratory status of migrants: one row per status, one column per level (total,
    women, men), shares."""
    from evidence.integration.socioeconomic import document_status

    status = document_status(comparison)
    wide = status.pivot_table(
        index="status",
        columns="level",
        values="estimate",
        aggfunc="first",
        sort=False,
        dropna=False,
    )
    out = pd.DataFrame({_header("status", language): [code_label(s, language) for s in wide.index]})
    for level in wide.columns:
        out[code_label(level, language)] = wide[level].to_numpy(dtype=float)
    out.attrs["units"] = {code_label(level, language): "proportion" for level in wide.columns}
    n = status.groupby("level", sort=False)["n"].max()
    sizes = [(code_label(level, language), float(n.get(level, np.nan))) for level in wide.columns]
    return with_sample_sizes(out, sizes, "table_n.households")


def schools_for_display(
    overview: pd.DataFrame, language: Language, results: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The school overview's view (indicator × domain) labelled; each row written by its
    indicator's kind (shares as percentages, totals as whole numbers: see
    ``attrs["row_units"]``). With the overview's published ``results`` the note under the
    table gives the institutions of each domain (their rows' n)."""
    view = overview.copy()
    levels = [c for c in view.columns if c not in ("indicator", "label")]
    out = pd.DataFrame({_header("indicator", language): view["label"].astype(str).to_numpy()})
    for level in levels:
        out[code_label(level, language)] = view[level].astype(float).to_numpy()
    out.attrs["row_units"] = [_kind(str(code)) for code in view["indicator"]]
    if results is None:
        return out
    indicators = set(view["indicator"].astype(str))
    mine = results[results["indicator"].astype(str).isin(indicators)]
    sizes = [
        (code_label(level, language), published_n(mine, str(mine["indicator"].iloc[0]), level))
        for level in levels
        if len(mine)
    ]
    return with_sample_sizes(out, sizes, "table_n.schools")


def _kind(indicator: str) -> str:
    """How an indicator's numbers are written, from the statistic its code names."""
    if indicator.startswith(SHARE_PREFIXES):
        return "proportion"
    if indicator.startswith("total_"):
        return "total"
    if indicator.startswith("mean_ipl_"):
        return "index"
    if indicator.startswith("median_"):
        return "quantile"
    return "mean"
