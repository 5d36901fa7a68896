"""Fixtures for study tests: the ``evidence`` Jupyter kernel."""

from __future__ import annotations

import pytest

from evidence.studies.kernel import find_kernel, install_kernel


@pytest.fixture(scope="session")
def evidence_kernel() -> str:
    """The ``evidence`` kernel, installed into this environment if it is missing."""
    if find_kernel() is None:
        install_kernel()
    return "evidence"
