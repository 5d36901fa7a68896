"""How the integration models' results show themselves: ``summary()`` text and the HTML a
notebook renders, in one layout (a head line, the notes, then titled tables)."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

import pandas as pd

# (title, or "" for none; the table; whether its index is shown)
Section = tuple[str, pd.DataFrame, bool]


def number(value: float) -> str:
    """Numbers in a summary: four significant digits."""
    return f"{value:.4g}"


def summary_text(head: str, notes: Sequence[str], sections: Sequence[Section]) -> str:
    """The head, one ``Note:`` line per note, then each section's title and table."""
    text = head + "".join(f"\nNote: {n}" for n in notes)
    for title, table, index in sections:
        text += f"\n{title}" * bool(title)
        text += f"\n{table.to_string(index=index, float_format=number)}"
    return text


def summary_html(head: str, notes: Sequence[str], sections: Sequence[Section]) -> str:
    """The head's first line in bold, the notes in italics, then each section as a table."""
    html = f"<p><strong>{escape(head.split(chr(10), 1)[0])}</strong></p>"
    html += "".join(f"<p><em>{escape(n)}</em></p>" for n in notes)
    for title, table, index in sections:
        html += f"<h4>{escape(title)}</h4>" * bool(title)
        html += table.to_html(index=index, float_format=number)
    return html
