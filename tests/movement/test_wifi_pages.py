"""The denominator of the shares of pages visited: sessions with and without page data."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.movement.wifi_pages import pages_coverage
from evidence.movement.wifi_usage import top_pages
from evidence.synth import synthesize


def hand_sessions() -> pd.DataFrame:
    ticks = {
        "pages_visited/news": [1, 0, None, 0, None],
        "pages_visited/migration": [0, 1, None, 1, None],
    }
    frame = pd.DataFrame({"device_id": ["a", "b", "c", "a", "d"]})
    for column, values in ticks.items():
        frame[column] = pd.array(values, dtype="boolean")
    return frame


def test_counts_by_hand() -> None:
    coverage = pages_coverage(hand_sessions())
    assert (coverage.sessions, coverage.with_pages, coverage.without_pages) == (5, 3, 2)
    rows = coverage.to_results("COL", "2023-12").set_index("indicator")
    assert rows.loc["count_sessions_without_pages", "estimate"] == 2
    assert rows.loc["share_sessions_without_pages", "estimate"] == pytest.approx(0.4)
    assert rows.loc["share_sessions_without_pages", "n"] == 5
    assert rows.loc["share_sessions_without_pages", "numerator"] == 2


def test_the_denominator_is_the_one_of_top_pages() -> None:
    sessions = synthesize("wifi_sessions", "PER", "2023-12", scale=0.02)
    coverage = pages_coverage(sessions)
    rows = top_pages(sessions).to_results("PER", "2023-12")
    recorded = rows.loc[rows["indicator"] == "count_sessions_with_pages", "estimate"].item()
    assert coverage.with_pages == recorded
    assert coverage.sessions == len(sessions) and 0 < coverage.without_pages < len(sessions)
