"""Weighted metrics of a risk score, computed on students sorted once by score.

The bootstrap in ``evaluate`` recomputes every metric a few hundred times with new weights
(resampled schools) on the same scores, so the scores are sorted once (``RankedScores``) and
each metric is a few cumulative sums over tie blocks (students with equal scores). With unit
weights the results equal scikit-learn's ``roc_auc_score``, ``average_precision_score`` and
``brier_score_loss`` (and with weights, their ``sample_weight`` versions); tests check both.

Top-k rule for tied scores (``ties``): a school acts on the students at the top of its list,
and students with the same score cannot be told apart, so

- ``"include"`` (default): the list runs down the ranking until it holds at least a share k
  of the students (by weight) and then takes every student tied with the last one; the list
  can hold more than k (``flagged_share`` says how much), never less. Without ties and
  with unit weights it holds ceil(k·n) students.
- ``"fractional"``: the list holds exactly k; students tied at the cut count with the
  fraction of their block that fits (the expected value under a random tie-break).

Calibration intercept and slope: ``logit P(y=1) = a + b·logit(score)`` fitted by weighted
maximum likelihood gives the slope b (1 when well calibrated); the intercept is a in
``logit P(y=1) = a + logit(score)`` (calibration-in-the-large, 0 when well calibrated).
Scores are clipped to [1e-6, 1 − 1e-6] before the logit. When the scores separate dropouts
from the others perfectly (every dropout scored at or above every other student, or at or
below), the slope's likelihood keeps rising as the slope grows: it has no estimate, and
``calibration_fit`` gives NaN (``separated`` says when), not the large number where Newton's
method stops.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

TieRule = Literal["include", "fractional"]
TIE_RULES: tuple[TieRule, ...] = ("include", "fractional")
CLIP = 1e-6


@dataclass(frozen=True)
class RankedScores:
    """Scores sorted from highest to lowest with their labels, and where tie blocks start."""

    score: np.ndarray
    y: np.ndarray
    order: np.ndarray
    block_start: np.ndarray

    @classmethod
    def of(cls, y: np.ndarray, score: np.ndarray) -> RankedScores:
        order = np.argsort(-score, kind="stable")
        return cls._ranked(score[order], y[order].astype(float), order)

    @classmethod
    def _ranked(cls, s: np.ndarray, y: np.ndarray, order: np.ndarray) -> RankedScores:
        start = np.flatnonzero(np.r_[True, s[1:] != s[:-1]]) if s.size else np.zeros(0, int)
        return cls(score=s, y=y, order=order, block_start=start)

    def subset(self, keep: np.ndarray) -> RankedScores:
        """The students where ``keep`` (in input order) holds, still ranked."""
        mask = keep[self.order]
        return RankedScores._ranked(self.score[mask], self.y[mask], self.order[mask])

    def blocks(self, w: np.ndarray) -> Blocks:
        """Weighted dropouts and non-dropouts per tie block; ``w`` in input order."""
        ws = w[self.order]
        if not ws.size:
            empty = np.zeros(0)
            return Blocks(empty, empty, empty, empty)
        positive = np.add.reduceat(ws * self.y, self.block_start)
        total = np.add.reduceat(ws, self.block_start)
        s = self.score[self.block_start]
        clipped = np.clip(s, CLIP, 1 - CLIP)
        return Blocks(s, np.log(clipped / (1 - clipped)), positive, total - positive)


@dataclass(frozen=True)
class Blocks:
    """Tie blocks from the highest score down: score, its logit, dropouts and others (weights).

    Every metric here depends on the students only through these sums, so a bootstrap
    replicate costs one pass over the students and then work on blocks."""

    score: np.ndarray
    logit: np.ndarray
    positive: np.ndarray
    negative: np.ndarray


def roc_auc(b: Blocks) -> float:
    """Area under the ROC curve (trapezoid over tie blocks, as scikit-learn)."""
    positives, negatives = b.positive.sum(), b.negative.sum()
    if positives <= 0 or negatives <= 0:
        return float("nan")
    tp = np.r_[0.0, np.cumsum(b.positive)]
    area = np.sum(b.negative * (tp[1:] + tp[:-1]) / 2)
    return float(area / (positives * negatives))


def average_precision(b: Blocks) -> float:
    """Σ (R_t − R_{t−1}) P_t over thresholds, as scikit-learn's average_precision_score."""
    positives = b.positive.sum()
    if positives <= 0:
        return float("nan")
    tp = np.cumsum(b.positive)
    flagged = tp + np.cumsum(b.negative)
    precision = np.divide(tp, flagged, out=np.zeros_like(tp), where=flagged > 0)
    return float(np.sum(b.positive / positives * precision))


def brier(b: Blocks) -> float:
    """Weighted mean of (score − y)², from block sums (y² = y)."""
    total = b.positive.sum() + b.negative.sum()
    if total <= 0:
        return float("nan")
    squared = b.positive * (b.score - 1) ** 2 + b.negative * b.score**2
    return float(squared.sum() / total)


@dataclass(frozen=True)
class TopK:
    precision: float
    recall: float
    flagged_share: float
    flagged_dropouts: float


