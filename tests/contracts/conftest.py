"""Ingest test fixtures: a pseudonymisation key that never touches the project's .secrets."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def pseudonym_key(monkeypatch: pytest.MonkeyPatch) -> str:
    key = "test-key-not-secret"
    monkeypatch.setenv("EVIDENCE_PSEUDONYM_KEY", key)
    return key
