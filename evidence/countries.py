"""The 17 response countries: codes, names, report language and the stock of Venezuelans.

The stock figures size the embedded default data. They are typed here, not read at run time,
so the library does not depend on files outside the project.

Source of ``stock_2023``: UNHCR Refugee Population Statistics (R package ``refugees``
2025.12.1, Global Trends 2025 release, CC BY 4.0), people of Venezuelan origin by country of
asylum at end-2023, refugees + asylum_seekers + oip (other people in need of international
protection). Their sum, 6,536,483, is the "6.53 million" in Latin America and the Caribbean of
IOM's Venezuela response plan (figures as of 31 Dec 2023). ``tests/test_countries.py`` checks
every figure against ``../shared/reference/unhcr_population_venezuela_origin.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import pandas as pd

from evidence.errors import OptionError

Language = Literal["es", "pt", "en"]
LANGUAGES: tuple[Language, ...] = ("es", "pt", "en")
# Results for the 17 countries together carry this code in the country column (results.yaml).
REGION_CODE = "LAC"

STOCK_SOURCE = (
    "UNHCR Refugee Population Statistics (refugees package 2025.12.1), Venezuelan origin, "
    "end-2023: refugees + asylum-seekers + other people in need of international protection"
)


@dataclass(frozen=True)
class Country:
    iso3: str
    name_es: str
    name_en: str
    name_pt: str
    language: Language
    stock_2023: int

    def name(self, language: Language) -> str:
        return {"es": self.name_es, "en": self.name_en, "pt": self.name_pt}[language]


# Report language: Portuguese for Brazil; English for Guyana, Trinidad and Tobago, Aruba and
# Curaçao (which publish in English although Dutch/Papiamento are used locally); Spanish else.
COUNTRIES: tuple[Country, ...] = (
    Country("ARG", "Argentina", "Argentina", "Argentina", "es", 217_742),
    Country("ABW", "Aruba", "Aruba", "Aruba", "en", 17_085),
    Country("BOL", "Bolivia", "Bolivia", "Bolívia", "es", 16_350),
    Country("BRA", "Brasil", "Brazil", "Brasil", "pt", 510_499),
    Country("CHL", "Chile", "Chile", "Chile", "es", 444_423),
    Country("COL", "Colombia", "Colombia", "Colômbia", "es", 2_875_743),
    Country("CRI", "Costa Rica", "Costa Rica", "Costa Rica", "es", 31_974),
    Country("CUW", "Curazao", "Curaçao", "Curaçao", "en", 14_000),
    Country(
        "DOM", "República Dominicana", "Dominican Republic", "República Dominicana", "es", 124_141
    ),
    Country("ECU", "Ecuador", "Ecuador", "Equador", "es", 474_945),
    Country("GUY", "Guyana", "Guyana", "Guiana", "en", 21_675),
    Country("MEX", "México", "Mexico", "México", "es", 113_108),
    Country("PAN", "Panamá", "Panama", "Panamá", "es", 58_243),
    Country("PRY", "Paraguay", "Paraguay", "Paraguai", "es", 5_394),
    Country("PER", "Perú", "Peru", "Peru", "es", 1_542_004),
    Country("TTO", "Trinidad y Tobago", "Trinidad and Tobago", "Trinidad e Tobago", "en", 36_218),
    Country("URY", "Uruguay", "Uruguay", "Uruguai", "es", 32_939),
)

ISO3_CODES: tuple[str, ...] = tuple(c.iso3 for c in COUNTRIES)
_BY_ISO3 = {c.iso3: c for c in COUNTRIES}


def get_country(iso3: str) -> Country:
    """The response country with this ISO3 code.

    Parameters
    ----------
    iso3 : str
        ISO 3166-1 alpha-3 code, any case.

    Returns
    -------
    Country
        ISO3, names in Spanish, English and Portuguese, report language and the stock of
        Venezuelans at the end of 2023 (UNHCR).

    Raises
    ------
    OptionError
        When the code is not one of the 17 response countries (the message lists them).

    Examples
    --------
    >>> import evidence as ev
    >>> country = ev.get_country("bra")
    >>> country.iso3, country.name("pt"), country.language
    ('BRA', 'Brasil', 'pt')
    """
    try:
        return _BY_ISO3[iso3.upper()]
    except (KeyError, AttributeError):
        raise OptionError(f"unknown country {iso3!r}; allowed: {', '.join(ISO3_CODES)}") from None


def parse_countries(spec: str | None) -> tuple[str, ...]:
    """Parse a CLI country list ('COL,PER' or 'all'); every code is checked.

    An empty list is an error, never "all": a scheduled job whose variable came out empty must
    not build every country."""
    if spec is None or spec.strip().lower() == "all":
        return ISO3_CODES
    codes = tuple(get_country(code.strip()).iso3 for code in spec.split(",") if code.strip())
    if not codes:
        raise OptionError(
            f"no country given (got {spec!r}); name ISO3 codes such as COL,PER, or 'all'"
        )
    return codes


def countries_frame() -> pd.DataFrame:
    """The country table as a DataFrame (one row per country)."""
    return pd.DataFrame([c.__dict__ for c in COUNTRIES])
