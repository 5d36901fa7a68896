"""Design-based survey estimation, agreeing with R's ``survey`` package.

Build a :class:`SurveyDesign` (or a :class:`ReplicateDesign`), then call the estimators with
(variables, design); every call batches many variables and many domains and returns a
:class:`SurveyEstimates` whose ``to_frame()`` is the long results table.
"""

from __future__ import annotations

from evidence.survey.calibrate import poststratify, rake
from evidence.survey.design import SurveyDesign
from evidence.survey.estimators import (
    estimate_mean,
    estimate_proportion,
    estimate_ratio,
    estimate_total,
)
from evidence.survey.quantile import estimate_quantile
from evidence.survey.replicate import ReplicateDesign, replicate_design
from evidence.survey.results import SurveyEstimates
from evidence.survey.variables import choice_columns

__all__ = [
    "ReplicateDesign",
    "SurveyDesign",
    "SurveyEstimates",
    "choice_columns",
    "estimate_mean",
    "estimate_proportion",
    "estimate_quantile",
    "estimate_ratio",
    "estimate_total",
    "poststratify",
    "rake",
    "replicate_design",
]
