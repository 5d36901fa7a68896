"""Why the predictive model ranks students as it does, beside the interpretable model.

``explain_risk_model(model, X, y, groups)``:

- permutation importance on school-grouped held-out folds: each fold's clone of the model is
  fitted on the other folds' schools and scored (ROC AUC) on the fold's own students, then on
  the same students with one feature shuffled; the importance is the drop in AUC, averaged
  over folds and repeats (so it measures what the model needs for students of schools it has
  not seen, not what it memorised);
- partial dependence: the mean risk when a feature is set to each value of a grid (deciles of
  the feature, or its categories) for a sample of students, from the model fitted on all.

``factors_side_by_side(explanation, logit)`` puts the permutation importance beside the
interpretable model's odds ratios and AMEs, feature by feature.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sklearn.base import clone
from sklearn.inspection import permutation_importance
from sklearn.model_selection import StratifiedGroupKFold

from evidence.dropout.features import FEATURE_LABELS
from evidence.dropout.interpretable import DropoutLogit
from evidence.dropout.results import ResultRow, results_frame
from evidence.options import check_positive_int

# Predictive feature -> the interpretable model's term for the same factor.
INTERPRETABLE_TERM: dict[str, str] = {
    "attendance_rate": "attendance_per_10_points",
    "xenophobia_experienced": "xenophobia",
    "bullying_answer": "bullying",
    "caregiver_migration_status": "caregiver_irregular",
}
PD_FEATURES: tuple[str, ...] = (
    "attendance_rate",
    "overage_years",
    "child_work",
    "xenophobia_experienced",
    "caregiver_migration_status",
    "school_psychosocial_support",
)


@dataclass(frozen=True)
class RiskExplanation:
    """Permutation importance (per feature) and partial dependence (per feature and value).

    ``importance``: feature, label, importance (drop in held-out ROC AUC), importance_sd,
    most important first; ``partial_dependence``: feature, value, mean_risk; ``to_results``
    publishes the importances.

    Examples
    --------
    >>> from evidence.dropout import DropoutRiskModel, explain_risk_model, example_students
    >>> linked = example_students()  # 400 students in 20 schools, a planted risk
    >>> X, y = linked[["attendance_rate", "child_work"]], linked["dropout"].to_numpy(dtype=int)
    >>> schools = linked["school_id"].to_numpy()
    >>> model = DropoutRiskModel(max_iter=5, min_samples_leaf=20, calibration="none",
    ...                          random_state=0)
    >>> why = explain_risk_model(model, X, y, schools, n_splits=2, n_repeats=1,
    ...                          pd_features=("attendance_rate",), grid_resolution=3)
    >>> why.to_frame()["feature"].iloc[0]
    'attendance_rate'
    >>> why.partial_dependence.columns.tolist(), len(why.partial_dependence)
    (['feature', 'value', 'mean_risk'], 3)
    """

    importance: pd.DataFrame
    partial_dependence: pd.DataFrame
    n: int

    def to_frame(self) -> pd.DataFrame:
        return self.importance.copy()

    def summary(self) -> str:
        top = self.importance.head(10)[["feature", "importance", "importance_sd"]]
        return "Permutation importance (drop in held-out AUC)\n" + top.round(4).to_string(
            index=False
        )

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.summary().splitlines()[0])}</p>" + self.importance.round(
            4
        ).to_html(index=False)

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        """Permutation importance per feature (unit: difference in AUC; no interval)."""
        rows = [
            ResultRow(
                "dropout_permutation_importance",
                float(importance),
                "difference",
                self.n,
                disaggregation="factor",
                level=str(feature),
            )
            for feature, importance in zip(
                self.importance["feature"], self.importance["importance"], strict=True
            )
        ]
        return results_frame(rows, country, period)


def _grid(values: pd.Series, resolution: int) -> list[Any]:
    present = values.dropna()
    if not pd.api.types.is_numeric_dtype(present):
        return sorted(present.astype(str).unique())
    unique = np.unique(present.to_numpy(dtype=float))
    if unique.size <= resolution:
        return unique.tolist()
    levels = np.quantile(present.to_numpy(dtype=float), np.linspace(0.05, 0.95, resolution))
    return np.unique(levels).tolist()


def explain_risk_model(
    model: Any,
    X: pd.DataFrame,
    y: Any,
    groups: Any,
    *,
    n_splits: int = 5,
    n_repeats: int = 5,
    pd_features: Sequence[str] = PD_FEATURES,
    grid_resolution: int = 10,
    pd_sample: int = 2000,
    random_state: int = 0,
) -> RiskExplanation:
    """Permutation importance on grouped held-out folds and partial dependence (see above).

    Parameters
    ----------
    model : estimator
        Unfitted; its ``fit`` takes ``groups`` (a :class:`DropoutRiskModel`).
    X : pandas.DataFrame
    y : array-like of 0/1
    groups : array-like
        School of each student.
    n_splits : int, default 5
        School-grouped folds.
    n_repeats : int, default 5
        Shuffles per feature and fold.
    pd_features : sequence of str, default ``PD_FEATURES``
        Features with a partial-dependence curve (those not in X are skipped).
    grid_resolution : int, default 10
    pd_sample : int, default 2000
        Students the curves average over.
    random_state : int, default 0

    Returns
    -------
    RiskExplanation

    Raises
    ------
    OptionError
        ``n_splits`` or ``n_repeats`` is not a positive integer.

    References
    ----------
    scikit-learn's ``permutation_importance`` (Breiman 2001, Random Forests, Machine Learning
    45) on each held-out fold.

    Examples
    --------
    >>> from evidence.dropout import DropoutRiskModel, explain_risk_model, example_students
    >>> linked = example_students()  # 400 students in 20 schools, a planted risk
    >>> X, y = linked[["attendance_rate", "child_work"]], linked["dropout"].to_numpy(dtype=int)
    >>> schools = linked["school_id"].to_numpy()
    >>> model = DropoutRiskModel(max_iter=5, min_samples_leaf=20, calibration="none",
    ...                          random_state=0)
    >>> why = explain_risk_model(model, X, y, schools, n_splits=2, n_repeats=1,
    ...                          pd_features=("attendance_rate",), grid_resolution=3)
    >>> sorted(why.importance["feature"]), why.n
    (['attendance_rate', 'child_work'], 400)
    >>> bool(why.importance["importance"].iloc[0] > 0)
    True
    """
    check_positive_int("n_splits", n_splits)
    check_positive_int("n_repeats", n_repeats)
    y_array = np.asarray(y)
    group_array = np.asarray(groups).astype(str)
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    drops = []
    for train, test in splitter.split(np.zeros(len(y_array)), y_array, group_array):
        fitted = clone(model).fit(X.iloc[train], y_array[train], groups=group_array[train])
        result = permutation_importance(
            fitted, X.iloc[test], y_array[test], scoring="roc_auc", n_repeats=n_repeats,
            random_state=random_state,
        )  # fmt: skip
        drops.append(result["importances"])
    stacked = np.concatenate(drops, axis=1)
    importance = (
        pd.DataFrame(
            {
                "feature": list(X.columns),
                "label": [FEATURE_LABELS.get(c, c.replace("_", " ")) for c in X.columns],
                "importance": stacked.mean(axis=1),
                "importance_sd": stacked.std(axis=1, ddof=1),
            }
        )
        .sort_values("importance", ascending=False, kind="stable")
        .reset_index(drop=True)
    )
    full = clone(model).fit(X, y_array, groups=group_array)
    rng = np.random.default_rng(random_state)
    rows = rng.choice(len(X), size=min(pd_sample, len(X)), replace=False)
    sample = X.iloc[np.sort(rows)]
    curves = []
    for feature in [f for f in pd_features if f in X.columns]:
        for value in _grid(X[feature], grid_resolution):
            changed = sample.copy()
            changed[feature] = value
            mean_risk = float(full.predict_proba(changed)[:, 1].mean())
            curves.append({"feature": feature, "value": value, "mean_risk": mean_risk})
    return RiskExplanation(
        importance=importance,
        partial_dependence=pd.DataFrame(curves, columns=["feature", "value", "mean_risk"]),
        n=len(X),
    )


def factors_side_by_side(explanation: RiskExplanation, logit: DropoutLogit) -> pd.DataFrame:
    """Feature, its permutation importance, and the interpretable model's odds ratio and AME
    for the same factor (empty where the other model has no such term).

    The predictive features are matched to the logit's terms by ``INTERPRETABLE_TERM``
    (``attendance_rate`` is ``attendance_per_10_points``, ...).

    Parameters
    ----------
    explanation : RiskExplanation
    logit : DropoutLogit

    Returns
    -------
    pandas.DataFrame
        The importance table with ``term``, ``odds_ratio``, ``or_ci_low``, ``or_ci_high``,
        ``ame`` and ``ame_se``.

    Examples
    --------
    >>> from evidence.dropout import fit_dropout_logit, factors_side_by_side
    >>> from evidence.dropout import DropoutRiskModel, explain_risk_model, example_students
    >>> linked = example_students()  # 400 students in 20 schools, a planted risk
    >>> X, y = linked[["attendance_rate", "child_work"]], linked["dropout"].to_numpy(dtype=int)
    >>> schools = linked["school_id"].to_numpy()
    >>> model = DropoutRiskModel(max_iter=5, min_samples_leaf=20, calibration="none",
    ...                          random_state=0)
    >>> why = explain_risk_model(model, X, y, schools, n_splits=2, n_repeats=1,
    ...                          pd_features=("attendance_rate",), grid_resolution=3)
    >>> linked = pd.DataFrame({"school_id": schools,
    ...                        "student_id": [f"p{i:04d}" for i in range(400)],
    ...                        "attendance_per_10_points": 10 * X["attendance_rate"],
    ...                        "child_work": X["child_work"], "dropout": y.astype(float)})
    >>> logit = fit_dropout_logit(linked, features=("attendance_per_10_points", "child_work"))
    >>> side = factors_side_by_side(why, logit)
    >>> side[["feature", "term"]].values.tolist()
    [['attendance_rate', 'attendance_per_10_points'], ['child_work', 'child_work']]
    >>> bool(side["odds_ratio"].notna().all())
    True
    """
    terms = logit.to_frame().set_index("term")
    out = explanation.importance.copy()
    out["term"] = [INTERPRETABLE_TERM.get(f, f) for f in out["feature"]]
    for column in ("odds_ratio", "or_ci_low", "or_ci_high", "ame", "ame_se"):
        out[column] = out["term"].map(terms[column]) if len(terms) else np.nan
    return out
