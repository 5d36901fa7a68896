"""End to end: small synthetic data generated and ingested, then real notebooks in real
kernels rendered to HTML and PDF for a Spanish (COL), a Portuguese (BRA) and an English (TTO)
country plus the regional study; then incremental skip, failure isolation with atomic
publication, and the Dask path. Kernel launches are kept few: one full build, then only the
studies each check needs.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import nbformat
import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from evidence import load
from evidence.cli import app
from evidence.disclosure import read_hxl_csv
from evidence.display.format import format_value
from evidence.display.params import COUNTRY_STUDIES
from evidence.i18n import format_number
from evidence.ingest import ingest_period
from evidence.paths import curated_dir
from evidence.studies import read_manifest, run_period
from evidence.studies.inputs import STUDY_INPUTS
from evidence.studies.present import present_notebook
from evidence.synth import write_synthetic
from tests.studies.links import index_links
from tests.studies.published_numbers import unpublished_numbers

pytestmark = pytest.mark.slow
PERIOD = "2023-12"
EARLIER = "2023-11"
COUNTRIES = ("COL", "BRA", "TTO")
LANGUAGE = {"COL": "es", "BRA": "pt", "TTO": "en"}
INTERVIEWED = {
    "COL": "Personas entrevistadas",
    "BRA": "Pessoas entrevistadas",
    "TTO": "People interviewed",
}


def pdf_text(path: Path) -> str:
    # Typst writes "Tabla 1" with a non-breaking space: compare with spaces normalised.
    return " ".join("\n".join(page.extract_text() for page in PdfReader(path).pages).split())


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, evidence_kernel: str) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("e2e")
    root, reports = base / "data", base / "reports"
    # Two months: the studies show their change since the previous one (columns).
    write_synthetic(
        period=PERIOD, seed=3, scale=0.02, countries=COUNTRIES, root=root, error_rate=0, months=2
    )
    for period in (EARLIER, PERIOD):
        assert ingest_period(period, countries=COUNTRIES, root=root).ok
    return {"root": root, "reports": reports, "period_dir": reports / PERIOD}


@pytest.fixture(scope="module")
def first_run(store: dict[str, Path]):  # type: ignore[no-untyped-def]
    return run_period(
        PERIOD,
        countries="COL,BRA,TTO",
        studies="all",
        formats="html,pdf",
        jobs=2,
        root=store["root"],
        reports_dir=store["reports"],
        progress=False,
    )


def test_every_study_is_built_in_html_and_pdf(first_run, store) -> None:  # type: ignore[no-untyped-def]
    assert first_run.ok, first_run.summary()
    assert len(first_run.records) == 12  # 3 countries × 3 studies + the regional in es, pt, en
    out = store["period_dir"]
    for iso3 in COUNTRIES:
        for study in ("movement", "risks", "integration"):
            for suffix in (".ipynb", ".html", ".pdf"):
                assert (out / iso3 / f"{study}{suffix}").stat().st_size > 0
    for language in ("es", "pt", "en"):
        for suffix in (".ipynb", ".html", ".pdf", ".results.csv"):
            assert (out / "regional" / language / f"regional{suffix}").exists()
    assert not list(out.rglob("*.failed.ipynb"))
    assert not (out / ".staging").exists()


def test_html_shows_the_country_numbers_in_its_language(first_run, store) -> None:  # type: ignore[no-untyped-def]
    out = store["period_dir"]
    for iso3 in COUNTRIES:
        survey = load("flow_survey", country=iso3, period=PERIOD, root=store["root"])
        n = format_number(len(survey), LANGUAGE[iso3])
        html = (out / iso3 / "movement.html").read_text(encoding="utf-8")
        assert f'lang="{LANGUAGE[iso3]}"' in html
        assert INTERVIEWED[iso3] in html
        sentence = re.search(r"<p>[^<]*\b" + re.escape(n) + r"\b[^<]*</p>", html)
        assert sentence, f"{iso3}: the respondent count {n} is in the narrative"
        for count in survey["direction"].value_counts():
            if count >= 5:  # smaller counts are withheld ("–"): see the test below
                assert f">{format_number(count, LANGUAGE[iso3])}</td>" in html
        for study in ("movement", "risks", "integration"):
            page = (out / iso3 / f"{study}.html").read_text(encoding="utf-8")
            assert "data:image/png;base64," in page
            assert "<table" in page and "import evidence" not in page and "open_study" not in page


def test_pdf_text_in_the_country_language_with_accents(first_run, store) -> None:  # type: ignore[no-untyped-def]
    out = store["period_dir"]
    assert "Movilidad humana: Colombia" in pdf_text(out / "COL" / "movement.pdf")
    assert "Parámetros utilizados" in pdf_text(out / "COL" / "risks.pdf")
    brazil = pdf_text(out / "BRA" / "movement.pdf")
    assert "Mobilidade humana: Brasil" in brazil and "Parâmetros utilizados" in brazil
    assert "Tabela 1:" in brazil and "Figura 1:" in brazil
    trinidad = pdf_text(out / "TTO" / "integration.pdf")
    assert "Socioeconomic integration: Trinidad and Tobago" in trinidad
    assert "Table 1:" in trinidad and "Parameters used" in trinidad
    regional = pdf_text(out / "regional" / "es" / "regional.pdf")
    assert "Panorama regional: América Latina y el Caribe" in regional
    for iso3, name in (("COL", "Colombia"), ("BRA", "Brasil")):
        n = len(load("flow_survey", country=iso3, period=PERIOD, root=store["root"]))
        assert f"{name} {format_number(n, 'es')}" in regional  # a real table row
    assert "Panorama regional: América Latina e Caribe" in pdf_text(
        out / "regional" / "pt" / "regional.pdf"
    )
    english = pdf_text(out / "regional" / "en" / "regional.pdf")
    assert "Regional overview: Latin America and the Caribbean" in english
    assert "Parameters used" in english


def _studies(out: Path) -> list[tuple[Path, str]]:
    places = [(out / iso3, LANGUAGE[iso3]) for iso3 in COUNTRIES]
    found = [(place / f"{s}.ipynb", lang) for place, lang in places for s in COUNTRY_STUDIES]
    regional = [(out / "regional" / lang / "regional.ipynb", lang) for lang in ("es", "pt", "en")]
    return [*found, *regional]


def test_every_number_shown_is_a_row_of_the_published_results(first_run, store) -> None:  # type: ignore[no-untyped-def]
    for notebook, language in _studies(store["period_dir"]):
        results_file = notebook.with_suffix(".results.csv")
        results = read_hxl_csv(results_file)
        assert len(results) and results["analysis_key"].notna().all()
        assert results_file.read_text(encoding="utf-8").splitlines()[1].startswith("#indicator")
        body = present_notebook(nbformat.read(notebook, as_version=4), language).markdown
        assert unpublished_numbers(body, results, language, PERIOD) == [], notebook
        html = notebook.with_suffix(".html").read_text(encoding="utf-8")
        assert f'href="{results_file.name}"' in html  # the reader can download it


def _table_cell(markdown: str, row: str, header: str) -> str:
    """The cell of a pipe table in ``markdown`` whose first cell is ``row``, under ``header``."""
    for block in markdown.split("\n\n"):
        lines = [line for line in block.splitlines() if line.startswith("|")]
        if not lines:
            continue
        head = [cell.strip() for cell in lines[0].strip("|").split("|")]
        if header not in head:
            continue
        for line in lines[2:]:
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if cells[0] == row:
                return cells[head.index(header)].replace("\\+", "+")
    raise AssertionError(f"no table with row {row!r} and column {header!r}")


def test_change_since_the_previous_month_is_a_column_of_the_tables(first_run, store) -> None:  # type: ignore[no-untyped-def]
    """The change columns show the published change rows: Colombia's flows per day in the
    regional table, each study's change column present in its language."""
    out = store["period_dir"]
    regional = out / "regional" / "es" / "regional.ipynb"
    results = read_hxl_csv(regional.with_suffix(".results.csv"))
    body = present_notebook(nbformat.read(regional, as_version=4), "es").markdown
    change = results[
        (results["country"] == "COL")
        & (results["indicator"] == "rate_people_per_day_change_prev_period")
    ]
    value = float(change["estimate"].item())
    shown = _table_cell(body, "Colombia", f"Cambio desde {EARLIER}")
    assert shown == ("+" if value > 0 else "") + format_value(value, "rate", "es")
    headers = {
        ("COL", "risks"): f"Cambio desde {EARLIER}",
        ("BRA", "integration"): f"Mudança da diferença desde {EARLIER}",
        ("TTO", "movement"): f"Change since {EARLIER}",
    }
    for (iso3, study), header in headers.items():
        notebook = nbformat.read(out / iso3 / f"{study}.ipynb", as_version=4)
        markdown = present_notebook(notebook, LANGUAGE[iso3]).markdown
        assert f"| {header} |" in markdown, (iso3, study)


