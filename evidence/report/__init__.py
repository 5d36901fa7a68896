"""Display helpers for study notebooks: the study context, text, tables and figures.

Each helper returns a frozen object that displays the same way in JupyterLab and in the
rendered HTML and PDF (see ``evidence.studies.present`` for how outputs are chosen).
"""

from __future__ import annotations

from evidence.report import overview
from evidence.report.figure import StudyFigure, study_figure
from evidence.report.study import Study, open_study
from evidence.report.table import StudyTable, study_table
from evidence.report.text import StudyText, bullet_list, heading, note, paragraph

__all__ = [
    "Study",
    "StudyFigure",
    "StudyTable",
    "StudyText",
    "bullet_list",
    "heading",
    "note",
    "open_study",
    "overview",
    "paragraph",
    "study_figure",
    "study_table",
]
