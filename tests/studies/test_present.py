"""The reader's view of an executed notebook: which output of each bundle is kept."""

from __future__ import annotations

import base64

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from evidence.display.text import escape_markdown
from evidence.studies.present import present_notebook

PNG = base64.b64encode(b"\x89PNG\r\n\x1a\nfake").decode()


def _notebook() -> nbformat.NotebookNode:
    table = new_code_cell("show_table()")
    table.outputs = [
        new_output(
            "display_data",
            data={
                "text/plain": "plain dump",
                "text/html": "<table>html</table>",
                "text/markdown": "| a |\n|---|\n| 1 |",
            },
        ),
        new_output("stream", name="stdout", text="printed\n"),
        new_output("stream", name="stderr", text="a warning\n"),
    ]
    frame = new_code_cell("df")
    frame.outputs = [
        new_output(
            "execute_result",
            data={"text/plain": "df", "text/html": "<table><tr><td>x</td></tr></table>"},
            execution_count=1,
        )
    ]
    figure = new_code_cell("fig")
    figure.outputs = [
        new_output(
            "display_data",
            data={"image/png": PNG, "text/html": "<figure/>", "text/plain": "cap"},
            metadata={"evidence": {"caption": "Flows * by day"}},
        )
    ]
    plain = new_code_cell("len(x)")
    plain.outputs = [new_output("execute_result", data={"text/plain": "42"}, execution_count=2)]
    return new_notebook(
        cells=[
            new_markdown_cell("Researcher note", metadata={"tags": ["notes"]}),
            new_markdown_cell("Texto en español", metadata={"tags": ["lang-es"]}),
            new_markdown_cell("Text in English", metadata={"tags": ["lang-en"]}),
            new_markdown_cell("Shared text"),
            table,
            frame,
            figure,
            plain,
        ]
    )


def test_markdown_wins_then_html_and_code_is_hidden() -> None:
    shown = present_notebook(_notebook(), "es")
    text = shown.markdown
    assert "| a |" in text and "plain dump" not in text and "<table>html</table>" not in text
    assert "```{=html}\n<table><tr><td>x</td></tr></table>\n```" in text
    assert "printed" not in text and "a warning" not in text
    assert "42" not in text and "show_table" not in text and "len(x)" not in text


def test_figures_become_files_with_their_caption() -> None:
    shown = present_notebook(_notebook(), "es")
    assert shown.media == {"media/figure-1.png": base64.b64decode(PNG)}
    assert "![Flows \\* by day](media/figure-1.png)" in shown.markdown


def test_notes_and_other_languages_are_left_out() -> None:
    spanish = present_notebook(_notebook(), "es").markdown
    english = present_notebook(_notebook(), "en").markdown
    assert "Researcher note" not in spanish + english
    assert "Texto en español" in spanish and "Text in English" not in spanish
    assert "Text in English" in english and "Texto en español" not in english
    assert "Shared text" in spanish and "Shared text" in english


def test_escape_markdown_keeps_text_literal() -> None:
    assert escape_markdown("a*b_[c]<d>|e") == "a\\*b\\_\\[c\\]\\<d\\>\\|e"
    assert escape_markdown("Bogotá 1.234,5") == "Bogotá 1.234,5"
