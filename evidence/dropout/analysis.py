"""One country's dropout analysis as a study runs it: linkage, feasibility, models, rows.

``analyse_dropout(schools, caregivers, students)`` links the three levels, decides whether
there are enough dropouts to fit, and if so fits the interpretable logit (SEs clustered by
school), cross-validates the predictive ``DropoutRiskModel`` (school-grouped folds, seeded),
evaluates the out-of-fold risks for all students, by migrant/national and by sex (with the
gaps: migrant − national, female − male) and explains the model (permutation importance).
The returned :class:`DropoutAnalysis` keeps only what a study may publish: the integrity
report's counts (never its id listing), the feasibility counts and the fitted results; no
student id and no individual risk leaves this function (early-warning lists are a separate,
restricted product: ``evidence.dropout.early_warning``).

``STUDY_SETTINGS`` are the lighter settings a study run for 17 countries uses: 3 school-grouped
folds instead of 5, 100 school-bootstrap replicates instead of 200, one permutation repeat
instead of 5 and no partial dependence. Measured on Colombia's default data (11,681 students,
2 cores shared with other jobs, load about 7): the 3-fold cross-validation took 39 s, the
school bootstrap (100 replicates) 1 s, and permutation importance with 3 folds and 2 repeats
275 s (it permutes all 33 features); with these settings the whole integration notebook of
Colombia ran in 195 s. ``REGIONAL_SETTINGS`` are the same without the explanation, so the
regional table's numbers equal the country study's. ``reliability_results`` publishes the
reliability curves (mean predicted risk and observed dropout share per risk bin, the observed
share with its unweighted numerator so disclosure control judges each bin). ``dropout_country_rows``
gives the regional study's few rows per country (feasibility counts, AUC, calibration slope,
recall in the top 10 %, migrant AME) from the same function.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evidence.dropout.evaluation import Evaluation, evaluate
from evidence.dropout.explanation import RiskExplanation, explain_risk_model
from evidence.dropout.feasibility import Feasibility, assess_feasibility
from evidence.dropout.integrity import HANDLING, IntegrityReport
from evidence.dropout.interpretable import DropoutLogit, fit_dropout_logit
from evidence.dropout.linkage import link_levels
from evidence.dropout.predictive import DropoutRiskModel, training_data
from evidence.dropout.results import ResultRow, results_frame
from evidence.dropout.validation import cross_validate_risk
from evidence.options import check_non_negative_int, check_positive_int

REFERENCE: dict[str, str] = {"group": "national", "sex": "male"}


@dataclass(frozen=True)
class AnalysisSettings:
    """How much resampling a study spends on one country.

    ``n_splits`` school-grouped folds, ``n_boot`` school-bootstrap replicates of the
    evaluation, ``n_repeats`` permutation repeats, ``n_bins`` reliability bins, ``explain``
    whether to compute permutation importance, and the seed. ``STUDY_SETTINGS`` are the
    defaults; ``REGIONAL_SETTINGS`` leave the explanation out. Checked by ``analyse_dropout``.

    Examples
    --------
    >>> from evidence.dropout import REGIONAL_SETTINGS, STUDY_SETTINGS, AnalysisSettings
    >>> STUDY_SETTINGS.n_splits, STUDY_SETTINGS.n_boot, REGIONAL_SETTINGS.explain
    (3, 100, False)
    >>> AnalysisSettings(n_boot=0, explain=False).n_boot
    0
    """

    n_splits: int = 3
    n_boot: int = 100
    n_repeats: int = 1
    n_bins: int = 10
    explain: bool = True
    random_state: int = 0


STUDY_SETTINGS = AnalysisSettings()
REGIONAL_SETTINGS = AnalysisSettings(explain=False)


@dataclass(frozen=True)
class DropoutAnalysis:
    """Integrity counts, feasibility and (when feasible) the fitted models' results.

    Only what a study may publish: no student id and no individual risk. ``fitted`` says
    whether the models ran; ``to_frame()`` gives the integrity counts; ``to_results`` every
    publishable row (integrity, feasibility and, when fitted, the logit, the evaluation with
    its reliability curves and the explanation).

    Examples
    --------
    >>> from evidence.dropout import DropoutAnalysis, analyse_dropout
    >>> from evidence.synth import synthesize_country
    >>> data = synthesize_country("ABW", "2023-12", seed=1, scale=0.05,
    ...                           datasets=("schools", "caregivers", "students"))
    >>> analysis = analyse_dropout(data["schools"], data["caregivers"], data["students"])
    >>> isinstance(analysis, DropoutAnalysis), analysis.fitted, analysis.logit is None
    (True, False, True)
    >>> sorted(set(analysis.to_results("ABW", "2023-12")["indicator"]))[:2]
    ['dropout_integrity', 'dropout_linkage_linked']
    """

    integrity: pd.DataFrame
    n_students_in: int
    n_linked: int
    feasibility: Feasibility
    logit: DropoutLogit | None = None
    evaluation: Evaluation | None = None
    explanation: RiskExplanation | None = None

    @property
    def fitted(self) -> bool:
        return self.logit is not None and self.evaluation is not None

    def to_frame(self) -> pd.DataFrame:
        """The integrity counts (check, level, count, handling): no identifiers."""
        return self.integrity.copy()

    def summary(self) -> str:
        head = f"Dropout analysis: {self.n_linked} of {self.n_students_in} students linked"
        return "\n".join([head, self.feasibility.message])

    def _repr_html_(self) -> str:
        return "".join(f"<p>{html.escape(line)}</p>" for line in self.summary().splitlines())

    def integrity_results(self, country: str, period: str) -> pd.DataFrame:
        """Students in and linked, and the number of each integrity check (unit count)."""
        rows = [
            ResultRow("dropout_linkage_students", float(self.n_students_in), "count",
                      self.n_students_in),
            ResultRow("dropout_linkage_linked", float(self.n_linked), "count", self.n_linked),
        ]  # fmt: skip
        rows += [
            ResultRow("dropout_integrity", float(count), "count", int(count),
                      disaggregation="check", level=str(check))
            for check, count in zip(self.integrity["check"], self.integrity["count"], strict=True)
        ]  # fmt: skip
        return results_frame(rows, country, period)

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        """Every row the analysis can publish: integrity, feasibility and the models'."""
        pieces = [self.integrity_results(country, period)]
        pieces.append(self.feasibility.to_results(country, period))
        for part in (self.logit, self.evaluation, self.explanation):
            if part is not None:
                pieces.append(part.to_results(country, period))
        if self.evaluation is not None:
            pieces.append(reliability_results(self.evaluation, country, period))
        return pd.concat(pieces, ignore_index=True)


