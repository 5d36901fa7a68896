"""Where things live. Every path the library uses is derived here and nowhere else.

The data root is, in order: the ``EVIDENCE_DATA`` environment variable, else ``data/`` at the
project root (the folder holding ``data_contracts/``), else ``data/`` in the working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
CONTRACTS_DIR = PROJECT_ROOT / "data_contracts"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"


def data_root(root: str | os.PathLike[str] | None = None) -> Path:
    if root is not None:
        return Path(root)
    env = os.environ.get("EVIDENCE_DATA")
    if env:
        return Path(env)
    if CONTRACTS_DIR.is_dir():
        return PROJECT_ROOT / "data"
    return Path.cwd() / "data"


def raw_dir(dataset: str, period: str, root: str | os.PathLike[str] | None = None) -> Path:
    """data/raw/<dataset>/<period>/ — files as delivered, named <ISO3>.<csv|xlsx|parquet>."""
    return data_root(root) / "raw" / dataset / period


def curated_dir(
    dataset: str, period: str, country: str, root: str | os.PathLike[str] | None = None
) -> Path:
    """data/curated/<dataset>/period=<YYYY-MM>/country=<ISO3>/ — Hive-partitioned Parquet."""
    return data_root(root) / "curated" / dataset / f"period={period}" / f"country={country}"


def quarantine_dir(dataset: str, period: str, root: str | os.PathLike[str] | None = None) -> Path:
    """data/quarantine/<dataset>/<period>/ — rejected rows with the reason, one file per input."""
    return data_root(root) / "quarantine" / dataset / period


def synth_dir(period: str, root: str | os.PathLike[str] | None = None) -> Path:
    """data/synth/<period>/ — what `evidence synth` planted: injected errors, surges, manifest."""
    return data_root(root) / "synth" / period


def early_warning_dir(
    period: str, country: str, root: str | os.PathLike[str] | None = None
) -> Path:
    """data/restricted/early_warning/<period>/<ISO3>/ — dropout early-warning lists, one CSV
    per school (pseudonymous student ids; restricted, never under reports/ or in a study)."""
    return data_root(root) / "restricted" / "early_warning" / period / country


def display_path(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> str:
    """A path as a published study may show it: relative to the data root, never absolute.

    ``display_path("/srv/evidence/data/curated/x", "/srv/evidence/data")`` is
    ``"data/curated/x"``; the root itself is ``"data"``. A path outside the root shows only
    its last component, so no study ever prints where the server keeps its data.
    """
    base = data_root(root).resolve()
    target = Path(path).resolve()
    if target.is_relative_to(base):
        relative = target.relative_to(base)
        return str(Path(base.name) / relative) if relative.parts else base.name
    return target.name
