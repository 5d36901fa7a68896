"""What the maps draw, read from a study's published rows: site points for a country map and
one value per country for the regional map.

Nothing here computes a number. A site's size is its published ``count_people_observed``
(``evidence.movement.flows_by_site``; NaN when withheld or not counted), a site is flagged
when a published red-flag row (``evidence.movement.flag_report``) names it, and a country's
value is its published estimate (NaN when withheld or missing).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.countries import COUNTRIES
from evidence.display.values import wide
from evidence.errors import ContractError
from evidence.indicators.checks import require_columns
from evidence.indicators.keys import TOTAL
from evidence.movement.flag_report import FLAG_LEVEL

SITE_SIZE_INDICATOR = "count_people_observed"


def site_kind(has_fmr: bool, has_fms: bool, has_wifi: bool) -> str:
    """monitoring (counts or interviews), monitoring_wifi (and a Wi-Fi point), or wifi."""
    if has_fmr or has_fms:
        return "monitoring_wifi" if has_wifi else "monitoring"
    return "wifi"


def flagged_sites(flag_rows: pd.DataFrame | None) -> set[str]:
    """The sites named by published red-flag rows (level ``signal x site_id x ...``)."""
    if flag_rows is None or flag_rows.empty:
        return set()
    levels = flag_rows.loc[flag_rows["disaggregation"].astype(str) == FLAG_LEVEL, "level"]
    return {str(level).split(" x ")[1] for level in levels}


def site_points(
    sites: pd.DataFrame,
    flow_rows: pd.DataFrame,
    flag_rows: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per site with coordinates: site_id, name, lon, lat, size (the published people
    observed at the site; NaN if none is published), flagged, kind. ``flow_rows`` are the
    study's published ``flows_by_site`` rows, ``flag_rows`` its published red flags."""
    require_columns(
        sites,
        ["site_id", "site_name", "latitude", "longitude", "has_fmr", "has_fms", "has_wifi"],
        "sites",
    )
    by_site = wide(flow_rows, [SITE_SIZE_INDICATOR], by="site_id")
    sizes = dict(zip(by_site["site_id"].astype(str), by_site[SITE_SIZE_INDICATOR], strict=True))
    flagged = flagged_sites(flag_rows)
    located = sites.dropna(subset=["latitude", "longitude"])
    ids = located["site_id"].astype(str)
    return pd.DataFrame(
        {
            "site_id": ids.to_numpy(),
            "name": located["site_name"].astype(str).to_numpy(),
            "lon": located["longitude"].astype(float).to_numpy(),
            "lat": located["latitude"].astype(float).to_numpy(),
            "size": [float(sizes.get(s, np.nan)) for s in ids],
            "flagged": [s in flagged for s in ids],
            "kind": [
                site_kind(bool(f), bool(s), bool(w))
                for f, s, w in zip(
                    located["has_fmr"], located["has_fms"], located["has_wifi"], strict=True
                )
            ],
        }
    )


def country_values(results: pd.DataFrame, indicator: str, level: str = TOTAL) -> pd.DataFrame:
    """The 17 countries' published ``indicator`` at ``level``: country, value (NaN when
    withheld or not published), in the order of evidence.countries."""
    rows = results[(results["indicator"] == indicator) & (results["level"].astype(str) == level)]
    if rows.empty:
        raise ContractError(
            f"no published {indicator!r} at level {level!r} for any country; publish it with "
            "study.results(...) first or map another indicator"
        )
    found = dict(zip(rows["country"].astype(str), rows["estimate"], strict=False))
    codes = [c.iso3 for c in COUNTRIES]
    return pd.DataFrame({"country": codes, "value": [float(found.get(c, np.nan)) for c in codes]})


def indicator_unit(results: pd.DataFrame, indicator: str) -> str:
    """The unit of a published indicator (``proportion``, ``count``, ...)."""
    units = results.loc[results["indicator"] == indicator, "unit"].dropna().astype(str)
    if units.empty:
        raise ContractError(f"no published {indicator!r} to take a unit from")
    return str(units.iloc[0])
