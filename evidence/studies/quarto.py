"""Render with the Quarto CLI when it is installed: same Markdown, same filter and stylesheet.

Quarto renders the Markdown body (nothing is executed: the notebook already ran under
papermill) to self-contained HTML and to PDF through its Typst format. Options travel in the
document's front matter so they hold wherever the staging folder is.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from evidence.display.params import Format
from evidence.errors import StudyError
from evidence.studies.render import ASSETS, TitleBlock

QUARTO_FORMATS: dict[Format, str] = {"html": "html", "pdf": "typst"}


def render_with_quarto(
    body: Path, block: TitleBlock, formats: tuple[Format, ...], stem: Path
) -> dict[Format, Path]:
    quarto = shutil.which("quarto")
    if quarto is None:
        raise StudyError("the quarto CLI is not on PATH")
    options = {
        "format": {
            "html": {
                "embed-resources": True,
                "css": str(ASSETS / "study.css"),
                "echo": False,
            },
            "typst": {
                "papersize": "a4",
                "fontsize": "10pt",
                "include-in-header": str(ASSETS / "study.typ"),
                "echo": False,
            },
        },
        "filters": [str(ASSETS / "study.lua")],
    }
    source = stem.with_suffix(".qmd")
    source.write_text(
        block.front_matter(options) + body.read_text(encoding="utf-8"), encoding="utf-8"
    )
    outputs: dict[Format, Path] = {}
    for fmt in formats:
        completed = subprocess.run(
            [quarto, "render", source.name, "--to", QUARTO_FORMATS[fmt], "--no-execute"],
            cwd=source.parent,
            capture_output=True,
            text=True,
            check=False,
        )
        produced = stem.with_suffix(f".{fmt}")
        if completed.returncode != 0 or not produced.exists():
            raise StudyError(f"quarto render --to {fmt} failed: {completed.stderr.strip()}")
        outputs[fmt] = produced
    return outputs
