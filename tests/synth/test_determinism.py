"""Same seed, same bytes; another seed, other bytes; streams independent of what else runs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from evidence.synth import DATASETS, SynthReport, synthesize, synthesize_country, write_synthetic

RunSynth = Callable[[Path, int, float], SynthReport]


def file_bytes(report: SynthReport) -> dict[tuple[str, str], bytes]:
    return {
        (row.dataset, row.country): Path(row.path).read_bytes()
        for row in report.files.itertuples(index=False)
    }


def test_same_seed_gives_identical_files(dirty_run: SynthReport, tmp_path: Path) -> None:
    # The fixture wrote one country after the other; this run writes both at once.
    again = write_synthetic(
        "2023-12", seed=0, scale=0.03, countries=["COL", "PER"], root=tmp_path, error_rate=0.02,
        jobs=2,
    )  # fmt: skip
    assert list(again.files["country"].unique()) == ["COL", "PER"]
    assert file_bytes(again) == file_bytes(dirty_run)
    pd.testing.assert_frame_equal(again.injected, dirty_run.injected)
    for name in ("injected_errors.csv", "surges.csv", "manifest.csv"):
        first = (dirty_run.root / "synth" / "2023-12" / name).read_text(encoding="utf-8")
        second = (tmp_path / "synth" / "2023-12" / name).read_text(encoding="utf-8")
        assert first.replace(str(dirty_run.root), "") == second.replace(str(tmp_path), "")


def test_another_seed_gives_other_files(
    dirty_run: SynthReport, run_synth: RunSynth, tmp_path: Path
) -> None:
    other = file_bytes(run_synth(tmp_path, 1, 0.02))
    for key, content in file_bytes(dirty_run).items():
        if key[0] == "countries":  # the country table is fact, not random
            assert other[key] == content
        else:
            assert other[key] != content, key


def test_a_country_does_not_depend_on_the_others(dirty_run: SynthReport, tmp_path: Path) -> None:
    alone = write_synthetic(
        "2023-12", seed=0, scale=0.03, countries=["PER"], root=tmp_path, error_rate=0.02
    )
    expected = {k: v for k, v in file_bytes(dirty_run).items() if k[1] == "PER"}
    assert file_bytes(alone) == expected


def test_one_dataset_equals_the_same_dataset_of_the_whole_country() -> None:
    whole = synthesize_country("PRY", "2023-12", seed=3, scale=0.05)
    for dataset in DATASETS:
        pd.testing.assert_frame_equal(
            synthesize(dataset, "PRY", "2023-12", seed=3, scale=0.05), whole[dataset]
        )


def test_periods_differ() -> None:
    december = synthesize("flow_survey", "PRY", "2023-12", scale=0.05)
    november = synthesize("flow_survey", "PRY", "2023-11", scale=0.05)
    assert not december["survey_id"].isin(november["survey_id"]).any()
    assert november["interview_date"].str.startswith("2023-11").all()
