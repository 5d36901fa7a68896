"""School-dropout models on the three-level school survey (schools, caregivers, students).

- ``link_levels``: students linked to caregivers and schools, with an integrity report;
- ``assess_feasibility``: enough dropouts to fit? (``MIN_DROPOUTS``, ``MIN_SCHOOLS``);
- ``fit_dropout_logit``: interpretable logistic regression, school-clustered SEs (as R's
  sandwich::vcovCL HC1), odds ratios and average marginal effects;
- ``DropoutRiskModel``: scikit-learn estimator, gradient boosting with grouped calibration;
  ``training_data`` and ``cross_validate_risk`` (StratifiedGroupKFold by school);
- ``evaluate``: discrimination, calibration, top-k precision/recall, by group, with gaps and
  school-bootstrap intervals;
- ``explain_risk_model`` and ``factors_side_by_side``: permutation importance on grouped
  held-out folds, partial dependence, the logit's terms beside them;
- ``early_warning_lists`` and ``write_early_warning_lists``: restricted per-school lists;
- ``example_students``: a small labelled sample with a planted risk, for the examples.
"""

from evidence.dropout.analysis import (
    REGIONAL_SETTINGS,
    STUDY_SETTINGS,
    AnalysisSettings,
    DropoutAnalysis,
    analyse_dropout,
    dropout_country_rows,
)
from evidence.dropout.early_warning import EarlyWarningList, early_warning_lists
from evidence.dropout.evaluation import Evaluation, evaluate
from evidence.dropout.examples import example_students
from evidence.dropout.explanation import RiskExplanation, explain_risk_model, factors_side_by_side
from evidence.dropout.feasibility import MIN_DROPOUTS, MIN_SCHOOLS, Feasibility, assess_feasibility
from evidence.dropout.features import (
    CATEGORICAL_FEATURES,
    INTERPRETABLE_FEATURES,
    NUMERIC_FEATURES,
    PREDICTIVE_FEATURES,
)
from evidence.dropout.integrity import IntegrityReport
from evidence.dropout.interpretable import DropoutLogit, fit_dropout_logit
from evidence.dropout.linkage import LinkedStudents, link_levels
from evidence.dropout.predictive import DropoutRiskModel, training_data
from evidence.dropout.validation import CrossValidatedRisk, cross_validate_risk
from evidence.dropout.writer import write_early_warning_lists

__all__ = [
    "CATEGORICAL_FEATURES",
    "INTERPRETABLE_FEATURES",
    "MIN_DROPOUTS",
    "MIN_SCHOOLS",
    "NUMERIC_FEATURES",
    "PREDICTIVE_FEATURES",
    "REGIONAL_SETTINGS",
    "STUDY_SETTINGS",
    "AnalysisSettings",
    "CrossValidatedRisk",
    "DropoutAnalysis",
    "DropoutLogit",
    "DropoutRiskModel",
    "EarlyWarningList",
    "Evaluation",
    "Feasibility",
    "IntegrityReport",
    "LinkedStudents",
    "RiskExplanation",
    "analyse_dropout",
    "assess_feasibility",
    "cross_validate_risk",
    "dropout_country_rows",
    "early_warning_lists",
    "evaluate",
    "example_students",
    "explain_risk_model",
    "factors_side_by_side",
    "fit_dropout_logit",
    "link_levels",
    "training_data",
    "write_early_warning_lists",
]
