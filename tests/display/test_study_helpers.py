"""Display helpers: tables, figures and text show the same in JupyterLab, HTML and PDF."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from matplotlib.figure import Figure

from evidence.display import open_study, study_figure, study_table
from evidence.display.overview import choice_shares, respondents_by


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
    table = study_table(frame, "c", "en", percent=("share",))
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


def test_overview_tables_are_labelled_and_pure() -> None:
    survey = pd.DataFrame(
        {
            "direction": ["entry", "exit", "entry"],
            "sex": ["female", "male", "male"],
            "risks/theft": [True, False, True],
            "risks/none": [False, True, False],
        }
    )
    before = survey.copy()
    counts = respondents_by(survey, "direction", "sex", "en")
    assert counts.loc["Entry", "Men"] == 1 and counts.loc["Total", "Total"] == 3
    shares = choice_shares(survey, "risks", "en")
    assert shares.to_dict("records") == [{"choice": "Theft", "count": 2, "share": 2 / 3}]
    pd.testing.assert_frame_equal(survey, before)
