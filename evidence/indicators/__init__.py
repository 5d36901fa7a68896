"""Indicators declared in data_contracts/indicators.yaml, computed into the results contract.

>>> catalogue = load_catalogue()            # parse + check against the contracts
>>> results = compute(catalogue, frame, country="COL", period="2023-12", dataset="flow_survey")
>>> results.to_frame()                      # long results table, after disclosure control
"""

from __future__ import annotations

from evidence.indicators.catalogue import (
    Catalogue,
    Composite,
    Cut,
    DerivedVariable,
    Indicator,
    Labels,
)
from evidence.indicators.compute import compute
from evidence.indicators.derive import composite_values, derive
from evidence.indicators.estimates import survey_results
from evidence.indicators.frame import analysis_frame
from evidence.indicators.keys import analysis_key, parse_analysis_key
from evidence.indicators.parse import catalogue_from_mapping, load_catalogue
from evidence.indicators.plan import Batch, EstimationPlan, plan_estimation
from evidence.indicators.remainder import share_not_shown
from evidence.indicators.results import ResultsTable
from evidence.indicators.validate import catalogue_problems, validate_catalogue

__all__ = [
    "Batch",
    "Catalogue",
    "Composite",
    "Cut",
    "DerivedVariable",
    "EstimationPlan",
    "Indicator",
    "Labels",
    "ResultsTable",
    "analysis_frame",
    "analysis_key",
    "catalogue_from_mapping",
    "catalogue_problems",
    "composite_values",
    "compute",
    "derive",
    "load_catalogue",
    "parse_analysis_key",
    "plan_estimation",
    "share_not_shown",
    "survey_results",
    "validate_catalogue",
]
