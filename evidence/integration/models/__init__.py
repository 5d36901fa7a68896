"""Integration-outcome models: survey-weighted GLMs with design-based standard errors,
average marginal effects, Oaxaca-Blinder gap decompositions and the effect of regular
status (inverse probability weighting and AIPW), all through the survey engine's designs."""

from __future__ import annotations

from evidence.integration.models.glm import fit_glm
from evidence.integration.models.glm_results import GLMResults

__all__ = ["GLMResults", "fit_glm"]
