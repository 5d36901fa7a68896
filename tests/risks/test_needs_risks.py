"""Needs and risks shares and the vulnerability profile, by hand and on synthetic data."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.errors import OptionError
from evidence.risks import FACTORS, needs_and_risks, vulnerability_factors, vulnerability_profile
from tests.curated_frames import curated_like


def hand_survey() -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "country": "PER",
            "period": "2024-03",
            "sex": ["female", "female", "male", "male", "female", "male"],
            "group_type": ["alone", "family", "alone", "family", "alone", "alone"],
            "travelling_with_children": pd.array(
                [False, True, False, True, False, False], dtype="boolean"
            ),
            "pregnant_or_lactating": ["no", "yes", "no", "dont_know", "no", "no"],
            "disability": ["no", "no", "yes", "no", "prefer_not_to_say", "no"],
            "older_person_in_group": pd.array(
                [False, False, False, True, False, False], dtype="boolean"
            ),
            "regular_status": [
                "irregular",
                "regular",
                "dont_know",
                "irregular",
                "regular",
                "in_process",
            ],
            "document_type": ["none", "passport", "national_id", "none", "passport", "passport"],
        }
    )
    needs = {"food": [1, 1, 0, 1, 0, 0], "water": [0, 1, 0, 0, 0, 1]}
    for choice, ticks in needs.items():
        frame[f"needs/{choice}"] = pd.array([bool(t) for t in ticks], dtype="boolean")
    risks = {"theft": [1, 0, 0, 1, 0, 0], "none": [0, 1, 1, 0, 1, 1]}
    for choice, ticks in risks.items():
        frame[f"risks/{choice}"] = pd.array([bool(t) for t in ticks], dtype="boolean")
    return frame


def test_vulnerability_factors_by_hand() -> None:
    factors = vulnerability_factors(hand_survey())
    assert [c.split("/")[1] for c in factors.columns[:-2]] == list(FACTORS)
    assert factors["vulnerability/woman_alone"].tolist() == [True, False, False, False, True, False]
    assert factors["vulnerability/pregnant_or_lactating"].isna().tolist() == [
        False,
        False,
        False,
        True,
        False,
        False,
    ]
    assert factors["vulnerability/disability"].isna().sum() == 1
    assert factors["vulnerability/irregular_status"].isna().tolist()[2]
    # Respondent 1: woman alone, irregular, no document -> 3 factors.
    # Respondent 4: children, older person, irregular, no document -> 3_plus.
    assert factors["factors"].astype(str).tolist() == ["3_plus", "2", "1", "3_plus", "1", "0"]


def test_vulnerability_profile_shares() -> None:
    result = vulnerability_profile(hand_survey(), by=None, min_count=1)
    table = result.to_frame().set_index("indicator")
    assert table.loc["prop_vulnerability_woman_alone", "estimate"] == pytest.approx(2 / 6)
    assert table.loc["prop_vulnerability_irregular_status", "n"] == 5
    assert table.loc["prop_vulnerability_irregular_status", "estimate"] == pytest.approx(2 / 5)
    assert table.loc["prop_factors_3_plus", "numerator"] == 2
    assert "not statistically representative" in (result.caveat or "")


def test_needs_and_risks_by_sex_and_small_cells() -> None:
    frame = hand_survey()
    before = frame.copy()
    # Minimum count 1 shows every share (2 of 3 women is a small numerator and complement
    # under any minimum above 1; the rules are tested in tests/disclosure).
    table = needs_and_risks(frame, min_count=1).to_frame()
    pd.testing.assert_frame_equal(frame, before)
    food_f = table[(table["indicator"] == "prop_needs_food") & (table["level"] == "female")]
    assert food_f["estimate"].iloc[0] == pytest.approx(2 / 3)
    assert (table["flags"].str.split().map(lambda f: "indicative" in f)).all()
    hidden = needs_and_risks(frame, min_count=4).to_frame()
    assert hidden.loc[hidden["level"] != "total", "suppressed"].all()
    assert hidden.loc[hidden["level"] != "total", "estimate"].isna().all()
    with pytest.raises(OptionError, match="source"):
        needs_and_risks(frame, source="kobo")  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [0, 5])
def test_synthetic_shares_match_plain_means_and_planted_effects(seed: int) -> None:
    from evidence.synth import synthesize

    frames = [
        curated_like(synthesize("flow_survey", c, "2023-12", seed), "flow_survey", c, "2023-12")
        for c in ("COL", "PER")
    ]
    colombia = frames[0]
    table = needs_and_risks(colombia, by=["sex", "regular_status"]).to_frame()
    food = table.query("indicator == 'prop_needs_food' and level == 'total'").iloc[0]
    assert food["estimate"] == pytest.approx(colombia["needs/food"].astype(float).mean())
    assert food["n"] == colombia["needs/food"].notna().sum()
    # Planted (evidence.synth): women tick gender-based violence 3 x as often; irregular
    # status multiplies theft by 1.8. Pool two countries so the check has power.
    pooled = pd.concat(frames, ignore_index=True)
    by_sex = pooled.groupby("sex", observed=True)["risks/gender_based_violence"].mean()
    assert by_sex["female"] > 1.5 * by_sex["male"]
    shares = needs_and_risks(frames[1], by="regular_status").to_frame()
    theft = shares[shares["indicator"] == "prop_risks_theft"].set_index("level")["estimate"]
    assert theft["irregular"] > 1.3 * theft["regular"]