def rows_in_order(results) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [
        (str(c), str(k)) for c, k in zip(results["country"], results["analysis_key"], strict=True)
    ]


def _key_messages(notebook: Path) -> tuple[list[dict[str, object]], str]:
    """The key-messages output of an executed study: its citations and its Markdown."""
    executed = nbformat.read(notebook, as_version=4)
    for cell in executed.cells:
        if cell.get("id") == "key-messages-top":
            (output,) = cell.outputs
            cited = output.get("metadata", {}).get("evidence", {}).get("key_messages")
            return list(cited or []), str(output["data"]["text/markdown"])
    raise AssertionError(f"{notebook} has no key-messages cell")


def test_key_messages_open_every_study_and_cite_published_rows(first_run, store) -> None:  # type: ignore[no-untyped-def]
    """update_display (papermill, nbclient) fills the placeholder shown in an early cell:
    the messages are the first section, each cites rows of the study's results table, and
    the sentences' numbers are checked with every other number above."""
    counts = {}
    for notebook, language in _studies(store["period_dir"]):
        cited, markdown = _key_messages(notebook)
        results = read_hxl_csv(notebook.with_suffix(".results.csv"))
        pairs = zip(results["country"], results["analysis_key"], strict=True)
        rows = {(str(c), str(k)) for c, k in pairs}
        for message in cited:
            assert {tuple(pair) for pair in message["cites"]} <= rows, (notebook, message)  # type: ignore[attr-defined]
        withheld = results["suppressed"].astype(str).str.lower().eq("true")
        hidden = {pair for pair, hide in zip(rows_in_order(results), withheld, strict=True) if hide}
        assert not any(tuple(p) in hidden for m in cited for p in m["cites"])  # type: ignore[attr-defined]
        counts[(notebook.parent.name, notebook.stem)] = len(cited)
        assert len(cited) <= 5
        if len(cited) < 3:  # thin data: the study says so
            assert markdown.count("\n- ") == len(cited) and "\n> " in markdown, notebook
        body = present_notebook(nbformat.read(notebook, as_version=4), language).markdown
        first_heading = next(line for line in body.splitlines() if line.startswith("## "))
        assert first_heading == markdown.splitlines()[0], notebook
    # At 2 % scale the integration survey is a few dozen households a group: most of its
    # estimates are withheld or have intervals crossing zero, so fewer messages (said above);
    # on the default data it gives 3-5 (tests/display/test_key_messages_default.py).
    for study in ("movement", "risks"):
        assert 3 <= counts[("COL", study)] <= 5, counts
    for language in ("es", "pt", "en"):  # the regional study in each language
        assert 3 <= counts[(language, "regional")] <= 5, counts


