"""Fixtures for the protection tests: the `evidence` kernel of the study tests."""

from __future__ import annotations

from tests.studies.conftest import evidence_kernel

__all__ = ["evidence_kernel"]
