"""The DuckDB Wi-Fi headline, hour profile and pages table (evidence.movement.wifi_summaries)
equal the pandas functions the movement study used before (wifi_headline, hour_profile,
top_pages) on small tables, sessions without pages recorded included, from a frame and
from curated Parquet."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evidence.movement.headlines import wifi_headline
from evidence.movement.wifi_scan import curated_sessions
from evidence.movement.wifi_summaries import wifi_summaries
from evidence.movement.wifi_usage import hour_profile, top_pages
from tests.movement.wifi_frames import HAND_MADE, PAGES, random_sessions, sessions, write_curated


def with_unrecorded_pages(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    """Pages missing (all categories) on about a fifth of the sessions."""
    out = frame.copy()
    missing = np.random.default_rng(seed).random(len(out)) < 0.2
    for page in PAGES:
        out[f"pages_visited/{page}"] = out[f"pages_visited/{page}"].astype("boolean")
        out.loc[missing, f"pages_visited/{page}"] = pd.NA
    return out


def assert_same(frame: pd.DataFrame, ours_source: object, min_count: int = 5) -> None:
    ours = wifi_summaries(ours_source, min_count=min_count)  # type: ignore[arg-type]
    assert ours.headline == wifi_headline(frame)
    pd.testing.assert_frame_equal(
        ours.hours.to_frame(), hour_profile(frame, min_count=min_count).to_frame()
    )
    reference = top_pages(frame, min_count=min_count)
    pd.testing.assert_frame_equal(ours.pages.to_frame(), reference.to_frame())
    assert ours.pages.notes == reference.notes
    assert ours.recorded == int(ours.pages.to_frame()["sessions_recorded"].iloc[0])
    pd.testing.assert_frame_equal(
        ours.pages.to_results("COL", "2023-12"), reference.to_results("COL", "2023-12")
    )


def test_hand_made_table_read_by_eye() -> None:
    frame = sessions(HAND_MADE)
    ours = wifi_summaries(frame, min_count=1)
    # 6 sessions of 3 devices at 2 sites; a and b came back (more than one session); 4 express.
    assert ours.headline.sessions == 6 and ours.headline.devices == 3
    assert ours.headline.sites == 2
    assert ours.headline.share_returning == pytest.approx(2 / 3)
    assert ours.headline.share_express == pytest.approx(4 / 6)
    hours = ours.hours.to_frame().set_index("hour")
    assert hours.loc[8, "express"] == 2 and hours.loc[10, "sessions"] == 2
    pages = ours.pages.to_frame().set_index("page")
    assert pages.loc["maps", "sessions"] == 6 and pages.loc["r4v_info", "devices"] == 2
    assert_same(frame, frame, min_count=1)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_equals_the_pandas_functions(seed: int) -> None:
    frame = with_unrecorded_pages(random_sessions(seed), seed)
    before = frame.copy()
    assert_same(frame, frame)
    pd.testing.assert_frame_equal(frame, before)


def test_from_curated_parquet(tmp_path: Path) -> None:
    frame = with_unrecorded_pages(random_sessions(5), 5)
    colombia = frame[frame["site_id"].str.startswith("COL")].reset_index(drop=True)
    write_curated(frame, tmp_path)
    source = curated_sessions("2023-12", "COL", tmp_path)
    assert_same(colombia, source)
