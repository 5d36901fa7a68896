"""Display helpers for study notebooks: the study context, text, tables and figures.

Each helper returns a frozen object that displays the same way in JupyterLab and in the
rendered HTML and PDF (see ``evidence.studies.present`` for how outputs are chosen).
"""

from __future__ import annotations

from evidence.display.figure import StudyFigure, study_figure
from evidence.display.study import Study, open_study
from evidence.display.table import StudyTable, study_table
from evidence.display.text import StudyText, bullet_list, heading, note, paragraph

__all__ = [
    "Study",
    "StudyFigure",
    "StudyTable",
    "StudyText",
    "bullet_list",
    "heading",
    "note",
    "open_study",
    "paragraph",
    "study_figure",
    "study_table",
]
