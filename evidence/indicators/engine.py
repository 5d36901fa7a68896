"""Run one planned batch through the survey engine and map its table to the results contract.

The survey engine (evidence.survey) names rows by variable and domain; the results contract
by indicator, disaggregation (``total``, ``sex``, ``sex x age_group``) and level
(``female``, ``female x 18_24``), with an analysis key. Interval methods and flags are
renamed to the contract's codelists: ``beta`` is ``korn_graubard``, the engine's Wald
intervals are ``wald``, its Woodruff intervals of quantiles ``woodruff``; ``indicative``
stays, ``df_below_1`` becomes ``unreliable_low_df`` and ``variance_undefined`` becomes
``unreliable_no_variance``. ``no_observations`` needs no flag: compute drops such rows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.disclosure.columns import RESULTS_COLUMNS
from evidence.indicators.catalogue import Catalogue
from evidence.indicators.codes import contract_ci_method, contract_flags
from evidence.indicators.keys import disaggregation_name, join_key, level_name
from evidence.indicators.plan import Batch, analysis_columns
from evidence.survey import (
    ReplicateDesign,
    SurveyDesign,
    estimate_mean,
    estimate_proportion,
    estimate_quantile,
    estimate_ratio,
    estimate_total,
)

ENGINE_SEPARATOR = " × "  # evidence.survey.domains.Disaggregation.name
ENGINE_COLUMNS = ("df", "n_effective", "cv")


def unsupported(batch: Batch, design: SurveyDesign | ReplicateDesign) -> str | None:
    """Why the engine cannot estimate the batch, or None when it can."""
    if batch.statistic == "quantile" and isinstance(design, ReplicateDesign):
        return "evidence.survey estimates quantiles under linearisation designs only"
    return None


def _estimate(
    batch: Batch, catalogue: Catalogue, design: SurveyDesign | ReplicateDesign, level: float
) -> pd.DataFrame:
    columns = [analysis_columns(catalogue.indicator(i)) for i in batch.indicators]
    by = batch.by or None
    if batch.statistic == "proportion":
        # Korn-Graubard: the interval the NCHS standard of disclosure control judges.
        result = estimate_proportion(
            [c[0] for c in columns],
            design,
            by=by,
            overall=batch.overall,
            level=level,
            ci_method="beta",
        )
    elif batch.statistic == "quantile":
        assert isinstance(design, SurveyDesign) and batch.quantile is not None
        result = estimate_quantile(
            [c[0] for c in columns],
            design,
            batch.quantile,
            by=by,
            overall=batch.overall,
            level=level,
        )
    elif batch.statistic == "ratio":
        result = estimate_ratio(
            [c[0] for c in columns],
            [c[1] for c in columns],
            design,
            by=by,
            overall=batch.overall,
            level=level,
        )
    else:
        estimator = estimate_mean if batch.statistic == "mean" else estimate_total
        result = estimator(
            [c[0] for c in columns], design, by=by, overall=batch.overall, level=level
        )
    return result.to_frame()


def _levels(frame: pd.DataFrame, variables: tuple[str, ...]) -> list[str]:
    if not variables:
        return [level_name(())] * len(frame)
    values = frame[list(variables)].to_numpy(dtype=object)
    return [level_name(tuple(row)) for row in values]


def run_batch(
    batch: Batch, catalogue: Catalogue, design: SurveyDesign | ReplicateDesign, level: float
) -> pd.DataFrame:
    """Estimate a batch; rows in the results contract (without country and period)."""
    engine = _estimate(batch, catalogue, design, level)
    names = {
        "/".join(analysis_columns(catalogue.indicator(i))): i
        for i in batch.indicators
        if catalogue.indicator(i).statistic == "ratio"
    }
    names.update({i: i for i in batch.indicators})
    pieces = []
    for engine_name, rows in engine.groupby("disaggregation", sort=False):
        variables = tuple(str(engine_name).split(ENGINE_SEPARATOR)) if engine_name else ()
        levels = _levels(rows, variables)
        indicators = rows["variable"].map(names)
        se = rows["se"].to_numpy(dtype=float)
        pieces.append(
            pd.DataFrame(
                {
                    "indicator": indicators.to_numpy(),
                    "disaggregation": disaggregation_name(variables),
                    "level": levels,
                    "estimate": rows["estimate"].to_numpy(dtype=float),
                    "se": np.where(np.isfinite(se), se, np.nan),
                    "ci_low": rows["ci_low"].to_numpy(dtype=float),
                    "ci_high": rows["ci_high"].to_numpy(dtype=float),
                    "ci_method": rows["ci_method"].map(contract_ci_method).to_numpy(),
                    "n": rows["n"].to_numpy(dtype=np.int64),
                    "n_weighted": rows["n_weighted"].to_numpy(dtype=float),
                    "deff": rows["deff"].to_numpy(dtype=float),
                    "flags": rows["flags"].map(contract_flags).to_numpy(),
                    "analysis_key": [
                        join_key(indicator, disaggregation_name(variables), level)
                        for indicator, level in zip(indicators, levels, strict=True)
                    ],
                    "df": rows["df"].to_numpy(dtype=float),
                    "n_effective": rows["n_effective"].to_numpy(dtype=float),
                    "cv": rows["cv"].to_numpy(dtype=float),
                }
            )
        )
    columns = [c for c in RESULTS_COLUMNS if c not in ("country", "period")]
    return pd.concat(pieces, ignore_index=True)[[*columns, *ENGINE_COLUMNS]]
