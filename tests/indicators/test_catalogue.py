"""The indicator catalogue: the real file is valid and complete; mistakes are all reported.

Validation rules (evidence/indicators/validate.py): every indicator references real columns
and codes of its dataset's contract, its statistic suits the column, ids are unique and
start with the statistic, labels exist in es, pt and en, HXL hashtags are well formed.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from evidence.contracts import load_contract
from evidence.errors import ContractError
from evidence.indicators import (
    catalogue_from_mapping,
    catalogue_problems,
    load_catalogue,
    validate_catalogue,
)
from evidence.paths import CONTRACTS_DIR


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return yaml.safe_load((CONTRACTS_DIR / "indicators.yaml").read_text(encoding="utf-8"))


def test_the_catalogue_file_is_valid() -> None:
    catalogue = load_catalogue()
    assert catalogue_problems(catalogue) == []
    ids = [i.id for i in catalogue.indicators]
    assert len(ids) == len(set(ids))
    for indicator in catalogue.indicators:
        assert all(indicator.label.get(lang).strip() for lang in ("es", "pt", "en"))
        assert indicator.hxl.startswith("#indicator+")
    assert set(catalogue.datasets) >= {"flow_survey", "portal_forms", "integration_survey"}


def _variables(dataset: str) -> set[str]:
    return {str(i.variable) for i in load_catalogue().for_dataset(dataset).indicators}


@pytest.mark.parametrize(
    ("dataset", "question"),
    [
        ("flow_survey", "needs"),
        ("flow_survey", "risks"),
        ("portal_forms", "needs"),
        ("portal_forms", "risks"),
    ],
)
def test_every_choice_of_needs_and_risks_has_an_indicator(dataset: str, question: str) -> None:
    field = load_contract(dataset).field(question)
    assert set(field.choice_columns) <= _variables(dataset)


@pytest.mark.parametrize(
    ("dataset", "column"),
    [
        ("flow_survey", "intention"),
        ("flow_survey", "regular_status"),
        ("flow_survey", "document_type"),
        ("flow_survey", "group_type"),
        ("portal_forms", "intention"),
        ("portal_forms", "regularisation"),
    ],
)
def test_every_category_of_select_one_profiles_has_an_indicator(dataset: str, column: str) -> None:
    codes = load_contract(dataset).field(column).constraints.enum or ()
    assert {f"{column} == {code}" for code in codes} <= _variables(dataset)


def test_integration_indicators_cover_the_brief() -> None:
    ids = {i.id for i in load_catalogue().for_dataset("integration_survey").indicators}
    dimensions = ("psychological", "economic", "political", "social", "linguistic", "navigational")
    assert {f"mean_ipl_{d}" for d in dimensions} | {"mean_ipl_index"} <= ids
    assert {
        "prop_employed", "prop_informal", "mean_monthly_income", "median_monthly_income",
        "prop_has_bank_account", "prop_health_insurance", "ratio_children_enrolled",
        "prop_document_status_regular", "prop_discrimination_experienced",
    } <= ids  # fmt: skip


def broken(document: dict[str, Any], index: int, **changes: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    changed["indicators"][index].update(changes)
    return changed


def position(document: dict[str, Any], indicator_id: str) -> int:
    return next(i for i, x in enumerate(document["indicators"]) if x["id"] == indicator_id)


@pytest.mark.parametrize(
    ("indicator", "changes", "message"),
    [
        ("prop_needs_food", {"variable": "needs/fod"}, "column 'needs/fod' is not in the dataset"),
        ("prop_intention_stay", {"variable": "intention == stays"}, "code(s) ['stays']"),
        ("prop_needs_food", {"id": "needs_food"}, "starts with 'prop_'"),
        ("prop_needs_food", {"id": "prop_needs_water"}, "declared more than once"),
        ("mean_age", {"variable": "sex"}, "'sex' is string, not numeric"),
        ("prop_employed", {"variable": "monthly_income"}, "a proportion needs a boolean"),
        ("prop_needs_food", {"hxl": "need food"}, "is not a hashtag"),
        ("prop_needs_food", {"disaggregations": ["total", "age"]}, "disaggregate by integer"),
        ("prop_informal", {"universe": [{"column": "employed", "equals": "maybe"}]},
         "code(s) ['maybe']"),
        ("prop_informal", {"universe": [{"column": "sex", "min": 3}]}, "min/max on non-numeric"),
        ("prop_vulnerable", {"variable": "age_group"}, "must be a composite derived variable"),
        ("prop_sex_female", {"dataset": "flow_surveys"}, "no contract 'flow_surveys'"),
        ("prop_needs_food", {"version": 0}, "`version` must be an integer >= 1"),
    ],
)  # fmt: skip
def test_validation_names_the_indicator_and_the_problem(
    document: dict[str, Any], indicator: str, changes: dict[str, Any], message: str
) -> None:
    catalogue = catalogue_from_mapping(broken(document, position(document, indicator), **changes))
    with pytest.raises(ContractError) as error:
        validate_catalogue(catalogue)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"label": {"es": "a", "en": "b"}}, "label missing in ['pt']"),
        ({"type": "share"}, "`type` must be one of"),
        ({"variable": "needs/food ="}, "is not a variable"),
        ({"type": "quantile"}, "needs `quantile` in (0, 1)"),
        ({"type": "ratio"}, "a ratio needs `numerator` and `denominator`"),
        ({"disaggregations": ["sex", "sex"]}, "listed twice"),
    ],
)
def test_parsing_reports_form_errors(
    document: dict[str, Any], changes: dict[str, Any], message: str
) -> None:
    with pytest.raises(ContractError, match="indicators\\[") as error:
        catalogue_from_mapping(broken(document, 0, **changes))
    assert message in str(error.value)


def test_every_problem_is_reported_at_once(document: dict[str, Any]) -> None:
    changed = broken(document, 0, label={"es": "x"})
    changed["indicators"][1]["type"] = "share"
    changed["derived"][0]["cut"]["labels"] = ["only_one"]
    with pytest.raises(ContractError, match="3 problem") as error:
        catalogue_from_mapping(changed)
    for fragment in ("indicators[0]", "indicators[1]", "derived[0]"):
        assert fragment in str(error.value)
    catalogue = catalogue_from_mapping(
        broken(broken(document, 2, variable="needs/x"), 3, hxl="bad")
    )
    assert len(catalogue_problems(catalogue)) == 2


def test_catalogue_views() -> None:
    catalogue = load_catalogue()
    flow = catalogue.for_dataset("flow_survey")
    assert {i.dataset for i in flow.indicators} == {"flow_survey"}
    assert {d.dataset for d in flow.derived} == {"flow_survey"}
    assert "flow_survey" in catalogue.summary() and "<table" in catalogue._repr_html_()
    frame = catalogue.to_frame()
    assert list(frame["id"]) == [i.id for i in catalogue.indicators]
    with pytest.raises(ContractError, match="no indicator for dataset 'wifi_sessions'"):
        catalogue.for_dataset("wifi_sessions")
    with pytest.raises(ContractError, match="no indicator 'prop_x'"):
        catalogue.select(["prop_x"])


def test_a_disaggregation_by_an_unknown_column_names_the_fix_once(
    document: dict[str, Any],
) -> None:
    """A column made in a notebook (``pd.cut`` of age) is not known to the catalogue: the
    message says where to declare it, once, though two disaggregations use it."""
    changes = {"disaggregations": ["total", "age_band", "sex x age_band"]}
    catalogue = catalogue_from_mapping(
        broken(document, position(document, "prop_employed"), **changes)
    )
    with pytest.raises(ContractError) as error:
        validate_catalogue(catalogue)
    text = str(error.value)
    assert text.count("column 'age_band' is not in the dataset") == 1
    assert "declare it under `derived:` for integration_survey" in text
    assert "data_contracts/integration_survey.yaml" in text


def test_the_catalogue_prints_its_summary() -> None:
    catalogue = load_catalogue()
    assert repr(catalogue) == catalogue.summary()
    assert "Catalogue(version=" not in repr(catalogue)
