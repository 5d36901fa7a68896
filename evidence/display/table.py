"""Tables for studies: one object that is a real table in JupyterLab, HTML and PDF.

A ``StudyTable`` offers ``text/markdown`` (a pandoc pipe table with a caption, which the
renderer turns into a real HTML table and a real Typst table), ``text/html`` (escaped, for
JupyterLab) and ``text/plain``. Numbers are written with the study language's separators.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import pandas as pd

from evidence.countries import Language
from evidence.display.text import escape_markdown
from evidence.i18n import format_number, format_percent


@dataclass(frozen=True)
class StudyTable:
    """A table of already formatted text cells (header + rows), captioned unless empty."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    note: str | None = None

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(list(self.rows), columns=list(self.header))

    def to_markdown(self) -> str:
        def line(cells: tuple[str, ...]) -> str:
            return "| " + " | ".join(escape_markdown(c) for c in cells) + " |"

        widths = [
            _column_width(header, [row[j] for row in self.rows], num)
            for j, (header, num) in enumerate(zip(self.header, self.numeric, strict=True))
        ]
        rule = (
            "|"
            + "|".join(
                "-" * max(width, 3) + ":" if num else ":" + "-" * max(width, 3)
                for width, num in zip(widths, self.numeric, strict=True)
            )
            + "|"
        )
        lines = [line(self.header), rule, *(line(row) for row in self.rows)]
        text = "\n".join(lines)
        if self.caption:
            text += f"\n\n: {escape_markdown(self.caption)}"
        if self.note:
            text += f"\n\n{escape_markdown(self.note)}"
        return text

    def to_html(self) -> str:
        def cells(tag: str, values: tuple[str, ...]) -> str:
            return "".join(
                f'<{tag} style="text-align: {"right" if num else "left"}">'
                f"{html.escape(value)}</{tag}>"
                for value, num in zip(values, self.numeric, strict=True)
            )

        body = "".join(f"<tr>{cells('td', row)}</tr>" for row in self.rows)
        note = f"<p>{html.escape(self.note)}</p>" if self.note else ""
        return (
            "<table>"
            + (f"<caption>{html.escape(self.caption)}</caption>" if self.caption else "")
            + f"<thead><tr>{cells('th', self.header)}</tr></thead><tbody>{body}</tbody></table>"
            + note
        )

    def summary(self) -> str:
        return f"{self.caption}\n{self.to_frame().to_string(index=False)}"

    def _repr_html_(self) -> str:
        return self.to_html()

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {
            "text/markdown": self.to_markdown(),
            "text/html": self.to_html(),
            "text/plain": self.summary(),
        }


def _column_width(header: str, cells: list[str], numeric: bool) -> int:
    """Relative width of a column for pandoc, which sizes wide pipe tables by the rule's dashes.

    A header may wrap between words, a label after ~20 characters, a number never; two more
    for the cell padding.
    """
    longest_word = max((len(word) for word in header.split()), default=1)
    texts = [len(text) if numeric else min(len(text), 20) for text in cells]
    return 2 + max([longest_word, *texts])


def _format_cell(value: Any, language: Language, digits: int, percent: bool) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int) or (isinstance(value, float) and value.is_integer() and not percent):
        return format_number(float(value), language, 0)
    if isinstance(value, float):
        return (
            format_percent(value, language, digits)
            if percent
            else format_number(value, language, digits)
        )
    return str(value)


def study_table(
    frame: pd.DataFrame,
    caption: str,
    language: Language,
    *,
    digits: int = 1,
    percent: tuple[str, ...] = (),
    note: str | None = None,
) -> StudyTable:
    """A StudyTable from a frame (its index is shown when it is not a plain range)."""
    shown = frame if isinstance(frame.index, pd.RangeIndex) else frame.reset_index()
    header = tuple(
        " · ".join(str(part) for part in col) if isinstance(col, tuple) else str(col)
        for col in shown.columns
    )
    numeric = tuple(pd.api.types.is_numeric_dtype(shown[col]) for col in shown.columns)
    rows = tuple(
        tuple(
            _format_cell(
                value.item() if hasattr(value, "item") else value,
                language,
                digits,
                column in percent,
            )
            for column, value in zip(shown.columns, record, strict=True)
        )
        for record in shown.itertuples(index=False, name=None)
    )
    return StudyTable(caption=caption, header=header, rows=rows, numeric=numeric, note=note)
