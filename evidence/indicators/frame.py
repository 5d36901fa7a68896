"""The analysis frame: the data plus one analysis column per indicator, ready to estimate.

Multiple-choice questions delivered as one space-separated column (``needs = "food water"``)
are first expanded to the canonical ``needs/food`` columns of the contract, as ingestion
does, so curated frames and in-memory synthetic frames both work. Derived variables are
added next (derive.py), then each indicator's variable is evaluated and set to missing
outside its universe. Proportions become 1/0 (missing when the answer is missing or one of
the indicator's ``unknown`` codes), other statistics keep their numbers; a ratio gets a
numerator and a denominator column. The input frame is never modified.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.errors import ContractError
from evidence.indicators.catalogue import Catalogue, Indicator
from evidence.indicators.derive import derive
from evidence.indicators.expressions import Expression, evaluate, in_universe
from evidence.indicators.plan import analysis_columns


def _numbers(expression: Expression, frame: pd.DataFrame, unknown: tuple[str, ...]) -> np.ndarray:
    values = evaluate(expression, frame, unknown)
    if pd.api.types.is_bool_dtype(values.dtype):
        values = values.astype("boolean")
    numbers = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return np.array(numbers, dtype=float, copy=True)  # writable, never a view of the data


def indicator_columns(indicator: Indicator, frame: pd.DataFrame) -> dict[str, np.ndarray]:
    """The analysis column(s) of one indicator over ``frame`` (which holds derived variables)."""
    outside = ~in_universe(indicator.universe, frame)
    expressions = (
        (indicator.numerator, indicator.denominator)
        if indicator.statistic == "ratio"
        else (indicator.variable,)
    )
    out = {}
    for name, expression in zip(analysis_columns(indicator), expressions, strict=True):
        assert expression is not None  # parse.py guarantees the statistic's expressions
        values = _numbers(expression, frame, indicator.unknown)
        values[outside] = np.nan
        out[name] = values
    return out


def with_choice_columns(data: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """``data`` with every multiple-choice question in canonical ``question/choice`` columns."""
    from evidence.contracts import canonicalise_choices, load_contract  # pandera: load late

    added: list[pd.DataFrame] = []
    for field in load_contract(dataset).fields:
        if field.type != "list" or all(c in data.columns for c in field.choice_columns):
            continue
        if field.name not in data.columns:
            continue  # neither layout: indicators that need it fail validation by name
        canonical, failures = canonicalise_choices(data, field)
        if len(failures):
            first = failures.iloc[0]
            raise ContractError(
                f"{dataset}: {len(failures)} answer(s) of {field.name!r} break the contract "
                f"(first: row {first['row']}, value {first['value']!r}, rule {first['rule']}); "
                "validate the data with `evidence validate` first"
            )
        added.append(canonical.drop(columns=[c for c in canonical if c in data.columns]))
    return pd.concat([data, *added], axis=1) if added else data


def analysis_frame(catalogue: Catalogue, data: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """A copy of ``data`` with the dataset's derived variables and analysis columns.

    The step between the data and the survey engine. Multiple-choice questions delivered as
    one column of codes are first expanded to canonical ``question/choice`` columns (so
    synthetic in-memory frames work as curated ones do); the derived variables the dataset's
    indicators read are added; then each indicator gets an analysis column named after its
    id (a ratio two: ``<id>__numerator`` and ``<id>__denominator``), missing outside its
    universe. Proportions are 1/0 (missing when the answer is missing or an ``unknown``
    code), other statistics keep their numbers. The input frame is not modified.

    Parameters
    ----------
    catalogue : Catalogue
    data : pandas.DataFrame
        Rows of ``dataset`` (curated, or synthetic).
    dataset : str

    Returns
    -------
    pandas.DataFrame
        ``data``'s columns, then derived variables, then analysis columns (float).

    Raises
    ------
    ContractError
        Multiple-choice answers outside the contract's codelist (validate the data first), or
        an unknown dataset.

    Examples
    --------
    >>> from evidence.indicators import load_catalogue
    >>> from evidence.synth import synthesize
    >>> data = synthesize("integration_survey", "ABW", "2023-12", seed=1, scale=0.05)
    >>> catalogue = load_catalogue().select(
    ...     ["prop_informal", "ratio_children_enrolled", "mean_ipl_index"])
    >>> frame = analysis_frame(catalogue, data, "integration_survey")
    >>> sorted(set(frame.columns) - set(data.columns))  # doctest: +NORMALIZE_WHITESPACE
    ['ipl_index', 'mean_ipl_index', 'prop_informal', 'ratio_children_enrolled__denominator',
     'ratio_children_enrolled__numerator']
    >>> employed = data["employed"].astype("boolean").fillna(False).astype(bool)
    >>> bool((~employed).any()), bool(frame.loc[~employed, "prop_informal"].isna().all())
    (True, True)
    >>> bool(frame["prop_informal"].dropna().isin([0, 1]).all()), len(frame) == len(data)
    (True, True)
    """
    data = with_choice_columns(data, dataset)
    # Only the derived variables the chosen indicators read (an age group needs ``age``).
    used = {column for i in catalogue.indicators if i.dataset == dataset for column in i.columns}
    derived = derive(
        (d for d in catalogue.derived if d.dataset == dataset and d.name in used), data
    )
    columns: dict[str, np.ndarray] = {}
    for indicator in catalogue.indicators:
        if indicator.dataset == dataset:
            columns.update(indicator_columns(indicator, derived))
    return pd.concat([derived, pd.DataFrame(columns, index=derived.index)], axis=1)
