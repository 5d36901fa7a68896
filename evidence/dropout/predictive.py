"""The predictive dropout model: a scikit-learn estimator with calibrated probabilities.

:class:`DropoutRiskModel` follows the estimator contract (``__init__`` only stores its
parameters, ``fit`` returns self, learned attributes end in ``_``, ``random_state`` is a
parameter). Its model is a pipeline: a ColumnTransformer (text columns ordinal-encoded with
missing and unseen values as missing, numbers passed through with their gaps) feeding a
``HistGradientBoostingClassifier`` that treats the encoded columns as categories.

Calibration without leakage: with ``calibration`` "isotonic" or "sigmoid" the pipeline is
wrapped in ``CalibratedClassifierCV`` over ``calibration_folds`` held-out folds; each fold's
calibrator is fitted on students the fold's booster never saw, and when ``groups`` (the
school) are passed to ``fit`` the folds are school-grouped (shuffled ``GroupKFold``), so no
school is both in a booster's training data and in the data that calibrates it. The
probabilities are the average over folds (``ensemble=True``); ``calibration_fold_`` records
the held-out fold of each training row. ``calibration="none"`` fits one
booster on everything.

The model is binary: ``classes_`` holds the two labels in sorted order and the risk is the
probability of the second (True / 1: dropped out). ``training_data(linked)`` takes the
labelled students of a linked frame with the features of all three levels.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.model_selection import GroupKFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OrdinalEncoder
from sklearn.utils import check_random_state
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    check_consistent_length,
    check_is_fitted,
    column_or_1d,
    validate_data,
)

from evidence.dropout.feasibility import assess_feasibility
from evidence.dropout.features import LABEL, PREDICTIVE_FEATURES
from evidence.errors import OptionError
from evidence.options import check_option, check_positive_int

Calibration = Literal["isotonic", "sigmoid", "none"]
CALIBRATIONS: tuple[Calibration, ...] = ("isotonic", "sigmoid", "none")
_MAX_SEED = 2**31 - 1


def _is_frame(x: object) -> bool:
    return isinstance(x, pd.DataFrame)


class DropoutRiskModel(ClassifierMixin, BaseEstimator):
    """Gradient boosting on three-level student features, with grouped probability calibration.

    Parameters
    ----------
    categorical_features: column names (DataFrame input) or positions treated as categories;
        None takes the text and category columns of a DataFrame (none for an array).
    learning_rate, max_iter, max_leaf_nodes, min_samples_leaf, l2_regularization: passed to
        ``HistGradientBoostingClassifier`` (early stopping off, so a fit is reproducible).
        The defaults (small trees, 50 rounds) were chosen on the embedded default data by
        school-grouped cross-validated AUC: larger trees (31 leaves, 100 rounds) scored lower
        (0.697 against 0.712 for Colombia at scale 2) and cost twice the time, as expected when
        risk is close to additive in the factors.
    calibration: "isotonic" (default), "sigmoid" or "none".
    calibration_folds: held-out folds for the calibration (>= 2).
    random_state: seed (or RandomState) for the calibration folds and the booster.

    ``fit(X, y, groups=None, sample_weight=None)`` returns self; ``predict_proba``,
    ``predict`` and ``risk`` (the calibrated probability of dropping out) follow.
    Options are checked at ``fit``: an unknown ``calibration`` raises OptionError.

    Examples
    --------
    >>> from evidence.dropout import DropoutRiskModel, example_students
    >>> linked = example_students()  # 400 students in 20 schools, a planted risk
    >>> X, y = linked[["attendance_rate", "child_work"]], linked["dropout"].to_numpy(dtype=int)
    >>> schools = linked["school_id"].to_numpy()
    >>> model = DropoutRiskModel(max_iter=5, min_samples_leaf=20, calibration="none",
    ...                          random_state=0)
    >>> risk = model.fit(X, y, groups=schools).risk(X)
    >>> risk.shape, bool(((risk >= 0) & (risk <= 1)).all()), model.classes_.tolist()
    ((400,), True, [0, 1])
    >>> try:
    ...     DropoutRiskModel(calibration="platt").fit(X, y)
    ... except Exception as error:
    ...     print(type(error).__name__)
    OptionError
    """

    def __init__(
        self,
        *,
        categorical_features: Sequence[str] | Sequence[int] | None = None,
        learning_rate: float = 0.2,
        max_iter: int = 50,
        max_leaf_nodes: int = 5,
        min_samples_leaf: int = 100,
        l2_regularization: float = 1.0,
        calibration: Calibration = "isotonic",
        calibration_folds: int = 3,
        random_state: int | np.random.RandomState | None = None,
    ) -> None:
        self.categorical_features = categorical_features
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.max_leaf_nodes = max_leaf_nodes
        self.min_samples_leaf = min_samples_leaf
        self.l2_regularization = l2_regularization
        self.calibration = calibration
        self.calibration_folds = calibration_folds
        self.random_state = random_state

    def __sklearn_tags__(self) -> Any:
        tags = super().__sklearn_tags__()
        tags.input_tags.allow_nan = True
        tags.classifier_tags.multi_class = False
        return tags

    def _validate(self, x: Any, *, reset: bool) -> Any:
        if _is_frame(x):
            validate_data(self, x, reset=reset, skip_check_array=True)
            return x
        return validate_data(self, x, reset=reset, ensure_all_finite="allow-nan", dtype=None)

    def _columns(self, x: Any) -> tuple[list[Any], list[Any]]:
        if _is_frame(x):
            names = list(x.columns)
            if self.categorical_features is None:
                categorical = [
                    c
                    for c in names
                    if pd.api.types.is_object_dtype(x[c])
                    or pd.api.types.is_string_dtype(x[c])
                    or isinstance(x[c].dtype, pd.CategoricalDtype)
                ]
            else:
                categorical = list(self.categorical_features)
        else:
            names = list(range(x.shape[1]))
            categorical = list(self.categorical_features or [])
        unknown = [c for c in categorical if c not in names]
        if unknown:
            raise ValueError(f"categorical_features {unknown} are not columns of X")
        return categorical, [c for c in names if c not in categorical]

    def _pipeline(self, categorical: list[Any], numeric: list[Any], seed: int) -> Pipeline:
        encoder = OrdinalEncoder(
            handle_unknown="use_encoded_value",
            unknown_value=np.nan,
            encoded_missing_value=np.nan,
        )
        preprocess = ColumnTransformer(
            [("categories", encoder, categorical), ("numbers", "passthrough", numeric)],
            sparse_threshold=0.0,
        )
        booster = HistGradientBoostingClassifier(
            learning_rate=self.learning_rate,
            max_iter=self.max_iter,
            max_leaf_nodes=self.max_leaf_nodes,
            min_samples_leaf=self.min_samples_leaf,
            l2_regularization=self.l2_regularization,
            categorical_features=[True] * len(categorical) + [False] * len(numeric),
            early_stopping=False,
            random_state=seed,
        )
        return Pipeline([("preprocess", preprocess), ("booster", booster)])

    def fit(
        self,
        X: Any,
        y: Any,
        groups: Any = None,
        sample_weight: Any = None,
    ) -> DropoutRiskModel:
        """Fit on features ``X`` and binary labels ``y``; ``groups`` (the school of each row)
        make the calibration folds school-grouped; ``sample_weight`` weights both steps."""
        check_option("calibration", self.calibration, CALIBRATIONS)
        if check_positive_int("calibration_folds", self.calibration_folds) < 2:
            raise OptionError("calibration_folds=1 is not allowed; use an integer >= 2")
        if y is None:
            raise ValueError("DropoutRiskModel requires y to be passed, but the target y is None")
        x = self._validate(X, reset=True)
        y_array = column_or_1d(y, warn=True)
        check_consistent_length(x, y_array)
        check_classification_targets(y_array)
        self.classes_, encoded = np.unique(y_array, return_inverse=True)
        if len(self.classes_) != 2:
            raise ValueError(
                f"y holds {len(self.classes_)} class(es); DropoutRiskModel needs exactly two "
                "classes (dropped out or not). Only binary classification is supported."
            )
        rng = check_random_state(self.random_state)
        booster_seed, split_seed = (int(s) for s in rng.randint(_MAX_SEED, size=2))
        categorical, numeric = self._columns(x)
        self.categorical_features_ = categorical
        self.numeric_features_ = numeric
        pipeline = self._pipeline(categorical, numeric, booster_seed)
        weights = None if sample_weight is None else np.asarray(sample_weight, dtype=float)
        fit_params = {} if weights is None else {"booster__sample_weight": weights}
        if self.calibration == "none":
            self.calibration_fold_ = np.full(len(encoded), -1, dtype=np.int16)
            self.model_ = pipeline.fit(x, encoded, **fit_params)
            self.n_iter_ = int(self.model_.named_steps["booster"].n_iter_)
            return self
        if groups is None:
            splitter: Any = StratifiedKFold(self.calibration_folds, shuffle=True,
                                            random_state=split_seed)  # fmt: skip
            splits = list(splitter.split(np.zeros(len(encoded)), encoded))
        else:
            # GroupKFold, not StratifiedGroupKFold: with hundreds of schools its shuffled folds
            # are near-stratified anyway, and it splits in linear time (the stratified
            # search loops over schools in Python: seconds at 5,000 schools, in every fit).
            splitter = GroupKFold(self.calibration_folds, shuffle=True, random_state=split_seed)
            splits = list(splitter.split(np.zeros(len(encoded)), encoded, np.asarray(groups)))
        self.calibration_fold_ = np.full(len(encoded), -1, dtype=np.int16)
        for k, (_, held_out) in enumerate(splits):
            self.calibration_fold_[held_out] = k
        calibrated = CalibratedClassifierCV(
            pipeline, method=self.calibration, cv=splits, ensemble=True
        )
        with warnings.catch_warnings():
            # The booster does get the weights (booster__sample_weight, subset per fold);
            # CalibratedClassifierCV warns only because a Pipeline's fit signature hides it.
            warnings.filterwarnings("ignore", message="Since Pipeline does not appear")
            self.model_ = calibrated.fit(x, encoded, sample_weight=weights, **fit_params)
        self.n_iter_ = max(
            int(c.estimator.named_steps["booster"].n_iter_)
            for c in self.model_.calibrated_classifiers_
        )
        return self

    def predict_proba(self, X: Any) -> np.ndarray:
        """Calibrated probabilities of ``classes_`` (columns in that order)."""
        check_is_fitted(self)
        x = self._validate(X, reset=False)
        return np.asarray(self.model_.predict_proba(x))

    def predict(self, X: Any) -> np.ndarray:
        """The more probable class of each row."""
        proba = self.predict_proba(X)
        return np.asarray(self.classes_[np.argmax(proba, axis=1)])

    def risk(self, X: Any) -> np.ndarray:
        """Calibrated probability of the second class (dropout) for each row."""
        return self.predict_proba(X)[:, 1]


def training_data(
    linked: pd.DataFrame,
    *,
    features: Sequence[str] = PREDICTIVE_FEATURES,
    group: str = "school_id",
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """(X, y, groups) of the labelled students of a linked frame with a school; raises
    EstimationError when there are too few dropouts to fit (evidence.dropout.feasibility).

    Parameters
    ----------
    linked : pandas.DataFrame
        ``link_levels(...).frame``.
    features : sequence of str, default ``PREDICTIVE_FEATURES``
        Columns of X (missing values kept: the predictive model handles them).
    group : str, default "school_id"

    Returns
    -------
    (pandas.DataFrame, numpy.ndarray, numpy.ndarray)
        X (fresh 0..n-1 index), y as 0/1 integers, and the school of each row as text.

    Raises
    ------
    EstimationError
        Too few dropouts, students who stayed or schools (``Feasibility.message``).

    Examples
    --------
    >>> from evidence.dropout import PREDICTIVE_FEATURES, link_levels, training_data
    >>> from evidence.synth import synthesize_country
    >>> data = synthesize_country("COL", "2023-12", seed=1, scale=0.1,
    ...                           datasets=("schools", "caregivers", "students"))
    >>> linked = link_levels(data["schools"], data["caregivers"], data["students"])
    >>> X, y, groups = training_data(linked.frame)
    >>> X.shape[1] == len(PREDICTIVE_FEATURES), set(y.tolist()), len(groups) == len(X)
    (True, {0, 1}, True)
    >>> try:
    ...     training_data(linked.frame.head(50))
    ... except Exception as error:
    ...     print(type(error).__name__)
    EstimationError
    """
    assess_feasibility(linked, group=group).require()
    rows = linked[LABEL].notna() & linked[group].notna()
    x = linked.loc[rows, list(features)].reset_index(drop=True)
    y = linked.loc[rows, LABEL].to_numpy(dtype=float).astype(int)
    groups = linked.loc[rows, group].astype(str).to_numpy()
    return x, y, groups
