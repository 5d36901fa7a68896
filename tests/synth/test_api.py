"""The generator's public surface: sizes, options, report, command line, purity."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from evidence.cli import app
from evidence.countries import COUNTRIES, ISO3_CODES
from evidence.errors import OptionError
from evidence.synth import DATASETS, SynthReport, synthesize, write_synthetic
from evidence.synth.corrupt import corrupt
from evidence.synth.layout import with_boolean_words, with_choice_columns
from evidence.synth.sizes import sizes_for


def test_sizes_follow_the_stock_with_floors() -> None:
    by_stock = [c.iso3 for c in sorted(COUNTRIES, key=lambda c: -c.stock_2023)]
    sizes = {iso3: sizes_for(iso3) for iso3 in ISO3_CODES}
    for attribute in ("flow_survey", "wifi_sessions", "integration_survey", "schools", "sites"):
        values = [getattr(sizes[iso3], attribute) for iso3 in by_stock]
        assert values == sorted(values, reverse=True), attribute
        assert values[0] > 3 * values[-1], attribute
    assert sizes["PRY"].flow_survey == 300 and sizes["PRY"].schools == 20  # floors
    assert 35_000 < sum(s.flow_survey for s in sizes.values()) < 50_000
    assert 1_500_000 < sum(s.wifi_sessions for s in sizes.values()) < 3_000_000
    assert all(1_000 <= s.integration_survey <= 6_000 for s in sizes.values())
    assert abs(sizes_for("COL", scale=10).wifi_sessions - 10 * sizes["COL"].wifi_sessions) <= 10


def test_generated_rows_follow_the_stock(dirty_run: SynthReport) -> None:
    rows = dirty_run.to_frame().pivot(index="dataset", columns="country", values="rows")
    for dataset in (
        "flow_survey",
        "wifi_sessions",
        "portal_forms",
        "students",
        "integration_survey",
    ):
        assert rows.loc[dataset, "COL"] > rows.loc[dataset, "PER"], dataset


def test_report_frames_and_text(dirty_run: SynthReport) -> None:
    frame = dirty_run.to_frame()
    assert len(frame) == len(DATASETS) * 2
    assert set(frame["dataset"]) == set(DATASETS)
    assert frame["injected_errors"].sum() == len(dirty_run.injected) > 0
    assert all(Path(p).is_file() for p in frame["path"])
    text = dirty_run.summary()
    assert "wifi_sessions" in text and "total" in text and f"{frame['rows'].sum():,}" in text
    assert "<table" in dirty_run._repr_html_()
    manifest = pd.read_csv(dirty_run.root / "synth" / "2023-12" / "manifest.csv")
    assert manifest["rows"].sum() == frame["rows"].sum()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"period": "2023-13"}, "YYYY-MM"),
        ({"period": "2023-12", "scale": 0}, "scale"),
        ({"period": "2023-12", "seed": -1}, "seed"),
        ({"period": "2023-12", "error_rate": 0.6}, "error_rate"),
        ({"period": "2023-12", "countries": ["VEN"]}, "allowed"),
    ],
)
def test_bad_options_are_named(kwargs: dict[str, object], message: str, tmp_path: Path) -> None:
    with pytest.raises(OptionError, match=message):
        write_synthetic(root=tmp_path, **kwargs)  # type: ignore[arg-type]
    assert not (tmp_path / "raw").exists()


def test_unknown_dataset_is_named() -> None:
    with pytest.raises(OptionError, match="allowed: sites"):
        synthesize("households", "COL", "2023-12")


def test_command_line_writes_the_files(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["synth", "--period", "2023-11", "--seed", "2", "--scale", "0.02",
              "--countries", "PRY,URY", "--root", str(tmp_path)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "integration_survey" in result.output
    assert (tmp_path / "raw" / "wifi_sessions" / "2023-11" / "URY.parquet").is_file()
    assert (tmp_path / "raw" / "students" / "2023-11" / "PRY.csv").is_file()


def test_raw_renderings_do_not_mutate_their_input() -> None:
    survey = synthesize("flow_survey", "PRY", "2023-12", scale=0.5)
    before = survey.copy()
    with_boolean_words(survey, "flow_survey", "BRA")
    with_choice_columns(survey, "flow_survey")
    corrupted, injected = corrupt(survey, "flow_survey", "PRY", 0.05, 0, ("2023-12",))
    pd.testing.assert_frame_equal(survey, before)
    assert len(injected) == round(0.05 * len(survey))
    assert not corrupted.equals(survey)
    assert np.array_equal(corrupted.columns, survey.columns)
