"""Narrative output for studies: Markdown that shows in JupyterLab and in HTML and PDF.

``StudyText`` carries Markdown; the renderer uses it as is, JupyterLab renders it, and
``text/html`` is not offered so there is a single source. Data-derived values are escaped
with ``escape_markdown`` by the helpers that build sentences, never pasted in raw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_MARKDOWN_SPECIAL = set("\\`*_{}[]<>#+!|$@~^&")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown punctuation so data or titles are shown literally."""
    return "".join(f"\\{char}" if char in _MARKDOWN_SPECIAL else char for char in text)


@dataclass(frozen=True)
class StudyText:
    """A block of Markdown in a study (a heading, a sentence, a note)."""

    markdown: str

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/markdown": self.markdown, "text/plain": self.markdown}

    def __add__(self, other: StudyText) -> StudyText:
        return StudyText(f"{self.markdown}\n\n{other.markdown}")


def heading(text: str, level: int = 2) -> StudyText:
    return StudyText(f"{'#' * level} {escape_markdown(text)}")


def paragraph(text: str) -> StudyText:
    """A sentence or paragraph of plain text (escaped: it may contain data)."""
    return StudyText(escape_markdown(text))


def bullet_list(items: list[str]) -> StudyText:
    return StudyText("\n".join(f"- {escape_markdown(item)}" for item in items))


def note(text: str) -> StudyText:
    """A highlighted note (a caveat), shown as a block quote."""
    return StudyText(f"> {escape_markdown(text)}")
