"""A study's change since earlier periods and its key messages, on curated data written from
the embedded default data with three months of flows (``synthesize(..., months=3)``, the data
of ``evidence synth --months 3``), without a kernel.

The change rows a study publishes equal the difference of the two periods' published
estimates; the first period has no earlier one: no change rows, and the sentence says so.
The movement trend reads every curated period up to the study's.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evidence import movement
from evidence.display import open_study
from evidence.display.change_results import change_block, change_sentence
from evidence.display.key_messages_view import KeyMessagesOutput
from evidence.display.table import StudyTable
from evidence.display.text import StudyText
from evidence.synth import synthesize

PERIODS = ("2023-10", "2023-11", "2023-12")
HEADLINE = [("rate_people_per_day", "total"), ("count_people_observed", "total")]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("months")
    counts = synthesize("flow_counts", "TTO", "2023-12", seed=2, scale=0.05, months=3)
    month = pd.to_datetime(counts["date"]).dt.strftime("%Y-%m")
    for period in PERIODS:
        folder = base / "curated" / "flow_counts" / f"period={period}" / "country=TTO"
        folder.mkdir(parents=True)
        counts[month == period].to_parquet(folder / "part-0.parquet", index=False)
    return base


def _flows(root: Path, period: str):  # type: ignore[no-untyped-def]
    study = open_study("movement", country="TTO", period=period, data_root=root)
    flows = study.results(movement.flow_headline(study.load("flow_counts")))
    return study, flows


def test_change_rows_are_the_difference_of_the_published_periods(root: Path) -> None:
    study, flows = _flows(root, "2023-12")
    _, before = _flows(root, "2023-11")
    changes = study.change(flows, "flow_counts", movement.flow_headline)
    # 2022-12 has no data: only the change since the previous month.
    assert changes["indicator"].str.endswith("_change_prev_period").all() and len(changes)
    for _, change in changes.iterrows():
        code = change["indicator"].removesuffix("_change_prev_period")
        a = flows.loc[flows["indicator"] == code, "estimate"].item()
        b = before.loc[before["indicator"] == code, "estimate"].item()
        assert change["estimate"] == pytest.approx(a - b, abs=1e-9)
    published = study.published.to_frame()
    assert set(changes["analysis_key"]) <= set(published["analysis_key"])
    block = change_block(study, HEADLINE, labels={})
    assert isinstance(block, StudyTable)
    assert "2023-11" in block.to_markdown()
    # The change column's cells are the published change rows, signed, by kind.
    fields = {"previous": "2023-11", "year_earlier": "2022-12"}
    column = block.header.index(study.t("change.column.prev_period", **fields))
    rate = changes.loc[changes["indicator"] == "rate_people_per_day_change_prev_period"]
    shown = block.rows[0][column].lstrip("+")
    assert shown == study.number(rate["estimate"].item(), "rate").lstrip("+")
    assert study.t("change.column.prev_year", **fields) not in block.header


def test_the_first_period_has_no_change_and_says_so(root: Path) -> None:
    study, flows = _flows(root, "2023-10")
    changes = study.change(flows, "flow_counts", movement.flow_headline)
    assert changes.empty
    published = study.published.to_frame()
    assert not published["indicator"].str.contains("_change_").any()
    block = change_block(study, HEADLINE, labels={})
    assert isinstance(block, StudyTable)  # the headline alone: no change column
    assert len(block.header) == 2 and "2023-09" not in block.to_markdown()
    sentence = change_sentence(study)
    assert isinstance(sentence, StudyText)
    assert "2023-09" in sentence.markdown and "2022-10" in sentence.markdown


def test_history_is_every_period_up_to_the_study(root: Path) -> None:
    study = open_study("movement", country="TTO", period="2023-11", data_root=root)
    history = study.load_history("flow_counts")
    assert sorted(history["period"].unique()) == ["2023-10", "2023-11"]


def test_key_messages_outside_a_kernel_cite_published_rows(root: Path) -> None:
    study, flows = _flows(root, "2023-12")
    output = study.key_messages()  # no kernel: an object that writes the messages when shown
    assert isinstance(output, KeyMessagesOutput)
    study.change(flows, "flow_counts", movement.flow_headline)
    data, metadata = output._repr_mimebundle_()
    cited = metadata["evidence"]["key_messages"]
    published = study.published.to_frame()
    keys = set(zip(published["country"], published["analysis_key"], strict=True))
    assert cited and all(tuple(pair) in keys for message in cited for pair in message["cites"])
    assert any(m["key"].startswith("key_messages.movement.flow_change_prev_period") for m in cited)
    assert "2023-11" in data["text/markdown"]
