"""Service points near the monitoring points: the nearest of each type and how many are close.

For every site of the registry (flow monitoring points and Wi-Fi sites, ``sites``) and every
service type, the nearest open service point (``services``) and its great-circle distance
(evidence.movement.distance), and whether one lies within ``radius_km``. Both registries are
complete lists, not samples: no sampling error. Each row's ``n`` is the number of open
service points the distance was taken over (a site's nearest of a type with none in the
country is empty, not zero).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evidence.indicators.checks import require_columns
from evidence.indicators.publish import result_row, rows_frame
from evidence.integration.services import SERVICE_TYPES, open_services
from evidence.movement.distance import haversine_km
from evidence.options import check_positive_number

DEFAULT_RADIUS_KM = 10.0
NEAREST_INDICATOR = "km_nearest_service"
WITHIN_INDICATOR = "total_sites_service_within_radius"
SITE_BY_TYPE = "site x service_type"


@dataclass(frozen=True)
class ServicesNearSites:
    """The nearest open service point of each type to each site.

    ``nearest`` (``to_frame()``): one row per site and type with the service point's id,
    name, coordinates and ``distance_km`` (empty when the country has none of the type) and
    ``within_radius``; ``radius_km`` the radius used.
    """

    nearest: pd.DataFrame = field(repr=False)
    radius_km: float
    n_services: int
    n_sites: int

    def to_frame(self) -> pd.DataFrame:
        return self.nearest.copy()

    def within(self) -> pd.DataFrame:
        """Per service type: the number of sites with one within the radius."""
        grouped = self.nearest.groupby("service_type", sort=False)["within_radius"].sum()
        return grouped.astype(int).rename("sites_within").reset_index()

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        near = self.nearest
        rows = [
            result_row(
                NEAREST_INDICATOR, SITE_BY_TYPE, f"{site} x {kind}", round(km, 1),
                self.n_services, "total",
            )
            for site, kind, km in zip(
                near["site_id"].astype(str), near["service_type"].astype(str),
                near["distance_km"].to_numpy(float), strict=True,
            )
        ]  # fmt: skip
        within = self.within()
        rows += [
            result_row(WITHIN_INDICATOR, "service_type", kind, count, self.n_sites, "total")
            for kind, count in zip(
                within["service_type"].astype(str), within["sites_within"].to_numpy(int),
                strict=True,
            )
        ]  # fmt: skip
        return rows_frame(rows, country, period)

    def summary(self) -> str:
        return (
            f"Nearest open service point of each type to {self.n_sites} sites "
            f"({self.n_services} open service points; radius {self.radius_km:g} km)\n"
            + self.within().to_string(index=False)
        )

    def _repr_html_(self) -> str:
        return self.within().to_html(index=False)


def services_near_sites(
    sites: pd.DataFrame,
    services: pd.DataFrame,
    *,
    radius_km: float = DEFAULT_RADIUS_KM,
    types: Sequence[str] = SERVICE_TYPES,
) -> ServicesNearSites:
    """The nearest open service point of each type to each site, and whether it lies within
    ``radius_km`` (default 10 km). The input frames are not modified."""
    check_positive_number("radius_km", radius_km)
    require_columns(sites, ["site_id", "site_name", "latitude", "longitude"], "sites")
    require_columns(
        services, ["service_id", "service_name", "service_type", "latitude", "longitude"],
        "services",
    )  # fmt: skip
    points = open_services(services)
    site_lat = sites["latitude"].to_numpy(float)[:, None]
    site_lon = sites["longitude"].to_numpy(float)[:, None]
    pieces = []
    for kind in types:
        of_type = points[points["service_type"].astype(str) == kind]
        frame = pd.DataFrame(
            {
                "site_id": sites["site_id"].to_numpy(),
                "site_name": sites["site_name"].to_numpy(),
                "service_type": kind,
            }
        )
        if len(of_type):
            km = haversine_km(
                site_lat, site_lon,
                of_type["latitude"].to_numpy(float)[None, :],
                of_type["longitude"].to_numpy(float)[None, :],
            )  # fmt: skip
            best = km.argmin(axis=1)
            frame["service_id"] = of_type["service_id"].to_numpy()[best]
            frame["service_name"] = of_type["service_name"].to_numpy()[best]
            frame["latitude"] = of_type["latitude"].to_numpy(float)[best]
            frame["longitude"] = of_type["longitude"].to_numpy(float)[best]
            frame["distance_km"] = km[np.arange(len(frame)), best]
        else:
            frame[["service_id", "service_name"]] = None
            frame[["latitude", "longitude", "distance_km"]] = np.nan
        pieces.append(frame)
    nearest = pd.concat(pieces, ignore_index=True)
    nearest["within_radius"] = (nearest["distance_km"] <= radius_km).fillna(False).astype(bool)
    return ServicesNearSites(
        nearest=nearest, radius_km=float(radius_km), n_services=len(points), n_sites=len(sites)
    )
