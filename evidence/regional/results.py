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
    """UNHCR's end-2023 stock of each country and its share of the 17 countries' stock.

    Parameters
    ----------
    period : str
        The period of the rows.

    Returns
    -------
    pandas.DataFrame
        Published results rows: ``count_stock_unhcr_2023`` and ``share_regional_stock``
        per country, in the order of evidence.countries.COUNTRIES.

    Examples
    --------
    >>> rows = stock_rows("2023-12")
    >>> len(rows), rows["country"].nunique()
    (34, 17)
    >>> shares = rows[rows["indicator"] == "share_regional_stock"]["estimate"]
    >>> round(float(shares.sum()), 6)
    1.0
    """
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
    left out).

    Parameters
    ----------
    country : str
        ISO3 code written in the rows' ``country`` column.
    period : str
        The period ``YYYY-MM``.
    flow_counts, flow_survey, integration_survey : pandas.DataFrame, optional
        The country's data (flow_survey with canonical ``risks/<choice>`` columns, as
        ``evidence.load`` gives it).
    min_count : int
        The small-count rule of publication.

    Returns
    -------
    pandas.DataFrame
        Published results rows (see the module docstring); empty without any data.

    Raises
    ------
    ContractError
        When a frame lacks a column its indicators need.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> counts = synthesize("flow_counts", "ABW", "2023-12", seed=1, scale=0.05)
    >>> rows = country_rows("ABW", "2023-12", flow_counts=counts)
    >>> rows["indicator"].tolist()
    ['count_people_observed', 'rate_people_per_day', 'total_sites_counting', 'total_surge_events']
    >>> country_rows("ABW", "2023-12").empty
    True
    """
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
    interviews and countries surveyed), then each country's.

    Parameters
    ----------
    period : str
        The period ``YYYY-MM``.
    flow_counts, flow_survey, integration_survey : mapping of str to pandas.DataFrame
        ``{ISO3: frame}`` per dataset; a country missing from a mapping has no rows of it.
    min_count : int
        The small-count rule of publication.

    Returns
    -------
    pandas.DataFrame
        Published results rows, countries in the order of evidence.countries.COUNTRIES.

    See Also
    --------
    country_rows : one country's block.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> counts = synthesize("flow_counts", "ABW", "2023-12", seed=1, scale=0.05)
    >>> rows = regional_results("2023-12", flow_counts={"ABW": counts})
    >>> "LAC" in set(rows["country"]), rows["country"].nunique()
    (True, 18)
    >>> len(rows[(rows["country"] == "ABW") & (rows["indicator"] == "total_surge_events")])
    1
    """
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