def reliability_results(evaluation: Evaluation, country: str, period: str) -> pd.DataFrame:
    """The reliability curves as rows: per domain and risk bin (disaggregation
    ``<by> x bin``, level ``<level> x <bin>``), the mean predicted risk (unit mean) and the
    observed dropout share (proportion; numerator: dropouts in the bin, unweighted; binomial
    standard error, so the publication rules judge each bin like any other share)."""
    rows: list[ResultRow] = []
    curve = evaluation.reliability
    for r in curve.to_dict("records"):
        by = f"{r['disaggregation']} x bin"
        level = f"{r['level']} x {int(r['bin']) + 1:02d}"
        n = int(r["n"])
        observed = float(r["observed"])
        numerator = round(observed * n) if np.isfinite(observed) else None
        # Binomial standard error of the bin's share, so disclosure control can judge it.
        se = float(np.sqrt(observed * (1 - observed) / n)) if n else float("nan")
        rows.append(
            ResultRow("dropout_reliability_predicted", float(r["mean_predicted"]), "mean", n,
                      disaggregation=by, level=level)
        )  # fmt: skip
        rows.append(
            ResultRow("dropout_reliability_observed", observed, "proportion", n,
                      disaggregation=by, level=level, se=se, numerator=numerator)
        )  # fmt: skip
    return results_frame(rows, country, period)


def _integrity_counts(report: IntegrityReport) -> pd.DataFrame:
    return report.to_frame()[["check", "level", "count", "handling"]]


