"""The live-and-work table of the integration study's services section reads published
rows only: shares living and working in each area and the open service points there."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.display import services as services_display
from evidence.display.readers import reader_notes
from evidence.indicators.publish import publish
from evidence.integration import (
    migrants_by_area,
    service_points_by_area,
    survey_areas,
    workers_by_area,
)
from evidence.synth import synthesize_country

PERIOD = "2023-12"


@pytest.mark.parametrize("seed", [0, 2])
def test_live_work_table_shows_published_numbers(seed: int) -> None:
    data = synthesize_country(
        "COL", PERIOD, seed, scale=0.3, datasets=("sites", "services", "integration_survey")
    )
    survey = data["integration_survey"]
    migrants = publish(
        migrants_by_area(survey, country="COL", period=PERIOD).to_results("COL", PERIOD)
    )
    workers = publish(
        workers_by_area(survey, country="COL", period=PERIOD).to_results("COL", PERIOD)
    )
    services = publish(
        service_points_by_area(data["services"], areas=survey_areas(survey)).to_results(
            "COL", PERIOD
        )
    )
    table = services_display.live_work_for_display(services, migrants, workers, "en")
    assert list(table.columns) == [
        "Area",
        "Migrant households living there",
        "Employed migrants working there",
        "Open service points (all types)",
    ]
    view = table.set_index("Area")
    works = workers.set_index("level")["estimate"]
    lives = migrants.set_index("level")["estimate"]
    pd.testing.assert_series_equal(
        view["Employed migrants working there"].reindex(works.index), works, check_names=False
    )
    pd.testing.assert_series_equal(
        view["Migrant households living there"].reindex(lives.index), lives, check_names=False
    )
    # The points of an area are the published total of that area = the sum over types.
    by_type = services_display.coverage_for_display(services, migrants, "en").set_index("Area")
    assert (view["Open service points (all types)"].reindex(by_type.index)
            == by_type.iloc[:, 1:].sum(axis=1)).all()  # fmt: skip
    # Planted: the largest admin1 unit draws commuters, so more work than live there.
    capital = view.loc["Bogotá, D.C."]
    assert capital["Employed migrants working there"] > capital["Migrant households living there"]
    assert table.attrs["units"]["Open service points (all types)"] == "total"
    assert services_display.work_asked(workers)
    (note,) = reader_notes(table, "en")
    n_workers = int(services_display.n_migrant_workers(workers))
    assert f"Employed migrants working there {n_workers:,}" in note
    assert (
        services_display.n_migrant_workers(workers)
        == ((survey["group"] == "migrant") & survey["work_admin1"].notna()).sum()
    )
    older = publish(
        workers_by_area(
            survey.drop(columns="work_admin1"), country="COL", period=PERIOD
        ).to_results("COL", PERIOD)
    )
    assert not services_display.work_asked(older)
