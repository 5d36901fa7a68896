"""Cross-validation of the dropout risk model grouped by school.

``cross_validate_risk(model, X, y, groups)`` splits the students with ``StratifiedGroupKFold``
(shuffled, seeded): every school's students fall in one fold only, so no school is both in a
training set and in the test set it is scored on (a model that memorised a school's
climate would otherwise look better than it is for a new school). Each fold's clone of the
model is fitted on the other folds, with ``groups`` passed on so its own calibration folds are
school-grouped too. The result holds one out-of-fold risk per student, ready for
``evaluate``.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from sklearn.base import clone
from sklearn.model_selection import StratifiedGroupKFold

from evidence.errors import EstimationError
from evidence.options import check_positive_int


def _fit_and_score(
    model: Any,
    x: pd.DataFrame,
    y: np.ndarray,
    groups: np.ndarray,
    weights: np.ndarray | None,
    train: np.ndarray,
    test: np.ndarray | None,
) -> Any:
    """One fold: a clone fitted on the training schools, its risks for the test schools (or,
    with no test rows, the fitted clone itself: the refit on every student)."""
    fitted = clone(model)
    fit_weights = None if weights is None else weights[train]
    fitted.fit(x.iloc[train], y[train], groups=groups[train], sample_weight=fit_weights)
    if test is None:
        return fitted
    return np.asarray(fitted.predict_proba(x.iloc[test])[:, 1])


@dataclass(frozen=True)
class CrossValidatedRisk:
    """Out-of-fold risks, the fold of each student and the schools of each fold.

    ``risk`` holds one risk per student from the model fitted without its school;
    ``schools_by_fold()`` shows that no school is in two folds; ``model`` is the refit on
    every student when ``cross_validate_risk(..., refit=True)``.

    Examples
    --------
    >>> from evidence.dropout import DropoutRiskModel, cross_validate_risk, example_students
    >>> linked = example_students()  # 400 students in 20 schools, a planted risk
    >>> X, y = linked[["attendance_rate", "child_work"]], linked["dropout"].to_numpy(dtype=int)
    >>> schools = linked["school_id"].to_numpy()
    >>> model = DropoutRiskModel(max_iter=5, min_samples_leaf=20, calibration="none",
    ...                          random_state=0)
    >>> cv = cross_validate_risk(model, X, y, schools, n_splits=3, n_jobs=1)
    >>> folds = cv.schools_by_fold()
    >>> len(folds), sum(len(s) for s in folds.values()), cv.model is None
    (3, 20, True)
    >>> cv.to_frame().columns.tolist()
    ['fold', 'school_id', 'y', 'risk']
    """

    risk: np.ndarray
    fold: np.ndarray
    groups: np.ndarray
    y: np.ndarray
    n_splits: int
    model: Any = None

    def to_frame(self) -> pd.DataFrame:
        """One row per student: fold, school, label, out-of-fold risk."""
        return pd.DataFrame(
            {"fold": self.fold, "school_id": self.groups, "y": self.y, "risk": self.risk}
        )

    def schools_by_fold(self) -> dict[int, frozenset[str]]:
        return {
            k: frozenset(map(str, np.unique(self.groups[self.fold == k])))
            for k in range(self.n_splits)
        }

    def __repr__(self) -> str:
        # The summary, not every id or array: a notebook prints this when HTML is off.
        return self.summary()

    def summary(self) -> str:
        sizes = np.bincount(self.fold, minlength=self.n_splits)
        return (
            f"{self.n_splits}-fold cross-validation grouped by school: {len(self.y)} students, "
            f"{len(np.unique(self.groups))} schools, fold sizes {sizes.tolist()}"
        )

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.summary())}</p>"


def cross_validate_risk(
    model: Any,
    X: pd.DataFrame,
    y: Any,
    groups: Any,
    *,
    n_splits: int = 5,
    random_state: int | None = 0,
    sample_weight: Any = None,
    n_jobs: int | None = None,
    refit: bool = False,
) -> CrossValidatedRisk:
    """Out-of-fold risks of ``model`` (a DropoutRiskModel or any binary classifier whose
    ``fit`` takes ``groups``) with folds grouped by ``groups`` (the school); ``n_jobs`` fits
    folds in parallel processes (joblib; None: one after another); ``refit`` also fits the
    model on every student in the same pool (``result.model``), as GridSearchCV does.

    Parameters
    ----------
    model : estimator
        Unfitted; cloned for every fold.
    X : pandas.DataFrame
    y : array-like of 0/1
    groups : array-like
        The school of each student; every school's students fall in one fold.
    n_splits : int, default 5
    random_state : int, optional, default 0
        Seed of the shuffled ``StratifiedGroupKFold``.
    sample_weight : array-like, optional
    n_jobs : int, optional
    refit : bool, default False

    Returns
    -------
    CrossValidatedRisk

    Raises
    ------
    OptionError
        ``n_splits`` is not a positive integer.
    EstimationError
        X, y and groups differ in length, or fewer schools than folds.

    Examples
    --------
    >>> from evidence.dropout import DropoutRiskModel, cross_validate_risk, example_students
    >>> import numpy as np
    >>> linked = example_students()  # 400 students in 20 schools, a planted risk
    >>> X, y = linked[["attendance_rate", "child_work"]], linked["dropout"].to_numpy(dtype=int)
    >>> schools = linked["school_id"].to_numpy()
    >>> model = DropoutRiskModel(max_iter=5, min_samples_leaf=20, calibration="none",
    ...                          random_state=0)
    >>> cv = cross_validate_risk(model, X, y, schools, n_splits=3, n_jobs=1)
    >>> bool(np.isfinite(cv.risk).all()), sorted(set(cv.fold.tolist()))
    (True, [0, 1, 2])
    >>> try:
    ...     cross_validate_risk(model, X, y, schools, n_splits=30)
    ... except Exception as error:
    ...     print(type(error).__name__)
    EstimationError
    """
    check_positive_int("n_splits", n_splits)
    y_array = np.asarray(y)
    group_array = np.asarray(groups).astype(str)
    if len(y_array) != len(X) or len(group_array) != len(X):
        raise EstimationError("X, y and groups must have one row per student")
    if len(np.unique(group_array)) < n_splits:
        raise EstimationError(
            f"{len(np.unique(group_array))} schools cannot make {n_splits} school-grouped folds; "
            "lower n_splits"
        )
    weights = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
    splitter = StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=random_state)
    splits = list(splitter.split(np.zeros(len(y_array)), y_array, group_array))
    everyone = np.arange(len(y_array))
    tasks: list[tuple[np.ndarray, np.ndarray | None]] = [(everyone, None)] if refit else []
    tasks += [(train, test) for train, test in splits]
    done = Parallel(n_jobs=n_jobs)(
        delayed(_fit_and_score)(model, X, y_array, group_array, weights, train, test)
        for train, test in tasks
    )
    refitted = done[0] if refit else None
    scored = done[1:] if refit else done
    risk = np.full(len(y_array), np.nan)
    fold = np.full(len(y_array), -1, dtype=int)
    for k, ((_, test), fold_risk) in enumerate(zip(splits, scored, strict=True)):
        risk[test] = fold_risk
        fold[test] = k
    return CrossValidatedRisk(
        risk=risk, fold=fold, groups=group_array, y=y_array, n_splits=n_splits, model=refitted
    )
