"""Needs and risks country by country: each country's rows are its risks study's shares,
and the regional table shows n, the top answers, and notes the rest and multiple choice."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.display.readers import LEFT_OUT, MULTIPLE_CHOICE, reader_notes
from evidence.display.regional_choices import choices_by_country
from evidence.errors import OptionError
from evidence.regional.choices import choice_rows
from evidence.risks import choice_shares
from tests.curated_frames import curated_like

PERIOD = "2024-01"


@pytest.fixture(scope="module")
def surveys() -> dict[str, pd.DataFrame]:
    from evidence.synth import synthesize_country

    out = {}
    for country in ("URY", "ABW"):
        data = synthesize_country(country, PERIOD, 2, scale=0.2, datasets=("flow_survey",))
        out[country] = curated_like(data["flow_survey"], "flow_survey", country, PERIOD)
    return out


def test_each_country_gets_its_own_shares(surveys) -> None:  # type: ignore[no-untyped-def]
    before = {c: f.copy() for c, f in surveys.items()}
    rows = choice_rows(PERIOD, surveys, "needs")
    for country, frame in surveys.items():
        pd.testing.assert_frame_equal(frame, before[country])  # inputs untouched
        own = choice_shares(frame, "needs", by=None, country=country, period=PERIOD).to_frame()
        mine = rows[rows["country"] == country].reset_index(drop=True)
        pd.testing.assert_series_equal(mine["estimate"], own["estimate"], check_names=False)
        assert set(mine["variable"]) == {"needs"}
    with pytest.raises(OptionError, match="'needs', 'risks'"):
        choice_rows(PERIOD, surveys, "pages")


def test_the_table_shows_n_the_top_answers_and_notes_the_rest(surveys) -> None:  # type: ignore[no-untyped-def]
    rows = choice_rows(PERIOD, surveys, "needs")
    table = choices_by_country(rows, "needs", "en", top=3)
    assert list(table.columns[:2]) == ["Country", "n"]
    assert len(table.columns) == 2 + 3 and list(table["Country"]) == ["Uruguay", "Aruba"]
    uruguay = rows[(rows["country"] == "URY")]
    assert table.loc[0, "n"] == uruguay["n"].max()
    assert table.attrs[MULTIPLE_CHOICE] == ["Needs"]
    ((question, left_out),) = table.attrs[LEFT_OUT]
    assert question == "Needs" and len(left_out) >= 5 and "None" not in left_out
    notes = " ".join(reader_notes(table, "en"))
    assert "more than 100%" in notes and left_out[0] in notes
