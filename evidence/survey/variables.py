"""Analysis variables as numeric matrices: values, and which values are observed.

Means and totals take numeric columns (booleans count as 0/1). Proportions take binary
columns (booleans or 0/1, e.g. one choice ``q/choice`` of a multiple-choice question) and
select-one columns (one indicator per category). Missing values are kept out of an estimate
the way R's ``na.rm=TRUE`` does it, as a domain: the row stays in the design with a zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evidence.errors import EstimationError


@dataclass(frozen=True)
class Columns:
    """k analysis columns over n rows, ready for the estimators."""

    variables: tuple[str, ...]  # the ``variable`` each column reports under
    levels: tuple[str | None, ...]  # the category (select-one) or choice (multiple choice)
    values: np.ndarray  # (n, k) float64, missing values replaced by 0, C-contiguous
    observed: np.ndarray | None  # (n, k) float64 1/0; None when nothing is missing
    binary: bool  # every value is 0 or 1 (then y^2 = y)

    @property
    def k(self) -> int:
        return self.values.shape[1]


def _as_list(variables: str | Sequence[str]) -> list[str]:
    out = [variables] if isinstance(variables, str) else list(variables)
    if not out:
        raise EstimationError("no variables given")
    return out


def _check_present(frame: pd.DataFrame, names: Sequence[str]) -> None:
    missing = [v for v in names if v not in frame.columns]
    if missing:
        raise EstimationError(
            f"variable(s) {missing} not in the data; columns are: {list(frame.columns)}"
        )


def _numeric_block(frame: pd.DataFrame, names: Sequence[str], what: str) -> np.ndarray:
    blocks = []
    for name in names:
        col = frame[name]
        if pd.api.types.is_bool_dtype(col.dtype) or pd.api.types.is_numeric_dtype(col.dtype):
            blocks.append(col.to_numpy(dtype=float, na_value=np.nan))
        else:
            raise EstimationError(
                f"column {name!r} is {col.dtype}, not numeric: {what} needs numbers "
                "(use estimate_proportion for categories)"
            )
    return np.column_stack(blocks) if blocks else np.empty((len(frame), 0))


def _finish(variables: list[str], levels: list[str | None], values: np.ndarray) -> Columns:
    values = np.ascontiguousarray(values, dtype=float)
    if np.isinf(values).any():
        raise EstimationError("an analysis variable holds an infinite value")
    missing = np.isnan(values)
    observed = None
    if missing.any():
        observed = np.ascontiguousarray((~missing).astype(float))
        values = np.where(missing, 0.0, values)
    binary = bool(np.all((values == 0) | (values == 1)))
    return Columns(tuple(variables), tuple(levels), values, observed, binary)


def numeric_columns(frame: pd.DataFrame, variables: str | Sequence[str]) -> Columns:
    """Numeric variables for means, totals and ratios."""
    names = _as_list(variables)
    _check_present(frame, names)
    return _finish(names, [None] * len(names), _numeric_block(frame, names, "this estimate"))


def _split_choice(name: str) -> tuple[str, str | None]:
    question, sep, choice = name.rpartition("/")
    return (question, choice) if sep and question else (name, None)


def proportion_columns(frame: pd.DataFrame, variables: str | Sequence[str]) -> Columns:
    """Indicators: a binary column gives one, a select-one column one per category."""
    names = _as_list(variables)
    _check_present(frame, names)
    out_vars: list[str] = []
    out_levels: list[str | None] = []
    blocks: list[np.ndarray] = []
    for name in names:
        col = frame[name]
        is_numeric = pd.api.types.is_bool_dtype(col.dtype) or pd.api.types.is_numeric_dtype(
            col.dtype
        )
        if is_numeric:
            values = col.to_numpy(dtype=float, na_value=np.nan)
            seen = values[~np.isnan(values)]
            if not np.all((seen == 0) | (seen == 1)):
                raise EstimationError(
                    f"column {name!r} is numeric but not 0/1: a proportion needs a binary or a "
                    "categorical column"
                )
            question, choice = _split_choice(name)
            out_vars.append(question)
            out_levels.append(choice)
            blocks.append(values[:, None])
            continue
        codes, categories = pd.factorize(col, sort=True)
        if len(categories) == 0:
            raise EstimationError(f"column {name!r} has no observed values")
        indicators = (codes[:, None] == np.arange(len(categories))[None, :]).astype(float)
        indicators[codes < 0, :] = np.nan
        out_vars.extend([name] * len(categories))
        out_levels.extend(str(c) for c in categories)
        blocks.append(indicators)
    return _finish(out_vars, out_levels, np.hstack(blocks))


def choice_columns(frame: pd.DataFrame, question: str) -> list[str]:
    """The ``question/choice`` columns of a multiple-choice question, in frame order."""
    prefix = f"{question}/"
    found = [c for c in frame.columns if isinstance(c, str) and c.startswith(prefix)]
    if not found:
        raise EstimationError(f"no columns named {prefix}<choice> in the data")
    return found
