"""No student leaves the restricted data: a canary student planted in the curated students of
one country never appears in anything the integration study publishes.

The country is made large enough for the dropout models to be fitted (the path that handles
individual risks), the canary is a dropout (so it would top any risk list), and every file
the build writes (notebook, HTML, PDF text, results CSV, manifest, index) is scanned.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pypdf import PdfReader

from evidence.ingest import ingest_period
from evidence.paths import curated_dir
from evidence.studies import run_period
from evidence.synth import write_synthetic

pytestmark = pytest.mark.slow
PERIOD = "2023-12"
CANARY = "c0ffee00c0ffee00c0ffee00c0ffee00"  # a pseudonym a reader recognises


def plant_canary(root: Path) -> str:
    """Give one dropout of Colombia's curated students the canary pseudonym; return the
    pseudonym it replaced."""
    files = sorted(curated_dir("students", PERIOD, "COL", root).glob("*.parquet"))
    frame = pd.read_parquet(files[0])
    dropouts = frame.index[frame["dropout_followup"].fillna(False).astype(bool)]
    replaced = str(frame.loc[dropouts[0], "student_id"])
    frame.loc[dropouts[0], "student_id"] = CANARY
    frame.to_parquet(files[0], index=False)
    return replaced


def file_text(path: Path) -> str:
    if path.suffix == ".pdf":
        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return path.read_bytes().decode("utf-8", errors="replace")


def test_the_canary_student_is_in_no_published_file(tmp_path: Path, evidence_kernel: str) -> None:
    root, reports = tmp_path / "data", tmp_path / "reports"
    write_synthetic(period=PERIOD, seed=5, scale=0.1, countries=("COL",), root=root, error_rate=0)
    assert ingest_period(PERIOD, countries=("COL",), root=root).ok
    replaced = plant_canary(root)
    from evidence import load

    students = load("students", country="COL", period=PERIOD, root=root)
    assert (students["student_id"] == CANARY).sum() == 1  # the canary is in the input

    run = run_period(
        PERIOD, countries="COL", studies="integration", formats="html,pdf", jobs=1,
        root=root, reports_dir=reports, progress=False,
    )  # fmt: skip
    assert run.ok, run.summary()
    files = [p for p in reports.rglob("*") if p.is_file()]
    suffixes = {p.suffix for p in files}
    assert {".ipynb", ".html", ".pdf", ".csv", ".json"} <= suffixes, suffixes
    results = next(p for p in files if p.name == "integration.results.csv").read_text()
    assert "dropout_model_roc_auc" in results  # the models were fitted: the risky path ran
    for path in files:
        text = file_text(path).lower()
        assert CANARY not in text, f"the canary student is in {path.relative_to(reports)}"
        assert replaced.lower() not in text, f"a student pseudonym is in {path}"
