"""The catalogue's variable and universe language: parsing, evaluation, missing answers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.errors import ContractError
from evidence.indicators.expressions import (
    Expression,
    evaluate,
    in_universe,
    parse_expression,
    parse_universe,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("employed", Expression("employed")),
        ("needs/food", Expression("needs/food")),
        ("intention == stay", Expression("intention", "==", ("stay",))),
        ("document_type != none", Expression("document_type", "!=", ("none",))),
        ("regular_status in [irregular, in_process]",
         Expression("regular_status", "in", ("irregular", "in_process"))),
        ("age_group == 18_24", Expression("age_group", "==", ("18_24",))),
    ],
)  # fmt: skip
def test_parse(text: str, expected: Expression) -> None:
    assert parse_expression(text, "here") == expected
    assert parse_expression(str(expected), "here") == expected


@pytest.mark.parametrize("text", ["", "a b", "x == ", "x in y", "x in []", "__import__('os')", 3])
def test_parse_rejects_anything_else(text: object) -> None:
    with pytest.raises(ContractError, match="here"):
        parse_expression(text, "here")


def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "status": pd.Series(["regular", "irregular", "dont_know", None, "in_process"],
                                dtype="string"),
            "flag": pd.Series([True, False, None, True, False], dtype="boolean"),
            "age": pd.Series([17, 18, 60, None, 45], dtype="Int64"),
            "kind": pd.Categorical(["a", "b", "a", None, "b"]),
        }
    )  # fmt: skip


def values(series: pd.Series) -> list[object]:
    return [None if v is pd.NA else bool(v) for v in series]


def test_comparisons_keep_missing_and_unknown_answers_missing() -> None:
    f = frame()
    assert values(evaluate(parse_expression("status == irregular", ""), f)) == [
        False, True, False, None, False,
    ]  # fmt: skip
    unknown = ("dont_know",)
    assert values(evaluate(parse_expression("status == irregular", ""), f, unknown)) == [
        False, True, None, None, False,
    ]  # fmt: skip
    assert values(evaluate(parse_expression("status != regular", ""), f, unknown)) == [
        False, True, None, None, True,
    ]  # fmt: skip
    assert values(evaluate(parse_expression("status in [regular, in_process]", ""), f)) == [
        True, False, False, None, True,
    ]  # fmt: skip
    # Booleans compare as true/false, categoricals as their codes.
    assert values(evaluate(parse_expression("flag == true", ""), f)) == [
        True, False, None, True, False,
    ]  # fmt: skip
    assert values(evaluate(parse_expression("kind == b", ""), f)) == [
        False, True, False, None, True,
    ]  # fmt: skip


def test_universe_conditions_all_hold_and_missing_is_outside() -> None:
    f = frame()
    universe = parse_universe(
        [{"column": "age", "min": 18, "max": 60}, {"column": "status", "not_in": ["regular"]}],
        "here",
    )
    assert in_universe(universe, f).tolist() == [False, True, True, False, True]
    assert in_universe(parse_universe({"column": "flag", "equals": True}, ""), f).tolist() == [
        True, False, False, True, False,
    ]  # fmt: skip
    assert in_universe(parse_universe(None, ""), f).all()
    assert np.array_equal(
        in_universe(parse_universe([{"column": "kind", "in": ["a"]}], ""), f),
        [True, False, True, False, False],
    )


@pytest.mark.parametrize(
    "raw",
    [
        [{"column": "age"}],
        [{"column": "age", "between": [1, 2]}],
        [{"column": "status", "in": []}],
        [{"in": ["a"]}],
        "age > 3",
    ],
)
def test_universe_rejects_malformed_conditions(raw: object) -> None:
    with pytest.raises(ContractError, match="here"):
        parse_universe(raw, "here")


def test_evaluation_never_mutates_the_frame() -> None:
    f = frame()
    before = f.copy(deep=True)
    evaluate(parse_expression("status == irregular", ""), f, ("dont_know",))
    in_universe(parse_universe([{"column": "age", "min": 18}], ""), f)
    pd.testing.assert_frame_equal(f, before)
