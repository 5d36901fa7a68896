"""Profiles of the groups the programme names (in transit, staying, returning): the
return-intention profile is the indicator engine on the people intending to return."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.errors import OptionError
from evidence.indicators import compute, load_catalogue
from evidence.movement.groups import (
    GROUPS,
    group_levels,
    group_profiles,
    profile_indicators,
)
from evidence.synth import synthesize

PERIOD = "2023-12"
COMPARED = ["estimate", "se", "ci_low", "ci_high", "n", "numerator", "suppressed"]


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return synthesize("flow_survey", "COL", PERIOD, scale=0.05)


@pytest.fixture(scope="module")
def forms() -> pd.DataFrame:
    return synthesize("portal_forms", "COL", PERIOD, scale=0.1)


def engine_on_domain(
    data: pd.DataFrame, source: str, intention: str, ids: tuple[str, ...]
) -> pd.DataFrame:
    """The indicator engine on the rows of one intention, computed directly."""
    subset = data[data["intention"] == intention]
    return compute(
        load_catalogue(),
        subset,
        country="COL",
        period=PERIOD,
        dataset=source,
        indicators=list(ids),
        disaggregations=[()],
    ).to_frame()


@pytest.mark.parametrize("source", ["flow_survey", "portal_forms"])
@pytest.mark.parametrize("intention", GROUPS)
def test_each_group_profile_equals_the_engine_on_its_domain(
    source: str, intention: str, survey: pd.DataFrame, forms: pd.DataFrame
) -> None:
    data = survey if source == "flow_survey" else forms
    profiles = group_profiles(data, source=source, country="COL", period=PERIOD)  # type: ignore[arg-type]
    ids = profile_indicators(source, data)  # type: ignore[arg-type]
    group = profiles.group(intention).set_index("indicator")
    direct = engine_on_domain(data, source, intention, ids).set_index("indicator")
    assert set(ids) <= set(group.index) and set(direct.index) == set(ids)
    mine = group.loc[list(ids), COMPARED].astype(float)
    theirs = direct.loc[list(ids), COMPARED].astype(float)
    # Equal estimates, intervals (none in indicative mode: both NaN), n and numerators.
    np.testing.assert_allclose(mine.to_numpy(), theirs.to_numpy(), rtol=0, atol=1e-12)


def test_return_profile_is_published_for_the_people_intending_to_return(
    survey: pd.DataFrame,
) -> None:
    profiles = group_profiles(survey, country="COL", period=PERIOD)
    rows = profiles.to_results("COL", PERIOD)
    returning = rows[(rows["disaggregation"] == "intention") & (rows["level"] == "return")]
    count = returning.loc[returning["indicator"] == "count_respondents", "estimate"].item()
    assert count == (survey["intention"] == "return").sum()
    # The embedded data plant the destination of people returning: Venezuela.
    venezuela = returning.loc[returning["indicator"] == "prop_intended_destination_ven"]
    assert venezuela["estimate"].item() == pytest.approx(1.0)
    assert list(group_levels(profiles)) == list(GROUPS)
    assert rows["analysis_key"].is_unique


def test_sections_cover_the_programme_profile(survey: pd.DataFrame) -> None:
    profiles = group_profiles(survey, country="COL", period=PERIOD)
    assert set(profiles.sections) == {"people", "group", "documents", "needs", "risks", "route"}
    assert "prop_separated_children" in profiles.sections["group"]
    assert "prop_smuggler_used" in profiles.sections["risks"]
    shares = profiles.to_frame()
    intention = shares[shares["indicator"].str.startswith("prop_intention_")]
    assert intention["estimate"].sum() == pytest.approx(1.0)


def test_older_data_without_the_new_questions_leave_them_out(survey: pd.DataFrame) -> None:
    older = survey.drop(columns=["smuggler_used", "separated_children"])
    profiles = group_profiles(older, country="COL", period=PERIOD)
    shown = set(profiles.to_frame()["indicator"])
    assert "prop_smuggler_used" not in shown and "prop_separated_children" not in shown
    assert "prop_sex_female" in shown


def test_input_is_not_modified(survey: pd.DataFrame) -> None:
    before = survey.copy()
    group_profiles(survey, country="COL", period=PERIOD)
    pd.testing.assert_frame_equal(survey, before)


def test_unknown_source_is_refused(survey: pd.DataFrame) -> None:
    with pytest.raises(OptionError, match="source"):
        group_profiles(survey, source="integration_survey")  # type: ignore[arg-type]
