"""Rendering without a kernel: an executed notebook (built from the display helpers) → HTML, PDF."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from matplotlib.figure import Figure
from nbformat.v4 import new_code_cell, new_notebook, new_output
from pypdf import PdfReader

from evidence.display import open_study
from evidence.studies.render import choose_engine, render_study, title_block


def _output(shown: object) -> nbformat.NotebookNode:
    bundle = shown._repr_mimebundle_()  # type: ignore[attr-defined]
    data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
    return new_output("display_data", data=data, metadata=metadata)


def executed_notebook(path: Path, study_language: str | None = None) -> Path:
    """What papermill would write for a small study, outputs made by evidence.display."""
    study = open_study("movement", country="PER", period="2023-12", language=study_language)
    figure = Figure(figsize=(4, 3))
    figure.subplots().bar(["São Paulo", "Bogotá"], [3, 4])
    table = pd.DataFrame({"site": ["Tumbes <CEBAF>", "Lima"], "n": [1234, 56]})
    cells = []
    for shown in (
        study.heading("overview.profile.heading"),
        study.sentence(
            "overview.profile.sentence", n=1290, sites=2, country="Perú", period_label="x"
        ),
        study.table(table, "overview.profile.table"),
        study.figure(figure, "overview.flows.figure"),
        study.parameters_block(),
    ):
        cell = new_code_cell("secret_code_line = 1")
        cell.outputs = [_output(shown)]
        cells.append(cell)
    pandas_repr = new_code_cell("frame")  # a DataFrame shown as is: text/html and text/plain
    pandas_repr.outputs = [
        new_output(
            "execute_result",
            data={
                "text/html": pd.DataFrame({"Región": ["Tacna"], "Casos": [77]}).to_html(),
                "text/plain": "frame",
            },
            execution_count=1,
        )
    ]
    notebook = new_notebook(cells=[*cells, pandas_repr])
    nbformat.write(notebook, path)
    return path


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("render")
    executed = executed_notebook(folder / "movement.ipynb")
    params = open_study("movement", country="PER", period="2023-12").params
    return render_study(executed, params, ("html", "pdf"), "pandoc+typst", folder)


def test_html_is_self_contained_with_real_tables_and_no_code(rendered: dict[str, Path]) -> None:
    html = rendered["html"].read_text(encoding="utf-8")
    assert '<h1 class="title">Movilidad humana: Perú</h1>' in html
    assert "Período de los datos: diciembre de 2023 (2023-12)" in " ".join(html.split())
    assert "Informe generado el" in html  # the build date, apart from the data period
    assert re.search(r'<img [^>]*src="data:image/png;base64,[A-Za-z0-9+/=]{100,}"', html)
    assert re.search(r"<figcaption[^>]*>Entradas y salidas diarias", html)
    assert "<caption>Personas entrevistadas por tipo de flujo y sexo</caption>" in html
    assert '<td style="text-align: right;">1.234</td>' in html
    assert "Tumbes &lt;CEBAF&gt;" in html and "<CEBAF>" not in html
    assert "secret_code_line" not in html
    assert "Parámetros utilizados" in html
    assert '<link rel="stylesheet"' not in html  # the stylesheet is inlined
    assert html.count('class="table-wrap"') == 3  # every table scrolls inside the page


def test_pdf_has_title_tables_figures_and_accents(rendered: dict[str, Path]) -> None:
    reader = PdfReader(rendered["pdf"])
    # Typst puts a non-breaking space in "Tabla 1"; compare with spaces normalised.
    text = " ".join("\n".join(page.extract_text() for page in reader.pages).split())
    assert "Movilidad humana: Perú" in text
    assert "Tabla 1: Personas entrevistadas por tipo de flujo y sexo" in text
    assert "Figura 1:" in text
    assert "Tumbes <CEBAF> 1.234" in text  # a real table row, not a text dump
    assert "Parámetros utilizados" in text and "diciembre de 2023" in text
    assert "secret_code_line" not in text
    assert "Región Casos 0 Tacna 77" in text  # a pandas HTML repr became a real table
    images = [image for page in reader.pages for image in page.images]
    assert images, "the figure is embedded in the PDF"


def test_language_override_and_title(tmp_path: Path) -> None:
    params = open_study("movement", country="PER", period="2023-12", language="en").params
    block = title_block(params)
    assert block.title == "Human mobility: Peru"
    assert block.subtitle == "Data period: December 2023 (2023-12)"
    assert block.date.startswith("Report generated on ")
    assert "lang: en" in block.front_matter()


def test_engine_choice() -> None:
    assert choose_engine("pandoc+typst") == "pandoc+typst"
    assert choose_engine("auto") in ("quarto", "pandoc+typst")


def test_png_in_html_is_the_figure(rendered: dict[str, Path]) -> None:
    html = rendered["html"].read_text(encoding="utf-8")
    encoded = re.search(r'data:image/png;base64,([A-Za-z0-9+/=]+)"', html)
    assert encoded and base64.b64decode(encoded.group(1)).startswith(b"\x89PNG")
