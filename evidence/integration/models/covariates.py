"""Covariate matrices for decompositions: numeric columns as they are, categorical ones as
dummies with a stated omitted level, and Yun's normalisation of those dummies.

With dummy coding the detailed unexplained part of a categorical covariate depends on which
level is omitted. Yun (2005) normalises: with the omitted level's coefficient taken as 0,
every level's coefficient becomes its deviation from the mean of the K level coefficients and
the intercept absorbs the mean; the omitted level reappears with the mean share of its
dummy (one minus the others). ``Expansion`` does this as an affine map on coefficient and mean
vectors, so the decomposition algebra stays one function of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evidence.errors import ContractError

INTERCEPT = "(intercept)"


@dataclass(frozen=True)
class Categorical:
    variable: str
    levels: tuple[str, ...]  # every level, omitted first
    columns: tuple[int, ...]  # columns of the non-omitted levels in the reduced matrix


@dataclass(frozen=True)
class CovariateMatrix:
    X: np.ndarray  # (m, p) reduced matrix, intercept first
    names: tuple[str, ...]
    variables: tuple[str, ...]  # variable of each reduced column
    categoricals: tuple[Categorical, ...]


def is_categorical(column: pd.Series) -> bool:
    return bool(
        isinstance(column.dtype, pd.CategoricalDtype)
        or pd.api.types.is_object_dtype(column.dtype)
        or pd.api.types.is_string_dtype(column.dtype)
    )


def covariate_matrix(
    frame: pd.DataFrame, covariates: Sequence[str], omitted: Mapping[str, object] | None = None
) -> CovariateMatrix:
    """Reduced matrix of ``covariates`` over ``frame`` (rows already complete)."""
    omitted = dict(omitted or {})
    unknown = [v for v in omitted if v not in covariates]
    if unknown:
        raise ContractError(f"omitted= names {unknown}, which are not covariates")
    columns: list[np.ndarray] = [np.ones(len(frame))]
    names = [INTERCEPT]
    variables = [INTERCEPT]
    categoricals = []
    for variable in covariates:
        col = frame[variable]
        if not is_categorical(col):
            columns.append(
                pd.to_numeric(
                    col.astype("Float64") if pd.api.types.is_bool_dtype(col.dtype) else col
                ).to_numpy(dtype=float)
            )
            names.append(variable)
            variables.append(variable)
            continue
        values = col.astype(str)
        levels = sorted(values.unique())
        base = str(omitted.get(variable, levels[0]))
        if base not in levels:
            raise ContractError(
                f"omitted level {base!r} of {variable!r} is not among its levels {levels}"
            )
        ordered = (base, *[lv for lv in levels if lv != base])
        start = len(columns)
        for level in ordered[1:]:
            columns.append((values == level).to_numpy(dtype=float))
            names.append(f"{variable}={level}")
            variables.append(variable)
        categoricals.append(
            Categorical(variable, ordered, tuple(range(start, start + len(ordered) - 1)))
        )
    return CovariateMatrix(
        np.column_stack(columns), tuple(names), tuple(variables), tuple(categoricals)
    )


@dataclass(frozen=True)
class Expansion:
    """Affine maps from reduced (p) to reported (q) coefficient and mean vectors."""

    coef_map: np.ndarray  # (q, p)
    mean_map: np.ndarray  # (q, p)
    mean_shift: np.ndarray  # (q,)
    names: tuple[str, ...]
    variables: tuple[str, ...]

    def coefficients(self, beta: np.ndarray) -> np.ndarray:
        return self.coef_map @ beta

    def means(self, xbar: np.ndarray) -> np.ndarray:
        return self.mean_map @ xbar + self.mean_shift


def expansion(matrix: CovariateMatrix, normalize: bool | Sequence[str]) -> Expansion:
    """The identity map, or Yun's normalisation of the chosen categorical covariates."""
    chosen = (
        {c.variable for c in matrix.categoricals} if normalize is True else set(normalize or ())
    )
    unknown = chosen - {c.variable for c in matrix.categoricals}
    if unknown:
        raise ContractError(
            f"normalize= names {sorted(unknown)}, which are not categorical covariates"
        )
    p = len(matrix.names)
    coef_rows: list[np.ndarray] = []
    mean_rows: list[np.ndarray] = []
    shift: list[float] = []
    names: list[str] = []
    variables: list[str] = []
    by_first = {c.columns[0]: c for c in matrix.categoricals if c.variable in chosen}
    in_chosen = {j for c in by_first.values() for j in c.columns}
    for j in range(p):
        if j in in_chosen and j not in by_first:
            continue
        if j in by_first:
            cat = by_first[j]
            k = len(cat.levels)
            cols = list(cat.columns)
            for position, level in enumerate(cat.levels):
                coef = np.zeros(p)
                coef[cols] = -1.0 / k
                mean = np.zeros(p)
                if position == 0:
                    mean[cols] = -1.0
                    shift.append(1.0)
                else:
                    coef[cols[position - 1]] += 1.0
                    mean[cols[position - 1]] = 1.0
                    shift.append(0.0)
                coef_rows.append(coef)
                mean_rows.append(mean)
                names.append(f"{cat.variable}={level}")
                variables.append(cat.variable)
            continue
        coef = np.zeros(p)
        coef[j] = 1.0
        if j == 0:  # the intercept absorbs the mean level coefficient of each normalised factor
            for cat in by_first.values():
                coef[list(cat.columns)] += 1.0 / len(cat.levels)
        coef_rows.append(coef)
        mean = np.zeros(p)
        mean[j] = 1.0
        mean_rows.append(mean)
        shift.append(0.0)
        names.append(matrix.names[j])
        variables.append(matrix.variables[j])
    return Expansion(
        np.array(coef_rows), np.array(mean_rows), np.array(shift), tuple(names), tuple(variables)
    )
