"""Which curated datasets each study reads, and the hashes that tell whether they changed.

A country study reads its own country's partitions; the regional study reads every country's.
The hash of a dataset is taken over its Parquet files (relative name and bytes), so a study is
rebuilt when any of its inputs changes and only then.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from pathlib import Path

from evidence.countries import ISO3_CODES
from evidence.display.params import StudyName, StudyParameters
from evidence.paths import curated_dir

# The datasets a study uses. Content that starts reading another dataset must add it here,
# or a change to that dataset would not trigger a rebuild.
STUDY_INPUTS: Mapping[StudyName, tuple[str, ...]] = {
    "movement": (
        "flow_survey",
        "flow_counts",
        "wifi_sessions",
        "portal_forms",
        "sites",
        "services",
    ),
    "risks": ("flow_survey", "portal_forms", "sites"),
    "integration": ("integration_survey", "schools", "caregivers", "students", "services"),
    "regional": (
        "flow_survey",
        "flow_counts",
        "integration_survey",
        "schools",
        "caregivers",
        "students",
        "wifi_sessions",
        "portal_forms",
    ),
}

MISSING = "missing"


def input_partitions(params: StudyParameters) -> dict[str, Path]:
    """Each input as ``dataset`` (country study) or ``dataset/ISO3`` (regional) → folder."""
    countries = ISO3_CODES if params.country is None else (params.country,)
    folders: dict[str, Path] = {}
    for dataset in STUDY_INPUTS[params.study]:
        for iso3 in countries:
            name = dataset if params.country is not None else f"{dataset}/{iso3}"
            folders[name] = curated_dir(dataset, params.period, iso3, params.data_root)
    return folders


def hash_file(path: Path, chunk: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def hash_folder(folder: Path, cache: dict[Path, str] | None = None) -> str:
    """sha256 over the folder's Parquet files (names and contents); ``missing`` if none."""
    files = sorted(folder.glob("*.parquet")) if folder.is_dir() else []
    if not files:
        return MISSING
    digest = hashlib.sha256()
    for path in files:
        if cache is not None and path in cache:
            file_hash = cache[path]
        else:
            file_hash = hash_file(path)
            if cache is not None:
                cache[path] = file_hash
        digest.update(f"{path.name}\0{file_hash}\n".encode())
    return digest.hexdigest()


def hash_inputs(params: StudyParameters, cache: dict[Path, str] | None = None) -> dict[str, str]:
    """The hash of every input of a study; ``cache`` shares file hashes across studies."""
    return {name: hash_folder(folder, cache) for name, folder in input_partitions(params).items()}
