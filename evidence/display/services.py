"""Service points for integration made readable: by area beside where migrants live, and
near the monitoring points. Everything is read from published results rows
(``evidence.integration.services``, ``evidence.movement.services_near``); nothing is computed
here but the layout. A withheld row stays empty ("–").

The frames keep codes a map layer needs: ``services_for_map`` gives each open service point
with its type and coordinates (from the registry itself: names and places, no numbers).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.countries import Language
from evidence.display.sample_sizes import published_n, with_sample_sizes
from evidence.i18n import translate
from evidence.integration.services import (
    AREA_BY_TYPE,
    MIGRANT_AREA_INDICATOR,
    SERVICE_INDICATOR,
    SERVICE_TYPES,
    WORKER_AREA_INDICATOR,
    open_services,
)
from evidence.movement.services_near import NEAREST_INDICATOR, SITE_BY_TYPE, WITHIN_INDICATOR


def type_label(code: str, language: Language, *, short: bool = False) -> str:
    """Name of a service type in the study language; ``short`` for the columns of a wide
    table (the note ``services.short.note`` spells the abbreviations out)."""
    return translate(f"services.{'short' if short else 'type'}.{code}", language)


def _cells(rows: pd.DataFrame, indicator: str, disaggregation: str) -> dict[tuple[str, str], float]:
    part = rows[
        (rows["indicator"] == indicator) & (rows["disaggregation"].astype(str) == disaggregation)
    ]
    out: dict[tuple[str, str], float] = {}
    for level, estimate in zip(part["level"].astype(str), part["estimate"], strict=True):
        left, _, right = level.rpartition(" x ")
        out[(left, right)] = float(estimate) if pd.notna(estimate) else np.nan
    return out


def _migrant_shares(
    rows: pd.DataFrame, indicator: str = MIGRANT_AREA_INDICATOR
) -> dict[str, float]:
    part = rows[rows["indicator"] == indicator]
    return {
        str(level): float(estimate) if pd.notna(estimate) else np.nan
        for level, estimate in zip(part["level"], part["estimate"], strict=True)
    }


def _by_share(shares: dict[str, float], areas: set[str]) -> list[str]:
    """Areas by migrant share, largest first; areas without a published share last."""
    known = sorted((a for a in areas if not np.isnan(shares.get(a, np.nan))), key=str)
    known.sort(key=lambda a: -shares[a])
    return known + sorted(a for a in areas if a not in known)


def coverage_for_display(
    service_rows: pd.DataFrame, migrant_rows: pd.DataFrame, language: Language
) -> pd.DataFrame:
    """One row per admin1 unit: the weighted share of migrant households living there, then
    the number of open service points of each type. Areas by migrant share, largest first;
    the households the shares are of under the table."""
    counts = _cells(service_rows, SERVICE_INDICATOR, AREA_BY_TYPE)
    shares = _migrant_shares(migrant_rows)
    areas = _by_share(shares, {area for area, _ in counts} | set(shares))
    share_column = translate("services.column.migrants_share", language)
    out = pd.DataFrame(
        {
            translate("services.column.area", language): areas,
            share_column: [shares.get(a, np.nan) for a in areas],
            **{
                type_label(kind, language, short=True): [
                    counts.get((a, kind), np.nan) for a in areas
                ]
                for kind in SERVICE_TYPES
            },
        }
    )
    out.attrs["units"] = {
        share_column: "proportion",
        **{type_label(kind, language, short=True): "total" for kind in SERVICE_TYPES},
    }
    # The migrant households the shares are of (their published n).
    n = published_n(migrant_rows, MIGRANT_AREA_INDICATOR)
    return with_sample_sizes(out, [(share_column, n)], "table_n.households")


def live_work_for_display(
    service_rows: pd.DataFrame,
    migrant_rows: pd.DataFrame,
    worker_rows: pd.DataFrame,
    language: Language,
) -> pd.DataFrame:
    """One row per admin1 unit: the weighted share of migrant households living there, the
    weighted share of employed migrants working there (``prop_migrant_workers_admin1``) and
    the open service points there (all types). Areas by the share living there, largest
    first; an area only worked in comes after them. The households and workers the shares
    are of go under the table."""
    points = {
        str(level): float(estimate) if pd.notna(estimate) else np.nan
        for level, estimate in service_rows.loc[
            (service_rows["indicator"] == SERVICE_INDICATOR)
            & (service_rows["disaggregation"].astype(str) == "admin1"),
            ["level", "estimate"],
        ].itertuples(index=False)
    }
    lives = _migrant_shares(migrant_rows)
    works = _migrant_shares(worker_rows, WORKER_AREA_INDICATOR)
    areas = _by_share(lives, set(lives) | set(works) | set(points))
    columns = {
        "services.column.area": areas,
        "work_smuggling.services.column.lives": [lives.get(a, np.nan) for a in areas],
        "work_smuggling.services.column.works": [works.get(a, np.nan) for a in areas],
        "work_smuggling.services.column.points": [points.get(a, np.nan) for a in areas],
    }
    out = pd.DataFrame({translate(key, language): values for key, values in columns.items()})
    kinds = ("proportion", "proportion", "total")
    out.attrs["units"] = dict(zip(list(out.columns)[1:], kinds, strict=True))
    # The households and the workers the two shares are of (their published n).
    sizes = [
        (out.columns[1], published_n(migrant_rows, MIGRANT_AREA_INDICATOR)),
        (out.columns[2], published_n(worker_rows, WORKER_AREA_INDICATOR)),
    ]
    return with_sample_sizes(out, sizes, "table_n.groups")


def work_asked(worker_rows: pd.DataFrame) -> bool:
    """Whether the integration survey asked where respondents work (published rows of
    ``prop_migrant_workers_admin1``; data curated before the question give none)."""
    return bool((worker_rows["indicator"] == WORKER_AREA_INDICATOR).any())


def n_migrant_workers(worker_rows: pd.DataFrame) -> float:
    """The employed migrants the shares by place of work are taken over (a published ``n``)."""
    part = worker_rows[worker_rows["indicator"] == WORKER_AREA_INDICATOR]
    return float(part["n"].max()) if len(part) else np.nan


def areas_without_for_display(
    service_rows: pd.DataFrame, migrant_rows: pd.DataFrame, language: Language
) -> pd.DataFrame:
    """Per service type, the admin1 units where surveyed migrants live (a published share
    above zero) and no open service point of the type is (a published zero), largest
    migrant share first; types every such area has are left out."""
    counts = _cells(service_rows, SERVICE_INDICATOR, AREA_BY_TYPE)
    shares = _migrant_shares(migrant_rows)
    lived = [a for a in _by_share(shares, set(shares)) if shares[a] > 0]
    kinds, names = [], []
    for kind in SERVICE_TYPES:
        missing = [a for a in lived if counts.get((a, kind)) == 0]
        if missing:
            kinds.append(type_label(kind, language))
            names.append(", ".join(missing))
    return pd.DataFrame(
        {
            translate("services.column.service_type", language): kinds,
            translate("services.column.areas_without", language): names,
        }
    )


def areas_without_key(migrant_rows: pd.DataFrame) -> str:
    """The sentence to write when ``areas_without_for_display`` is empty: every area with
    migrants has every type (every share published), only the areas with a published share
    do (some withheld), or nothing can be said (none published)."""
    shares = list(_migrant_shares(migrant_rows).values())
    if not any(s > 0 for s in shares):
        return "services.without.unknown"
    if any(np.isnan(s) for s in shares):
        return "services.without.partial"
    return "services.without.none"


def n_migrant_households(migrant_rows: pd.DataFrame) -> float:
    """The migrant households the shares by area are taken over (a published ``n``)."""
    part = migrant_rows[migrant_rows["indicator"] == MIGRANT_AREA_INDICATOR]
    return float(part["n"].max()) if len(part) else np.nan


def n_service_points(rows: pd.DataFrame) -> float:
    """The open service points of the registry (the published ``n`` of the counts or the
    distances)."""
    part = rows[rows["indicator"].isin([SERVICE_INDICATOR, NEAREST_INDICATOR])]
    return float(part["n"].max()) if len(part) else np.nan


def nearest_for_display(
    near_rows: pd.DataFrame, sites: pd.DataFrame, language: Language
) -> pd.DataFrame:
    """One row per monitoring point (site): the distance in km to the nearest open service
    point of each type (one decimal; "–" where the country has none of the type)."""
    cells = _cells(near_rows, NEAREST_INDICATOR, SITE_BY_TYPE)
    names = dict(zip(sites["site_id"].astype(str), sites["site_name"].astype(str), strict=True))
    site_ids = list(dict.fromkeys(site for site, _ in cells))
    out = pd.DataFrame(
        {
            translate("services.column.site", language): [names.get(s, s) for s in site_ids],
            **{
                type_label(kind, language, short=True): [
                    cells.get((s, kind), np.nan) for s in site_ids
                ]
                for kind in SERVICE_TYPES
            },
        }
    )
    # Whole km: the distance is a straight line between registered coordinates.
    out.attrs["units"] = {type_label(kind, language, short=True): "total" for kind in SERVICE_TYPES}
    return out


def within_for_display(
    near_rows: pd.DataFrame, language: Language, *, radius_km: float
) -> pd.DataFrame:
    """Per service type: the monitoring points with an open service point of the type within
    the radius, of all points."""
    part = near_rows[near_rows["indicator"] == WITHIN_INDICATOR]
    by_type = part.set_index(part["level"].astype(str))
    kinds = [k for k in SERVICE_TYPES if k in by_type.index]
    radius = f"{radius_km:g}".replace(".", "," if language != "en" else ".")
    within = translate("services.column.within", language, radius=radius)
    of_all = translate("services.column.sites", language)
    out = pd.DataFrame(
        {
            translate("services.column.service_type", language): [
                type_label(k, language) for k in kinds
            ],
            within: by_type.loc[kinds, "estimate"].to_numpy(dtype=float),
            of_all: by_type.loc[kinds, "n"].to_numpy(dtype=float),
        }
    )
    out.attrs["units"] = {within: "total", of_all: "count"}
    return out


def services_for_map(services: pd.DataFrame, language: Language) -> pd.DataFrame:
    """The open service points with their type and coordinates, for a map layer: the columns
    a map figure takes (``lon``, ``lat``, ``label`` — "Service: <short type name>" in the
    study language, one legend entry per type) beside the register's own (``service_id``,
    ``service_name``, ``service_type``, ``admin1``). Points are places, not numbers."""
    points = open_services(services)
    columns = ["service_id", "service_name", "service_type", "admin1", "longitude", "latitude"]
    out = points[columns].reset_index(drop=True)
    labels = {
        kind: translate(
            "details.services.map_label", language, service=type_label(kind, language, short=True)
        )
        for kind in SERVICE_TYPES
    }
    out["lon"] = out["longitude"].astype(float)
    out["lat"] = out["latitude"].astype(float)
    out["label"] = [labels.get(str(kind), str(kind)) for kind in out["service_type"]]
    return out
