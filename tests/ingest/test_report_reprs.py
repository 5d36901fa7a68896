"""The reports a researcher meets first print their summary, not a dump of every row.

JupyterLab shows their HTML; the text repr is what a terminal, a log or a notebook without
HTML shows, and a dataclass repr of a frame of failures or files reads as noise."""

from __future__ import annotations

from pathlib import Path

from evidence.contracts.report import ValidationReport, dataset_failure
from evidence.ingest.report import FileResult, IngestReport
from evidence.synth import write_synthetic


def test_a_validation_report_prints_its_summary() -> None:
    failure = dataset_failure("", "unreadable", "UnreadableFileError: empty file", "f.csv")
    report = ValidationReport("flow_counts", "f.csv", 0, failure)
    assert repr(report) == report.summary()
    assert "ValidationReport(" not in repr(report)


def test_an_ingest_report_prints_its_summary() -> None:
    result = FileResult("sites", "URY", "raw/sites/2023-12/URY.csv", 7, 7, 0, "ok", "")
    report = IngestReport("2023-12", "data", (result,))
    assert repr(report) == report.summary()
    assert "FileResult(" not in repr(report)


def test_a_synth_report_prints_its_summary(tmp_path: Path) -> None:
    report = write_synthetic("2023-12", seed=0, scale=0.05, countries=["URY"], root=tmp_path)
    assert repr(report) == report.summary()
    assert "SynthReport(" not in repr(report)
