"""Shared fixtures of the dropout tests: linked synthetic school surveys, one thread.

The machine running the tests is shared: the gradient-boosting fits run on one OpenMP thread
(threadpoolctl), which is also what makes their timings stable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import cache

import pytest
from threadpoolctl import threadpool_limits

from evidence.dropout import LinkedStudents, link_levels
from evidence.synth import synthesize_country

PERIOD = "2023-12"


@cache
def linked_synth(country: str, seed: int, scale: float) -> LinkedStudents:
    data = synthesize_country(
        country, PERIOD, seed=seed, scale=scale, datasets=("schools", "caregivers", "students")
    )
    return link_levels(data["schools"], data["caregivers"], data["students"])


@pytest.fixture(autouse=True)
def one_thread() -> Iterator[None]:
    with threadpool_limits(limits=1):
        yield


@pytest.fixture(scope="session")
def linked() -> Callable[[str, int, float], LinkedStudents]:
    """``linked(country, seed, scale)``: the linked embedded default data (cached)."""
    return linked_synth
