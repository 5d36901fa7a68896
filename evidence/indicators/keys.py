"""Analysis keys: one stable string naming each row of a results table.

The format is results.yaml's, after IMPACT's analysistools: ``<indicator> @/@ <disaggregation>
%/% <level>``, where the disaggregation is ``total`` or by-variables joined with `` x `` and the
level is the matching values joined the same way (``total`` for the total), e.g.

    prop_needs_food @/@ total %/% total
    prop_needs_food @/@ sex x age_group %/% female x 18_24

It is built only from the indicator id and the domain, so the same indicator and domain give
the same key in every country and period, and keys are unique within a results table.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from evidence.countries import REGION_CODE, get_country
from evidence.errors import ContractError, OptionError
from evidence.indicators.catalogue import CROSS, TOTAL
from evidence.periods import check_period

KEY_SEPARATOR = " @/@ "
LEVEL_SEPARATOR = " %/% "


def format_level(value: object) -> str:
    """A by-value as it appears in a level: booleans as true/false, the rest as text."""
    if isinstance(value, bool | np.bool_):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def disaggregation_name(variables: Sequence[str]) -> str:
    return CROSS.join(variables) if variables else TOTAL


def level_name(values: Sequence[object]) -> str:
    return CROSS.join(format_level(v) for v in values) if values else TOTAL


def analysis_key(indicator: str, variables: Sequence[str], values: Sequence[object]) -> str:
    """The key of ``indicator`` in the domain where ``variables`` take ``values``.

    IMPACT's analysistools key (``indicator @/@ disaggregation %/% level``), the
    ``analysis_key`` column of every results table.

    Parameters
    ----------
    indicator : str
    variables : sequence of str
        The disaggregation variables (empty for the total).
    values : sequence
        Their values in the domain, one per variable.

    Returns
    -------
    str

    Raises
    ------
    ContractError
        When variables and values do not pair up.

    Examples
    --------
    >>> analysis_key("prop_employed", ["sex", "group"], ["female", "migrant"])
    'prop_employed @/@ sex x group %/% female x migrant'
    >>> analysis_key("prop_employed", [], [])
    'prop_employed @/@ total %/% total'
    """
    if len(variables) != len(values):
        raise ContractError(f"analysis key of {indicator!r}: {variables} do not match {values}")
    return join_key(indicator, disaggregation_name(variables), level_name(values))


def join_key(indicator: str, disaggregation: str, level: str) -> str:
    """The key from names already formatted by ``disaggregation_name`` and ``level_name``."""
    return f"{indicator}{KEY_SEPARATOR}{disaggregation}{LEVEL_SEPARATOR}{level}"


def parse_analysis_key(key: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(indicator, by-variables, levels) of a key; () and () for the total.

    Parameters
    ----------
    key : str
        An analysis key (:func:`analysis_key`).

    Returns
    -------
    tuple of (str, tuple of str, tuple of str)

    Raises
    ------
    ContractError
        When ``key`` is not an analysis key (the message shows the form).

    Examples
    --------
    >>> parse_analysis_key("prop_employed @/@ sex x group %/% female x migrant")
    ('prop_employed', ('sex', 'group'), ('female', 'migrant'))
    >>> parse_analysis_key("prop_employed @/@ total %/% total")
    ('prop_employed', (), ())
    """
    indicator, sep, rest = key.partition(KEY_SEPARATOR)
    disaggregation, sep2, level = rest.partition(LEVEL_SEPARATOR)
    if not (sep and sep2 and indicator):
        raise ContractError(
            f"{key!r} is not an analysis key like 'prop_x @/@ sex %/% female' (results.yaml)"
        )
    if disaggregation == TOTAL:
        return indicator, (), ()
    return indicator, tuple(disaggregation.split(CROSS)), tuple(level.split(CROSS))


def indicator_code(*parts: str) -> str:
    """A results-contract indicator code (``^[a-z][a-z0-9_]*$``) from its parts."""
    text = "_".join(str(p) for p in parts if p != "")
    code = "".join(ch if ch.isalnum() else "_" for ch in text.lower())
    if not code or not code[0].isalpha():
        raise OptionError(f"cannot build an indicator code starting with a letter from {parts}")
    return code


def _single_value(frame: pd.DataFrame, column: str, argument: str) -> str:
    if column not in frame.columns:
        raise OptionError(
            f"pass {argument}= (the data have no '{column}' column to take it from; "
            "evidence.load adds one)"
        )
    values = frame[column].dropna().astype(str).unique()
    if len(values) != 1:
        raise OptionError(
            f"the data's '{column}' column holds {len(values)} values "
            f"({', '.join(sorted(values)[:5])}); pass {argument}= or select one {column} first"
        )
    return str(values[0])


def resolve_country(frame: pd.DataFrame, country: str | None) -> str:
    """The ISO3 code (or LAC) of a results table, from ``country`` or the data's single
    ``country`` value, checked against the 17 response countries."""
    code = _single_value(frame, "country", "country") if country is None else country
    if code.upper() == REGION_CODE:
        return REGION_CODE
    return get_country(code).iso3


def resolve_period(frame: pd.DataFrame, period: str | None) -> str:
    """The YYYY-MM period of a results table, from ``period`` or the data's single value."""
    return check_period(_single_value(frame, "period", "period") if period is None else period)
