"""Tables for studies: one object that is a real table in JupyterLab, HTML and PDF.

A ``StudyTable`` offers ``text/markdown`` (a pandoc pipe table with a caption, which the
renderer turns into a real HTML table and a real Typst table), ``text/html`` (escaped, for
JupyterLab) and ``text/plain``. Numbers are written with the study language's separators.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from evidence.countries import Language
from evidence.display.format import KINDS, MISSING, format_value
from evidence.display.text import escape_markdown
from evidence.errors import OptionError
from evidence.options import check_option


@dataclass(frozen=True)
class StudyTable:
    """A table of already formatted text cells (header + rows), captioned unless empty.

    One object that is a real table everywhere: a pandoc pipe table with its caption for the
    rendered HTML and PDF (``to_markdown``), escaped HTML for JupyterLab (``to_html``) and
    plain text (``summary``). Cells are text already written in the study language; make it
    with :func:`study_table` (or ``Study.table``) rather than by hand.

    Parameters
    ----------
    caption : str
        The caption; ``""`` for none.
    header : tuple of str
        Column headers.
    rows : tuple of tuple of str
        Formatted cells, row by row (each as long as ``header``).
    numeric : tuple of bool
        Whether each column holds numbers (right-aligned).
    note : str, optional
        A sentence shown under the table (source, caveat).
    prose : tuple of bool, optional
        Columns of long text, given more room when the table is wide.

    Examples
    --------
    >>> from evidence.display import StudyTable
    >>> table = StudyTable(caption="People by site", header=("Site", "People"),
    ...                    rows=(("Cúcuta", "1.200"), ("Ipiales", "35")),
    ...                    numeric=(False, True), note="Source: DTM.")
    >>> print(table.to_markdown())
    | Site | People |
    |:---------|--------:|
    | Cúcuta | 1.200 |
    | Ipiales | 35 |
    <BLANKLINE>
    : People by site
    <BLANKLINE>
    Source: DTM.
    >>> table.to_frame().shape
    (2, 2)
    """

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    note: str | None = None
    prose: tuple[bool, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(list(self.rows), columns=list(self.header))

    def to_markdown(self) -> str:
        def line(cells: tuple[str, ...]) -> str:
            return "| " + " | ".join(escape_markdown(c) for c in cells) + " |"

        prose = self.prose or (False,) * len(self.header)
        widths = [
            _column_width(header, [row[j] for row in self.rows], num, wide)
            for j, (header, num, wide) in enumerate(
                zip(self.header, self.numeric, prose, strict=True)
            )
        ]
        lines = [line(self.header), *(line(row) for row in self.rows)]
        if max(len(text) for text in lines) > PANDOC_COLUMNS:
            # pandoc sizes this table by the rule's dashes: no column narrower than its
            # longest word, else Typst breaks it mid-word ("Aumen-tos").
            needs = [
                _narrowest(header, [row[j] for row in self.rows], num)
                for j, (header, num) in enumerate(zip(self.header, self.numeric, strict=True))
            ]
            widths = page_widths(widths, needs)
        rule = (
            "|"
            + "|".join(
                "-" * max(width, 3) + ":" if num else ":" + "-" * max(width, 3)
                for width, num in zip(widths, self.numeric, strict=True)
            )
            + "|"
        )
        text = "\n".join([lines[0], rule, *lines[1:]])
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


def _column_width(header: str, cells: list[str], numeric: bool, prose: bool = False) -> int:
    """Relative width of a column for pandoc, which sizes wide pipe tables by the rule's dashes.

    A header may wrap between words, a label after ~20 characters, prose (a column named in
    the frame's ``attrs["prose"]``, e.g. the reason of a red flag) after ~60, a number never;
    two more for the cell padding.
    """
    longest_word = max((len(word) for word in header.split()), default=1)
    cap = 60 if prose else 20
    texts = [len(text) if numeric else min(len(text), cap) for text in cells]
    return 2 + max([longest_word, *texts])


# pandoc's --columns (72): a pipe table with a longer line takes the text width, its columns
# sized by the rule's dashes. The PDF text width (A4, 2 cm margins) and the table font (8.5 pt
# bold headers, 5 pt inset each side: study.typ) give how many points a word needs.
PANDOC_COLUMNS = 72
TEXT_WIDTH_PT = 482.0
CHAR_PT = 5.0  # a bold 8.5 pt character, generously
INSET_PT = 12.0
RULE_DASHES = 400
LONGEST_WORD = 18  # a longer word (a URL) may overflow rather than widen its column


def _narrowest(header: str, cells: list[str], numeric: bool) -> float:
    """The share of the text width a column needs so that no word breaks (tables are not
    hyphenated: study.typ): its longest header word, number or cell word (up to
    ``LONGEST_WORD`` characters), in points, over the text width."""
    words = [len(word) for word in header.split()]
    if numeric:
        words += [len(cell) for cell in cells]
    else:
        words += [min(len(word), LONGEST_WORD) for cell in cells for word in cell.split()]
    return (max(words, default=1) * CHAR_PT + INSET_PT) / TEXT_WIDTH_PT


def page_widths(widths: Sequence[int], minimum: Sequence[float]) -> list[int]:
    """Dash counts whose shares keep each column at its ``minimum`` share of the width, the
    others shared in proportion to ``widths`` (all at their minimum if those exceed 1)."""
    total_min = sum(minimum)
    if total_min >= 1:
        return [max(3, round(RULE_DASHES * m / total_min)) for m in minimum]
    pinned: set[int] = set()
    while True:
        free = [j for j in range(len(widths)) if j not in pinned]
        room = 1 - sum(minimum[j] for j in pinned)
        free_width = sum(widths[j] for j in free) or 1
        shares = {j: room * widths[j] / free_width for j in free}
        short = {j for j, share in shares.items() if share < minimum[j]}
        if not short:
            break
        pinned |= short
    shares.update({j: minimum[j] for j in pinned})
    return [max(3, round(RULE_DASHES * shares[j])) for j in range(len(widths))]


def _kind_of(column: str, series: pd.Series, units: Mapping[str, str]) -> str | None:
    """The kind a column's numbers are written as: declared, else whole numbers for
    integer columns and one decimal for other numbers; None for text."""
    if column in units:
        return units[column]
    if pd.api.types.is_bool_dtype(series.dtype):
        return None
    if pd.api.types.is_integer_dtype(series.dtype):
        return "count"
    if pd.api.types.is_numeric_dtype(series.dtype):
        return "mean"
    return None


def _format_cell(value: Any, kind: str | None, language: Language) -> str:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return MISSING
    if kind is None or isinstance(value, str | bool):
        return str(value)
    return format_value(value, kind, language)


def study_table(
    frame: pd.DataFrame,
    caption: str,
    language: Language,
    *,
    units: Mapping[str, str] | None = None,
    row_units: Sequence[str | None] | None = None,
    note: str | None = None,
) -> StudyTable:
    """A StudyTable from a frame (its index is shown when it is not a plain range).

    ``units`` maps column names to the kind of number they hold (``evidence.display.format``:
    proportion, count, rate, ...); ``row_units`` gives a kind per row instead, for tables of
    indicators × domains; numbers are written by kind, the same in every study.

    Parameters
    ----------
    frame : pandas.DataFrame
        The values to show. Not modified. A MultiIndex column is shown as "a · b"; the
        frame's ``attrs["prose"]`` names columns of long text.
    caption : str
        The table's caption; ``""`` for none.
    language : {"es", "pt", "en"}
        Language whose separators numbers are written with.
    units : mapping of str to str, optional
        Column → kind of number (one of ``evidence.display.format.KINDS``). Undeclared
        integer columns are written as counts, other numeric columns with one decimal, text
        and booleans as they are.
    row_units : sequence of str or None, optional
        A kind per row, overriding the column's kind for the numeric columns of that row.
    note : str, optional
        A sentence shown under the table.

    Returns
    -------
    StudyTable
        The formatted table; a missing value is shown as "–".

    Raises
    ------
    OptionError
        An unknown kind in ``units``, or ``row_units`` not one per row.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.display import study_table
    >>> frame = pd.DataFrame({"site": ["A", "B"], "share": [0.125, None], "people": [1200, 35]})
    >>> table = study_table(frame, "People by site", "es", units={"share": "proportion"})
    >>> table.header, table.numeric
    (('site', 'share', 'people'), (False, True, True))
    >>> table.rows[1], table.rows[0][2]
    (('B', '–', '35'), '1.200')
    >>> study_table(frame, "", "en", units={"share": "percent"})
    Traceback (most recent call last):
    ...
    evidence.errors.OptionError: units='percent' is not allowed; use one of 'proportion', ...
    """
    shown = frame if isinstance(frame.index, pd.RangeIndex) else frame.reset_index()
    declared = dict(units or {})
    for kind in declared.values():
        check_option("units", kind, KINDS)
    header = tuple(
        " · ".join(str(part) for part in col) if isinstance(col, tuple) else str(col)
        for col in shown.columns
    )
    kinds = [_kind_of(col, shown[col], declared) for col in shown.columns]
    numeric = tuple(kind is not None for kind in kinds)
    by_row = list(row_units) if row_units is not None else [None] * len(shown)
    if len(by_row) != len(shown):
        raise OptionError(f"row_units has {len(by_row)} kinds for a table of {len(shown)} rows")
    rows = tuple(
        tuple(
            _format_cell(
                value.item() if hasattr(value, "item") else value,
                (row_kind or kind) if kind is not None else None,
                language,
            )
            for kind, value in zip(kinds, record, strict=True)
        )
        for row_kind, record in zip(by_row, shown.itertuples(index=False, name=None), strict=True)
    )
    prose_columns = {str(c) for c in frame.attrs.get("prose", ())}
    prose = tuple(str(col) in prose_columns for col in shown.columns)
    return StudyTable(
        caption=caption, header=header, rows=rows, numeric=numeric, note=note, prose=prose
    )
