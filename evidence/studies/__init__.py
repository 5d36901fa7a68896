"""Parameterised study notebooks run per country and period, rendered to HTML and PDF.

``run_period`` (the ``evidence run`` command) plans every country × study, skips those whose
inputs, notebook, parameters and library are unchanged, executes the rest with papermill in
the ``evidence`` kernel, renders them (Quarto, or pandoc + Typst) and publishes them
atomically under ``reports/<period>/`` with a manifest and an index.
"""

from __future__ import annotations

from evidence.display.params import (
    FORMATS,
    STUDIES,
    StudyParameters,
    parse_formats,
    parse_studies,
    study_parameters,
)
from evidence.studies.manifest import StudyRecord, read_manifest
from evidence.studies.outcome import RunReport
from evidence.studies.run import run_period

__all__ = [
    "FORMATS",
    "STUDIES",
    "RunReport",
    "StudyParameters",
    "StudyRecord",
    "parse_formats",
    "parse_studies",
    "read_manifest",
    "run_period",
    "study_parameters",
]
