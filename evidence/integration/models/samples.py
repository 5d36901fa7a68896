"""Minimum sample rules of the integration models, stated once, and the check that applies them.

A model on a sample too small for it prints noise; these rules say when to say so instead.
``sample_adequacy`` returns what fails (a study shows it as "too small"); the estimators
raise :class:`~evidence.errors.SampleSizeError` with the same sentences.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from evidence.errors import SampleSizeError

MIN_ROWS_PER_GROUP = 30
"""Each group of a decomposition (or the domain of a model) needs at least this many rows."""
MIN_ROWS_PER_PARAMETER = 5
"""Rows per estimated parameter in each group's model (a group of 60 rows fits 12)."""
MIN_ROWS_PER_CELL = 5
"""Each level of a categorical covariate needs this many rows in each group."""


@dataclass(frozen=True)
class SampleCheck:
    """Whether a sample meets the minimum rules, and the reasons when it does not."""

    reasons: tuple[str, ...]

    @property
    def adequate(self) -> bool:
        return not self.reasons

    def raise_if_too_small(self) -> None:
        if self.reasons:
            raise SampleSizeError("sample too small for the model: " + "; ".join(self.reasons))


def sample_adequacy(
    group_rows: Mapping[str, int],
    parameters: int,
    cells: Mapping[str, Mapping[str, int]] | None = None,
) -> SampleCheck:
    """Check rows per group, rows per parameter and rows per covariate cell.

    ``group_rows`` maps a description of each group ("group 'host'") to its rows; ``cells``
    maps the same descriptions to rows per "covariate=level" (categorical covariates)."""
    reasons = []
    for group, rows in group_rows.items():
        if rows < MIN_ROWS_PER_GROUP:
            reasons.append(f"{group} has {rows} rows (minimum {MIN_ROWS_PER_GROUP})")
        elif rows < MIN_ROWS_PER_PARAMETER * parameters:
            reasons.append(
                f"{group} has {rows} rows for {parameters} parameters (minimum "
                f"{MIN_ROWS_PER_PARAMETER} rows per parameter)"
            )
    for group, counts in (cells or {}).items():
        small = {cell: k for cell, k in counts.items() if k < MIN_ROWS_PER_CELL}
        if small:
            listed = ", ".join(f"{cell} ({k})" for cell, k in small.items())
            reasons.append(
                f"{group} has fewer than {MIN_ROWS_PER_CELL} rows in covariate "
                f"cell(s) {listed}: merge categories"
            )
    return SampleCheck(tuple(reasons))
