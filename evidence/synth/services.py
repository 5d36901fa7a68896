"""The service points of a country: where refugees and migrants find help to integrate.

Service points sit in the places of evidence.synth.geography (coordinates: the place's city
centre and a small jitter, as for sites). Planted, so the studies have something to find
(evidence.synth.planted):

- the admin1 unit with the largest weight holds one service point of every type;
- every border place has legal orientation, documentation, health and shelter;
- MHPSS and GBV response exist only in the two admin1 units with the largest weight, so the
  other areas where migrants live have none of them;
- the other points follow the places' weights over the everyday types.

Names are those of places and programmes; providers are institutions. No person is named.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.countries import get_country
from evidence.synth.geography import PLACES
from evidence.synth.seeding import rng_for
from evidence.synth.sizes import stock_share

SERVICE_TYPES = (
    "legal_orientation",
    "documentation",
    "health",
    "education",
    "employment",
    "shelter",
    "mhpss",
    "gbv_response",
)
BORDER_TYPES = ("legal_orientation", "documentation", "health", "shelter")
CONCENTRATED_TYPES = ("mhpss", "gbv_response")  # only in the two largest admin1 units
_EVERYDAY_P = {
    "legal_orientation": 0.2,
    "documentation": 0.15,
    "health": 0.25,
    "education": 0.15,
    "employment": 0.15,
    "shelter": 0.1,
}
_NAMES = {
    "es": {
        "legal_orientation": "Punto de orientación jurídica",
        "documentation": "Centro de documentación y regularización",
        "health": "Centro de salud con atención a migrantes",
        "education": "Punto de acceso a la educación",
        "employment": "Centro de empleo e inclusión laboral",
        "shelter": "Alojamiento temporal",
        "mhpss": "Espacio de apoyo psicosocial",
        "gbv_response": "Espacio seguro para mujeres",
    },
    "pt": {
        "legal_orientation": "Posto de orientação jurídica",
        "documentation": "Centro de documentação e regularização",
        "health": "Unidade de saúde com atendimento a migrantes",
        "education": "Ponto de acesso à educação",
        "employment": "Centro de emprego e inclusão laboral",
        "shelter": "Abrigo temporário",
        "mhpss": "Espaço de apoio psicossocial",
        "gbv_response": "Espaço seguro para mulheres",
    },
    "en": {
        "legal_orientation": "Legal orientation desk",
        "documentation": "Documentation and regularisation centre",
        "health": "Health centre serving migrants",
        "education": "Education access point",
        "employment": "Employment and livelihoods centre",
        "shelter": "Temporary shelter",
        "mhpss": "Psychosocial support space",
        "gbv_response": "Safe space for women",
    },
}
_PROVIDERS = {
    "government": {
        "es": "Alcaldía de {city}",
        "pt": "Prefeitura de {city}",
        "en": "{city} City Council",
    },
    "un_agency": {"es": "OIM", "pt": "OIM", "en": "IOM"},
    "ngo": {
        "es": "ONG socia ({city})",
        "pt": "ONG parceira ({city})",
        "en": "Partner NGO ({city})",
    },
    "faith_based": {
        "es": "Pastoral de movilidad humana",
        "pt": "Pastoral do migrante",
        "en": "Faith-based migrant ministry",
    },
}
_LANGUAGES = {
    "es": ("es",),
    "pt": ("pt", "es"),
    "en": ("en", "es"),
}
_DUTCH = ("ABW", "CUW")


def service_count(country: str) -> int:
    """Number of service points of a country (more where more Venezuelans live)."""
    return round(14 + 40 * stock_share(country) ** 0.5)


def make_services(country: str, period: str, seed: int) -> pd.DataFrame:
    """The service points of one country (contract: data_contracts/services.yaml)."""
    rng = rng_for(seed, "services", country, period)
    places = PLACES[country]
    admin_weight: dict[str, float] = {}
    for place in places:
        admin_weight[place.admin1] = admin_weight.get(place.admin1, 0.0) + place.weight
    ranked = sorted(admin_weight, key=lambda name: -admin_weight[name])
    largest = [k for k, p in enumerate(places) if p.admin1 == ranked[0]]
    top_place = max(largest, key=lambda k: places[k].weight)
    concentrated = [k for k, p in enumerate(places) if p.admin1 in ranked[:2]]
    chosen: list[tuple[int, str]] = [(top_place, t) for t in SERVICE_TYPES]
    chosen += [(k, t) for k, p in enumerate(places) if p.border for t in BORDER_TYPES]
    weights = np.array([p.weight for p in places])
    for _ in range(max(0, service_count(country) - len(chosen))):
        if rng.random() < 0.15:
            k = int(rng.choice(concentrated))
            kind = str(rng.choice(CONCENTRATED_TYPES))
        else:
            k = int(rng.choice(len(places), p=weights / weights.sum()))
            kind = str(rng.choice(list(_EVERYDAY_P), p=list(_EVERYDAY_P.values())))
        chosen.append((k, kind))
    place_index = np.array([k for k, _ in chosen])
    kinds = np.array([t for _, t in chosen], dtype=object)
    n = len(chosen)
    language = get_country(country).language
    names = [f"{_NAMES[language][t]} {places[k].city}" for k, t in chosen]
    seen: dict[str, int] = {}
    for position, name in enumerate(names):
        seen[name] = seen.get(name, 0) + 1
        if seen[name] > 1:
            names[position] = f"{name} {seen[name]}"
    provider_type = np.where(
        np.isin(kinds, ("documentation", "education")),
        "government",
        rng.choice(["government", "un_agency", "ngo", "faith_based"], n, p=[0.3, 0.3, 0.3, 0.1]),
    )
    providers = [
        _PROVIDERS[str(p)][language].format(city=places[k].city)
        for p, k in zip(provider_type, place_index, strict=True)
    ]
    jitter = rng.uniform(-0.05, 0.05, (n, 2))
    return pd.DataFrame(
        {
            "service_id": [f"{country}-P{k + 1:03d}" for k in range(n)],
            "service_name": names,
            "service_type": kinds,
            "provider_type": provider_type,
            "provider": providers,
            "admin1": [places[k].admin1 for k in place_index],
            "latitude": np.round([places[k].latitude for k in place_index] + jitter[:, 0], 4),
            "longitude": np.round([places[k].longitude for k in place_index] + jitter[:, 1], 4),
            "eligible": _eligible(kinds, rng),
            "languages": _languages(country, language, n, rng),
            "status": rng.choice(["open", "temporarily_closed", "closed"], n, p=[0.9, 0.07, 0.03]),
        }
    )


def _eligible(kinds: np.ndarray, rng: np.random.Generator) -> list[str]:
    out = []
    for kind in kinds:
        if kind == "gbv_response":
            out.append("women children" if rng.random() < 0.5 else "women")
        elif kind == "education":
            out.append("children")
        elif kind == "shelter":
            out.append("refugees_migrants in_transit")
        else:
            out.append("everyone" if rng.random() < 0.5 else "refugees_migrants")
    return out


def _languages(country: str, language: str, n: int, rng: np.random.Generator) -> list[str]:
    base = ("en", "nl", "pap", "es") if country in _DUTCH else _LANGUAGES[language]
    first = base[0]
    return [" ".join([first, *(code for code in base[1:] if rng.random() < 0.6)]) for _ in range(n)]
