"""Checks at the entry of every descriptive function: columns present, options allowed."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TypeVar

import pandas as pd

from evidence.errors import ContractError, OptionError

T = TypeVar("T")


def require_columns(frame: pd.DataFrame, columns: Sequence[str], dataset: str) -> None:
    """ContractError naming every column of ``dataset`` the frame lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ContractError(
            f"{dataset}: missing column(s) {missing} (rule: required column, "
            f"data_contracts/{dataset}.yaml); load the data with evidence.load('{dataset}', ...) "
            "or add the columns"
        )


def check_choice(name: str, value: T, allowed: Iterable[T]) -> T:
    """``value`` if it is one of ``allowed``, else an OptionError listing them."""
    options = tuple(allowed)
    if value not in options:
        raise OptionError(f"{name} must be one of {options}, got {value!r}")
    return value


def check_positive_int(name: str, value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise OptionError(f"{name} must be a positive integer, got {value!r}")
    return value


def check_positive_number(name: str, value: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        raise OptionError(f"{name} must be a positive number, got {value!r}")
    return float(value)
