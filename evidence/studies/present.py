"""Turn an executed notebook into the document a reader sees: Markdown plus figure files.

Pandoc's ipynb reader chooses one representation per output by target format, and for Typst
it chooses ``text/plain`` (a text dump of a table) over ``text/markdown`` and ``text/html``.
So the choice is made here, once, for both HTML and PDF:

* code is hidden: sources, streams (prints, warnings) and plain-text reprs are left out;
* an image output becomes a PNG file under ``media/`` and a Markdown figure, captioned from
  the output's ``evidence.caption`` metadata (set by ``evidence.display.figure``);
* ``text/markdown`` is used as is (tables from ``evidence.display`` are pipe tables, real
  tables in HTML and Typst alike), else ``text/html`` as a raw HTML block (a pandas repr),
  which the Lua filter turns into a real table for Typst;
* Markdown cells tagged ``notes`` are for researchers and are left out; a cell tagged
  ``lang-es``, ``lang-pt`` or ``lang-en`` is kept only in a study in that language.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from evidence.countries import LANGUAGES, Language
from evidence.display.published import RESULTS_MIME, results_from_payload
from evidence.display.text import escape_markdown

NOTES_TAG = "notes"
IMAGE_TYPES = {"image/png": "png", "image/jpeg": "jpg"}


@dataclass(frozen=True)
class Presentation:
    """The body of a study in Markdown and the figure files it refers to (relative paths)."""

    markdown: str
    media: Mapping[str, bytes]

    def write(self, folder: Path, name: str) -> Path:
        """Write ``<name>.md`` and its media into ``folder``; return the Markdown path."""
        for relative, data in self.media.items():
            path = folder / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        target = folder / f"{name}.md"
        target.write_text(self.markdown, encoding="utf-8")
        return target


def _source(value: Any) -> str:
    return "".join(value) if isinstance(value, list) else str(value)


def _keep_markdown_cell(cell: Mapping[str, Any], language: Language) -> bool:
    tags = set(cell.get("metadata", {}).get("tags", []))
    if NOTES_TAG in tags:
        return False
    languages = {lang for lang in LANGUAGES if f"lang-{lang}" in tags}
    return not languages or language in languages


def _figure(output: Mapping[str, Any], mime: str, name: str) -> tuple[str, bytes]:
    data = output["data"][mime]
    png = base64.b64decode(_source(data))
    caption = output.get("metadata", {}).get("evidence", {}).get("caption", "")
    return f"![{escape_markdown(caption)}]({name})", png


def _present_output(output: Mapping[str, Any], media: dict[str, bytes]) -> str | None:
    if output.get("output_type") not in ("display_data", "execute_result"):
        return None  # streams and errors are not part of the study
    data = output.get("data", {})
    for mime, suffix in IMAGE_TYPES.items():
        if mime in data:
            name = f"media/figure-{len(media) + 1}.{suffix}"
            text, blob = _figure(output, mime, name)
            media[name] = blob
            return text
    if "text/markdown" in data:
        return _source(data["text/markdown"]).strip()
    if "text/html" in data:
        return "```{=html}\n" + _source(data["text/html"]).strip() + "\n```"
    return None


def results_table(notebook: Mapping[str, Any]) -> pd.DataFrame | None:
    """The study's published results table (``Study.results_output()``), or None if the
    notebook showed none."""
    for cell in notebook.get("cells", []):
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if RESULTS_MIME in data:
                payload = data[RESULTS_MIME]
                if isinstance(payload, str):  # nbformat may keep JSON outputs as text
                    payload = json.loads(payload)
                return results_from_payload(payload)
    return None


def present_notebook(notebook: Mapping[str, Any], language: Language) -> Presentation:
    """The reader's view of an executed notebook (a dict as nbformat reads it)."""
    blocks: list[str] = []
    media: dict[str, bytes] = {}
    for cell in notebook.get("cells", []):
        if cell.get("cell_type") == "markdown":
            if _keep_markdown_cell(cell, language):
                blocks.append(_source(cell.get("source", "")).strip())
        elif cell.get("cell_type") == "code":
            for output in cell.get("outputs", []):
                text = _present_output(output, media)
                if text:
                    blocks.append(text)
    return Presentation(markdown="\n\n".join(b for b in blocks if b) + "\n", media=media)
