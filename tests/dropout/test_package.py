"""Package rules: imports point down, modules stay small, feasibility and explanation frames."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import evidence.dropout as dropout
from evidence.dropout import (
    MIN_DROPOUTS,
    MIN_SCHOOLS,
    DropoutRiskModel,
    assess_feasibility,
    explain_risk_model,
    factors_side_by_side,
    fit_dropout_logit,
    training_data,
)
from evidence.dropout.results import MODEL_RESULT_COLUMNS, ResultRow, results_frame
from evidence.errors import OptionError

PACKAGE = Path(dropout.__file__).parent
FORBIDDEN = (
    "evidence.report",
    "evidence.figures",
    "evidence.descriptive",
    "evidence.i18n",
    "evidence.studies",
    "evidence.cli",
    "evidence.regional",
    "evidence.integration",
    "matplotlib",
    "seaborn",
)


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("module", sorted(PACKAGE.glob("*.py")), ids=lambda p: p.name)
def test_modules_import_downward_only_and_stay_small(module: Path) -> None:
    for name in _imports(module):
        assert not name.startswith(FORBIDDEN), f"{module.name} imports {name}"
    text = module.read_text()
    assert len(text.splitlines()) < 400
    assert ast.get_docstring(ast.parse(text)), f"{module.name} has no module docstring"


def test_feasibility_counts_and_message(linked) -> None:  # type: ignore[no-untyped-def]
    small = assess_feasibility(linked("CUW", 0, 1.0).frame)
    assert not small.ok and small.n_dropouts < MIN_DROPOUTS
    assert small.message.startswith("too few dropouts to fit")
    big = assess_feasibility(linked("PER", 0, 0.5).frame)
    assert big.ok and big.n_schools >= MIN_SCHOOLS
    table = big.to_results("PER", "2023-12")
    assert tuple(table.columns) == MODEL_RESULT_COLUMNS
    assert table.set_index("indicator").loc["dropout_model_dropouts", "estimate"] == big.n_dropouts


def test_results_rows_check_unit_country_and_period() -> None:
    row = ResultRow("dropout_x", 1.0, "index", 10)
    with pytest.raises(OptionError):
        results_frame([row], "XXX", "2023-12")
    with pytest.raises(OptionError):
        results_frame([ResultRow("dropout_x", 1.0, "percent", 10)], "PER", "2023-12")  # type: ignore[arg-type]
    assert results_frame([row], "LAC", "2023-12")["country"].item() == "LAC"


def test_explanation_ranks_planted_factors_and_sits_beside_the_logit(linked) -> None:  # type: ignore[no-untyped-def]
    frame = linked("PER", 1, 0.6).frame
    x, y, groups = training_data(frame)
    explanation = explain_risk_model(
        DropoutRiskModel(max_iter=30, random_state=0), x, y, groups, n_splits=3, n_repeats=2,
        pd_sample=300,
    )  # fmt: skip
    importance = explanation.importance.set_index("feature")["importance"]
    assert importance["attendance_rate"] > 0.02  # the strongest planted factor
    assert importance["attendance_rate"] > importance["school_rating_resources"]
    curve = explanation.partial_dependence
    attendance = curve[curve["feature"] == "attendance_rate"].sort_values("value")
    assert attendance["mean_risk"].iloc[0] > attendance["mean_risk"].iloc[-1]
    side = factors_side_by_side(explanation, fit_dropout_logit(frame)).set_index("feature")
    assert side.loc["attendance_rate", "term"] == "attendance_per_10_points"
    assert side.loc["attendance_rate", "odds_ratio"] < 1
    assert np.isnan(side.loc["school_rating_resources", "odds_ratio"])
    assert isinstance(explanation.to_frame(), pd.DataFrame)


def test_every_model_result_passes_the_one_publication_path(linked) -> None:  # type: ignore[no-untyped-def]
    from evidence.dropout import cross_validate_risk, evaluate
    from evidence.indicators.publish import publish

    frame = linked("PER", 2, 0.5).frame
    x, y, groups = training_data(frame)
    cv = cross_validate_risk(DropoutRiskModel(max_iter=10, random_state=0), x, y, groups)
    by = {"group": np.where(x["migrant"] == 1, "migrant", "national")}
    tables = [
        fit_dropout_logit(frame).to_results("PER", "2023-12"),
        evaluate(y, cv.risk, groups=groups, by=by, n_boot=10).to_results("PER", "2023-12"),
        assess_feasibility(frame).to_results("PER", "2023-12"),
    ]
    published = publish(pd.concat(tables, ignore_index=True))
    assert len(published) == sum(len(t) for t in tables)
    assert published["unit"].notna().all()
