"""The Quarto path, with a stand-in ``quarto`` on PATH (the real CLI is not installed here).

This checks what ``evidence`` controls: Quarto is chosen when on PATH, it is called once per
format on the presented document without executing anything, the document carries the
title block and the HTML/Typst options, and the files Quarto writes are the ones published.
Quarto's own rendering is not exercised.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
import yaml

from evidence.display import open_study
from evidence.studies.render import choose_engine, render_study

from .test_render import executed_notebook

FAKE_QUARTO = """#!/bin/sh
# Records its arguments and writes the output file Quarto would write next to the input.
echo "$@" >> "$(dirname "$2")/quarto-calls.txt"
stem="${2%.qmd}"
case "$4" in
  html) echo "<html>quarto</html>" > "$stem.html" ;;
  typst) printf '%%PDF-1.7 quarto' > "$stem.pdf" ;;
esac
"""


@pytest.fixture
def fake_quarto(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "quarto"
    script.write_text(FAKE_QUARTO)
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return script


def test_quarto_is_chosen_and_called_per_format(fake_quarto: Path, tmp_path: Path) -> None:
    assert choose_engine("auto") == "quarto"
    assert choose_engine("pandoc+typst") == "pandoc+typst"
    folder = tmp_path / "staging"
    folder.mkdir()
    executed = executed_notebook(folder / "movement.ipynb")
    params = open_study("movement", country="PER", period="2023-12").params
    outputs = render_study(executed, params, ("html", "pdf"), "quarto", folder)
    assert outputs["html"].read_text() == "<html>quarto</html>\n"
    assert outputs["pdf"].read_bytes().startswith(b"%PDF")
    calls = (folder / "quarto-calls.txt").read_text().splitlines()
    assert calls == [
        "render movement.qmd --to html --no-execute",
        "render movement.qmd --to typst --no-execute",
    ]
    text = (folder / "movement.qmd").read_text(encoding="utf-8")
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["title"] == "Movilidad humana: Perú" and front["lang"] == "es"
    assert front["format"]["html"]["embed-resources"] is True
    assert front["format"]["html"]["echo"] is False
    assert front["filters"][0].endswith("study.lua")
    assert "secret_code_line" not in text and "media/figure-1.png" in text
