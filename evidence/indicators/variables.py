"""Turn the columns of a curated frame into 0/1 indicator blocks, one column per category.

Three kinds of variable are understood, as ``evidence.load`` types them:

- a multiple-choice question ``q``: the canonical boolean columns ``q/<choice>``, one per
  choice of the codelist (a missing answer is missing in every choice column);
- a boolean column: one indicator, ``true`` when the answer is yes;
- a categorical (codelist) or string column: one indicator per category, every category of a
  pandas Categorical kept, so that a choice nobody picked still shows as 0.

Missing answers stay missing (NaN): they leave the denominator, they are not counted as "no".
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from evidence.errors import ContractError

CHOICE_SEPARATOR = "/"
TRUE_LEVEL = "true"


@dataclass(frozen=True)
class IndicatorBlock:
    """Indicators of one variable: ``values`` is rows × categories, floats in {0, 1, NaN}."""

    variable: str
    kind: str  # "choice", "boolean" or "categorical"
    categories: tuple[str, ...]
    values: np.ndarray


def choice_columns(frame: pd.DataFrame, question: str) -> list[str]:
    """The canonical ``question/<choice>`` columns of a multiple-choice question, in order."""
    prefix = question + CHOICE_SEPARATOR
    return [
        str(c) for c in frame.columns if str(c).startswith(prefix) and len(str(c)) > len(prefix)
    ]


def analysis_columns(frame: pd.DataFrame, variables: list[str]) -> list[str]:
    """The columns that hold ``variables``: a column by that name, else the question's
    ``q/<choice>`` columns; ContractError naming what is missing."""
    out: list[str] = []
    for variable in variables:
        if variable in frame.columns:
            out.append(variable)
            continue
        columns = choice_columns(frame, variable)
        if not columns:
            raise ContractError(
                f"column '{variable}' not found (rule: required column); neither a column of "
                f"that name nor multiple-choice columns '{variable}/<choice>' are in the data; "
                f"available: {', '.join(map(str, frame.columns))}"
            )
        out += columns
    return out


def is_boolean(series: pd.Series) -> bool:
    return pd.api.types.is_bool_dtype(series.dtype)


def indicator_block(frame: pd.DataFrame, variable: str) -> IndicatorBlock:
    """The 0/1 indicators of ``variable``; ContractError when the frame does not hold it."""
    if variable in frame.columns:
        series = frame[variable]
        if is_boolean(series):
            values = (
                series.astype("boolean").astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            )
            return IndicatorBlock(variable, "boolean", (TRUE_LEVEL,), values[:, None])
        return _categorical_block(series, variable)
    columns = choice_columns(frame, variable)
    if not columns:
        raise ContractError(
            f"column '{variable}' not found (rule: required column); neither a column of that "
            f"name nor multiple-choice columns '{variable}/<choice>' are in the data; "
            f"available: {', '.join(map(str, frame.columns))}"
        )
    block = np.column_stack(
        [
            frame[c].astype("boolean").astype("Float64").to_numpy(dtype=float, na_value=np.nan)
            for c in columns
        ]
    )
    choices = tuple(c[len(variable) + 1 :] for c in columns)
    return IndicatorBlock(variable, "choice", choices, block)


def _categorical_block(series: pd.Series, variable: str) -> IndicatorBlock:
    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = [str(c) for c in series.cat.categories]
        codes = series.cat.codes.to_numpy()
    else:
        text = series.astype("string")
        categories = sorted(str(v) for v in text.dropna().unique())
        lookup = {c: k for k, c in enumerate(categories)}
        codes = np.array([lookup.get(v, -1) if isinstance(v, str) else -1 for v in text])
    missing = codes < 0
    values = np.zeros((len(series), len(categories)), dtype=float)
    values[np.flatnonzero(~missing), codes[~missing]] = 1.0
    values[missing, :] = np.nan
    return IndicatorBlock(variable, "categorical", tuple(categories), values)
