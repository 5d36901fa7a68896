"""The note under a top-k table cites published rows: the share answering none of the
shown answers (single choice) or the largest left-out share (multiple choice)."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.display.format import format_value
from evidence.display.labels import questions_for_display, top_codes
from evidence.display.readers import reader_notes
from evidence.indicators.publish import publish
from evidence.indicators.remainder import share_not_shown
from evidence.movement import route_profile
from evidence.risks import needs_and_risks
from evidence.synth import synthesize

PERIOD = "2023-12"


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return synthesize("flow_survey", "COL", PERIOD, seed=4, scale=0.2)


def test_single_choice_note_cites_the_published_remainder(survey: pd.DataFrame) -> None:
    route = route_profile(
        survey, variables=["intended_destination"], by=None, country="COL", period=PERIOD
    ).table
    shown = top_codes(route, "intended_destination", 3)
    rest = publish(
        share_not_shown(survey, {"intended_destination": shown}, country="COL", period=PERIOD)
    )
    table = questions_for_display(route, ["intended_destination"], "es", top=3, remainder=rest)
    share = float(rest["estimate"].iloc[0])
    assert 0 < share < 1
    notes = " ".join(reader_notes(table, "es"))
    assert f"{format_value(share, 'proportion', 'es')} en total" in notes
    # the shown answers are the table's rows
    assert len(table) == 3


def test_multiple_choice_note_cites_the_largest_left_out_share(survey: pd.DataFrame) -> None:
    rows = needs_and_risks(survey, by=None, country="COL", period=PERIOD).table
    shares = rows[(rows["variable"] == "needs") & (rows["level"] == "total")]
    table = questions_for_display(rows, ["needs"], "en", levels=("total",), top=3)
    left = shares.sort_values("estimate", ascending=False)["estimate"].iloc[3:]
    notes = " ".join(reader_notes(table, "en"))
    assert f"at most {format_value(left.max(), 'proportion', 'en')}" in notes
