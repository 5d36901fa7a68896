"""Indicative proportions: shares of respondents with n, for non-probability data.

DTM flow monitoring surveys and captive-portal forms are convenience samples: the contract
(``sampling.mode: non_probability``) says their results indicate trends and profiles and are
not representative. Their proportions are therefore published in indicative mode: the share
of the people interviewed, its denominator ``n``, no standard error, no confidence interval,
``ci_method = none`` and the ``indicative`` flag (data_contracts/results.yaml).

Seam: once ``evidence.survey`` is on main its non-probability design
(``SurveyDesign(frame, probability=False)`` with ``estimate_proportion``) gives the same
numbers; ``indicative_proportions`` is the one place to swap, its output does not change.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from evidence.descriptive.context import (
    CROSS_SEPARATOR,
    TOTAL,
    analysis_key,
    indicator_code,
    resolve_country,
    resolve_period,
)
from evidence.descriptive.variables import indicator_block
from evidence.errors import ContractError

Disaggregation = str | tuple[str, ...]
INDICATIVE_FLAG = "indicative"

# The results contract's columns, then the readable ones the studies tabulate by.
RESULT_COLUMNS: tuple[str, ...] = (
    "indicator",
    "country",
    "period",
    "disaggregation",
    "level",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "ci_method",
    "n",
    "n_weighted",
    "deff",
    "flags",
    "analysis_key",
    "variable",
    "category",
    "count",
)


def as_disaggregations(
    by: Disaggregation | Sequence[Disaggregation] | None,
) -> list[tuple[str, ...]]:
    """``"sex"`` → [("sex",)]; ``["sex", ("sex", "age_group")]`` → two disaggregations."""
    if by is None:
        return []
    if isinstance(by, str):
        return [(by,)]
    if isinstance(by, tuple) and all(isinstance(b, str) for b in by):
        return [by]
    return [(b,) if isinstance(b, str) else tuple(b) for b in by]


def domain_labels(frame: pd.DataFrame, variables: tuple[str, ...]) -> pd.Series:
    """One label per row (``female x 18_24``); missing where any by-variable is missing."""
    missing = [v for v in variables if v not in frame.columns]
    if missing:
        raise ContractError(
            f"disaggregation column(s) {missing} not found (rule: required column); "
            f"available: {', '.join(map(str, frame.columns))}"
        )
    parts = [frame[v].astype("string") for v in variables]
    label = parts[0]
    for part in parts[1:]:
        label = label + CROSS_SEPARATOR + part
    return label


def _domain_order(frame: pd.DataFrame, variables: tuple[str, ...], labels: pd.Series) -> list[str]:
    """Domains in codelist order where the by-variables are categoricals, else sorted."""
    present = set(labels.dropna())
    orders: list[list[str]] = []
    for v in variables:
        dtype = frame[v].dtype
        if isinstance(dtype, pd.CategoricalDtype):
            orders.append([str(c) for c in dtype.categories])
        else:
            orders.append(sorted(str(x) for x in frame[v].dropna().astype("string").unique()))
    combos = [""]
    for order in orders:
        combos = [f"{c}{CROSS_SEPARATOR}{o}" if c else o for c in combos for o in order]
    return [c for c in combos if c in present]


def indicative_proportions(
    frame: pd.DataFrame,
    variables: str | Sequence[str],
    *,
    by: Disaggregation | Sequence[Disaggregation] | None = None,
    overall: bool = True,
    country: str | None = None,
    period: str | None = None,
) -> pd.DataFrame:
    """Shares of respondents in each category of ``variables``, overall and by domain.

    Each variable is a multiple-choice question (``needs`` → every ``needs/<choice>``), a
    boolean column or a categorical column. The denominator ``n`` counts respondents in the
    domain who answered; ``count`` those who ticked the category. Returns the long results
    table (see RESULT_COLUMNS), one row per variable × category × domain, in indicative mode.
    The input frame is not modified.
    """
    names = [variables] if isinstance(variables, str) else list(variables)
    iso3 = resolve_country(frame, country)
    month = resolve_period(frame, period)
    groupings: list[tuple[tuple[str, ...], pd.Series, list[str]]] = []
    if overall:
        groupings.append(((), pd.Series(TOTAL, index=frame.index, dtype="string"), [TOTAL]))
    for dis in as_disaggregations(by):
        labels = domain_labels(frame, dis)
        groupings.append((dis, labels, _domain_order(frame, dis, labels)))

    pieces: list[pd.DataFrame] = []
    for name in names:
        block = indicator_block(frame, name)
        values = pd.DataFrame(block.values, index=frame.index, columns=list(block.categories))
        for dis, labels, order in groupings:
            grouped = values.groupby(labels, dropna=True)
            counts = grouped.sum(min_count=0).reindex(order, fill_value=0.0)
            answered = grouped.count().reindex(order, fill_value=0)
            long = pd.DataFrame(
                {
                    "variable": name,
                    "category": np.tile(list(block.categories), len(order)),
                    "disaggregation": CROSS_SEPARATOR.join(dis) if dis else TOTAL,
                    "level": np.repeat(order, len(block.categories)),
                    "count": counts.to_numpy().ravel().astype(np.int64),
                    "n": answered.to_numpy().ravel().astype(np.int64),
                }
            )
            long["indicator"] = [
                indicator_code("prop", name)
                if block.kind == "boolean"
                else indicator_code("prop", name, c)
                for c in long["category"]
            ]
            pieces.append(long)
    table = pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame(columns=RESULT_COLUMNS)
    return _finish(table, iso3, month)


def _finish(table: pd.DataFrame, country: str, period: str) -> pd.DataFrame:
    n = table["n"].to_numpy(dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        estimate = np.where(n > 0, table["count"].to_numpy(dtype=float) / n, np.nan)
    out = table.assign(
        country=country,
        period=period,
        estimate=estimate,
        se=np.nan,
        ci_low=np.nan,
        ci_high=np.nan,
        ci_method="none",
        n_weighted=n,
        deff=np.nan,
        flags=INDICATIVE_FLAG,
    )
    out["analysis_key"] = [
        analysis_key(i, d, lv)
        for i, d, lv in zip(out["indicator"], out["disaggregation"], out["level"], strict=True)
    ]
    return out[list(RESULT_COLUMNS)].reset_index(drop=True)
