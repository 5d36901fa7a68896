"""The frozen result every descriptive function of the studies returns.

A :class:`DescriptiveTable` wraps one tidy table (the single source of truth, returned as a
copy by ``to_frame()``) with a title and, for non-probability data, the caveat the study must
repeat next to it. ``summary()`` is plain text for a terminal; ``_repr_html_`` is what
JupyterLab and an executed study show. Long results tables are hard to read as they are, so a
result may carry a ``view``: a readable layout of the same numbers (e.g. shares pivoted by
domain) that summary and HTML show instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

import pandas as pd

from evidence.errors import ContractError

# Rows shown by summary() and _repr_html_; the full table is always in to_frame().
SHOWN_ROWS = 40


@dataclass(frozen=True)
class DescriptiveTable:
    """One tidy table with its title, an optional caveat and notes on how it was computed."""

    table: pd.DataFrame = field(repr=False)
    title: str
    caveat: str | None = None
    notes: tuple[str, ...] = ()
    view: pd.DataFrame | None = field(default=None, repr=False)
    # How to turn the table into results rows (country, period) → rows; None when the
    # table is itself a published long results table.
    rows: Callable[[str, str], pd.DataFrame] | None = field(default=None, repr=False)

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        """The results rows behind this table, for ``evidence.indicators.publish`` (a long
        results table that is already published is returned as it is)."""
        if self.rows is not None:
            return self.rows(country, period)
        if "analysis_key" in self.table.columns:
            return self.table.copy()
        raise ContractError(
            f"{self.title!r} has no results rows: it cannot be published in a study"
        )

    def to_frame(self) -> pd.DataFrame:
        """A copy of the table: changing it never changes the result."""
        return self.table.copy()

    def __len__(self) -> int:
        return len(self.table)

    def shown(self) -> pd.DataFrame:
        """What summary and HTML display: the view if there is one, else the table."""
        return (self.table if self.view is None else self.view).copy()

    def summary(self) -> str:
        full = self.shown()
        shown = full.head(SHOWN_ROWS)
        lines = [self.title, shown.to_string(index=False, float_format=_format_float)]
        if len(full) > SHOWN_ROWS:
            lines.append(f"... {len(full) - SHOWN_ROWS} more rows (see to_frame())")
        lines += list(self.notes)
        if self.caveat:
            lines.append(self.caveat)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"DescriptiveTable({self.title!r}, {len(self.table)} rows)"

    def _repr_html_(self) -> str:
        full = self.shown()
        shown = full.head(SHOWN_ROWS)
        parts = [f"<p><strong>{escape(self.title)}</strong></p>"]
        parts.append(shown.to_html(index=False, float_format=_format_float, na_rep="", border=0))
        if len(full) > SHOWN_ROWS:
            parts.append(f"<p>… {len(full) - SHOWN_ROWS} more rows</p>")
        parts += [f"<p>{escape(note)}</p>" for note in self.notes]
        if self.caveat:
            parts.append(f"<p><em>{escape(self.caveat)}</em></p>")
        return "".join(parts)


def _format_float(value: float) -> str:
    return f"{value:.4g}"
