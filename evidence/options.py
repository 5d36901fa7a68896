"""The one way options are checked where they enter the library.

Options are ``Literal`` types so mypy sees the allowed values; at run time the checkers here
raise a named :class:`~evidence.errors.OptionError` in one message style:
``<name>=<value> is not allowed; <what is>``. Every package (survey, indicators, models,
display, studies) uses these, so a researcher reads the same kind of message everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from evidence.errors import OptionError

T = TypeVar("T")


def check_option(name: str, value: T, allowed: Iterable[T]) -> T:
    """Return ``value`` if it is one of ``allowed``; otherwise OptionError naming them."""
    options = tuple(allowed)
    if value not in options:
        raise OptionError(
            f"{name}={value!r} is not allowed; use one of {', '.join(map(repr, options))}"
        )
    return value


def check_positive_int(name: str, value: int) -> int:
    """``value`` if it is an integer >= 1 (booleans are not integers here)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise OptionError(f"{name}={value!r} is not allowed; use an integer >= 1")
    return value


def check_non_negative_int(name: str, value: int) -> int:
    """``value`` if it is an integer >= 0."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise OptionError(f"{name}={value!r} is not allowed; use an integer >= 0")
    return value


def check_positive_number(name: str, value: float) -> float:
    """``value`` as a float if it is a finite number > 0."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1e308:
        raise OptionError(f"{name}={value!r} is not allowed; use a number > 0")
    return float(value)


def check_level(level: float, name: str = "level") -> float:
    """A confidence level strictly between 0 and 1."""
    if isinstance(level, bool) or not isinstance(level, int | float) or not 0.0 < level < 1.0:
        raise OptionError(f"{name}={level!r} is not allowed; use a number between 0 and 1 (0.95)")
    return float(level)
