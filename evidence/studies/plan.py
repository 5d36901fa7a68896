"""Plan a run: one task per country × study (and regional), and which are already up to date.

A task carries everything a worker needs (it is pickled to processes and Dask workers) and a
fingerprint of what determines its output: parameters, input data hashes, notebook hash,
library version and source hash, render engine and formats. A study whose fingerprint matches
a successful build in the manifest, with its files still there, is skipped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from evidence.countries import LANGUAGES
from evidence.display.params import (
    REGIONAL_STUDY,
    Format,
    StudyName,
    StudyParameters,
    study_parameters,
)
from evidence.errors import StudyError
from evidence.paths import PACKAGE_DIR
from evidence.studies.inputs import hash_file, hash_inputs
from evidence.studies.manifest import StudyRecord
from evidence.studies.render import RenderEngine

LIBRARY_SUFFIXES = (".py", ".yaml", ".lua", ".css", ".typ", ".j2")


@cache
def library_hash(package: Path = PACKAGE_DIR) -> str:
    """sha256 over the library's sources and assets: any code change rebuilds the studies."""
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in LIBRARY_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(f"{path.relative_to(package)}\0{hash_file(path)}\n".encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class StudyTask:
    """One study to build: its parameters, where it goes and what it is built from."""

    params: StudyParameters
    notebook: Path
    formats: tuple[Format, ...]
    engine: RenderEngine
    reports_dir: Path
    inputs: Mapping[str, str]
    notebook_hash: str
    library_version: str
    library_hash: str

    @property
    def key(self) -> str:
        return self.params.key

    @property
    def out_dir(self) -> Path:
        return self.reports_dir / self.params.place

    @property
    def fingerprint(self) -> str:
        document = {
            "parameters": self.params.to_dict(),
            "inputs": dict(sorted(self.inputs.items())),
            "notebook": self.notebook_hash,
            "library_version": self.library_version,
            "library": self.library_hash,
            "engine": self.engine,
            "formats": list(self.formats),
        }
        return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()

    def outputs(self) -> dict[str, Path]:
        """The published files of this study: the executed notebook and each format."""
        stem = self.out_dir / self.params.study
        files = {"ipynb": stem.with_suffix(".ipynb")}
        files.update({fmt: stem.with_suffix(f".{fmt}") for fmt in self.formats})
        files["results"] = stem.with_suffix(".results.csv")
        return files


def _places(
    study: StudyName, countries: tuple[str, ...], language: str | None
) -> list[tuple[str | None, str | None]]:
    """(country, language) of each build of a study: a country study once per country in
    its language (unless one is asked for); the regional study once per language (es, pt,
    en), or only in the language asked for."""
    if study != REGIONAL_STUDY:
        return [(country, language) for country in countries]
    return [(None, lang) for lang in ((language,) if language else LANGUAGES)]


def plan_tasks(
    *,
    period: str,
    countries: tuple[str, ...],
    studies: tuple[StudyName, ...],
    formats: tuple[Format, ...],
    engine: RenderEngine,
    data_root: Path,
    reports_dir: Path,
    notebooks_dir: Path,
    library_version: str,
    language: str | None = None,
) -> list[StudyTask]:
    """Every task of a run, parameters checked and inputs hashed (no kernel is started)."""
    file_hashes: dict[Path, str] = {}
    notebook_hashes: dict[str, str] = {}
    tasks = []
    for study in studies:
        notebook = notebooks_dir / f"{study}.ipynb"
        if study not in notebook_hashes:
            if not notebook.is_file():
                raise StudyError(f"study notebook {notebook} not found; expected one per study")
            notebook_hashes[study] = hash_file(notebook)
        for country, study_language in _places(study, countries, language):
            params = study_parameters(
                study,
                country=country,
                period=period,
                language=study_language,
                data_root=data_root,
            )
            tasks.append(
                StudyTask(
                    params=params,
                    notebook=notebook,
                    formats=formats,
                    engine=engine,
                    reports_dir=reports_dir,
                    inputs=hash_inputs(params, file_hashes),
                    notebook_hash=notebook_hashes[study],
                    library_version=library_version,
                    library_hash=library_hash(),
                )
            )
    return tasks


def is_up_to_date(task: StudyTask, previous: StudyRecord | None) -> bool:
    """Built before from the same fingerprint, and every published file still there."""
    if previous is None or previous.status != "built":
        return False
    if previous.fingerprint != task.fingerprint:
        return False
    return all(path.exists() for path in task.outputs().values())
