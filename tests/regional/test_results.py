"""Regional results: every country's rows equal the country's own figures, stock in order,
small counts withheld, the region's totals published under LAC."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.countries import COUNTRIES
from evidence.display.regional import movement_table, respondents_by_country, survey_table
from evidence.movement import detect_surges
from evidence.regional import regional_results
from tests.curated_frames import curated_like

PERIOD = "2024-01"


@pytest.fixture(scope="module")
def frames() -> dict[str, dict[str, pd.DataFrame]]:
    from evidence.synth import synthesize_country

    out: dict[str, dict[str, pd.DataFrame]] = {"flow_counts": {}, "flow_survey": {}}
    for country in ("URY", "ABW"):
        data = synthesize_country(country, PERIOD, 1, scale=0.2, datasets=tuple(out))
        for name in out:
            out[name][country] = curated_like(data[name], name, country, PERIOD)
    return out


def _value(rows: pd.DataFrame, country: str, indicator: str) -> float:
    hit = rows[(rows["country"] == country) & (rows["indicator"] == indicator)]
    hit = hit[hit["level"] == "total"]
    assert len(hit) == 1, (country, indicator)
    return float(hit["estimate"].iloc[0])


def test_rows_equal_the_countries_own_figures(frames) -> None:  # type: ignore[no-untyped-def]
    before = {k: {c: f.copy() for c, f in v.items()} for k, v in frames.items()}
    rows = regional_results(PERIOD, **frames)
    for name, by_country in frames.items():
        for country, frame in by_country.items():
            pd.testing.assert_frame_equal(frame, before[name][country])
    counts = frames["flow_counts"]["URY"]
    people = counts[["entries", "exits", "transit"]].sum().sum()
    assert _value(rows, "URY", "count_people_observed") == people
    assert _value(rows, "URY", "total_surge_events") == len(detect_surges(counts).events)
    survey = frames["flow_survey"]["URY"]
    assert _value(rows, "URY", "count_respondents") == len(survey)
    women = (survey["sex"].dropna() == "female").mean()
    assert _value(rows, "URY", "prop_sex_female") == pytest.approx(women)
    everyone = sum(len(f) for f in frames["flow_survey"].values())
    assert _value(rows, "LAC", "count_respondents") == everyone
    assert _value(rows, "LAC", "total_countries_surveyed") == 2
    stock = rows[rows["indicator"] == "share_regional_stock"]
    assert len(stock) == len(COUNTRIES) and stock["estimate"].sum() == pytest.approx(1)


def test_tables_list_every_country_in_stock_order(frames) -> None:  # type: ignore[no-untyped-def]
    rows = regional_results(PERIOD, **frames)
    movement = movement_table(rows, "pt")
    assert len(movement) == len(COUNTRIES) and movement.columns[0] == "País"
    assert movement.iloc[:, 1].is_monotonic_decreasing
    assert movement.iloc[:, 0].tolist()[0] == "Colômbia"
    survey = survey_table(rows, "pt")
    brazil = survey[survey.iloc[:, 0] == "Brasil"].iloc[0, 1:]
    assert brazil.isna().all()  # no data for Brazil here: every cell empty ("–")
    assert movement.attrs["units"] and survey.attrs["units"]
    assert len(respondents_by_country(rows, "es")) == 2


def test_small_counts_are_withheld(frames) -> None:  # type: ignore[no-untyped-def]
    few = {"URY": frames["flow_survey"]["URY"].head(3)}
    rows = regional_results(PERIOD, flow_survey=few)
    interviews = rows[(rows["country"] == "URY") & (rows["indicator"] == "count_respondents")]
    assert interviews["suppressed"].all() and interviews["estimate"].isna().all()
    women = rows[(rows["country"] == "URY") & (rows["indicator"] == "prop_sex_female")]
    assert women["estimate"].isna().all()