def top_k(b: Blocks, k: float, ties: TieRule) -> TopK:
    """Precision and recall among the top share ``k`` of students by score (rule: ``ties``)."""
    tp = np.cumsum(b.positive)
    flagged = tp + np.cumsum(b.negative)
    total = flagged[-1] if flagged.size else 0.0
    positives = tp[-1] if tp.size else 0.0
    if total <= 0 or positives <= 0:
        return TopK(float("nan"), float("nan"), float("nan"), float("nan"))
    target = k * total
    # First tie block whose cumulative weight reaches the target (a relative tolerance keeps
    # k·n = 100.0000000001 from pulling in one more block).
    t = int(np.searchsorted(flagged, target * (1 - 1e-12), side="left"))
    t = min(t, flagged.size - 1)
    if ties == "include":
        hits, size = tp[t], flagged[t]
    else:
        before_tp = tp[t - 1] if t > 0 else 0.0
        before_w = flagged[t - 1] if t > 0 else 0.0
        fraction = (target - before_w) / (flagged[t] - before_w)
        hits, size = before_tp + fraction * (tp[t] - before_tp), target
    return TopK(
        precision=float(hits / size),
        recall=float(hits / positives),
        flagged_share=float(size / total),
        flagged_dropouts=float(hits),
    )


def _loglik(eta: np.ndarray, pos: np.ndarray, neg: np.ndarray) -> float:
    """Binomial log-likelihood of block sums at linear predictor ``eta`` (stable form)."""
    return float(-np.sum(pos * np.logaddexp(0, -eta) + neg * np.logaddexp(0, eta)))


def _newton(
    design: np.ndarray,
    offset: np.ndarray,
    pos: np.ndarray,
    neg: np.ndarray,
    start: np.ndarray,
    damped: bool = True,
) -> np.ndarray:
    """Weighted logistic MLE of block sums by Newton's method.

    ``damped`` halves a step until the likelihood does not fall (safe from any start).
    Undamped steps are for warm starts near the optimum (bootstrap replicates); if they fail
    to converge the fit is redone damped."""
    beta = start.astype(float)
    w = pos + neg
    current = _loglik(offset + design @ beta, pos, neg) if damped else 0.0
    for _ in range(100):
        p = 1 / (1 + np.exp(-np.clip(offset + design @ beta, -700, 700)))
        gradient = design.T @ (pos - w * p)
        hessian = (design * (w * p * (1 - p))[:, None]).T @ design
        try:
            step = np.linalg.solve(hessian, gradient)
        except np.linalg.LinAlgError:
            return np.full(beta.size, np.nan)
        if damped:
            for _ in range(30):
                trial = _loglik(offset + design @ (beta + step), pos, neg)
                if trial >= current - 1e-12 * abs(current):
                    break
                step = step / 2
            current = trial
        beta = beta + step
        if np.max(np.abs(step)) < 1e-10:
            return beta
        if not damped and not np.all(np.isfinite(beta)):
            break
    if not damped:
        return _newton(design, offset, pos, neg, start, damped=True)
    return beta


def separated(b: Blocks) -> bool:
    """Whether the scores separate dropouts from the others (completely or quasi-completely:
    touching at one tied score), so that the calibration slope has no finite estimate."""
    positive, negative = b.logit[b.positive > 0], b.logit[b.negative > 0]
    if not positive.size or not negative.size:
        return False
    return bool(negative.max() <= positive.min() or positive.max() <= negative.min())


def calibration_fit(
    b: Blocks, start: tuple[float, float] = (0.0, 1.0), warm: bool = False
) -> tuple[float, float]:
    """(intercept, slope) as defined in the module docstring (weighted MLE on blocks);
    ``warm``: ``start`` is near the optimum (undamped Newton, damped if that fails).
    The slope is NaN when the scores separate the classes (:func:`separated`)."""
    if b.positive.sum() <= 0 or b.negative.sum() <= 0:
        return float("nan"), float("nan")
    ones = np.ones((b.logit.size, 1))
    intercept = _newton(
        ones, b.logit, b.positive, b.negative, np.array([start[0]]), damped=not warm
    )
    if separated(b):
        return float(intercept[0]), float("nan")
    slope_fit = _newton(
        np.column_stack([ones, b.logit]), np.zeros(b.logit.size), b.positive, b.negative,
        np.array(start), damped=not warm,
    )  # fmt: skip
    slope = float(slope_fit[1])
    return float(intercept[0]), slope


def reliability_curve(
    score: np.ndarray,
    y: np.ndarray,
    w: np.ndarray,
    bins: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(bin, mean predicted, observed share, weight) of the non-empty bins; bin edges as
    scikit-learn's calibration_curve (a score equal to an inner edge goes to the upper bin)."""
    n_bins = len(bins) - 1
    ids = np.searchsorted(bins[1:-1], score)
    weight = np.bincount(ids, weights=w, minlength=n_bins)
    predicted = np.bincount(ids, weights=w * score, minlength=n_bins)
    observed = np.bincount(ids, weights=w * y, minlength=n_bins)
    nonzero = weight > 0
    return (
        np.flatnonzero(nonzero),
        predicted[nonzero] / weight[nonzero],
        observed[nonzero] / weight[nonzero],
        weight[nonzero],
    )
