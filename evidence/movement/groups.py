"""The groups the programme names, side by side: people in transit, staying, and returning.

IOM's plan asks for "a better understanding of the movements and evolving risk factors and
needs ... including those in transit, those wishing to remain in their host countries, and
those wishing to return", and names the profiling of persons intending to return. Both the
flow monitoring survey and the captive-portal forms ask the intention (``stay``, ``transit``,
``return``, ``dont_know``), so each profile indicator of the catalogue
(data_contracts/indicators.yaml) is computed by the one indicator engine
(``evidence.indicators.compute``) with the intention as the disaggregation, plus the
destination shares by intention (``indicative_proportions``). The result publishes every
number of the profiles through ``to_results``; the return-intention column is the
indicator engine on the people intending to return (tests/movement/test_groups.py).

Both sources are non-probability samples: the shares are indicative (no interval) and the
contract's caveat applies; shares of under the minimum count are withheld by disclosure
control when the rows are published.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from evidence.errors import ContractError
from evidence.indicators.answered import answered_indicators
from evidence.indicators.compute import compute
from evidence.indicators.counts import count_results
from evidence.indicators.datasets import sampling_caveat
from evidence.indicators.keys import TOTAL, resolve_country, resolve_period
from evidence.indicators.parse import load_catalogue
from evidence.indicators.proportions import indicative_proportions
from evidence.indicators.publish import publish
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT, publication_options
from evidence.options import check_option

Source = Literal["flow_survey", "portal_forms"]
SOURCES: tuple[Source, ...] = ("flow_survey", "portal_forms")
INTENTION = "intention"
# The three groups the programme names, in the order a reader meets them.
GROUPS: tuple[str, ...] = ("transit", "stay", "return")

# The profile, section by section: the catalogue's indicators of each source.
FLOW_PROFILE: dict[str, tuple[str, ...]] = {
    "people": (
        "prop_sex_female",
        "mean_age",
        "prop_age_group_18_24",
        "prop_age_group_60_plus",
    ),
    "group": (
        "prop_group_type_alone",
        "prop_group_type_family",
        "prop_group_type_non_family_group",
        "prop_travelling_with_children",
        "prop_separated_children",
        "prop_pregnant_or_lactating",
        "prop_disability",
    ),
    "documents": (
        "prop_document_type_passport",
        "prop_document_type_none",
        "prop_regular_status_regular",
        "prop_regular_status_irregular",
    ),
    "needs": (
        "prop_needs_food",
        "prop_needs_shelter",
        "prop_needs_health",
        "prop_needs_employment",
        "prop_needs_documentation",
    ),
    "risks": (
        "prop_risks_theft",
        "prop_risks_violence",
        "prop_risks_extortion",
        "prop_risks_gender_based_violence",
        "prop_risks_trafficking_indicators",
        "prop_smuggler_used",
    ),
    # The mean: the median of days_on_route is published by movement.days_on_route with
    # another quantile rule, and one code must carry one number in a study.
    "route": ("prop_on_foot", "mean_days_on_route"),
}
PORTAL_PROFILE: dict[str, tuple[str, ...]] = {
    "people": (
        "prop_portal_sex_female",
        "prop_portal_age_group_under_18",
        "prop_portal_age_group_18_24",
        "prop_portal_age_group_60_plus",
    ),
    "situation": (
        "prop_portal_situation_in_transit",
        "prop_portal_situation_arrived_to_stay",
        "prop_portal_situation_pendular",
        "prop_portal_situation_returning",
        "prop_portal_situation_host_community",
    ),
    "group": (
        "prop_portal_travelling_with_alone",
        "prop_portal_travelling_with_family",
        "prop_portal_travelling_with_friends",
    ),
    "documents": (
        "prop_portal_regularisation_regular",
        "prop_portal_regularisation_in_process",
        "prop_portal_regularisation_wants_information",
        "prop_portal_regularisation_irregular",
    ),
    "needs": (
        "prop_portal_needs_food",
        "prop_portal_needs_shelter",
        "prop_portal_needs_health",
        "prop_portal_needs_employment",
        "prop_portal_needs_documentation",
    ),
    "risks": (
        "prop_portal_risks_theft",
        "prop_portal_risks_violence",
        "prop_portal_risks_extortion",
        "prop_portal_risks_gender_based_violence",
        "prop_portal_risks_trafficking_indicators",
        "prop_portal_smuggler_used",
    ),
}
PREFIX_OF: dict[str, str] = {"flow_survey": "prop", "portal_forms": "prop_portal"}
PROFILES: dict[str, dict[str, tuple[str, ...]]] = {
    "flow_survey": FLOW_PROFILE,
    "portal_forms": PORTAL_PROFILE,
}
DESTINATION: dict[str, str] = {
    "flow_survey": "intended_destination",
    "portal_forms": "destination_country",
}
INTENTION_SHARES: dict[str, tuple[str, ...]] = {
    source: tuple(f"{PREFIX_OF[source]}_intention_{code}" for code in (*GROUPS, "dont_know"))
    for source in SOURCES
}
COUNT: dict[str, str] = {"flow_survey": "count_respondents", "portal_forms": "count_portal_forms"}


def profile_indicators(source: Source, data: pd.DataFrame | None = None) -> tuple[str, ...]:
    """The profile's indicators of ``source`` in section order; with ``data``, those whose
    question the data hold (a questionnaire without the smuggling question leaves it out)."""
    check_option("source", source, SOURCES)
    ids = tuple(i for section in PROFILES[source].values() for i in section)
    if data is None:
        return ids
    return answered_indicators(ids, data)


@dataclass(frozen=True)
class GroupProfiles:
    """Profiles of the people interviewed by intention (transit, stay, return), published
    rows of the catalogue's indicators and of the destination shares.

    Returned by ``group_profiles``; ``to_results(country, period)`` gives the rows a study
    publishes, ``group(intention)`` one group's profile, ``sections`` the indicators of each
    part of the profile (people, group, documents, needs, risks, route).

    Examples
    --------
    >>> import pandas as pd
    >>> rows = pd.DataFrame({"indicator": ["prop_sex_female"] * 3,
    ...                      "disaggregation": ["total", "intention", "intention"],
    ...                      "level": ["total", "return", "stay"], "estimate": [0.5, 0.4, 0.6]})
    >>> profiles = GroupProfiles("flow_survey", rows, {"people": ("prop_sex_female",)}, "")
    >>> profiles.group("return")[["level", "estimate"]].to_dict("records")
    [{'level': 'return', 'estimate': 0.4}]
    """

    source: Source
    table: pd.DataFrame = field(repr=False)
    sections: dict[str, tuple[str, ...]] = field(repr=False)
    caveat: str

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        rows = self.table.assign(country=country, period=period)
        return rows.reset_index(drop=True)

    def group(self, intention: str) -> pd.DataFrame:
        """The rows of one group (``return``: the profile of people intending to return)."""
        return self.table[
            (self.table["disaggregation"] == INTENTION) & (self.table["level"] == intention)
        ].reset_index(drop=True)

    def summary(self) -> str:
        shown = self.table[self.table["disaggregation"] == INTENTION]
        return (
            f"Profiles by intention ({self.source}): {shown['indicator'].nunique()} indicators "
            f"x {shown['level'].nunique()} groups; indicative. {self.caveat}"
        )

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        view = self.table[self.table["disaggregation"].isin([TOTAL, INTENTION])].pivot_table(
            index="indicator", columns="level", values="estimate", aggfunc="first"
        )
        return f"<p>{html.escape(self.summary())}</p>" + view.to_html(
            float_format=lambda v: f"{v:.3f}"
        )


def group_profiles(
    data: pd.DataFrame,
    *,
    source: Source = "flow_survey",
    country: str | None = None,
    period: str | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> GroupProfiles:
    """Profiles of the people in transit, staying and intending to return, side by side.

    Every profile indicator of ``source`` (``PROFILES``) through
    ``evidence.indicators.compute`` overall and by ``intention``; the share of each
    intention; the shares of each destination by intention; the respondents counted by
    intention. Rows are published
    (disclosure control last). The input frame is not modified.

    Parameters
    ----------
    data : pandas.DataFrame
        Curated flow survey or portal forms (``evidence.load``) with an ``intention`` column.
    source : {"flow_survey", "portal_forms"}
        Which dataset ``data`` is; it chooses the catalogue's profile indicators.
    country, period : str, optional
        ISO3 code and ``YYYY-MM``; taken from the data's columns when not given.
    min_count : int
        Smallest count published (n, numerator and complement); smaller cells are withheld.

    Returns
    -------
    GroupProfiles
        Published rows overall and by intention (``to_results``, ``group``, ``summary``).

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> survey = synthesize("flow_survey", "ABW", "2023-12", seed=1, scale=0.05)
    >>> profiles = group_profiles(survey, country="ABW", period="2023-12")
    >>> rows = profiles.to_results("ABW", "2023-12")
    >>> counted = rows[rows["indicator"] == "count_respondents"]
    >>> print(counted[["level", "estimate"]].to_string(index=False))
      level  estimate
      total      20.0
     return       NaN
       stay       9.0
    transit       8.0
    """
    check_option("source", source, SOURCES)
    if INTENTION not in data.columns:
        raise ContractError(f"{source}: no {INTENTION!r} column; load the data with evidence.load")
    iso3 = resolve_country(data, country)
    month = resolve_period(data, period)
    options = publication_options(min_count)
    ids = profile_indicators(source, data)
    engine = compute(
        load_catalogue(),
        data,
        country=iso3,
        period=month,
        dataset=source,
        indicators=ids,
        disaggregations=[(), (INTENTION,)],
        disclosure=options,
    ).to_frame()
    shares = compute(
        load_catalogue(),
        data,
        country=iso3,
        period=month,
        dataset=source,
        indicators=INTENTION_SHARES[source],
        disaggregations=[()],
        disclosure=options,
    ).to_frame()
    destination = publish(
        indicative_proportions(
            data,
            DESTINATION[source],
            by=INTENTION,
            country=iso3,
            period=month,
            prefix=PREFIX_OF[source],
        ),
        options,
    )
    counts = count_results(
        data, indicator=COUNT[source], by=INTENTION, country=iso3, period=month, min_count=min_count
    ).to_frame()
    table = pd.concat([counts, shares, engine, destination], ignore_index=True)
    sections = {
        name: tuple(i for i in section if i in set(ids))
        for name, section in PROFILES[source].items()
    }
    return GroupProfiles(source, table, sections, sampling_caveat(source) or "")


def group_levels(profiles: GroupProfiles) -> Sequence[str]:
    """The groups in reading order (transit, stay, return) that the data hold."""
    present = set(profiles.table.loc[profiles.table["disaggregation"] == INTENTION, "level"])
    return tuple(g for g in GROUPS if g in present)
