"""`import evidence` loads none of the heavy libraries: they load on first use (kernels start
fast). Checked in a fresh interpreter through ``sys.modules``, not with a timer; the time itself
is measured by benchmarks/import_time.py."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = (
    "scipy.stats",
    "scipy.sparse",
    "scipy.optimize",
    "statsmodels",
    "sklearn",
    "matplotlib",
    "pandera",
    "duckdb",
    "papermill",
)


def _loaded_after(statement: str) -> list[str]:
    code = (
        f"import sys, json\n{statement}\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return list(json.loads(out.stdout.strip().splitlines()[-1]))


def test_import_evidence_loads_no_heavy_library() -> None:
    assert _loaded_after("import evidence") == []


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("import evidence; evidence.survey.ci.critical_value(10.0, 0.95)", "scipy.stats"),
        ("import evidence.contracts as c; c.build_schema(c.load_contract('sites'))", "pandera"),
    ],
)
def test_heavy_library_loads_on_first_use(statement: str, expected: str) -> None:
    """The check above can fail: the same probe sees the library once it is used."""
    assert expected in _loaded_after(statement)
