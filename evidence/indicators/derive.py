"""Derived variables of the catalogue: age groups cut from age, composite scores.

Composite rules, for components that are yes/no answers (``travelling_with_children``,
``disability == yes``); an answer listed in the composite's ``unknown`` codes (``dont_know``,
``prefer_not_to_say``) counts as missing, like an empty answer:

- ``any``   true when at least one component is true, even if others are missing (one
            criterion already qualifies); false only when every component is known false;
            missing otherwise (some missing, none true).
- ``count`` the number of true components when every component is known; missing as soon as
            one is missing, because the count could be higher.
- ``mean``  (numeric items, e.g. IPL-12 on 1-5) each item rescaled to 0-1 by ``scale``
            ((x - low) / (high - low)), then averaged; missing as soon as one item is missing,
            so that a score never mixes different sets of items.

The input frame is never modified: ``derive`` returns a copy with the new columns.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from evidence.errors import ContractError
from evidence.indicators.catalogue import Composite, Cut, DerivedVariable
from evidence.indicators.expressions import evaluate


def cut_values(cut: Cut, frame: pd.DataFrame) -> pd.Series:
    """Label of each row's bin; missing below the first break or where the value is missing."""
    values = pd.to_numeric(frame[cut.column], errors="coerce")
    edges = [*cut.breaks, np.inf]
    binned = pd.cut(values, bins=edges, right=False, labels=list(cut.labels))
    return binned.astype("string")


def component_matrix(composite: Composite, frame: pd.DataFrame) -> np.ndarray:
    """(n, k) float: 1/0 for yes/no components (or the raw item values), NaN when missing."""
    columns = []
    for component in composite.components:
        values = evaluate(component, frame, composite.unknown)
        if pd.api.types.is_bool_dtype(values.dtype) or composite.rule != "mean":
            values = values.astype("boolean")
        columns.append(
            pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        )
    return np.column_stack(columns)


def composite_values(composite: Composite, frame: pd.DataFrame) -> pd.Series:
    """The composite score of each row under its rule.

    ``any``: true when at least one component is true, false only when every component is
    known false, else missing. ``count``: the number of true components, missing as soon as
    one is missing. ``mean``: each item rescaled to 0-1 by ``scale`` ((x - low) / (high -
    low)) and averaged, missing as soon as one item is missing, so a score never mixes
    different sets of items. Answers in the composite's ``unknown`` codes count as missing.

    Parameters
    ----------
    composite : Composite
    frame : pandas.DataFrame
        Holds the components' columns (not modified).

    Returns
    -------
    pandas.Series
        Nullable boolean for ``any``; float (NaN when missing) for ``count`` and ``mean``.
        Same index as ``frame``.

    Raises
    ------
    ContractError
        A ``mean`` composite without a scale.

    References
    ----------
    Harder, N. et al. (2018). Multidimensional measure of immigrant integration. PNAS
    115(45), 11483-11488 (the IPL-12 items the catalogue scores with ``mean``).

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.indicators import Composite
    >>> from evidence.indicators.expressions import parse_expression
    >>> parts = tuple(parse_expression(text, "example") for text in ("alone", "disability == yes"))
    >>> frame = pd.DataFrame({"alone": [True, False, False, None],
    ...                       "disability": ["no", "no", "dont_know", "no"]})
    >>> composite_values(Composite("any", parts, unknown=("dont_know",)), frame).tolist()
    [True, False, <NA>, <NA>]
    >>> composite_values(Composite("count", parts), frame).tolist()[:3]
    [1.0, 0.0, 0.0]
    >>> items = tuple(parse_expression(c, "example") for c in ("item_1", "item_2"))
    >>> scores = pd.DataFrame({"item_1": [1, 5], "item_2": [3, None]})
    >>> composite_values(Composite("mean", items, scale=(1.0, 5.0)), scores).tolist()
    [0.25, nan]
    """
    matrix = component_matrix(composite, frame)
    known = ~np.isnan(matrix).any(axis=1)
    if composite.rule == "any":
        qualifies = (matrix == 1).any(axis=1)
        result = np.where(qualifies, 1.0, np.where(known, 0.0, np.nan))
        return pd.Series(result, index=frame.index).astype("boolean")
    if composite.rule == "count":
        return pd.Series(np.where(known, np.nansum(matrix, axis=1), np.nan), index=frame.index)
    if composite.scale is None:
        raise ContractError("a composite with rule mean needs a scale")
    low, high = composite.scale
    scaled = (matrix - low) / (high - low)
    with np.errstate(invalid="ignore"):
        means = np.where(known, scaled.mean(axis=1), np.nan)
    return pd.Series(means, index=frame.index)


def derive(derived: Iterable[DerivedVariable], frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with every derived variable added.

    Variables are added in declaration order, so a derived variable may use one declared
    before it. A Cut gives a string column of bin labels (missing below the first break), a
    Composite its score (see composite_values). The input frame is not modified.

    Parameters
    ----------
    derived : iterable of DerivedVariable
    frame : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.indicators import load_catalogue
    >>> age_group = {d.name: d for d in load_catalogue().derived}["age_group"]
    >>> data = pd.DataFrame({"age": [19, 34, 61, 12]})
    >>> out = derive([age_group], data)
    >>> out["age_group"].tolist(), list(data.columns)
    (['18_24', '25_34', '60_plus', <NA>], ['age'])
    """
    out = frame.copy()
    for variable in derived:
        if variable.cut is not None:
            out[variable.name] = cut_values(variable.cut, out)
        elif variable.composite is not None:
            out[variable.name] = composite_values(variable.composite, out)
    return out