def analyse_dropout(
    schools: pd.DataFrame,
    caregivers: pd.DataFrame,
    students: pd.DataFrame,
    settings: AnalysisSettings = STUDY_SETTINGS,
) -> DropoutAnalysis:
    """Link, assess, and (if enough dropouts) fit, cross-validate, evaluate and explain.

    One country's dropout analysis as a study runs it: ``link_levels``, ``assess_feasibility``
    and, when there are enough dropouts, ``fit_dropout_logit``, ``cross_validate_risk`` of a
    seeded ``DropoutRiskModel``, ``evaluate`` of the out-of-fold risks (all students, migrant
    against national, female against male) and ``explain_risk_model``. A country with too
    few dropouts gets the counts and the message, not a model.

    Parameters
    ----------
    schools, caregivers, students : pandas.DataFrame
        The three levels of the school survey. Not modified.
    settings : AnalysisSettings, default ``STUDY_SETTINGS``

    Returns
    -------
    DropoutAnalysis

    Raises
    ------
    OptionError
        ``settings`` with a non-positive ``n_splits`` or ``n_repeats``, or a negative
        ``n_boot``.
    ContractError
        A level lacks a contract column (``link_levels``).

    Examples
    --------
    >>> from evidence.dropout import AnalysisSettings, analyse_dropout
    >>> from evidence.synth import synthesize_country
    >>> data = synthesize_country("ABW", "2023-12", seed=1, scale=0.05,
    ...                           datasets=("schools", "caregivers", "students"))
    >>> analysis = analyse_dropout(data["schools"], data["caregivers"], data["students"])
    >>> analysis.fitted, analysis.feasibility.message.startswith("too few dropouts")
    (False, True)
    >>> try:
    ...     analyse_dropout(data["schools"], data["caregivers"], data["students"],
    ...                     AnalysisSettings(n_splits=0))
    ... except Exception as error:
    ...     print(type(error).__name__)
    OptionError
    """
    check_positive_int("n_splits", settings.n_splits)
    check_non_negative_int("n_boot", settings.n_boot)
    check_positive_int("n_repeats", settings.n_repeats)
    linked = link_levels(schools, caregivers, students)
    feasibility = assess_feasibility(linked.frame)
    base = DropoutAnalysis(
        integrity=_integrity_counts(linked.integrity),
        n_students_in=linked.integrity.n_students,
        n_linked=linked.integrity.n_linked,
        feasibility=feasibility,
    )
    if not feasibility.ok:
        return base
    logit = fit_dropout_logit(linked.frame)
    x, y, schools_ = training_data(linked.frame)
    seed = settings.random_state
    model = DropoutRiskModel(random_state=seed)
    cv = cross_validate_risk(model, x, y, schools_, n_splits=settings.n_splits, random_state=seed)
    quality = evaluate(
        y,
        cv.risk,
        groups=schools_,
        by={
            "group": np.where(x["migrant"].to_numpy() == 1, "migrant", "national"),
            "sex": np.where(x["female"].to_numpy() == 1, "female", "male"),
        },
        reference=REFERENCE,
        n_boot=settings.n_boot,
        n_bins=settings.n_bins,
        random_state=seed,
    )
    why = None
    if settings.explain:
        why = explain_risk_model(
            model, x, y, schools_, n_splits=settings.n_splits, n_repeats=settings.n_repeats,
            pd_features=(), random_state=seed,
        )  # fmt: skip
    return DropoutAnalysis(
        integrity=base.integrity,
        n_students_in=base.n_students_in,
        n_linked=base.n_linked,
        feasibility=feasibility,
        logit=logit,
        evaluation=quality,
        explanation=why,
    )


# The regional table's rows: (indicator, disaggregation, level).
REGIONAL_ROWS: tuple[tuple[str, str, str], ...] = (
    ("dropout_model_students", "total", "total"),
    ("dropout_model_dropouts", "total", "total"),
    ("dropout_model_roc_auc", "total", "total"),
    ("dropout_model_calibration_slope", "total", "total"),
    ("dropout_model_recall_top_10", "total", "total"),
    ("dropout_marginal_effect", "factor", "migrant"),
)


def dropout_country_rows(
    country: str,
    period: str,
    schools: pd.DataFrame,
    caregivers: pd.DataFrame,
    students: pd.DataFrame,
    settings: AnalysisSettings = REGIONAL_SETTINGS,
) -> pd.DataFrame:
    """One country's rows for the regional comparison (``REGIONAL_ROWS``); a country with
    too few dropouts has only the two feasibility counts.

    The rows are those of ``analyse_dropout(...).to_results`` (students and dropouts in the
    model, ROC AUC, calibration slope, recall in the top 10 %, migrant AME), so the regional
    table's numbers equal the country study's with the same settings.

    Parameters
    ----------
    country : str
        ISO3 code.
    period : str
        ``YYYY-MM``.
    schools, caregivers, students : pandas.DataFrame
    settings : AnalysisSettings, default ``REGIONAL_SETTINGS``

    Returns
    -------
    pandas.DataFrame
        Results-contract rows.

    Raises
    ------
    OptionError
        Bad settings, country or period.

    Examples
    --------
    >>> from evidence.dropout import dropout_country_rows
    >>> from evidence.synth import synthesize_country
    >>> data = synthesize_country("ABW", "2023-12", seed=1, scale=0.05,
    ...                           datasets=("schools", "caregivers", "students"))
    >>> rows = dropout_country_rows("ABW", "2023-12", data["schools"], data["caregivers"],
    ...                             data["students"])
    >>> rows["indicator"].tolist()
    ['dropout_model_students', 'dropout_model_dropouts']
    """
    rows = analyse_dropout(schools, caregivers, students, settings).to_results(country, period)
    keys = pd.MultiIndex.from_frame(rows[["indicator", "disaggregation", "level"]])
    keep = keys.isin(pd.MultiIndex.from_tuples(REGIONAL_ROWS))
    return rows.loc[keep].reset_index(drop=True)


__all__ = [
    "HANDLING",
    "REGIONAL_ROWS",
    "REGIONAL_SETTINGS",
    "STUDY_SETTINGS",
    "AnalysisSettings",
    "DropoutAnalysis",
    "analyse_dropout",
    "dropout_country_rows",
]
