"""The site registry of a country: flow monitoring points and Wi-Fi sites.

Border crossings sit in the border places of evidence.synth.geography, every border place
has at least one; bus terminals, service stations and shelters are spread over the places by
their weight. The first site of a country counts flows, runs interviews and has Wi-Fi, so
every dataset that references sites has at least one site to use.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.countries import get_country
from evidence.synth.geography import PLACES
from evidence.synth.seeding import rng_for
from evidence.synth.sizes import sizes_for

SITE_TYPES = ("border", "terminal", "service_station", "shelter")
_LABELS = {
    "es": {
        "border": "Paso fronterizo",
        "terminal": "Terminal de buses",
        "service_station": "Estación de servicio",
        "shelter": "Albergue",
    },
    "pt": {
        "border": "Posto de fronteira",
        "terminal": "Rodoviária",
        "service_station": "Posto de combustível",
        "shelter": "Abrigo",
    },
    "en": {
        "border": "Border crossing",
        "terminal": "Bus terminal",
        "service_station": "Service station",
        "shelter": "Shelter",
    },
}
# Chance that a site of each type counts flows (FMR), runs interviews (FMS), has Wi-Fi.
_HAS = {
    "border": (0.95, 0.8, 0.6),
    "terminal": (0.9, 0.7, 0.5),
    "service_station": (0.8, 0.4, 0.4),
    "shelter": (0.3, 0.5, 0.6),
}


def make_sites(country: str, period: str, seed: int) -> pd.DataFrame:
    """The sites of one country (contract: data_contracts/sites.yaml)."""
    rng = rng_for(seed, "sites", country, period)
    places = PLACES[country]
    n_sites = sizes_for(country).sites
    border_places = [k for k, place in enumerate(places) if place.border]
    weights = np.array([place.weight for place in places])
    place_index = np.concatenate(
        [
            border_places,
            rng.choice(len(places), n_sites - len(border_places), p=weights / weights.sum()),
        ]
    )
    is_border_place = np.array([places[k].border for k in place_index])
    type_p = np.where(is_border_place[:, None], [[0.45, 0.2, 0.15, 0.2]], [[0.0, 0.4, 0.3, 0.3]])
    site_type = np.array(
        [SITE_TYPES[rng.choice(4, p=row)] for row in type_p], dtype=object
    )  # one draw per site, a few dozen at most
    site_type[: len(border_places)] = "border"
    has = np.array([_HAS[t] for t in site_type]) > rng.random((n_sites, 3))
    has[0] = True
    labels = _LABELS[get_country(country).language]
    names = [f"{labels[t]} {places[k].city}" for t, k in zip(site_type, place_index, strict=True)]
    seen: dict[str, int] = {}
    for position, name in enumerate(names):
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            names[position] = f"{name} {seen[name]}"
    jitter = rng.uniform(-0.04, 0.04, (n_sites, 2))
    return pd.DataFrame(
        {
            "site_id": [f"{country}-S{k + 1:03d}" for k in range(n_sites)],
            "site_name": names,
            "site_type": site_type,
            "admin1": [places[k].admin1 for k in place_index],
            "latitude": np.round([places[k].latitude for k in place_index] + jitter[:, 0], 4),
            "longitude": np.round([places[k].longitude for k in place_index] + jitter[:, 1], 4),
            "has_fmr": has[:, 0],
            "has_fms": has[:, 1],
            "has_wifi": has[:, 2],
        }
    )
