"""Service points by area against where migrants live, and the caregiver level.

Counts of service points are checked by hand on a small registry; the weighted shares of
migrant households by admin1 against the weighted counts computed directly (the point
estimate of a domain proportion is the ratio of weighted sums); the caregiver comparison
against the indicator engine on the same data and the relationships planted in the data.
"""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.indicators import compute, load_catalogue
from evidence.indicators.publish import publish
from evidence.integration import (
    CAREGIVER_INDICATORS,
    caregiver_outcomes,
    migrants_by_area,
    service_points_by_area,
)
from evidence.synth import synthesize_country


def registry() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "admin1": ["Norte", "Norte", "Sur", "Sur", "Sur"],
            "service_type": ["health", "health", "shelter", "gbv_response", "health"],
            "status": ["open", "open", "open", "closed", "open"],
        }
    )


def test_counts_by_area_and_type_with_zeros_for_areas_without_services() -> None:
    services = registry()
    before = services.copy()
    table = service_points_by_area(services, areas=["Este"])
    pd.testing.assert_frame_equal(services, before)
    view = table.to_frame().set_index("admin1")
    assert list(view.index) == ["Este", "Norte", "Sur"]
    assert view.loc["Norte", "health"] == 2 and view.loc["Sur", "health"] == 1
    assert view.loc["Sur", "gbv_response"] == 0  # closed: not counted
    assert (view.loc["Este"] == 0).all()
    rows = table.to_results("COL", "2023-12")
    assert set(rows["unit"]) == {"total"} and rows["se"].isna().all()
    assert (rows["n"] == 4).all()  # the open service points of the registry
    total = rows[rows["disaggregation"] == "service_type"].set_index("level")["estimate"]
    assert total["health"] == 3 and total["mhpss"] == 0


@pytest.mark.parametrize("seed", [0, 5])
def test_migrant_shares_by_area_are_weighted_shares(seed: int) -> None:
    survey = synthesize_country("COL", "2023-12", seed, scale=0.3,
                                datasets=("integration_survey",))["integration_survey"]  # fmt: skip
    rows = publish(migrants_by_area(survey, country="COL", period="2023-12").to_results(
        "COL", "2023-12"))  # fmt: skip
    migrants = survey[survey["group"] == "migrant"]
    expected = migrants.groupby("admin1")["weight"].sum() / migrants["weight"].sum()
    got = rows.set_index("level")["estimate"]
    pd.testing.assert_series_equal(
        got.sort_index(), expected.sort_index(), check_names=False, atol=1e-12
    )
    assert got.sum() == pytest.approx(1.0)
    numerators = rows.set_index("level")["numerator"]
    assert (numerators == migrants["admin1"].value_counts().reindex(numerators.index)).all()
    assert (rows["ci_low"] <= rows["estimate"]).all() and (rows["unit"] == "proportion").all()
    assert (rows["indicator"] == "prop_migrants_admin1").all()


@pytest.mark.parametrize("seed", [0, 2])
def test_synthetic_registry_has_the_planted_gaps(seed: int) -> None:
    data = synthesize_country("PER", "2023-12", seed, datasets=("services", "integration_survey"))
    lived = sorted(set(data["integration_survey"]["admin1"]))
    view = service_points_by_area(data["services"], areas=lived).to_frame().set_index("admin1")
    # MHPSS and GBV response only in the two largest admin1 units (evidence.synth.services).
    assert (view[["mhpss", "gbv_response"]].sum(axis=1) > 0).sum() <= 2
    assert set(lived) <= set(view.index)


def test_caregiver_level_equals_the_indicator_engine_and_shows_the_planted_barriers() -> None:
    caregivers = synthesize_country("COL", "2023-12", 1, datasets=("caregivers",))["caregivers"]
    comparison = caregiver_outcomes(caregivers, country="COL", period="2023-12")
    engine = compute(load_catalogue(), caregivers, country="COL", period="2023-12",
                     dataset="caregivers", indicators=CAREGIVER_INDICATORS).to_frame()  # fmt: skip
    pd.testing.assert_frame_equal(
        comparison.results[["analysis_key", "estimate", "ci_low", "ci_high", "n"]].reset_index(
            drop=True),
        engine[["analysis_key", "estimate", "ci_low", "ci_high", "n"]].reset_index(drop=True),
    )  # fmt: skip
    gaps = comparison.to_frame().set_index(["indicator", "level"])
    documents = gaps.loc[("prop_caregiver_barrier_documents", "total")]
    assert documents["gap_ci_low"] > 0  # planted: migrants, above all irregular, meet it more
    no_barrier = gaps.loc[("prop_caregiver_no_barrier", "total")]
    assert no_barrier["gap_ci_high"] < 0


def test_service_types_are_the_contract_codelist_in_one_place() -> None:
    """One constant per concept: the models and the display read ``SERVICE_TYPES`` from
    evidence.integration.services; the embedded data (a lower layer) keep their own copy,
    which must be the same codelist as the contract's."""
    from evidence.contracts import load_contract
    from evidence.display import services as services_display
    from evidence.integration import services as integration_services
    from evidence.synth import services as synth_services

    enum = load_contract("services").field("service_type").constraints.enum
    assert tuple(enum) == integration_services.SERVICE_TYPES
    assert synth_services.SERVICE_TYPES == integration_services.SERVICE_TYPES
    assert services_display.SERVICE_TYPES is integration_services.SERVICE_TYPES
