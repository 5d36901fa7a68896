"""The docstring examples run on one OpenMP/BLAS thread, like the dropout tests: the machine
is shared, and small gradient-boosting fits with a thread per core spend their time waiting
(4.2 s instead of 0.6 s for the cross-validation example under load)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from threadpoolctl import threadpool_limits


@pytest.fixture(autouse=True)
def one_thread() -> Iterator[None]:
    with threadpool_limits(limits=1):
        yield
