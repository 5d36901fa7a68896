"""Batch planning (few engine calls), analysis keys, and the age-group cut."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.errors import ContractError
from evidence.indicators import (
    analysis_key,
    load_catalogue,
    parse_analysis_key,
    plan_estimation,
)
from evidence.indicators.catalogue import Cut
from evidence.indicators.derive import cut_values


def test_flow_survey_plan_groups_by_statistic_and_disaggregations() -> None:
    catalogue = load_catalogue()
    plan = plan_estimation(catalogue, "flow_survey")
    flow = catalogue.for_dataset("flow_survey").indicators
    assert sorted(i for b in plan.batches for i in b.indicators) == sorted(i.id for i in flow)
    keys = [(b.statistic, b.quantile, b.disaggregations) for b in plan.batches]
    assert len(keys) == len(set(keys))
    # Every proportion with the default disaggregations is one call: needs, risks,
    # intentions, documents, status and vulnerability together.
    main = next(
        b for b in plan.batches if b.statistic == "proportion" and b.disaggregations ==
        ((), ("sex",), ("age_group",))
    )  # fmt: skip
    assert {"prop_needs_food", "prop_risks_theft", "prop_intention_stay", "prop_vulnerable"} <= set(
        main.indicators
    )
    assert main.overall and main.by == [("sex",), ("age_group",)]
    assert len(plan.batches) <= 6
    assert plan.summary().startswith("flow_survey: 59 indicators in")


def test_universes_do_not_split_batches() -> None:
    plan = plan_estimation(load_catalogue(), "integration_survey")
    proportions = [b for b in plan.batches if b.statistic == "proportion"]
    together = next(b for b in proportions if "prop_employed" in b.indicators)
    assert "prop_informal" in together.indicators  # universe: employed


def test_plan_is_deterministic() -> None:
    catalogue = load_catalogue()
    first = plan_estimation(catalogue, "integration_survey")
    again = plan_estimation(catalogue, "integration_survey")
    assert first.batches == again.batches
    pd.testing.assert_frame_equal(first.to_frame(), again.to_frame())


@pytest.mark.parametrize(
    ("variables", "values", "key"),
    [
        ((), (), "prop_needs_food @/@ total %/% total"),
        (("sex",), ("female",), "prop_needs_food @/@ sex %/% female"),
        (("sex", "age_group"), ("female", "18_24"),
         "prop_needs_food @/@ sex x age_group %/% female x 18_24"),
        (("migrant",), (True,), "prop_needs_food @/@ migrant %/% true"),
        (("migrant", "sex"), (np.False_, "male"),
         "prop_needs_food @/@ migrant x sex %/% false x male"),
    ],
)  # fmt: skip
def test_analysis_key_format_and_round_trip(
    variables: tuple[str, ...], values: tuple[object, ...], key: str
) -> None:
    assert analysis_key("prop_needs_food", variables, values) == key
    indicator, parsed_variables, levels = parse_analysis_key(key)
    assert indicator == "prop_needs_food" and parsed_variables == variables
    assert len(levels) == len(values)


def test_malformed_keys_are_rejected() -> None:
    with pytest.raises(ContractError, match="not an analysis key"):
        parse_analysis_key("prop_needs_food / sex / female")
    with pytest.raises(ContractError):
        analysis_key("x", ("sex",), ())


def test_age_groups_are_right_open_and_the_last_is_open_ended() -> None:
    cut = Cut(
        "age", (18.0, 25.0, 35.0, 50.0, 60.0), ("18_24", "25_34", "35_49", "50_59", "60_plus")
    )
    ages = pd.DataFrame({"age": pd.Series([17, 18, 24, 25, 34.99, 35, 59, 60, 100, None])})
    got = cut_values(cut, ages)
    assert [None if v is pd.NA else v for v in got] == [
        None, "18_24", "18_24", "25_34", "25_34", "35_49", "50_59", "60_plus", "60_plus", None,
    ]  # fmt: skip
