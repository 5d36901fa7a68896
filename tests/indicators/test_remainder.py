"""The share a top-k table leaves out is a proportion of its own (single-choice questions):
one minus the shown shares' sum, with the question's n, estimated by the one engine."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.errors import OptionError
from evidence.indicators.proportions import indicative_proportions
from evidence.indicators.remainder import share_not_shown
from evidence.synth import synthesize

PERIOD = "2023-12"


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return synthesize("flow_survey", "COL", PERIOD, seed=2, scale=0.1)


@pytest.mark.parametrize("top", [1, 2, 4])
def test_share_not_shown_is_one_minus_the_shown_shares(survey: pd.DataFrame, top: int) -> None:
    before = survey.copy()
    shares = indicative_proportions(
        survey, ["intended_destination"], by="sex", country="COL", period=PERIOD
    )
    total = shares[shares["level"] == "total"].sort_values("estimate", ascending=False)
    shown = [str(c) for c in total["category"].head(top)]
    rows = share_not_shown(
        survey, {"intended_destination": shown}, by="sex", country="COL", period=PERIOD
    )
    pd.testing.assert_frame_equal(survey, before)
    for level, part in shares.groupby("level"):
        rest = rows[rows["level"] == level]
        assert len(rest) == 1
        kept = part[part["category"].astype(str).isin(shown)]
        assert rest["estimate"].iloc[0] == pytest.approx(1 - kept["estimate"].sum(), abs=1e-12)
        assert rest["n"].iloc[0] == part["n"].max()  # the question's n: people who answered
        assert rest["numerator"].iloc[0] == part["n"].max() - kept["numerator"].sum()
    assert set(rows["indicator"]) == {"prop_not_shown_intended_destination"}
    assert set(rows["unit"]) == {"proportion"}


@settings(max_examples=40, deadline=None)
@given(
    answers=st.lists(st.sampled_from(["a", "b", "c", "d", None]), min_size=1, max_size=40),
    shown=st.sets(st.sampled_from(["a", "b", "c", "d"]), max_size=4),
)
def test_share_not_shown_counts_answers_outside_the_shown(
    answers: list[str | None], shown: set[str]
) -> None:
    frame = pd.DataFrame({"country": "ABW", "period": PERIOD, "q": answers})
    answered = [a for a in answers if a is not None]
    if len(answered) < 2:  # the engine needs two respondents for a variance
        return
    rows = share_not_shown(frame, {"q": sorted(shown)})
    outside = sum(a not in shown for a in answered)
    assert rows["n"].iloc[0] == len(answered)
    assert rows["numerator"].iloc[0] == outside
    assert np.isclose(rows["estimate"].iloc[0], outside / len(answered))


def test_multiple_choice_and_unknown_questions_are_refused(survey: pd.DataFrame) -> None:
    with pytest.raises(OptionError, match="multiple-choice"):
        share_not_shown(survey, {"needs": ["food"]})
    with pytest.raises(OptionError, match="no column"):
        share_not_shown(survey, {"not_a_question": ["x"]})
    with pytest.raises(OptionError, match="at least one"):
        share_not_shown(survey, {})


def test_share_not_shown_is_public_in_evidence_indicators() -> None:
    import evidence.indicators

    assert "share_not_shown" in evidence.indicators.__all__
    assert evidence.indicators.share_not_shown is share_not_shown
