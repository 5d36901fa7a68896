"""Display helpers: tables, figures and text show the same in JupyterLab, HTML and PDF."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pandas as pd
import pytest
from matplotlib.figure import Figure

from evidence.disclosure.columns import RESULTS_COLUMNS
from evidence.display import open_study, study_figure, study_table
from evidence.display.labels import respondents_table
from evidence.indicators.counts import count_results
from evidence.paths import NOTEBOOKS_DIR, curated_dir
from evidence.survey import SurveyDesign, estimate_mean
from evidence.synth import synthesize
from tests.curated_frames import curated_like


def test_table_offers_markdown_html_and_text_escaped() -> None:
    frame = pd.DataFrame({"site": ["<script>alert(1)</script>", "São | Paulo"], "n": [1234, 5]})
    table = study_table(frame, "Caption *bold*", "es")
    bundle = table._repr_mimebundle_()
    assert set(bundle) == {"text/markdown", "text/html", "text/plain"}
    assert "<script>" not in bundle["text/html"] and "&lt;script&gt;" in bundle["text/html"]
    assert "São \\| Paulo" in bundle["text/markdown"]
    assert "| 1.234 |" in bundle["text/markdown"]  # Spanish thousands separator
    # dashes follow the longest text of each column (pandoc sizes wide tables by them)
    assert bundle["text/markdown"].splitlines()[1] == "|:" + "-" * 22 + "|" + "-" * 7 + ":|"
    assert ": Caption \\*bold\\*" in bundle["text/markdown"]
    assert table.to_frame().shape == (2, 2)


def test_table_does_not_change_its_input() -> None:
    frame = pd.DataFrame({"share": [0.5, 0.25]}, index=pd.Index(["a", "b"], name="k"))
    before = frame.copy()
    table = study_table(frame, "c", "en", units={"share": "proportion"})
    pd.testing.assert_frame_equal(frame, before)
    assert table.rows == (("a", "50.0%"), ("b", "25.0%"))


def test_figure_is_a_png_with_caption_metadata() -> None:
    figure = Figure()
    figure.subplots().plot([1, 2], [3, 4])
    shown = study_figure(figure, "Flujos <diarios>", dpi=50)
    data, metadata = shown._repr_mimebundle_()
    assert shown.png.startswith(b"\x89PNG")
    assert metadata == {"evidence": {"caption": "Flujos <diarios>"}}
    assert "Flujos &lt;diarios&gt;" in data["text/html"]


def test_study_writes_in_its_language(tmp_path: Path) -> None:
    study = open_study("movement", country="BRA", period="2023-12", data_root=tmp_path)
    assert study.language == "pt"
    assert study.place_name == "Brasil"
    assert study.heading("overview.profile.heading").markdown == "## Pessoas entrevistadas"
    sentence = study.sentence(
        "overview.profile.sentence", n=12345, sites=3, country="Brasil", period_label="x"
    ).markdown
    assert "12.345" in sentence
    block = study.parameters_block().markdown
    assert (
        "Parâmetros utilizados" in block and "Brasil (BRA)" in block and "dezembro de 2023" in block
    )


def test_respondent_table_shows_published_counts_with_withheld_cells() -> None:
    survey = pd.DataFrame(
        {
            "direction": ["entry"] * 9 + ["exit"] * 3,
            "sex": ["female"] * 6 + ["male"] * 3 + ["female"] * 3,
        }
    )
    before = survey.copy()
    rows = count_results(
        survey,
        indicator="count_respondents",
        by=["direction", "sex", ("direction", "sex")],
        country="ABW",
        period="2023-12",
    ).to_frame()
    pd.testing.assert_frame_equal(survey, before)
    table = respondents_table(rows, "direction", "sex", "en")
    assert table.loc["Entry", "Women"] == 6 and table.loc["Total", "Total"] == 12
    # 3 exits and 3 men at the entry: under the minimum count of 5, withheld ("–")...
    assert pd.isna(table.loc["Exit", "Total"]) and pd.isna(table.loc["Entry", "Men"])
    # ... and a zero is published (it discloses no one).
    assert table.loc["Exit", "Men"] == 0 or pd.isna(table.loc["Exit", "Men"])
    shown = study_table(table, "c", "en").to_markdown()
    assert "| Exit | – |" in shown


def test_load_optional_is_none_without_curated_data_and_the_data_with(tmp_path: Path) -> None:
    """Older curated data have no ``services``: the movement and integration studies read it
    with ``load_optional`` and say it is not available, instead of failing."""
    study = open_study("movement", country="COL", period="2023-12", data_root=tmp_path)
    assert study.load_optional("services") is None
    services = synthesize("services", "COL", "2023-12", seed=1, scale=0.2)
    folder = curated_dir("services", "2023-12", "COL", tmp_path)
    folder.mkdir(parents=True)
    curated = curated_like(services, "services", "COL", "2023-12")
    curated.drop(columns=["period", "country"]).to_parquet(folder / "part-0.parquet", index=False)
    loaded = study.load_optional("services")
    assert loaded is not None and len(loaded) == len(services)
    assert 'study.load("services")' not in _study_code("movement") + _study_code("integration")
    for name in ("movement", "integration"):
        assert 'study.load_optional("services")' in _study_code(name)
        assert "services.not_available" in _study_code(name)


def _study_code(name: str) -> str:
    notebook = nbformat.read(NOTEBOOKS_DIR / f"{name}.ipynb", as_version=4)
    return "\n".join(cell.source for cell in notebook.cells if cell.cell_type == "code")


def test_direct_survey_estimates_are_published_through_the_study(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {"stratum": [1, 1, 1, 1, 2, 2, 2, 2], "psu": [1, 1, 2, 2, 3, 3, 4, 4],
         "weight": [10.0, 10, 12, 12, 8, 8, 9, 9],
         "income": [300.0, 420, 380, 510, 250, 270, 330, 290], "sex": list("fmfmfmfm")}
    )  # fmt: skip
    design = SurveyDesign(frame, weights="weight", strata="stratum", psu="psu")
    study = open_study("integration", country="COL", period="2023-12", data_root=tmp_path)
    rows = study.results(estimate_mean("income", design, by="sex"))
    assert list(rows.columns[: len(RESULTS_COLUMNS)]) == list(RESULTS_COLUMNS)
    assert rows["indicator"].unique().tolist() == ["mean_income"]
    assert rows["level"].tolist() == ["total", "f", "m"]
    assert rows["estimate"].iloc[0] == pytest.approx(354.1026, abs=1e-4)
    assert rows["unit"].unique().tolist() == ["mean"] and "suppressed" in rows.columns
    assert len(study.published.to_frame()) == 3
