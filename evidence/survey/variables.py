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
    integral = True
    for name in names:
        dtype = frame[name].dtype
        if not (pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_numeric_dtype(dtype)):
            raise EstimationError(
                f"column {name!r} is {dtype}, not numeric: {what} needs numbers "
                "(use estimate_proportion for categories)"
            )
        integral &= bool(pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_integer_dtype(dtype))
    sub = frame[list(names)]
    if integral and not any(
        isinstance(sub[c].dtype, pd.api.extensions.ExtensionDtype) for c in sub
    ):
        # Gather the narrow integers first, widen once into row-major order: half the copying.
        return np.asarray(sub.to_numpy(), dtype=np.float64, order="C")
    return np.ascontiguousarray(sub.to_numpy(dtype=np.float64, na_value=np.nan))


def _finish(
    variables: list[str],
    levels: list[str | None],
    values: np.ndarray,
    known_binary: bool | None = None,
) -> Columns:
    """Columns from a float block; ``known_binary`` skips the scans when integer 0/1 data came "
    "in."""
    values = np.ascontiguousarray(values, dtype=float)
    observed = None
    if known_binary is None and not np.isfinite(values).all():
        if np.isinf(values).any():
            raise EstimationError("an analysis variable holds an infinite value")
        missing = np.isnan(values)
        observed = np.ascontiguousarray((~missing).astype(float))
        values = np.where(missing, 0.0, values)
    binary = (
        known_binary if known_binary is not None else bool(((values == 0) | (values == 1)).all())
    )
    return Columns(tuple(variables), tuple(levels), values, observed, binary)


def _integer_binary(frame: pd.DataFrame, names: Sequence[str]) -> bool | None:
    """For integer/boolean columns (never missing), whether all are 0/1; None otherwise."""
    for name in names:
        dtype = frame[name].dtype
        if isinstance(dtype, pd.api.extensions.ExtensionDtype) or not (
            pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_integer_dtype(dtype)
        ):
            return None
    return all(frame[n].min() >= 0 and frame[n].max() <= 1 for n in names)


def numeric_columns(frame: pd.DataFrame, variables: str | Sequence[str]) -> Columns:
    """Numeric variables for means, totals and ratios."""
    names = _as_list(variables)
    _check_present(frame, names)
    block = _numeric_block(frame, names, "this estimate")
    return _finish(names, [None] * len(names), block, _integer_binary(frame, names))


def _is_numeric(col: pd.Series) -> bool:
    return bool(pd.api.types.is_bool_dtype(col.dtype) or pd.api.types.is_numeric_dtype(col.dtype))


def _is_binary(values: np.ndarray) -> bool:
    seen = values[~np.isnan(values)]
    return bool(((seen == 0) | (seen == 1)).all())


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
    numeric = [n for n in names if _is_numeric(frame[n])]
    numeric_values = _numeric_block(frame, numeric, "a proportion") if numeric else None
    if numeric_values is not None and len(numeric) == len(names):
        # All binary columns (the usual multiple-choice batch): no per-column work.
        columns = _finish(
            [_split_choice(n)[0] for n in names],
            [_split_choice(n)[1] for n in names],
            numeric_values,
            _integer_binary(frame, names),
        )
        if columns.binary:
            return columns
    if numeric_values is not None:
        for j, name in enumerate(numeric):
            if not _is_binary(numeric_values[:, j]):
                raise EstimationError(
                    f"column {name!r} is numeric but not 0/1: "
                    "a proportion needs a binary or a categorical column"
                )
    for name in names:
        if name in numeric:
            question, choice = _split_choice(name)
            out_vars.append(question)
            out_levels.append(choice)
            assert numeric_values is not None
            blocks.append(numeric_values[:, [numeric.index(name)]])
            continue
        col = frame[name]
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
    """The ``question/choice`` columns of a multiple-choice question, in frame order.

    Parameters
    ----------
    frame : pandas.DataFrame
    question : str
        The question's name (the part before ``/``).

    Returns
    -------
    list of str

    Raises
    ------
    EstimationError
        When no column is named ``question/<choice>``.

    Examples
    --------
    >>> import pandas as pd
    >>> frame = pd.DataFrame({"needs/food": [True], "age": [30], "needs/water": [False]})
    >>> choice_columns(frame, "needs")
    ['needs/food', 'needs/water']
    """
    prefix = f"{question}/"
    found = [c for c in frame.columns if isinstance(c, str) and c.startswith(prefix)]
    if not found:
        raise EstimationError(f"no columns named {prefix}<choice> in the data")
    return found
