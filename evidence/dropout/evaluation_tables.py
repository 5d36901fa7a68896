"""The tables of an evaluation: metrics with bootstrap intervals, gaps, reliability curves.

``evidence.dropout.evaluation.evaluate`` computes point estimates and bootstrap replicates
(arrays: replicate × domain × metric); the functions here turn them into the long frames of
an :class:`~evidence.dropout.evaluation.Evaluation`. Intervals are percentile intervals of
the replicates (replicates where a metric is undefined, e.g. no dropout drawn, are skipped);
the standard error is the replicates' standard deviation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import numpy as np
import pandas as pd

from evidence.dropout.metrics import RankedScores, reliability_curve, top_k
from evidence.errors import OptionError

BinStrategy = Literal["quantile", "uniform"]
# (disaggregation, level, ranked scores of the domain, mask of its students)
Domain = tuple[str, str, RankedScores, np.ndarray]
TOTAL = "total"


def interval(reps: np.ndarray, level: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    if reps.shape[0] == 0:
        nan = np.full(reps.shape[1:], np.nan)
        return nan, nan, nan
    alpha = (1 - level) / 2
    with np.errstate(invalid="ignore"):
        low, high = np.nanquantile(reps, [alpha, 1 - alpha], axis=0)
        se = np.nanstd(reps, axis=0, ddof=1)
    return se, low, high


def metric_frame(
    subsets: list[Domain],
    names: tuple[str, ...],
    point: np.ndarray,
    reps: np.ndarray,
    labels: np.ndarray,
    level: float,
) -> pd.DataFrame:
    se, low, high = interval(reps, level)
    rows = []
    for i, (d, lv, sub, mask) in enumerate(subsets):
        for j, name in enumerate(names):
            numerator = np.nan
            if name.startswith(("precision_top", "recall_top")):
                share = float(name.rsplit("_", 1)[1]) / 100
                numerator = _flagged_dropouts(sub, share, labels.size)
            rows.append(
                {
                    "kind": "metric", "disaggregation": d, "level": lv, "metric": name,
                    "estimate": point[i, j], "se": se[i, j], "ci_low": low[i, j],
                    "ci_high": high[i, j], "n": int(mask.sum()),
                    "n_dropouts": int(labels[mask].sum()), "numerator": numerator,
                }
            )  # fmt: skip
    return pd.DataFrame(rows)


def _flagged_dropouts(sub: RankedScores, share: float, n: int) -> float:
    """Unweighted dropouts on the top-``share`` list (rule "include"): the numerator count."""
    return top_k(sub.blocks(np.ones(n)), share, "include").flagged_dropouts


def gap_frame(
    subsets: list[Domain],
    names: tuple[str, ...],
    point: np.ndarray,
    reps: np.ndarray,
    reference: Mapping[str, str],
    level: float,
) -> pd.DataFrame:
    rows = []
    by_variable: dict[str, list[int]] = {}
    for i, (d, _, _, _) in enumerate(subsets):
        if d != TOTAL:
            by_variable.setdefault(d, []).append(i)
    for d, idx in by_variable.items():
        if len(idx) != 2:
            continue
        levels = [subsets[i][1] for i in idx]
        ref_level = reference.get(d, levels[0])
        if ref_level not in levels:
            raise OptionError(f"reference[{d!r}]={ref_level!r} is not one of {levels}")
        ref = idx[levels.index(ref_level)]
        other = idx[1 - levels.index(ref_level)]
        diff = point[other] - point[ref]
        se, low, high = interval(reps[:, other] - reps[:, ref], level)
        for j, name in enumerate(names):
            rows.append(
                {
                    "kind": "gap", "disaggregation": d,
                    "level": f"{subsets[other][1]}_minus_{ref_level}", "metric": name,
                    "estimate": diff[j], "se": se[j], "ci_low": low[j], "ci_high": high[j],
                    "n": int(subsets[other][3].sum() + subsets[ref][3].sum()),
                    "n_dropouts": int(subsets[other][2].y.sum() + subsets[ref][2].y.sum()),
                    "numerator": np.nan,
                }
            )  # fmt: skip
    columns = ["kind", "disaggregation", "level", "metric", "estimate", "se", "ci_low",
               "ci_high", "n", "n_dropouts", "numerator"]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)


def reliability_frame(
    subsets: list[Domain],
    labels: np.ndarray,
    s: np.ndarray,
    w: np.ndarray,
    n_bins: int,
    strategy: BinStrategy,
) -> pd.DataFrame:
    frames = []
    for d, lv, _, mask in subsets:
        score = s[mask]
        if strategy == "quantile":
            edges = np.percentile(score, np.linspace(0, 1, n_bins + 1) * 100)
        else:
            edges = np.linspace(0.0, 1.0, n_bins + 1)
        bin_id, predicted, observed, weight = reliability_curve(score, labels[mask], w[mask], edges)
        frames.append(
            pd.DataFrame(
                {
                    "disaggregation": d,
                    "level": lv,
                    "bin": bin_id,
                    "mean_predicted": predicted,
                    "observed": observed,
                    "weight": weight,
                    "n": np.bincount(np.searchsorted(edges[1:-1], score), minlength=n_bins)[bin_id],
                }
            )
        )
    return pd.concat(frames, ignore_index=True)
