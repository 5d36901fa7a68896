"""Model matrices from formulas (patsy, as statsmodels reads them), with missing rows counted.

Rows enter a model when they are in the domain and every column the formula names is
observed; the rest are left out and counted, column by column, so a results object can say
how many rows were dropped and why (R's ``na.action``, stated instead of silent). Boolean and
nullable columns become floats first, so ``employed ~ ...`` is a 0/1 outcome and not a
two-column factor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import patsy

from evidence.errors import ContractError, EstimationError


@dataclass(frozen=True)
class ModelMatrix:
    """Outcome and model matrix of the rows a model uses; ``rows`` are positions in the data."""

    y: np.ndarray  # (m,)
    X: np.ndarray  # (m, p)
    names: tuple[str, ...]
    rows: np.ndarray  # (m,) row positions in the data
    n_domain: int  # rows in the domain, before dropping missing values
    dropped: dict[str, int]  # column -> domain rows missing it
    n_dropped: int
    outcome: str
    design_info: patsy.DesignInfo = field(repr=False)
    columns: tuple[str, ...] = ()  # data columns the right-hand side uses

    @property
    def n(self) -> int:
        return len(self.rows)

    def missing_note(self) -> str:
        """How many rows were dropped and which columns were missing, in one sentence."""
        if not self.n_dropped:
            return ""
        detail = ", ".join(f"{c}: {k}" for c, k in self.dropped.items() if k)
        return f"{self.n_dropped} of {self.n_domain} rows dropped for missing values ({detail})"


def formula_columns(formula: str, columns: Iterable[object]) -> list[str]:
    """The data columns named in ``formula``, in the order of the data."""
    found = []
    for column in columns:
        name = str(column)
        if re.search(r"(?<![\w.])" + re.escape(name) + r"(?![\w.])", formula):
            found.append(name)
    return found


def as_float_frame(data: pd.DataFrame, columns: Sequence[str], rhs: Sequence[str]) -> pd.DataFrame:
    """A new frame of ``columns``: booleans and nullable numbers as floats with NaN.

    Boolean columns on the right-hand side stay booleans (patsy codes them as a factor) unless
    they hold missing values."""
    out = {}
    for name in columns:
        col = data[name]
        dtype = col.dtype
        if (
            isinstance(dtype, pd.CategoricalDtype)
            or pd.api.types.is_object_dtype(dtype)
            or pd.api.types.is_string_dtype(dtype)
        ):
            # patsy reads pandas categoricals by their codes; strings it sniffs one by one.
            out[name] = col if isinstance(dtype, pd.CategoricalDtype) else col.astype("category")
        elif pd.api.types.is_bool_dtype(dtype) and name in rhs and not col.isna().any():
            out[name] = col.astype(bool)
        else:
            out[name] = pd.to_numeric(
                col.astype("Float64") if pd.api.types.is_bool_dtype(dtype) else col, errors="coerce"
            ).astype(float)
    return pd.DataFrame(out, index=data.index)


def model_matrix(formula: str, data: pd.DataFrame, domain: np.ndarray | None = None) -> ModelMatrix:
    """Outcome and model matrix of ``formula`` over the domain rows with no missing value."""
    if "~" not in formula:
        raise ContractError(f"formula {formula!r} has no '~': write it as 'outcome ~ x1 + x2'")
    lhs, rhs = formula.split("~", 1)
    outcome_columns = formula_columns(lhs, data.columns)
    if len(outcome_columns) != 1 or lhs.strip() != outcome_columns[0]:
        raise ContractError(
            f"the outcome {lhs.strip()!r} of formula {formula!r} is not one column of the data"
        )
    outcome = outcome_columns[0]
    rhs_columns = formula_columns(rhs, data.columns)
    used = list(dict.fromkeys([outcome, *rhs_columns]))
    frame = as_float_frame(data, used, rhs_columns)
    in_domain = np.ones(len(data), dtype=bool) if domain is None else domain
    missing = frame.isna().to_numpy()
    complete = in_domain & ~missing.any(axis=1)
    dropped = {c: int(missing[in_domain, j].sum()) for j, c in enumerate(used)}
    rows = np.flatnonzero(complete)
    if rows.size == 0:
        raise EstimationError(
            f"no row of the domain has every column of {formula!r} observed "
            f"(missing: {dropped}); nothing to fit"
        )
    for name in used:
        if isinstance(frame[name].dtype, pd.CategoricalDtype):
            # C(x) of a categorical is x; without the wrapper patsy reads its codes at once.
            formula = re.sub(r"\bC\(\s*" + re.escape(name) + r"\s*\)", name, formula)
    env = patsy.EvalEnvironment([{"np": np}])
    try:
        y_frame, x_frame = patsy.dmatrices(
            formula, frame.iloc[rows], eval_env=env, NA_action="raise", return_type="dataframe"
        )
    except patsy.PatsyError as error:
        unknown = re.search(r"name '([^']+)' is not defined", str(error))
        if unknown:
            raise ContractError(
                f"formula {formula!r} names {unknown.group(1)!r}, which is not a column of the "
                f"data; columns are: {', '.join(map(str, data.columns))}"
            ) from None
        raise ContractError(f"formula {formula!r} cannot be read: {error}") from None
    if y_frame.shape[1] != 1:
        raise ContractError(
            f"the outcome {outcome!r} gives {y_frame.shape[1]} columns; give a numeric or "
            "boolean outcome"
        )
    return ModelMatrix(
        y=y_frame.to_numpy(dtype=float)[:, 0],
        X=np.ascontiguousarray(x_frame.to_numpy(dtype=float)),
        names=tuple(map(str, x_frame.columns)),
        rows=rows,
        n_domain=int(in_domain.sum()),
        dropped=dropped,
        n_dropped=int(in_domain.sum() - rows.size),
        outcome=outcome,
        design_info=x_frame.design_info,
        columns=tuple(rhs_columns),
    )


def rebuild(matrix: ModelMatrix, data: pd.DataFrame) -> np.ndarray:
    """The model matrix of ``matrix``'s right-hand side evaluated on other data (same levels)."""
    frame = as_float_frame(data, list(matrix.columns), list(matrix.columns))
    levels = {
        factor.name(): info.categories
        for factor, info in matrix.design_info.factor_infos.items()
        if info.type == "categorical"
    }
    for name in matrix.columns:
        if name in levels and isinstance(frame[name].dtype, pd.CategoricalDtype):
            frame[name] = pd.Categorical(frame[name].astype(object), categories=levels[name])
    (x,) = patsy.build_design_matrices([matrix.design_info], frame, NA_action="raise")
    return np.asarray(x, dtype=float)
