"""What a table of the busiest sites leaves out, as published rows: the other sites.

A table of the ten busiest monitoring points says what it leaves out with numbers only if
those numbers are published rows. For the sites not shown this module gives, from the same
daily counts as ``flows_by_site``: how many they are (``total_sites_not_shown``), the people
observed there (``count_people_observed_not_shown``) and their share of the country's
people observed (``share_people_observed_not_shown``). The people observed at the sites
left out are the base of all three, so the small-count rule of ``flows_by_site`` withholds
them the same way: a remainder of fewer people than the minimum count is not shown.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from evidence.disclosure.columns import Unit
from evidence.indicators.publish import measure_rows
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT, mask_small_counts
from evidence.indicators.tables import DescriptiveTable
from evidence.movement.flows import daily_counts

# Published indicators of the sites left out: column → (indicator code, unit).
NOT_SHOWN_MEASURES: dict[str, tuple[str, Unit]] = {
    "sites": ("total_sites_not_shown", "total"),
    "total": ("count_people_observed_not_shown", "count"),
    "share_of_total": ("share_people_observed_not_shown", "proportion"),
}


def flows_not_shown(
    flow_counts: pd.DataFrame,
    shown: Iterable[str],
    *,
    min_count: int = DEFAULT_MIN_COUNT,
) -> DescriptiveTable:
    """The sites a table leaves out (every site counting this period but those of
    ``shown``): how many, the people observed there over the period and their share of the
    country's total.

    Parameters
    ----------
    flow_counts : pandas.DataFrame
        Rows of flow_counts (site_id, date, entries, exits, transit), as for
        ``flows_by_site``. Not modified.
    shown : iterable of str
        The site ids the table shows.
    min_count : int
        Fewer people observed at the sites left out than this and all three numbers are
        withheld.

    Returns
    -------
    DescriptiveTable
        One row (sites, total, share_of_total, suppressed); its results rows are the
        three published indicators (no rows when no site is left out).

    Raises
    ------
    ContractError
        When flow_counts lacks a required column.

    Examples
    --------
    >>> import pandas as pd
    >>> counts = pd.DataFrame({"site_id": ["a", "b", "c", "c"],
    ...                        "date": pd.to_datetime(["2023-12-01"] * 3 + ["2023-12-02"]),
    ...                        "entries": [50, 30, 10, 10], "exits": 0, "transit": 0})
    >>> table = flows_not_shown(counts, ["a"])
    >>> table.to_frame()[["sites", "total", "share_of_total"]].values.tolist()
    [[2.0, 50, 0.5]]
    >>> rows = table.to_results("COL", "2023-12")
    >>> rows[["indicator", "estimate", "n"]].values.tolist()[1]
    ['count_people_observed_not_shown', 50.0, 50]
    """
    daily = daily_counts(flow_counts)
    by_site = daily.groupby("site_id")["total"].sum()
    left_out = by_site[~by_site.index.astype(str).isin([str(s) for s in shown])]
    grand = by_site.sum()
    table = pd.DataFrame(
        {
            "sites": [len(left_out)],
            "total": [int(left_out.sum())],
            "share_of_total": [left_out.sum() / grand if grand > 0 else float("nan")],
        }
    )
    full = table.copy()

    def results_rows(country: str, period: str) -> pd.DataFrame:
        if not len(left_out):
            return measure_rows(
                full.iloc[:0], country=country, period=period, measures=NOT_SHOWN_MEASURES
            )
        return measure_rows(
            full,
            country=country,
            period=period,
            n="total",
            measures=NOT_SHOWN_MEASURES,
            numerators={"share_of_total": "total"},
        )

    return DescriptiveTable(
        mask_small_counts(table, ["total"], min_count, ["sites", "share_of_total"]),
        title="People observed at the sites not shown",
        rows=results_rows,
    )
