"""Shared test fixtures."""

from __future__ import annotations

from pathlib import Path

import pytest


def find_shared_reference() -> Path | None:
    """../shared/reference beside the project (or beside any ancestor, for git worktrees)."""
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "reference"
        if candidate.is_dir():
            return candidate
    return None


@pytest.fixture(scope="session")
def shared_reference() -> Path:
    found = find_shared_reference()
    if found is None:
        pytest.skip("../shared/reference is not beside the project")
    return found
