"""Small synthetic runs shared by the synth tests (two countries, small scale, in tmp)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from evidence.synth import SynthReport, write_synthetic

COUNTRIES = ("COL", "PER")  # COL: Kobo choice columns, true/false; PER: BOM, sí/no
SCALE = 0.03


def run(root: Path, seed: int, error_rate: float) -> SynthReport:
    return write_synthetic(
        "2023-12", seed=seed, scale=SCALE, countries=COUNTRIES, root=root, error_rate=error_rate
    )


@pytest.fixture(scope="session")
def run_synth() -> Callable[[Path, int, float], SynthReport]:
    """Write the two test countries: ``run_synth(root, seed, error_rate)``."""
    return run


@pytest.fixture(scope="session")
def dirty_run(tmp_path_factory: pytest.TempPathFactory) -> SynthReport:
    """The default error rate raised tenfold so every kind of error shows at small scale."""
    return run(tmp_path_factory.mktemp("dirty"), seed=0, error_rate=0.02)
