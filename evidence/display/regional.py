"""The regional study's tables: the 17 countries side by side, from published rows.

Each country's numbers are the rows ``evidence.regional.regional_results`` published (the
country in the ``country`` column). Two tables rather than one wide one, so each fits the
page in HTML and PDF: movement (stock, flows, surges) and the surveys (interviews, risks,
status, employment gap). Countries are in the order of their stock of refugees and
migrants from Venezuela; a country without the data shows "–".
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.countries import COUNTRIES, REGION_CODE, Language
from evidence.display.change_columns import set_change_keys
from evidence.indicators.keys import TOTAL

MOVEMENT_COLUMNS: dict[str, tuple[str, str, str]] = {
    # indicator: (level, header key, kind)
    "count_stock_unhcr_2023": (TOTAL, "content.column.stock", "count"),
    "share_regional_stock": (TOTAL, "content.column.share_of_stock", "proportion"),
    "rate_people_per_day": (TOTAL, "content.column.per_day", "rate"),
    "total_surge_events": (TOTAL, "content.column.surge_events", "total"),
}
SURVEY_COLUMNS: dict[str, tuple[str, str, str]] = {
    "count_respondents": (TOTAL, "content.column.interviews", "count"),
    "prop_regular_status_irregular": (TOTAL, "content.column.share_irregular", "proportion"),
    "prop_any_risk": (TOTAL, "content.column.share_any_risk", "proportion"),
    "diff_prop_employed": (TOTAL, "content.column.employment_gap", "points"),
}


def _countries_by_stock() -> list[str]:
    return [c.iso3 for c in sorted(COUNTRIES, key=lambda c: -c.stock_2023)]


def _side_by_side(
    results: pd.DataFrame, columns: dict[str, tuple[str, str, str]], language: Language
) -> pd.DataFrame:
    from evidence.countries import get_country
    from evidence.i18n import translate

    order = _countries_by_stock()
    out = pd.DataFrame(
        {
            translate("content.column.country", language): [
                get_country(c).name(language) for c in order
            ]
        }
    )
    units: dict[str, str] = {}
    for indicator, (level, key, kind) in columns.items():
        rows = results[(results["indicator"] == indicator) & (results["level"] == level)]
        values = dict(zip(rows["country"].astype(str), rows["estimate"], strict=True))
        header = translate(key, language)
        out[header] = [float(values.get(c, np.nan)) for c in order]
        units[header] = kind
        # Which published row each cell is, for the change columns (one country a row).
        set_change_keys(out, header, [(indicator, level, c) for c in order])
    out.attrs["units"] = units
    return out


def movement_table(results: pd.DataFrame, language: Language) -> pd.DataFrame:
    """Stock, share of the regional stock, people observed per day, surge events."""
    return _side_by_side(results, MOVEMENT_COLUMNS, language)


def survey_table(results: pd.DataFrame, language: Language) -> pd.DataFrame:
    """Interviews, irregular status, met a risk on the route, migrant − host employment gap
    and the households behind the gap (its published n; the interviews are the flow
    survey's)."""
    from evidence.display.sample_sizes import n_column
    from evidence.i18n import translate

    out = _side_by_side(results, SURVEY_COLUMNS, language)
    header = translate("table_n.column.households", language)
    gap = results[results["level"] == TOTAL]
    out[header] = n_column(gap, "diff_prop_employed", _countries_by_stock())
    out.attrs["units"] = {**out.attrs["units"], header: "count"}
    return out


def respondents_by_country(results: pd.DataFrame, language: Language) -> pd.DataFrame:
    """Interviews per country (``country``, ``count``), largest first; countries whose count
    is withheld stay, empty, at the end; countries without a survey are left out."""
    from evidence.countries import get_country

    rows = results[
        (results["indicator"] == "count_respondents")
        & (results["level"] == TOTAL)
        & (results["country"] != REGION_CODE)
    ]
    table = pd.DataFrame(
        {
            "country": [get_country(str(c)).name(language) for c in rows["country"]],
            "count": rows["estimate"].to_numpy(dtype=float),
        }
    )
    table = table.sort_values("count", ascending=False, kind="stable", na_position="last")
    table = table.reset_index(drop=True)
    table.attrs["units"] = {"count": "count"}
    return table


def region(results: pd.DataFrame) -> pd.DataFrame:
    """The region's own rows (country ``LAC``), for the sentences that quote them."""
    return results[results["country"] == REGION_CODE]
