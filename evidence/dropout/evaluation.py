"""Evaluation of dropout risk scores: discrimination, calibration, top-k, by group, with gaps.

``evaluate(y, score, groups=schools, by={"group": ..., "sex": ...})`` returns an
:class:`Evaluation`: ROC AUC, average precision, Brier score, calibration intercept and
slope, and precision, recall and the flagged share in the top k of risk (rule for tied
scores: evidence.dropout.metrics), for all students and for each level of each ``by``
variable; the gap between the two levels of a two-level variable (the other level minus
``reference``, e.g. migrant minus national); the reliability curve of each; and percentile
bootstrap intervals that resample schools (``groups``) with replacement, so students of a
school stay together as they were sampled. The bootstrap is seeded (``random_state``); its
standard error is the replicates' standard deviation.

Labels must be 0/1 (or booleans) and scores probabilities in [0, 1]; anything else raises
OptionError naming the bad values. With weights (``sample_weight``) every metric is weighted.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from evidence.disclosure.columns import Unit
from evidence.dropout.evaluation_tables import (
    BinStrategy,
    gap_frame,
    metric_frame,
    reliability_frame,
)
from evidence.dropout.metrics import (
    TIE_RULES,
    Blocks,
    RankedScores,
    TieRule,
    average_precision,
    brier,
    calibration_fit,
    roc_auc,
    separated,
    top_k,
)
from evidence.dropout.results import CiMethod, ResultRow, results_frame
from evidence.errors import OptionError
from evidence.indicators.keys import format_level
from evidence.options import check_level, check_non_negative_int, check_option, check_positive_int

TOTAL = "total"
# Metric -> unit of its results rows.
METRIC_UNITS: dict[str, Unit] = {
    "roc_auc": "index",
    "average_precision": "index",
    "brier": "mean",
    "calibration_intercept": "coefficient",
    "calibration_slope": "coefficient",
}


def _k_label(k: float) -> str:
    return f"{round(k * 100):d}"


def metric_names(k: Sequence[float]) -> tuple[str, ...]:
    tops = [
        f"{name}_top_{_k_label(share)}"
        for share in k
        for name in ("precision", "recall", "flagged_share")
    ]
    return (*METRIC_UNITS, *tops)


def _metrics(
    blocks: Blocks,
    k: Sequence[float],
    ties: TieRule,
    start: tuple[float, float],
    warm: bool = False,
) -> list[float]:
    intercept, slope = calibration_fit(blocks, start, warm)
    values = [roc_auc(blocks), average_precision(blocks), brier(blocks), intercept, slope]
    for share in k:
        top = top_k(blocks, share, ties)
        values += [top.precision, top.recall, top.flagged_share]
    return values


@dataclass(frozen=True)
class Evaluation:
    """Metrics (with bootstrap intervals), gaps and reliability curves of a risk score.

    ``metrics``: one row per disaggregation, level and metric (ROC AUC, average precision,
    Brier score, calibration intercept and slope, precision, recall and flagged share in the
    top k); ``gaps``: the difference between the two levels of a two-level ``by`` variable;
    ``reliability``: mean predicted risk and observed share per risk bin. ``metric(name)``
    reads one estimate; ``to_results`` gives the results rows. ``separated``: the
    (disaggregation, level) domains whose scores separate dropouts from the others
    perfectly, where the calibration slope has no estimate (NaN; the summary says so).

    Examples
    --------
    >>> import numpy as np
    >>> from evidence.dropout import Evaluation, evaluate
    >>> rng = np.random.default_rng(0)
    >>> score = rng.uniform(0, 1, 300)
    >>> y = (rng.random(300) < score).astype(int)  # a calibrated score
    >>> result = evaluate(y, score, n_boot=10)
    >>> isinstance(result, Evaluation), 0.5 < result.metric("roc_auc") < 1
    (True, True)
    >>> {"disaggregation", "level", "metric", "estimate", "ci_low"} <= set(result.to_frame())
    True
    """

    metrics: pd.DataFrame
    gaps: pd.DataFrame
    reliability: pd.DataFrame
    k: tuple[float, ...]
    ties: TieRule
    n_boot: int
    level: float
    separated: tuple[tuple[str, str], ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """Metrics then gaps, long: disaggregation, level, metric, estimate, se, CI, n."""
        return pd.concat([self.metrics, self.gaps], ignore_index=True)

    def metric(self, name: str, disaggregation: str = TOTAL, level: str = TOTAL) -> float:
        rows = self.metrics[
            (self.metrics["metric"] == name)
            & (self.metrics["disaggregation"] == disaggregation)
            & (self.metrics["level"] == level)
        ]
        return float(rows["estimate"].iloc[0])

    def __repr__(self) -> str:
        # The summary, not every array: a notebook prints this when HTML is off.
        return self.summary()

    def summary(self) -> str:
        table = self.metrics.pivot_table(
            index="metric", columns=["disaggregation", "level"], values="estimate", sort=False
        )
        text = (
            f"Risk evaluation (top-k ties rule: {self.ties}; {self.n_boot} bootstrap "
            f"replicates of schools)\n{table.round(3).to_string()}"
        )
        if self.separated:
            domains = ", ".join(f"{d}={lv}" for d, lv in self.separated)
            text += (
                f"\nCalibration slope not estimable (NaN) where the scores separate dropouts "
                f"from the others perfectly: {domains}"
            )
        return text

    def _repr_html_(self) -> str:
        table = self.metrics.pivot_table(
            index="metric", columns=["disaggregation", "level"], values="estimate", sort=False
        )
        return f"<p>{html.escape(self.summary().splitlines()[0])}</p>" + table.round(3).to_html()

    def to_results(
        self, country: str, period: str, *, prefix: str = "dropout_model"
    ) -> pd.DataFrame:
        """Every metric and gap as results rows (bootstrap CIs); precision and recall rows are
        proportions with the unweighted count of flagged dropouts as numerator."""
        rows: list[ResultRow] = []
        method: CiMethod = "bootstrap" if self.n_boot else "none"
        records: list[dict[Any, Any]] = self.to_frame().to_dict("records")
        for r in records:
            gap = r["kind"] == "gap"
            base = str(r["metric"])
            unit: Unit = "difference" if gap else _unit(base)
            numerator = None
            if unit == "proportion" and pd.notna(r["numerator"]):
                numerator = int(r["numerator"])
            rows.append(
                ResultRow(
                    f"{prefix}_{base}_gap" if gap else f"{prefix}_{base}",
                    float(r["estimate"]),
                    unit,
                    int(r["n"]),
                    disaggregation=str(r["disaggregation"]),
                    level=str(r["level"]),
                    se=float(r["se"]),
                    ci_low=float(r["ci_low"]),
                    ci_high=float(r["ci_high"]),
                    ci_method=method,
                    numerator=numerator,
                )
            )
        return results_frame(rows, country, period)


def _unit(metric: str) -> Unit:
    if metric in METRIC_UNITS:
        return METRIC_UNITS[metric]
    return "proportion"


def _labels(y: Any) -> np.ndarray:
    values = pd.Series(np.asarray(y))
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.to_numpy(dtype=float)
    numbers = pd.to_numeric(values, errors="coerce")
    bad = numbers.isna() | ~numbers.isin([0, 1])
    if bad.any():
        shown = sorted({str(v) for v in values[bad]})[:10]
        raise OptionError(
            f"y holds {int(bad.sum())} label(s) that are not 0/1 (e.g. {shown}); pass 0/1 or "
            "booleans and leave students lost to follow-up out"
        )
    return numbers.to_numpy(dtype=float)


def _scores(score: Any, n: int) -> np.ndarray:
    s = np.asarray(score, dtype=float)
    if s.shape != (n,):
        raise OptionError(f"score must hold one number per label ({n}), got shape {s.shape}")
    if not np.all((s >= 0) & (s <= 1)):
        raise OptionError("score must be probabilities in [0, 1] without missing values")
    return s


def evaluate(
    y: Any,
    score: Any,
    *,
    groups: Any = None,
    sample_weight: Any = None,
    k: Sequence[float] = (0.1, 0.2),
    by: Mapping[str, Any] | None = None,
    reference: Mapping[str, str] | None = None,
    ties: TieRule = "include",
    n_bins: int = 10,
    bins: BinStrategy = "quantile",
    n_boot: int = 200,
    level: float = 0.95,
    random_state: int = 0,
) -> Evaluation:
    """Evaluate risk ``score`` against labels ``y`` (see the module docstring).

    groups: the school of each student (bootstrap clusters); None resamples students.
    by: disaggregations, name -> one value per student (e.g. {"group": ..., "sex": ...}).
    reference: for two-level ``by`` variables, the level the other is compared with
        (gap = other − reference); default the first level in sorted order.

    Parameters
    ----------
    y : array-like
        Labels, 0/1 or booleans.
    score : array-like
        Risks in [0, 1], one per label.
    groups : array-like, optional
        School of each student (bootstrap clusters).
    sample_weight : array-like, optional
    k : sequence of float, default (0.1, 0.2)
        Shares of the highest risks flagged (top k).
    by : mapping of str to array-like, optional
    reference : mapping of str to str, optional
    ties : {"include", ...}, default "include"
        Rule for scores tied at the top-k cut (evidence.dropout.metrics).
    n_bins : int, default 10
    bins : {"quantile", "uniform"}, default "quantile"
    n_boot : int, default 200
        Bootstrap replicates (0: no intervals).
    level : float, default 0.95
    random_state : int, default 0

    Returns
    -------
    Evaluation

    Raises
    ------
    OptionError
        Labels not 0/1, scores outside [0, 1] or of the wrong length, a bad option.

    Examples
    --------
    >>> import numpy as np
    >>> from evidence.dropout import evaluate
    >>> rng = np.random.default_rng(0)
    >>> score = rng.uniform(0, 1, 300)
    >>> y = (rng.random(300) < score).astype(int)  # a calibrated score
    >>> sex = rng.choice(["female", "male"], 300)
    >>> result = evaluate(y, score, by={"sex": sex}, reference={"sex": "male"}, n_boot=10)
    >>> sorted(set(result.metrics["level"])), set(result.gaps["level"])
    (['female', 'male', 'total'], {'female_minus_male'})
    >>> try:
    ...     evaluate(y, score * 2)
    ... except Exception as error:
    ...     print(type(error).__name__)
    OptionError
    """
    check_option("ties", ties, TIE_RULES)
    check_option("bins", bins, ("quantile", "uniform"))
    check_positive_int("n_bins", n_bins)
    check_non_negative_int("n_boot", n_boot)
    check_level(level)
    shares = tuple(float(share) for share in k)
    if not all(0 < share < 1 for share in shares):
        raise OptionError(f"k={k!r} is not allowed; use shares between 0 and 1 (0.1, 0.2)")
    labels = _labels(y)
    n = labels.size
    s = _scores(score, n)
    w = np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)
    if w.shape != (n,) or not np.all(np.isfinite(w) & (w >= 0)):
        raise OptionError("sample_weight must hold one finite non-negative weight per label")
    cluster = np.arange(n) if groups is None else pd.factorize(np.asarray(groups))[0]
    if cluster.min(initial=0) < 0:
        raise OptionError("groups must not hold missing values")
    domains = _domains(by or {}, n)
    ranked = RankedScores.of(labels, s)
    names = metric_names(shares)
    subsets = [(d, lv, ranked.subset(mask), mask) for d, lv, mask in domains]

    point = np.array([_metrics(sub.blocks(w), shares, ties, (0.0, 1.0)) for *_, sub, _ in subsets])
    reps = np.full((n_boot, len(subsets), len(names)), np.nan)
    rng = np.random.default_rng(random_state)
    n_clusters = int(cluster.max()) + 1 if n else 0
    for b in range(n_boot):
        counts = np.bincount(rng.integers(0, n_clusters, n_clusters), minlength=n_clusters)
        wb = w * counts[cluster]
        for i, (_, _, sub, _) in enumerate(subsets):
            warm = bool(np.isfinite(point[i, 3:5]).all())
            start = (point[i, 3], point[i, 4]) if warm else (0.0, 1.0)
            reps[b, i] = _metrics(sub.blocks(wb), shares, ties, start, warm)
    metrics = metric_frame(subsets, names, point, reps, labels, level)
    gaps = gap_frame(subsets, names, point, reps, reference or {}, level)
    curves = reliability_frame(subsets, labels, s, w, n_bins, bins)
    split = tuple((d, lv) for d, lv, sub, _ in subsets if separated(sub.blocks(w)))
    return Evaluation(metrics, gaps, curves, shares, ties, n_boot, level, split)


def _domains(by: Mapping[str, Any], n: int) -> list[tuple[str, str, np.ndarray]]:
    out = [(TOTAL, TOTAL, np.ones(n, dtype=bool))]
    for name, values in by.items():
        array = np.asarray(values, dtype=object)
        if array.shape != (n,):
            raise OptionError(f"by[{name!r}] must hold one value per label ({n})")
        codes, uniques = pd.factorize(array)
        labels = np.array([format_level(v) for v in uniques] + [""], dtype=object)
        text = labels[codes]  # code -1 (missing) reads the "" at the end
        levels = sorted({str(v) for v in labels[:-1]})
        out += [(name, lv, text == lv) for lv in levels]
    return out
