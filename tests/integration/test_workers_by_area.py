"""Where employed migrants work (``workers_by_area``) against R's survey package, the
weighted shares computed directly, and data without the place-of-work question."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evidence.indicators.publish import publish
from evidence.integration import migrants_by_area, survey_areas, workers_by_area
from evidence.synth import synthesize

REFERENCE = Path(__file__).parent / "reference"


def test_shares_and_standard_errors_equal_r_survey_on_the_domain() -> None:
    """R: ``svymean(~factor(work_admin1), subset(design, group == "migrant" &
    !is.na(work_admin1)))`` with ``svydesign(ids = ~psu, strata = ~stratum, weights =
    ~weight, fpc = ~fpc)`` (tests/integration/reference/work_admin1_reference.R, survey
    4.1.1). Tolerance 1e-9 on estimates and standard errors."""
    data = pd.read_csv(REFERENCE / "work_admin1_data.csv", keep_default_na=False, na_values=[""])
    reference = pd.read_csv(REFERENCE / "work_admin1_results.csv").set_index("admin1")
    before = data.copy()
    rows = workers_by_area(data, country="COL", period="2023-12").to_results("COL", "2023-12")
    pd.testing.assert_frame_equal(data, before)
    got = rows.set_index("level")
    assert sorted(got.index) == sorted(reference.index)
    for column in ("estimate", "se"):
        pd.testing.assert_series_equal(
            got[column].sort_index(), reference[column].sort_index(), check_names=False,
            atol=1e-9, rtol=0,
        )  # fmt: skip
    workers = data[(data["group"] == "migrant") & data["work_admin1"].notna()]
    assert (got["n"] == len(workers)).all()
    numerators = workers["work_admin1"].value_counts()
    assert (got["numerator"] == numerators.reindex(got.index)).all()
    assert (rows["indicator"] == "prop_migrant_workers_admin1").all()
    assert (rows["disaggregation"] == "admin1").all() and (rows["unit"] == "proportion").all()


@pytest.mark.parametrize("seed", [0, 4])
def test_shares_are_weighted_shares_of_migrant_workers(seed: int) -> None:
    survey = synthesize("integration_survey", "TTO", "2023-12", seed=seed, scale=0.3)
    rows = workers_by_area(survey, country="TTO", period="2023-12").to_results("TTO", "2023-12")
    published = publish(rows)
    assert published["estimate"].isna().sum() == published["suppressed"].sum()
    workers = survey[(survey["group"] == "migrant") & survey["work_admin1"].notna()]
    expected = workers.groupby("work_admin1")["weight"].sum() / workers["weight"].sum()
    got = rows.set_index("level")["estimate"]
    pd.testing.assert_series_equal(
        got.sort_index(), expected.sort_index(), check_names=False, atol=1e-12
    )
    # The residence shares are unchanged by the shared estimator (the same domain as before).
    homes = migrants_by_area(survey, country="TTO", period="2023-12").to_frame()
    migrants = survey[survey["group"] == "migrant"]
    lived = migrants.groupby("admin1")["weight"].sum() / migrants["weight"].sum()
    pd.testing.assert_series_equal(
        homes.set_index("level")["estimate"].sort_index(), lived.sort_index(),
        check_names=False, atol=1e-12,
    )  # fmt: skip


def test_data_without_the_question_publish_no_rows() -> None:
    survey = synthesize("integration_survey", "ABW", "2023-12", seed=2, scale=0.2)
    for older in (survey.drop(columns="work_admin1"), survey.assign(work_admin1=None)):
        table = workers_by_area(older, country="ABW", period="2023-12")
        assert table.to_results("ABW", "2023-12").empty
    assert survey_areas(survey.drop(columns="work_admin1")) == sorted(set(survey["admin1"]))
    assert set(survey_areas(survey)) == set(survey["admin1"]) | set(survey["work_admin1"].dropna())
