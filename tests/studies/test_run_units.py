"""Pieces of a run that need no kernel: lock, staging clean-up, fingerprints, manifest, index."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest

from evidence.errors import StudyError
from evidence.paths import curated_dir
from evidence.studies import read_manifest, run_period
from evidence.studies.build import study_record
from evidence.studies.index import render_index, write_index
from evidence.studies.lock import clear_stale_staging, period_lock
from evidence.studies.manifest import write_manifest
from evidence.studies.plan import is_up_to_date, plan_tasks
from tests.studies.links import index_links

PERIOD = "2023-12"


def _tasks(root: Path, reports: Path, notebooks: Path | None = None):  # type: ignore[no-untyped-def]
    from evidence.paths import NOTEBOOKS_DIR

    return plan_tasks(
        period=PERIOD,
        countries=("COL", "PER"),
        studies=("movement", "regional"),
        formats=("html",),
        engine="pandoc+typst",
        data_root=root,
        reports_dir=reports / PERIOD,
        notebooks_dir=notebooks or NOTEBOOKS_DIR,
        library_version="0.1.0",
    )


def _write(root: Path, dataset: str, iso3: str, frame: pd.DataFrame) -> None:
    folder = curated_dir(dataset, PERIOD, iso3, root)
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(folder / "part-0.parquet")


def test_fingerprint_follows_the_inputs_of_each_study(tmp_path: Path) -> None:
    _write(tmp_path, "flow_survey", "COL", pd.DataFrame({"a": [1, 2]}))
    before = {t.key: t.fingerprint for t in _tasks(tmp_path, tmp_path / "r")}
    assert set(before) == {
        "COL/movement",
        "PER/movement",
        "regional/es/regional",
        "regional/pt/regional",
        "regional/en/regional",
    }
    _write(tmp_path, "flow_survey", "PER", pd.DataFrame({"a": [3]}))
    after = {t.key: t.fingerprint for t in _tasks(tmp_path, tmp_path / "r")}
    assert after["COL/movement"] == before["COL/movement"]  # COL's inputs did not change
    assert after["PER/movement"] != before["PER/movement"]
    for language in ("es", "pt", "en"):  # it reads every country, in every language
        key = f"regional/{language}/regional"
        assert after[key] != before[key]


def test_up_to_date_needs_a_good_build_with_its_files(tmp_path: Path) -> None:
    task = _tasks(tmp_path, tmp_path / "r")[0]
    built = study_record(task, "built", {"total": 1.0})
    assert not is_up_to_date(task, built)  # the files are not there
    for path in task.outputs().values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    assert is_up_to_date(task, study_record(task, "built", {}))
    assert not is_up_to_date(task, study_record(task, "failed", {}, "boom"))
    assert not is_up_to_date(task, dataclasses.replace(built, fingerprint="other"))


def test_manifest_round_trip_and_index_escapes_errors(tmp_path: Path) -> None:
    tasks = _tasks(tmp_path, tmp_path / "r")
    records = {
        tasks[0].key: study_record(tasks[0], "failed", {"total": 2.0}, "<script>alert(1)</script>"),
        tasks[2].key: study_record(tasks[2], "built", {"kernel_start": 1.0, "total": 3.0}),
    }
    write_manifest(tasks[0].reports_dir, PERIOD, records, {"engine": "pandoc+typst"})
    again = read_manifest(tasks[0].reports_dir)
    assert again == records
    page = render_index(PERIOD, again, "en")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="COL/movement.error.json"' in page
    assert "1 built · 1 failed" in page
    assert "1 construidos · 1 fallidos" in render_index(PERIOD, again, "es")


def test_a_second_run_of_the_same_period_is_refused(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    with period_lock(reports / PERIOD), pytest.raises(StudyError, match="another `evidence run`"):
        run_period(PERIOD, countries="COL", studies="movement", root=tmp_path, reports_dir=reports)
    assert not (reports / PERIOD / "manifest.json").exists()


def test_leftovers_of_a_killed_run_are_cleared(tmp_path: Path) -> None:
    staging = tmp_path / ".staging"
    (staging / "COL-movement-1234abcd" / "media").mkdir(parents=True)
    (staging / "COL-movement-1234abcd" / "movement.html").write_text("half")
    assert clear_stale_staging(staging) == 1
    assert list(staging.iterdir()) == []
    assert clear_stale_staging(tmp_path / "absent") == 0


def test_a_missing_notebook_is_named(tmp_path: Path) -> None:
    with pytest.raises(StudyError, match=r"movement\.ipynb not found"):
        _tasks(tmp_path, tmp_path / "r", notebooks=tmp_path)


def test_every_link_of_every_index_page_resolves(tmp_path: Path) -> None:
    tasks = _tasks(tmp_path, tmp_path / "r")
    for task in tasks:
        for path in task.outputs().values():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("x")
    records = {task.key: study_record(task, "built", {"total": 1.0}) for task in tasks}
    folder = tasks[0].reports_dir
    write_manifest(folder, PERIOD, records, {"engine": "pandoc+typst"})
    write_index(folder, PERIOD, records)
    pages = sorted(folder.glob("index*.html"))
    names = ["index.en.html", "index.es.html", "index.html", "index.pt.html"]
    assert [p.name for p in pages] == names
    for page in pages:
        links = index_links(page.read_text(encoding="utf-8"))
        assert links, page.name
        missing = [href for href in links if not (folder / href).is_file()]
        assert missing == [], (page.name, missing)
        for language in ("es", "pt", "en"):  # the regional study in each language
            assert f"regional/{language}/regional.html" in links
        own = "index.es.html" if page.name == "index.html" else page.name  # Spanish by default
        assert {"index.es.html", "index.pt.html", "index.en.html"} - {own} <= set(links)
    english = (folder / "index.en.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in english and "Data period: December 2023 (2023-12)" in english
    assert "<td>Portuguese</td>" in english  # Brazil's studies are in Portuguese
    assert "Brasil" in (folder / "index.html").read_text(encoding="utf-8")