def test_a_small_country_shows_withheld_cells(first_run, store) -> None:  # type: ignore[no-untyped-def]
    # Trinidad and Tobago at 2 % scale: a few dozen interviews, so small cells abound.
    body = present_notebook(
        nbformat.read(store["period_dir"] / "TTO" / "movement.ipynb", as_version=4), "en"
    ).markdown
    results = read_hxl_csv(store["period_dir"] / "TTO" / "movement.results.csv")
    assert results["suppressed"].astype(str).str.lower().eq("true").any()
    tables = [block for block in body.split("\n\n") if block.startswith("|")]
    respondents = next(t for t in tables if "Total" in t.splitlines()[0])
    assert "| – |" in respondents or "– |" in respondents


def test_manifest_and_index(first_run, store) -> None:  # type: ignore[no-untyped-def]
    out = store["period_dir"]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    record = manifest["studies"]["BRA/movement"]
    assert record["status"] == "built"
    assert record["parameters"]["language"] == "pt"
    assert record["engine"] in ("pandoc+typst", "quarto")
    assert set(record["durations"]) >= {"kernel_start", "execution", "render", "total"}
    assert set(record["inputs"]) == set(STUDY_INPUTS["movement"])
    assert all(len(value) == 64 for value in record["inputs"].values())
    assert record["library_version"] and len(record["notebook_hash"]) == 64
    assert record["outputs"]["results"] == "BRA/movement.results.csv"
    assert set(manifest["studies"]["regional/pt/regional"]["inputs"]) >= {
        "flow_survey/COL",
        "flow_survey/URY",
    }
    assert manifest["studies"]["regional/pt/regional"]["parameters"]["language"] == "pt"
    for page in out.glob("index*.html"):  # every link of every index page resolves
        links = index_links(page.read_text(encoding="utf-8"))
        assert [href for href in links if not (out / href).is_file()] == [], page.name
    index = (out / "index.en.html").read_text(encoding="utf-8")
    for iso3 in COUNTRIES:
        for study in ("movement", "risks", "integration"):
            assert f'href="{iso3}/{study}.html"' in index and f'href="{iso3}/{study}.pdf"' in index
            assert f'href="{iso3}/{study}.results.csv"' in index
    for language in ("es", "pt", "en"):
        assert f'href="regional/{language}/regional.pdf"' in index
    assert "12 built · 0 failed" in index
    assert '<html lang="es">' in (out / "index.html").read_text(encoding="utf-8")
    assert first_run.log_file is not None and "COL/movement built" in first_run.log_file.read_text()


