"""Fixtures for study tests: the evidence kernel, and a tiny curated store written with pandas."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evidence.paths import curated_dir
from evidence.studies.kernel import find_kernel, install_kernel

RISKS = ("theft", "violence", "extortion", "detention", "discrimination", "none")
NEEDS = ("food", "water", "shelter", "health", "employment", "none")


def _write(frame: pd.DataFrame, dataset: str, period: str, iso3: str, root: Path) -> None:
    folder = curated_dir(dataset, period, iso3, root)
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_parquet(folder / "part-0.parquet", index=False)


def write_curated(root: Path, period: str, countries: dict[str, int], seed: int = 0) -> None:
    """Write flow_survey, flow_counts and integration_survey; ``countries`` maps ISO3 → n."""
    rng = np.random.default_rng(seed)
    days = pd.date_range(f"{period}-01", periods=28, freq="D")
    for iso3, n in countries.items():
        survey = pd.DataFrame(
            {
                "survey_id": [f"{iso3}-{i}" for i in range(n)],
                "site_id": rng.choice([f"{iso3}-S{k}" for k in range(3)], n),
                "direction": rng.choice(["entry", "exit", "transit"], n),
                "sex": rng.choice(["female", "male"], n),
                "age": rng.integers(18, 70, n),
            }
        )
        for choice in RISKS:
            survey[f"risks/{choice}"] = rng.random(n) < 0.3
        for choice in NEEDS:
            survey[f"needs/{choice}"] = rng.random(n) < 0.4
        _write(survey, "flow_survey", period, iso3, root)
        counts = pd.DataFrame(
            {
                "site_id": np.repeat([f"{iso3}-S0", f"{iso3}-S1"], len(days)),
                "date": np.tile(days, 2),
                "entries": rng.integers(50, 400, 2 * len(days)),
                "exits": rng.integers(20, 300, 2 * len(days)),
                "transit": rng.integers(0, 100, 2 * len(days)),
            }
        )
        _write(counts, "flow_counts", period, iso3, root)
        integration = pd.DataFrame(
            {
                "household_id": [f"{iso3}-H{i}" for i in range(n)],
                "group": rng.choice(["migrant", "host"], n),
                "sex": rng.choice(["female", "male"], n),
                "employed": rng.random(n) < 0.6,
                "weight": rng.uniform(50, 150, n),
            }
        )
        _write(integration, "integration_survey", period, iso3, root)


@pytest.fixture(scope="session")
def evidence_kernel() -> str:
    """The ``evidence`` kernel, installed into this environment if it is missing."""
    if find_kernel() is None:
        install_kernel()
    return "evidence"
