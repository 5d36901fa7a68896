"""The sites a top-k table leaves out (evidence.movement.sites_not_shown), and the "other
monitoring points" line of the movement study's table of the busiest sites: the line's
numbers are published rows, they add up with the shown sites to the country's total, and the
small-count rule withholds them like a site's."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.display import movement as shown
from evidence.display.table import study_table
from evidence.indicators.publish import publish
from evidence.movement import flows_by_site
from evidence.movement.sites_not_shown import flows_not_shown
from tests.movement.flow_frames import counts, simulated_month

ROWS = [
    ("COL-S001", "2023-12-01", 100, 0, 0),
    ("COL-S002", "2023-12-01", 60, 0, 0),
    ("COL-S003", "2023-12-01", 30, 0, 0),
    ("COL-S003", "2023-12-02", 6, 0, 0),
    ("COL-S004", "2023-12-01", 4, 0, 0),
]


def registry(ids: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"site_id": ids, "site_name": [f"Site {i[-1]}" for i in ids], "site_type": "border"}
    )


def test_the_sites_left_out_are_counted_by_hand() -> None:
    frame = counts(ROWS)
    before = frame.copy()
    table = flows_not_shown(frame, ["COL-S001", "COL-S002"]).to_frame().iloc[0]
    assert table["sites"] == 2 and table["total"] == 40
    assert table["share_of_total"] == pytest.approx(40 / 200)
    pd.testing.assert_frame_equal(frame, before)
    rows = publish(flows_not_shown(frame, ["COL-S001"]).to_results("COL", "2023-12"))
    by = rows.set_index("indicator")
    assert by.loc["total_sites_not_shown", "estimate"] == 3
    assert by.loc["count_people_observed_not_shown", "estimate"] == 100
    assert by.loc["share_people_observed_not_shown", "numerator"] == 100
    assert (rows["n"] == 100).all() and not rows["suppressed"].any()


def test_a_small_remainder_is_withheld_like_a_site() -> None:
    """The left-out people are the base of all three numbers: under the minimum count
    none is published (as a site under it has all its numbers withheld)."""
    rows = publish(
        flows_not_shown(counts(ROWS), ["COL-S001", "COL-S002", "COL-S003"]).to_results(
            "COL", "2023-12"
        )
    )
    assert rows["suppressed"].all() and rows["estimate"].isna().all()
    site = publish(flows_by_site(counts(ROWS)).to_results("COL", "2023-12"))
    assert site.loc[site["level"] == "COL-S004", "suppressed"].all()


def test_nothing_left_out_publishes_nothing() -> None:
    ids = ["COL-S001", "COL-S002", "COL-S003", "COL-S004"]
    assert flows_not_shown(counts(ROWS), ids).to_results("COL", "2023-12").empty


@pytest.mark.parametrize("seed", [0, 5])
def test_the_other_line_completes_the_top_sites_to_the_country_total(seed: int) -> None:
    month, _ = simulated_month(seed, n_sites=14)
    site_rows = publish(flows_by_site(month).to_results("COL", "2023-12"))
    top = shown.top_sites(site_rows, 10)
    rest = publish(flows_not_shown(month, top).to_results("COL", "2023-12"))
    ids = sorted(month["site_id"].unique())
    table = shown.sites_for_display(site_rows, registry(ids), "en", remainder=rest)
    assert len(table) == 11
    assert table.iloc[-1, 0] == "Other monitoring points (4)"
    people, share = table["People observed"], table["Share"]
    total = site_rows.loc[site_rows["indicator"] == "count_people_observed", "estimate"].sum()
    assert people.astype(float).sum() == pytest.approx(total)
    assert share.astype(float).sum() == pytest.approx(1.0)
    assert table.iloc[-1, 1] == "" and table["Days counted"].iloc[-1] == ""
    markdown = study_table(table, "x", "en", units=table.attrs["units"]).to_markdown()
    last = markdown.splitlines()[12]
    assert last.startswith("| Other monitoring points (4) |") and "–" not in last
    assert f"{people.iloc[-1]:,.0f}" in last


def test_a_withheld_remainder_stays_empty_and_without_a_count() -> None:
    frame = counts(ROWS)
    site_rows = publish(flows_by_site(frame).to_results("COL", "2023-12"))
    top = shown.top_sites(site_rows, 3)
    assert top == ["COL-S001", "COL-S002", "COL-S003"]
    rest = publish(flows_not_shown(frame, top).to_results("COL", "2023-12"))
    table = shown.sites_for_display(site_rows, registry(top), "es", top=3, remainder=rest)
    assert table.iloc[-1, 0] == "Otros puntos de monitoreo"
    assert np.isnan(table.iloc[-1, 3]) and np.isnan(table.iloc[-1, 5])
    without = shown.sites_for_display(site_rows, registry(top), "es", top=3)
    assert len(without) == 3


def test_pages_table_says_its_n_and_that_shares_add_up_to_more_than_all() -> None:
    from evidence.display.readers import reader_notes
    from evidence.movement import top_pages

    sessions = pd.DataFrame(
        {
            "device_id": [f"d{i}" for i in range(40)],
            "pages_visited/news": [True] * 30 + [False] * 6 + [None] * 4,
            "pages_visited/maps": [True] * 20 + [False] * 16 + [None] * 4,
        }
    )
    rows = publish(top_pages(sessions).to_results("COL", "2023-12"))
    table = shown.pages_for_display(rows, "en")
    notes = reader_notes(table, "en")
    assert notes[0].startswith("n (sessions with page data): 36.")
    assert "more than 100%" in notes[0]
