"""The typed table of 17 stock figures agrees with the UNHCR reference file in ../shared."""

import pandas as pd
import pytest

from evidence.countries import COUNTRIES, ISO3_CODES, get_country, parse_countries
from evidence.errors import OptionError


def test_stock_figures_match_unhcr_end_2023(shared_reference) -> None:
    ref = pd.read_csv(shared_reference / "unhcr_population_venezuela_origin.csv")
    ref = ref[ref["year"] == 2023]
    ref = ref.assign(stock=ref[["refugees", "asylum_seekers", "oip"]].fillna(0).sum(axis=1))
    by_iso = ref.groupby("coa_iso")["stock"].sum()
    for country in COUNTRIES:
        assert by_iso[country.iso3] == country.stock_2023, country.iso3
    # The programme's "6.53 million" in Latin America and the Caribbean.
    assert sum(c.stock_2023 for c in COUNTRIES) == 6_536_483


def test_seventeen_countries_with_languages() -> None:
    assert len(ISO3_CODES) == 17
    assert get_country("BRA").language == "pt"
    assert {c.iso3 for c in COUNTRIES if c.language == "en"} == {"GUY", "TTO", "ABW", "CUW"}


def test_unknown_country_names_the_allowed_codes() -> None:
    with pytest.raises(OptionError, match="allowed: ARG"):
        get_country("VEN")
    assert parse_countries("col, per") == ("COL", "PER")
    assert parse_countries("all") == ISO3_CODES
