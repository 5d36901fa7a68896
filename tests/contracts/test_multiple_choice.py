"""Kobo select_multiple questions load from both export layouts into one canonical form."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.contracts import canonicalise_choices, check_frame, load_contract
from tests.ingest.rawdata import sessions_frame

SESSIONS = load_contract("wifi_sessions")
PAGES = SESSIONS.field("pages_visited")


def split_layout(frame: pd.DataFrame, separator: str, blank: str = "") -> pd.DataFrame:
    """Layout 2: one 0/1 column per choice; an unanswered question leaves every cell empty."""
    listed = frame["pages_visited"].fillna("")
    out = frame.drop(columns=["pages_visited"])
    for choice in PAGES.choices:
        ticked = listed.str.split().map(lambda tokens, c=choice: c in tokens)
        out[f"pages_visited{separator}{choice}"] = ticked.map({True: "1", False: "0"}).where(
            listed != "", blank
        )
    return out


@pytest.mark.parametrize("separator", ["/", ".", "__"])
def test_both_layouts_give_identical_canonical_frames(separator: str) -> None:
    raw = sessions_frame(n=12)
    listed = check_frame(raw, SESSIONS)
    split = check_frame(split_layout(raw, separator), SESSIONS)
    assert listed.failures.empty and split.failures.empty
    pd.testing.assert_frame_equal(listed.frame, split.frame)
    pages = listed.frame[list(PAGES.choice_columns)]
    assert (pages.dtypes == "boolean").all()
    # Row 1 was "maps r4v_info"; row 2 unanswered: missing in every choice column.
    ticked = pages.loc[1][pages.loc[1]].index.tolist()
    assert ticked == ["pages_visited/r4v_info", "pages_visited/maps"]
    assert pages.loc[2].isna().all()


def test_unknown_choice_fails_enum_for_that_row_in_both_layouts() -> None:
    raw = sessions_frame(n=3)
    raw.loc[2, "pages_visited"] = "maps teleport"
    listed = check_frame(raw, SESSIONS).failures
    split_raw = split_layout(sessions_frame(n=3), "/")
    split_raw["pages_visited/teleport"] = ["0", "", "1"]
    split_raw.loc[2, [f"pages_visited/{c}" for c in PAGES.choices]] = "0"
    split_raw.loc[2, "pages_visited/maps"] = "1"
    split = check_frame(split_raw, SESSIONS).failures
    for table in (listed, split):
        assert table[["row", "column", "value", "rule"]].values.tolist() == [
            [3, "pages_visited", "teleport", "enum"]
        ]


def test_mixed_layouts_that_disagree_fail_choice_layout() -> None:
    raw = sessions_frame(n=2)  # row 1 "maps r4v_info", row 2 unanswered
    mixed = raw.assign(**{"pages_visited/maps": ["0", "1"]})
    table = check_frame(mixed, SESSIONS).failures
    assert table[["row", "rule"]].values.tolist() == [[1, "choice_layout"]]
    # Row 2: the listed column is empty, so the per-choice column answers the question.
    frame = check_frame(mixed, SESSIONS).frame
    assert bool(frame.loc[2, "pages_visited/maps"]) is True


def test_per_choice_cells_must_be_zero_or_one() -> None:
    raw = split_layout(sessions_frame(n=1), "/")
    raw["pages_visited/maps"] = "2"
    table = check_frame(raw, SESSIONS).failures
    assert table[["column", "rule"]].values.tolist() == [["pages_visited/maps", "type"]]


def test_missing_question_gives_missing_choice_columns() -> None:
    frame, failures = canonicalise_choices(pd.DataFrame(index=pd.RangeIndex(1, 3)), PAGES)
    assert failures.empty
    assert list(frame.columns) == list(PAGES.choice_columns)
    assert frame.isna().all().all()
