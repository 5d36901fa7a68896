"""Planted protection answers of the flow survey: smuggler use and separated children."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.synth import flow_survey, planted_relationships, synthesize
from evidence.synth.flow_survey import SEPARATED_P

NEW = ["smuggler_used", "separated_children"]


@pytest.mark.parametrize("seed", [0, 1])
def test_smuggler_use_follows_status_and_walking(seed: int) -> None:
    survey = synthesize("flow_survey", "COL", "2023-12", seed=seed, scale=0.5)
    answered = survey[survey["smuggler_used"] != "prefer_not_to_say"]
    used = answered["smuggler_used"] == "yes"
    by_status = used.groupby(answered["regular_status"], observed=True).mean()
    assert by_status["irregular"] > 1.8 * by_status["regular"]
    by_walking = used.groupby(answered["transport"] == "walking").mean()
    assert by_walking[True] > 1.3 * by_walking[False]


@pytest.mark.parametrize("seed", [0, 1])
def test_separated_children_asked_only_where_children_travel(seed: int) -> None:
    survey = synthesize("flow_survey", "COL", "2023-12", seed=seed, scale=0.5)
    with_children = survey["travelling_with_children"].astype(bool)
    assert survey.loc[~with_children, "separated_children"].isna().all()
    assert survey.loc[with_children, "separated_children"].notna().all()
    groups = survey[with_children]
    yes = (groups["separated_children"] == "yes").groupby(groups["group_type"]).mean()
    assert yes["non_family_group"] > 2 * yes["family"]
    assert yes["family"] == pytest.approx(SEPARATED_P["family"], abs=0.03)


def test_the_other_columns_do_not_change_with_the_new_questions(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_questions = synthesize("flow_survey", "PRY", "2023-12", scale=0.2)
    monkeypatch.setattr(
        flow_survey,
        "protection_answers",
        lambda rng, table: {column: np.full(len(table), None, dtype=object) for column in NEW},
    )
    without = synthesize("flow_survey", "PRY", "2023-12", scale=0.2)
    # The new answers are drawn last: every other column is what it was before them.
    pd.testing.assert_frame_equal(with_questions.drop(columns=NEW), without.drop(columns=NEW))
    assert list(with_questions.columns[-2:]) == NEW


def test_planted_table_lists_smuggling() -> None:
    table = planted_relationships()
    assert table["relationship"].str.contains("smuggler").any()
