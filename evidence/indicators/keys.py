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

from evidence.errors import ContractError
from evidence.indicators.catalogue import CROSS, TOTAL

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
    """The key of ``indicator`` in the domain where ``variables`` take ``values``."""
    if len(variables) != len(values):
        raise ContractError(f"analysis key of {indicator!r}: {variables} do not match {values}")
    return join_key(indicator, disaggregation_name(variables), level_name(values))


def join_key(indicator: str, disaggregation: str, level: str) -> str:
    """The key from names already formatted by ``disaggregation_name`` and ``level_name``."""
    return f"{indicator}{KEY_SEPARATOR}{disaggregation}{LEVEL_SEPARATOR}{level}"


def parse_analysis_key(key: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(indicator, by-variables, levels) of a key; () and () for the total."""
    indicator, sep, rest = key.partition(KEY_SEPARATOR)
    disaggregation, sep2, level = rest.partition(LEVEL_SEPARATOR)
    if not (sep and sep2 and indicator):
        raise ContractError(
            f"{key!r} is not an analysis key like 'prop_x @/@ sex %/% female' (results.yaml)"
        )
    if disaggregation == TOTAL:
        return indicator, (), ()
    return indicator, tuple(disaggregation.split(CROSS)), tuple(level.split(CROSS))