def test_second_run_skips_everything_fast(first_run, store) -> None:  # type: ignore[no-untyped-def]
    studies = [p for p in store["period_dir"].rglob("*/*") if p.suffix in (".html", ".pdf")]
    before = {p: p.stat().st_mtime_ns for p in studies}
    started = time.perf_counter()
    again = run_period(
        PERIOD,
        countries="COL,BRA,TTO",
        root=store["root"],
        reports_dir=store["reports"],
        jobs=2,
        progress=False,
    )
    assert time.perf_counter() - started < 10
    assert again.ok and {r.status for r in again.records} == {"skipped"}
    assert before == {p: p.stat().st_mtime_ns for p in studies}


def test_a_failing_country_leaves_the_others_and_its_previous_build(first_run, store) -> None:  # type: ignore[no-untyped-def]
    out = store["period_dir"]
    good = (out / "COL" / "movement.html").read_bytes()
    # Bad data for COL only: its flow counts are missing, so its movement notebook raises.
    counts = curated_dir("flow_counts", PERIOD, "COL", store["root"])
    aside = store["root"].parent / "flow_counts-COL-set-aside"
    counts.rename(aside)
    try:
        result = CliRunner().invoke(
            app,
            # COL and TTO rebuild together (forced); only COL has bad data.
            [
                "run",
                "--period",
                PERIOD,
                "--countries",
                "COL,TTO",
                "--studies",
                "movement",
                "--force",
                "--jobs",
                "2",
                "--root",
                str(store["root"]),
                "--reports-dir",
                str(store["reports"]),
                "--no-progress",
            ],
        )
    finally:
        aside.rename(counts)
    assert result.exit_code == 1, result.output
    assert "failed studies:" in result.output and "COL/movement:" in result.output
    assert re.search(r"TTO/movement\s+built", result.output)
    assert (out / "COL" / "movement.html").read_bytes() == good  # previous good study survives
    error = json.loads((out / "COL" / "movement.error.json").read_text(encoding="utf-8"))
    assert error["failed_notebook"] == "movement.failed.ipynb" and error["error"]
    assert (out / "COL" / "movement.failed.ipynb").exists()
    manifest = read_manifest(out)
    assert manifest["COL/movement"].status == "failed"
    assert (
        manifest["TTO/movement"].status == "built" and manifest["COL/integration"].status == "built"
    )
    index = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="COL/movement.error.json"' in index and 'href="COL/movement.html"' in index


def test_a_render_crash_keeps_the_previous_study(first_run, store, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import shutil

    import evidence.studies.build as build
    from evidence.studies.execute import Execution

    out = store["period_dir"]
    good = (out / "TTO" / "integration.html").read_bytes()

    def replay(source, target, params):  # type: ignore[no-untyped-def]
        # The notebook "runs" by copying its last executed version: no kernel needed here.
        shutil.copy(out / "TTO" / "integration.ipynb", target)
        return Execution(notebook=target, kernel_seconds=0.0, execution_seconds=0.0)

    def crash(executed, params, formats, engine, folder):  # type: ignore[no-untyped-def]
        (folder / "integration.html").write_text("<html>half written")
        raise RuntimeError("simulated crash while rendering")

    monkeypatch.setattr(build, "execute_notebook", replay)
    monkeypatch.setattr(build, "render_study", crash)
    report = run_period(
        PERIOD,
        countries="TTO",
        studies="integration",
        force=True,
        jobs=1,
        root=store["root"],
        reports_dir=store["reports"],
        progress=False,
    )
    assert not report.ok and "simulated crash" in str(report.records[0].error)
    assert (out / "TTO" / "integration.html").read_bytes() == good
    assert (out / "TTO" / "integration.failed.ipynb").exists()


def test_dask_cluster_builds_and_clears_the_failure(first_run, store) -> None:  # type: ignore[no-untyped-def]
    from distributed import LocalCluster

    out = store["period_dir"]
    with LocalCluster(
        n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        report = run_period(
            PERIOD,
            countries="COL",
            studies="movement",
            root=store["root"],
            reports_dir=store["reports"],
            scheduler=cluster.scheduler_address,
            progress=False,
        )
    assert report.ok, report.summary()
    assert [r.status for r in report.records] == ["built"]
    assert not (out / "COL" / "movement.error.json").exists()
    assert not (out / "COL" / "movement.failed.ipynb").exists()
    assert read_manifest(out)["COL/movement"].status == "built"
