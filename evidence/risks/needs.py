"""Needs and risks on the route: the share of respondents who chose each answer.

``needs`` (most pressing needs) and ``risks`` (risks met on the route) are multiple-choice
questions of the flow monitoring survey and of the captive-portal forms, the same codelists
in both. Both sources are non-probability samples, so the shares are indicative (the share
of the people who answered, with n, no confidence interval) and carry the contract's caveat.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import pandas as pd

from evidence.errors import ContractError
from evidence.indicators.compute import compute
from evidence.indicators.datasets import sampling_caveat
from evidence.indicators.keys import resolve_country, resolve_period
from evidence.indicators.parse import load_catalogue
from evidence.indicators.proportions import (
    Disaggregation,
    as_disaggregations,
    indicative_proportions,
)
from evidence.indicators.publish import publish
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT, publication_options
from evidence.indicators.tables import DescriptiveTable
from evidence.indicators.variables import choice_columns
from evidence.indicators.views import shares_by_domain
from evidence.options import check_option

Source = Literal["flow_survey", "portal_forms"]
SOURCES: tuple[Source, ...] = ("flow_survey", "portal_forms")
QUESTIONS: tuple[str, ...] = ("needs", "risks")
# Indicator codes start with these (the catalogue's codes: prop_needs_food, and
# prop_portal_needs_food for the captive-portal forms).
PREFIXES: dict[str, str] = {"flow_survey": "prop", "portal_forms": "prop_portal"}
NO_RISK = ("none", "prefer_not_to_say")


def choice_shares(
    responses: pd.DataFrame,
    questions: str | Sequence[str] = QUESTIONS,
    *,
    by: Disaggregation | Sequence[Disaggregation] | None = "sex",
    source: Source = "flow_survey",
    country: str | None = None,
    period: str | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> DescriptiveTable:
    """Share of respondents choosing each answer of multiple-choice ``questions``, overall
    and by ``by`` (default sex), after disclosure control: the catalogue's indicators
    (``prop_needs_food``, ``prop_portal_risks_theft``, data_contracts/indicators.yaml)
    through ``evidence.indicators.compute``. The view lists answers from the most to the
    least chosen overall.

    Parameters
    ----------
    responses : pandas.DataFrame
        Rows of flow_survey or portal_forms, the questions as ``question/<choice>`` columns
        or one space-separated column.
    questions : str or sequence of str
        ``"needs"``, ``"risks"`` or both.
    by : str or sequence, optional
        Disaggregation(s) besides the total (default sex; None: total only).
    source : {"flow_survey", "portal_forms"}
        Which catalogue indicators (``prop_needs_*`` or ``prop_portal_needs_*``).
    country, period : str, optional
        Keys of the rows (default: the ``country`` and ``period`` columns).
    min_count : int
        Shares with a smaller denominator or count are withheld.

    Returns
    -------
    DescriptiveTable
        Long results rows, with a view of answers by domain.

    Raises
    ------
    OptionError
        When ``source`` is unknown, or ``country`` or ``period`` is neither given nor in
        the data.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> survey = synthesize("flow_survey", "ABW", "2023-12", seed=1, scale=0.05)
    >>> survey = survey.assign(country="ABW", period="2023-12")  # as evidence.load gives it
    >>> table = choice_shares(survey, "needs", min_count=0).to_frame()
    >>> bool(table["indicator"].str.startswith("prop_needs_").all())
    True
    >>> sorted(table["disaggregation"].unique())
    ['sex', 'total']
    """
    check_option("source", source, SOURCES)
    names = [questions] if isinstance(questions, str) else list(questions)
    catalogue = load_catalogue()
    ids = [
        indicator.id
        for indicator in catalogue.for_dataset(source).indicators
        if indicator.variable is not None
        and indicator.variable.column.split("/", 1)[0] in names
        and "/" in indicator.variable.column
        # Choices the data hold (a Kobo export may lack a choice nobody could pick); a
        # question delivered as one space-separated column is expanded by compute.
        and (
            indicator.variable.column in responses.columns
            or indicator.variable.column.split("/", 1)[0] in responses.columns
        )
    ]
    table = compute(
        catalogue,
        responses,
        country=resolve_country(responses, country),
        period=resolve_period(responses, period),
        dataset=source,
        indicators=ids,
        disaggregations=[(), *as_disaggregations(by)],
        disclosure=publication_options(min_count),
    ).to_frame()
    return DescriptiveTable(
        table,
        title=f"{' and '.join(n.capitalize() for n in names)}: share of respondents",
        caveat=sampling_caveat(source),
        view=shares_by_domain(table, sort=True),
    )


def needs_and_risks(
    responses: pd.DataFrame,
    *,
    by: Disaggregation | Sequence[Disaggregation] | None = "sex",
    source: Source = "flow_survey",
    country: str | None = None,
    period: str | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> DescriptiveTable:
    """Needs and risks together (``choice_shares`` of both questions).

    Parameters
    ----------
    responses : pandas.DataFrame
        Rows of flow_survey or portal_forms.
    by : str or sequence, optional
        Disaggregation(s) besides the total (default sex; None: total only).
    source : {"flow_survey", "portal_forms"}
        Which catalogue indicators.
    country, period : str, optional
        Keys of the rows (default: the ``country`` and ``period`` columns).
    min_count : int
        Shares with a smaller denominator or count are withheld.

    Returns
    -------
    DescriptiveTable

    Raises
    ------
    OptionError
        When ``source`` is unknown, or ``country`` or ``period`` is neither given nor in
        the data.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> survey = synthesize("flow_survey", "ABW", "2023-12", seed=1, scale=0.05)
    >>> survey = survey.assign(country="ABW", period="2023-12")  # as evidence.load gives it
    >>> table = needs_and_risks(survey, by=None).to_frame()
    >>> sorted(table["indicator"].str.split("_").str[1].unique())
    ['needs', 'risks']
    """
    return choice_shares(
        responses,
        QUESTIONS,
        by=by,
        source=source,
        country=country,
        period=period,
        min_count=min_count,
    )


def any_risk(
    responses: pd.DataFrame,
    *,
    by: Disaggregation | Sequence[Disaggregation] | None = None,
    source: Source = "flow_survey",
    country: str | None = None,
    period: str | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
) -> DescriptiveTable:
    """Share of respondents who met at least one risk on the route (``prop_any_risk``).

    The denominator is the respondents who answered the question with something other than
    "prefer not to say" alone: an unanswered question is left out, never counted as "no"
    (the same rule as every share of the studies).

    Parameters
    ----------
    responses : pandas.DataFrame
        Rows of flow_survey or portal_forms with the canonical ``risks/<choice>`` columns
        (as ``evidence.load`` gives them).
    by : str or sequence, optional
        Disaggregation(s) besides the total (default: total only).
    source : {"flow_survey", "portal_forms"}
        The indicator's prefix: ``prop_any_risk`` or ``prop_portal_any_risk``.
    country, period : str, optional
        Keys of the rows (default: the ``country`` and ``period`` columns).
    min_count : int
        Shares with a smaller denominator or count are withheld.

    Returns
    -------
    DescriptiveTable
        Long results rows of ``prop_any_risk``.

    Raises
    ------
    OptionError
        When ``source`` is unknown.
    ContractError
        When there are no ``risks/<choice>`` columns.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> survey = synthesize("flow_survey", "ABW", "2023-12", seed=1, scale=0.05)
    >>> survey = survey.assign(country="ABW", period="2023-12")  # as evidence.load gives it
    >>> from evidence.indicators.frame import with_choice_columns
    >>> canonical = with_choice_columns(survey, "flow_survey")
    >>> row = any_risk(canonical).to_frame().iloc[0]
    >>> row["indicator"], int(row["n"]) == len(survey), bool(0 <= row["estimate"] <= 1)
    ('prop_any_risk', True, True)
    >>> any_risk(survey)  # risks as one space-separated column
    Traceback (most recent call last):
    ...
    evidence.errors.ContractError: flow_survey: no 'risks/<choice>' columns ...
    """
    check_option("source", source, SOURCES)
    columns = choice_columns(responses, "risks")
    if not columns:
        raise ContractError(
            f"{source}: no 'risks/<choice>' columns (rule: required column); load the data "
            "with evidence.load"
        )
    block = responses[columns].astype("boolean")
    met = block[[c for c in columns if c.split("/", 1)[1] not in NO_RISK]].fillna(False).any(axis=1)
    only_refused = (
        block["risks/prefer_not_to_say"].fillna(False)
        if "risks/prefer_not_to_say" in columns
        else pd.Series(False, index=responses.index)
    ) & ~met
    answered = block.notna().any(axis=1) & ~only_refused
    frame = responses.drop(columns=columns).assign(any_risk=met.astype("boolean").where(answered))
    table = publish(
        indicative_proportions(
            frame, "any_risk", by=by, country=country, period=period, prefix=PREFIXES[source]
        ),
        publication_options(min_count),
    )
    return DescriptiveTable(
        table, title="Met at least one risk on the route", caveat=sampling_caveat(source)
    )
