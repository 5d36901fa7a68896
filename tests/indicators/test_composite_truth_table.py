"""Composite indicators, checked on every combination of their inputs.

The flow-survey vulnerability composites of data_contracts/indicators.yaml have five
components: travelling_with_children (true/false/missing), pregnant_or_lactating and
disability (yes/no/dont_know/prefer_not_to_say/missing), older_person_in_group
(true/false/missing) and regular_status (regular/irregular/in_process/dont_know/missing):
3 x 5 x 5 x 3 x 5 = 1125 combinations. The rules (evidence/indicators/derive.py):

- vulnerable (any): true if any criterion is met, even when others are unknown; false only
  when every criterion is known and unmet; missing otherwise. dont_know and
  prefer_not_to_say are unknown, like an empty answer; in_process is not irregular.
- vulnerability_score (count): the number of criteria met, missing if any is unknown.

The expected values come from a plain, row-by-row restatement of those rules (``oracle``),
written independently of the vectorised code.
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

from evidence.indicators import derive, load_catalogue

BOOL = [True, False, None]
YES_NO = ["yes", "no", "dont_know", "prefer_not_to_say", None]
STATUS = ["regular", "irregular", "in_process", "dont_know", None]
UNKNOWN = {"dont_know", "prefer_not_to_say", None}


COMBINATIONS = list(itertools.product(BOOL, YES_NO, YES_NO, BOOL, STATUS))


def every_combination() -> pd.DataFrame:
    rows = COMBINATIONS
    columns = [
        "travelling_with_children",
        "pregnant_or_lactating",
        "disability",
        "older_person_in_group",
        "regular_status",
    ]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("travelling_with_children", "older_person_in_group"):
        frame[column] = frame[column].astype("boolean")
    for column in ("pregnant_or_lactating", "disability", "regular_status"):
        frame[column] = frame[column].astype("string")
    return frame


def criterion(value: object, met: object) -> bool | None:
    """True/False for a known answer, None for an unknown one."""
    if value in UNKNOWN:
        return None
    return value == met


def oracle(answers: tuple[object, ...]) -> tuple[bool | None, int | None]:
    children, pregnant, disability, older, status = answers
    criteria = [
        criterion(children, True),
        criterion(pregnant, "yes"),
        criterion(disability, "yes"),
        criterion(older, True),
        criterion(status, "irregular"),
    ]
    if any(c is True for c in criteria):
        vulnerable: bool | None = True
    elif all(c is False for c in criteria):
        vulnerable = False
    else:
        vulnerable = None
    score = None if any(c is None for c in criteria) else sum(bool(c) for c in criteria)
    return vulnerable, score


@pytest.fixture(scope="module")
def derived() -> pd.DataFrame:
    catalogue = load_catalogue()
    vulnerability = {"vulnerable", "vulnerability_score"}
    flow = [
        d
        for d in catalogue.derived
        if d.dataset == "flow_survey" and d.composite and d.name in vulnerability
    ]
    assert {d.name for d in flow} == vulnerability
    return derive(flow, every_combination())


def test_covers_every_combination(derived: pd.DataFrame) -> None:
    assert len(derived) == 3 * 5 * 5 * 3 * 5 == 1125
    assert not derived.drop(columns=["vulnerable", "vulnerability_score"]).duplicated().any()


def test_every_combination_matches_the_stated_rules(derived: pd.DataFrame) -> None:
    flags = derived["vulnerable"]
    scores = derived["vulnerability_score"]
    assert str(flags.dtype) == "boolean"
    for position, answers in enumerate(COMBINATIONS):
        vulnerable, score = oracle(answers)
        got_vulnerable, got_score = flags.iloc[position], scores.iloc[position]
        if vulnerable is None:
            assert got_vulnerable is pd.NA, answers
        else:
            assert got_vulnerable is not pd.NA and bool(got_vulnerable) is vulnerable, answers
        if score is None:
            assert np.isnan(got_score), answers
        else:
            assert got_score == score, answers


def test_rule_consequences(derived: pd.DataFrame) -> None:
    # A known score of 0 is exactly "known not vulnerable"; >= 1 implies vulnerable.
    known = derived["vulnerability_score"].notna()
    scores = derived.loc[known, "vulnerability_score"]
    flags = derived.loc[known, "vulnerable"].astype(bool)
    assert ((scores >= 1) == flags).all()
    # Unknown answers never make anyone vulnerable on their own.
    unknown_only = derived["vulnerable"].isna()
    assert derived.loc[unknown_only, "vulnerability_score"].isna().all()
    counts = derived["vulnerable"].value_counts(dropna=False)
    # 2 x 2 x 2 x 2 x 3 = 48 rows have every criterion known; 2 of them meet none
    # (status regular or in_process, everything else no).
    assert counts[False] == 2
    assert derived["vulnerability_score"].notna().sum() == 48
