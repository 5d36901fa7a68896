"""Integration-outcome models: survey-weighted GLMs with design-based standard errors,
average marginal effects, Oaxaca-Blinder gap decompositions and the effect of regular
status (inverse probability weighting and AIPW), all through the survey engine's designs."""

from __future__ import annotations

from evidence.integration.models.glm import fit_glm
from evidence.integration.models.glm_results import GLMResults
from evidence.integration.models.margins import MarginsResults, average_marginal_effects
from evidence.integration.models.oaxaca_blinder import oaxaca
from evidence.integration.models.oaxaca_results import OaxacaResults
from evidence.integration.models.regularisation import regularisation_effect
from evidence.integration.models.regularisation_results import RegularisationResults
from evidence.integration.models.samples import (
    MIN_ROWS_PER_CELL,
    MIN_ROWS_PER_GROUP,
    MIN_ROWS_PER_PARAMETER,
    SampleCheck,
    sample_adequacy,
)

__all__ = [
    "MIN_ROWS_PER_CELL",
    "MIN_ROWS_PER_GROUP",
    "MIN_ROWS_PER_PARAMETER",
    "GLMResults",
    "MarginsResults",
    "OaxacaResults",
    "RegularisationResults",
    "SampleCheck",
    "average_marginal_effects",
    "fit_glm",
    "oaxaca",
    "regularisation_effect",
    "sample_adequacy",
]
