"""Domains (disaggregations) as integer codes over the full sample.

A disaggregation is one by-variable (``"sex"``) or a crossing of several
(``("sex", "age_group")``). Each row gets the code of its domain, or -1 when a by-value is
missing (such rows belong to no domain of that disaggregation, as in R's ``svyby``).
Estimators never subset the data to a domain: they keep every row and zero the rows outside
it, which is what makes domain standard errors agree with R's ``svyby``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evidence.errors import EstimationError

By = str | Sequence[str | Sequence[str]] | None
"""``by=`` of the estimators: a column, or a list whose items are columns or tuples of columns
(a tuple is one crossed disaggregation)."""


@dataclass(frozen=True)
class Disaggregation:
    """One disaggregation: the code of each row's domain and the values of each domain."""

    variables: tuple[str, ...]
    codes: np.ndarray  # (n,) int64 in [0, n_levels) or -1
    levels: pd.DataFrame  # one row per domain, one column per by-variable (raw values)

    @property
    def n_levels(self) -> int:
        return len(self.levels)

    @property
    def name(self) -> str:
        return " × ".join(self.variables)

    def labels(self) -> list[str]:
        """``"var=value"`` labels of each domain (``" & "`` between crossed variables)."""
        if not self.variables:
            return ["all"]
        cols = [self.levels[v].astype(str).to_list() for v in self.variables]
        return [
            " & ".join(f"{v}={c[i]}" for v, c in zip(self.variables, cols, strict=True))
            for i in range(self.n_levels)
        ]


def overall(n: int) -> Disaggregation:
    """The whole sample as a single domain."""
    return Disaggregation((), np.zeros(n, dtype=np.int64), pd.DataFrame(index=range(1)))


def parse_by(by: By) -> list[tuple[str, ...]]:
    """Normalise ``by=`` to a list of disaggregations (tuples of column names)."""
    if by is None:
        return []
    if isinstance(by, str):
        return [(by,)]
    out: list[tuple[str, ...]] = []
    for item in by:
        out.append((item,) if isinstance(item, str) else tuple(item))
    return out


def make_disaggregation(frame: pd.DataFrame, variables: tuple[str, ...]) -> Disaggregation:
    """Code the rows of ``frame`` by the crossing of ``variables`` (sorted domains, NA excluded)."""
    if not variables:
        raise EstimationError("a disaggregation needs at least one by-variable")
    missing = [v for v in variables if v not in frame.columns]
    if missing:
        raise EstimationError(
            f"by-variable(s) {missing} not in the data; columns are: {list(frame.columns)}"
        )
    n = len(frame)
    combined = np.zeros(n, dtype=np.int64)
    excluded = np.zeros(n, dtype=bool)
    uniques: list[pd.Index] = []
    for v in variables:
        codes, uniq = factorize(frame[v])
        excluded |= codes < 0
        combined = combined * (len(uniq) + 1) + np.maximum(codes, 0)
        uniques.append(uniq)
    combined[excluded] = -1
    present, codes = compress(combined)
    # Decode each present key back to the raw values of every by-variable.
    values: dict[str, list[object]] = {}
    rest = present.copy()
    for v, uniq in reversed(list(zip(variables, uniques, strict=True))):
        radix = len(uniq) + 1
        values[v] = list(uniq[rest % radix])
        rest = rest // radix
    levels = pd.DataFrame({v: values[v] for v in variables})
    return Disaggregation(tuple(variables), codes, levels)


def factorize(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes (-1 for missing) and sorted distinct values; a categorical keeps its category order."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy().astype(np.int64), pd.Index(column.cat.categories)
    codes, uniques = pd.factorize(column, sort=True)
    return codes.astype(np.int64), pd.Index(uniques)


def compress(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct non-negative ``keys`` in order, and each key's rank among them (-1 stays -1)."""
    inside = keys >= 0
    top = int(keys.max()) + 1 if inside.any() else 0
    # A dense table beats sorting unless the key space dwarfs the data.
    if top <= 4 * len(keys) + 1024:
        used = np.bincount(keys[inside], minlength=top) > 0
        rank = np.cumsum(used) - 1
        distinct = np.flatnonzero(used)
        return distinct, np.where(inside, rank[np.where(inside, keys, 0)], -1)
    distinct, inverse = np.unique(keys[inside], return_inverse=True)
    out = np.full(len(keys), -1, dtype=np.int64)
    out[inside] = inverse
    return distinct, out


def disaggregations(
    frame: pd.DataFrame, by: By, include_overall: bool = True
) -> list[Disaggregation]:
    """The overall domain (if asked) followed by one disaggregation per item of ``by``."""
    out = [overall(len(frame))] if include_overall or by is None else []
    out.extend(make_disaggregation(frame, v) for v in parse_by(by))
    return out
