"""Planted relationships of the portal's smuggling question and the place of work."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.admin1 import ADMIN1
from evidence.synth import integration, planted_relationships, portal, synthesize
from evidence.synth.geography import PLACES
from evidence.synth.integration import COMMUTE_SHARE, largest_admin1
from evidence.synth.portal import PORTAL_SMUGGLER_BASE, PORTAL_SMUGGLER_FACTORS


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_portal_smuggler_use_follows_status_and_travel_group(seed: int) -> None:
    forms = synthesize("portal_forms", "COL", "2023-12", seed=seed, scale=1.0)
    answered = forms[forms["smuggler_used"] != "prefer_not_to_say"]
    used = answered["smuggler_used"] == "yes"
    irregular = answered["regularisation"] == "irregular"
    alone = answered["travelling_with"].isin(["alone", "friends", "organised_group"])
    # P(yes) in each cell of the two planted factors, within 3 binomial standard errors.
    for status, without_family in ((False, False), (True, False), (False, True), (True, True)):
        cell = used[(irregular == status) & (alone == without_family)]
        p = PORTAL_SMUGGLER_BASE
        p *= PORTAL_SMUGGLER_FACTORS["irregular"] if status else 1
        p *= PORTAL_SMUGGLER_FACTORS["without_family"] if without_family else 1
        tolerance = 3 * np.sqrt(p * (1 - p) / len(cell))
        assert cell.mean() == pytest.approx(p, abs=tolerance), (status, without_family)
    refused = (forms["smuggler_used"] == "prefer_not_to_say").mean()
    assert refused == pytest.approx(0.04, abs=3 * np.sqrt(0.04 * 0.96 / len(forms)))


def test_the_other_portal_columns_do_not_change_with_the_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_question = synthesize("portal_forms", "PRY", "2023-12", scale=0.2)
    monkeypatch.setattr(
        portal, "portal_smuggler_answers", lambda rng, forms: np.full(len(forms), None)
    )
    without = synthesize("portal_forms", "PRY", "2023-12", scale=0.2)
    pd.testing.assert_frame_equal(
        with_question.drop(columns="smuggler_used"), without.drop(columns="smuggler_used")
    )


@pytest.mark.parametrize("seed", [0, 3, 7])
def test_most_work_where_they_live_and_a_planted_share_commute(seed: int) -> None:
    survey = synthesize("integration_survey", "COL", "2023-12", seed=seed, scale=1.0)
    employed = survey["employed"].astype(bool)
    assert survey.loc[~employed, "work_admin1"].isna().all()
    assert survey.loc[employed, "work_admin1"].notna().all()
    workers = survey[employed]
    capital = largest_admin1("COL")
    assert capital == "Bogotá, D.C."
    elsewhere = workers[workers["admin1"] != capital]
    commute = (elsewhere["work_admin1"] == capital).mean()
    tolerance = 3 * np.sqrt(COMMUTE_SHARE * (1 - COMMUTE_SHARE) / len(elsewhere))
    assert commute == pytest.approx(COMMUTE_SHARE, abs=tolerance)
    # Nobody works anywhere but home or the largest admin1 unit.
    assert (elsewhere["work_admin1"].isin([capital]) | (
        elsewhere["work_admin1"] == elsewhere["admin1"])).all()  # fmt: skip
    at_capital = workers[workers["admin1"] == capital]
    assert (at_capital["work_admin1"] == capital).all()


def test_the_other_survey_columns_do_not_change_with_the_question(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with_question = synthesize("integration_survey", "PRY", "2023-12", scale=0.2)
    monkeypatch.setattr(integration, "work_places", lambda rng, frame, country: None)
    without = synthesize("integration_survey", "PRY", "2023-12", scale=0.2)
    pd.testing.assert_frame_equal(
        with_question.drop(columns="work_admin1"), without.drop(columns="work_admin1")
    )


def test_every_synthetic_admin1_unit_is_in_the_codelist() -> None:
    for country, places in PLACES.items():
        missing = {p.admin1 for p in places} - set(ADMIN1[country])
        assert not missing, (country, missing)
    assert set(ADMIN1) == set(PLACES)


def test_planted_table_lists_both() -> None:
    table = planted_relationships()
    portal_rows = table[table["dataset"] == "portal_forms"]
    assert portal_rows["relationship"].str.contains("smuggler").any()
    assert table["relationship"].str.contains("place of work").any()
