"""The regional study's numbers as results rows: one block of rows per response country.

Each country's rows carry its own ISO3 code in the ``country`` column (the results contract
keys rows by country and analysis key), and come from the same model functions as the
country studies, so the regional table and a country's study never disagree:

- stock (UNHCR, end-2023) and its share of the regional stock;
- flow_counts: ``evidence.movement.flow_headline`` (people observed, per day, sites) and the
  number of surge events (``detect_surges``);
- flow_survey: interviews (``count_respondents``), indicative shares of women, intending to
  stay, irregular status (``indicative_proportions``) and of having met a risk
  (``evidence.risks.any_risk``);
- integration_survey: employment of migrants and hosts and the gap
  (``evidence.integration.migrant_host_comparison``).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from evidence.countries import COUNTRIES, REGION_CODE
from evidence.indicators.counts import count_results
from evidence.indicators.proportions import indicative_proportions
from evidence.indicators.publish import measure_rows, publish
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT, publication_options
from evidence.integration.socioeconomic import migrant_host_comparison
from evidence.movement.headlines import flow_headline
from evidence.movement.surges import detect_surges
from evidence.risks.needs import any_risk

SURVEY_INDICATORS: tuple[str, ...] = (
    "prop_sex_female",
    "prop_intention_stay",
    "prop_regular_status_irregular",
)
FLOW_INDICATORS: tuple[str, ...] = (
    "count_people_observed",
    "rate_people_per_day",
    "total_sites_counting",
    "total_surge_events",
)
EMPLOYMENT_INDICATORS: tuple[str, ...] = ("prop_employed", "diff_prop_employed")


def stock_rows(period: str) -> pd.DataFrame:
    """UNHCR's end-2023 stock of each country and its share of the 17 countries' stock."""
    total = sum(c.stock_2023 for c in COUNTRIES)
    pieces = [
        measure_rows(
            pd.DataFrame({"stock": [c.stock_2023], "share": [c.stock_2023 / total]}),
            country=c.iso3,
            period=period,
            n="stock",
            measures={
                "stock": ("count_stock_unhcr_2023", "count"),
                "share": ("share_regional_stock", "proportion"),
            },
            numerators={"share": "stock"},
        )
        for c in COUNTRIES
    ]
    return publish(pd.concat(pieces, ignore_index=True))


def country_rows(
    country: str,
    period: str,
    *,
    flow_counts: pd.DataFrame | None = None,
    flow_survey: pd.DataFrame | None = None,
    integration_survey: pd.DataFrame | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> pd.DataFrame:
    """The published rows of one country for the regional table (datasets it lacks are
    left out)."""
    options = publication_options(min_count)
    pieces: list[pd.DataFrame] = []
    if flow_counts is not None and len(flow_counts):
        flows = pd.concat(
            [
                flow_headline(flow_counts, period=period).to_results(country, period),
                detect_surges(flow_counts).to_results(country, period),
            ],
            ignore_index=True,
        )
        flows = flows[flows["indicator"].isin(FLOW_INDICATORS) & (flows["level"] == "total")]
        pieces.append(publish(flows, options))
    if flow_survey is not None and len(flow_survey):
        shares = indicative_proportions(
            flow_survey,
            ["sex", "intention", "regular_status"],
            country=country,
            period=period,
        )
        pieces.append(publish(shares[shares["indicator"].isin(SURVEY_INDICATORS)], options))
        pieces.append(any_risk(flow_survey, country=country, period=period).to_frame())
        pieces.append(
            count_results(
                flow_survey, indicator="count_respondents", country=country, period=period
            ).to_frame()
        )
    if integration_survey is not None and len(integration_survey):
        comparison = migrant_host_comparison(
            integration_survey,
            indicators=("prop_employed",),
            country=country,
            period=period,
            min_count=min_count,
        )
        rows = comparison.to_results(country, period)
        keep = rows["indicator"].isin(EMPLOYMENT_INDICATORS) & rows["disaggregation"].isin(
            ["group", "total"]
        )
        pieces.append(rows[keep])
    if not pieces:
        return pd.DataFrame()
    return pd.concat(pieces, ignore_index=True)


def regional_results(
    period: str,
    *,
    flow_counts: Mapping[str, pd.DataFrame] | None = None,
    flow_survey: Mapping[str, pd.DataFrame] | None = None,
    integration_survey: Mapping[str, pd.DataFrame] | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> pd.DataFrame:
    """Published rows of every response country (``{ISO3: frame}`` per dataset, as
    ``Study.load_all`` gives them): stock rows first, then the region's (country ``LAC``:
    interviews and countries surveyed), then each country's."""
    surveyed = {iso3: frame for iso3, frame in (flow_survey or {}).items() if len(frame)}
    region = measure_rows(
        pd.DataFrame(
            {
                "respondents": [sum(len(frame) for frame in surveyed.values())],
                "countries": [len(surveyed)],
            }
        ),
        country=REGION_CODE,
        period=period,
        n="respondents",
        measures={
            "respondents": ("count_respondents", "count"),
            "countries": ("total_countries_surveyed", "total"),
        },
    )
    pieces = [stock_rows(period), publish(region, publication_options(min_count))]
    for c in COUNTRIES:
        rows = country_rows(
            c.iso3,
            period,
            flow_counts=(flow_counts or {}).get(c.iso3),
            flow_survey=(flow_survey or {}).get(c.iso3),
            integration_survey=(integration_survey or {}).get(c.iso3),
            min_count=min_count,
        )
        if len(rows):
            pieces.append(rows)
    return pd.concat(pieces, ignore_index=True)
