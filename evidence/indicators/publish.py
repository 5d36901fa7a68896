"""The one path to a published number: results rows in, the published results table out.

Every estimate a study shows (an indicator of the catalogue, an indicative share, a count, a
model result) becomes rows of the results contract (data_contracts/results.yaml) and goes
through :func:`publish`, which

1. checks the rows against the contract: its columns, an indicator code, the ``ci_method``,
   ``flags`` and ``unit`` codelists, and a unique analysis key per row;
2. applies the publication rules last (``evidence.disclosure.apply_disclosure``: the minimum
   count, the NCHS standard for proportions, review flags), so a withheld cell is empty in
   every column it could be read back from, the unweighted ``numerator`` included.

:func:`count_rows` turns a table of counts (people per site, respondents by sex) into such
rows, so counts meet the same minimum-count rule as shares.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from evidence.disclosure import DisclosureOptions, apply_disclosure
from evidence.disclosure.columns import CONTRACT_COLUMNS, RESULTS_COLUMNS, UNITS, Unit
from evidence.errors import ContractError
from evidence.indicators.codes import CONTRACT_CI_METHODS
from evidence.indicators.keys import TOTAL, join_key
from evidence.options import check_option

# Columns a results table may carry beyond the contract's: the engine's ``df``,
# ``n_effective`` and ``cv`` (disclosure reads them), what each number measures (``unit``),
# the unweighted numerator of a share or a count (``numerator``), and readable names of the
# answer (``variable``, ``category``) the display layer lays tables out by.
EXTRA_COLUMNS: tuple[str, ...] = (
    "unit",
    "numerator",
    "df",
    "n_effective",
    "cv",
    "variable",
    "category",
)
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")
_FLAG_CODES = frozenset(
    {
        "indicative",
        "suppressed_small_cell",
        "suppressed_low_effective_n",
        "suppressed_wide_ci",
        "unreliable_low_df",
        "unreliable_high_cv",
        "imputed",
        "suppressed_not_assessable",
        "unreliable_estimate_0_or_1",
        "unreliable_complement",
        "unreliable_no_variance",
        "suppressed_no_observations",
        "suppressed_small_numerator",
    }
)


def _problem(rows: pd.DataFrame, mask: np.ndarray, column: str, rule: str) -> str:
    first = int(np.flatnonzero(mask)[0])
    return (
        f"results row {first} ({rows['analysis_key'].iloc[first]!r}), column {column!r}: "
        f"{rows[column].iloc[first]!r} breaks the rule '{rule}' of data_contracts/results.yaml "
        f"({int(mask.sum())} row(s) in all)"
    )


def check_results(rows: pd.DataFrame) -> None:
    """ContractError naming the first row, column and rule a results table breaks."""
    missing = [c for c in RESULTS_COLUMNS if c not in rows.columns]
    if missing:
        raise ContractError(f"results rows lack the contract column(s) {missing}")
    problems = []
    codes = rows["indicator"].astype(str)
    bad = ~codes.map(lambda c: bool(_CODE.match(c))).to_numpy(dtype=bool)
    if bad.any():
        problems.append(_problem(rows, bad, "indicator", "code ^[a-z][a-z0-9_]*$"))
    bad = ~rows["ci_method"].astype(str).isin(CONTRACT_CI_METHODS).to_numpy(dtype=bool)
    if bad.any():
        problems.append(_problem(rows, bad, "ci_method", "codelist"))
    flags = rows["flags"].fillna("").astype(str).str.split()
    bad = flags.map(lambda codes: not set(codes) <= _FLAG_CODES).to_numpy(dtype=bool)
    if bad.any():
        problems.append(_problem(rows, bad, "flags", "codelist"))
    if "unit" in rows.columns:
        bad = ~rows["unit"].astype(str).isin(UNITS).to_numpy(dtype=bool)
        if bad.any():
            problems.append(_problem(rows, bad, "unit", "codelist"))
    # results.yaml: the key is unique within a country and period.
    bad = rows[["country", "period", "analysis_key"]].duplicated().to_numpy(dtype=bool)
    if bad.any():
        problems.append(_problem(rows, bad, "analysis_key", "unique per country and period"))
    if problems:
        raise ContractError("; ".join(problems))


def publish(rows: pd.DataFrame, disclosure: DisclosureOptions | None = None) -> pd.DataFrame:
    """The published results table of ``rows``: checked, then disclosure control, last.

    ``rows`` holds the results contract's columns (and any of ``EXTRA_COLUMNS``); the input is
    not modified. A withheld row keeps its ``n`` (readers see why) and loses its estimate,
    standard error, interval, design effect and numerator.
    """
    check_results(rows)
    options = DisclosureOptions() if disclosure is None else disclosure
    out = apply_disclosure(rows, options)
    if "numerator" in out.columns:
        numerator = pd.to_numeric(out["numerator"]).astype("Int64")
        out["numerator"] = numerator.mask(out["suppressed"].to_numpy(dtype=bool))
    first = [*RESULTS_COLUMNS, *(c for c in EXTRA_COLUMNS if c in out.columns)]
    order = [*first, *(c for c in out.columns if c not in first)]
    return out[order].reset_index(drop=True)


def count_rows(
    counts: pd.DataFrame,
    *,
    indicator: str,
    country: str,
    period: str,
    count: str = "count",
    by: Sequence[str] = (),
    unit: Unit = "count",
    n: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Results rows of a count table: one row per line of ``counts``.

    ``by`` names the columns whose values make the level (``()`` for a single total);
    ``count`` the column with the number of people, devices or respondents. Each row's
    estimate, ``n`` and ``numerator`` are that count, so the minimum-count rule of
    disclosure control withholds counts from 1 to min_count − 1 (zeros are published where
    the rule allows). ``n`` names another column as the row's base when the count is not of
    people (days counted at a site: the site's people observed).
    """
    check_option("unit", unit, UNITS)
    values = pd.to_numeric(counts[count]).astype(float)
    base = values if n is None else pd.to_numeric(counts[n]).astype(float)
    disaggregation = " x ".join(by) if by else TOTAL
    if by:
        parts = [counts[b].astype(str) for b in by]
        level = parts[0]
        for more in parts[1:]:
            level = level + " x " + more
        levels = level.tolist()
    else:
        levels = [TOTAL] * len(counts)
    code = labels.get(indicator, indicator) if labels else indicator
    out = pd.DataFrame(
        {
            "indicator": code,
            "country": country,
            "period": period,
            "disaggregation": disaggregation,
            "level": levels,
            "estimate": values.to_numpy(),
            "se": np.nan,
            "ci_low": np.nan,
            "ci_high": np.nan,
            "ci_method": "none",
            "n": base.round().astype("int64").to_numpy(),
            "n_weighted": base.to_numpy(),
            "deff": np.nan,
            # Counts of monitoring registries, Wi-Fi logs and administrative figures are not
            # a probability sample: no sampling error, so no interval, and the NCHS standard
            # for sampled proportions does not judge shares of them.
            "flags": "indicative",
            "analysis_key": [join_key(code, disaggregation, lv) for lv in levels],
            "unit": unit,
            "numerator": (values.round() if unit == "count" else values * np.nan)
            .astype("Float64")
            .astype("Int64")
            .to_numpy(),
        }
    )
    return out


def measure_rows(
    table: pd.DataFrame,
    *,
    country: str,
    period: str,
    measures: Mapping[str, tuple[str, Unit]],
    by: Sequence[str] = (),
    n: str | None = None,
    numerators: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Results rows of a wide table: one row per line of ``table`` and measure column.

    ``measures`` maps a column to its indicator code and unit (``{"total":
    ("count_people_observed", "count")}``); ``by`` names the columns whose values make the
    level; ``n`` the column with the number of people behind each line (the row's base:
    disclosure withholds every measure of a line whose base is under the minimum count);
    ``numerators`` maps a share column to the column holding its unweighted numerator.
    Counts are their own numerator.
    """
    numerators = dict(numerators or {})
    pieces = []
    for column, (indicator, unit) in measures.items():
        check_option("unit", unit, UNITS)
        frame = pd.DataFrame({"count": pd.to_numeric(table[column]).astype(float)})
        base = column if n is None else n
        frame["base"] = pd.to_numeric(table[base]).astype(float).to_numpy()
        for b in by:
            frame[b] = table[b].to_numpy()
        rows = count_rows(
            frame, indicator=indicator, country=country, period=period, by=by, unit=unit, n="base"
        )
        if column in numerators:
            rows["numerator"] = (
                pd.to_numeric(table[numerators[column]]).astype("Float64").round().astype("Int64")
            ).to_numpy()
        pieces.append(rows)
    return pd.concat(pieces, ignore_index=True)


def result_row(
    indicator: str,
    disaggregation: str,
    level: str,
    estimate: float,
    n: int,
    unit: Unit,
    numerator: int | None = None,
    flags: str = "",
) -> dict[str, object]:
    """One results row of a number without sampling error (a count, a rate, a share of
    complete data): no interval, ``n`` the observations behind it. Build a frame of them
    with :func:`rows_frame`."""
    return {
        "indicator": indicator,
        "disaggregation": disaggregation,
        "level": level,
        "estimate": float(estimate) if np.isfinite(estimate) else np.nan,
        "se": np.nan,
        "ci_low": np.nan,
        "ci_high": np.nan,
        "ci_method": "none",
        "n": int(n),
        "n_weighted": float(n),
        "deff": np.nan,
        "flags": flags,
        "analysis_key": join_key(indicator, disaggregation, level),
        "unit": unit,
        "numerator": numerator,
    }


def complete_data_row(
    indicator: str,
    disaggregation: str,
    level: str,
    estimate: float,
    n: int,
    unit: Unit,
    numerator: int | None = None,
) -> dict[str, object]:
    """:func:`result_row` of a number from complete data (a register, every Wi-Fi log): a
    share of them has no sampling error, so it is flagged ``indicative`` and not judged by
    the NCHS rules for survey proportions."""
    flags = "indicative" if unit == "proportion" else ""
    return result_row(indicator, disaggregation, level, estimate, n, unit, numerator, flags)


def rows_frame(rows: Sequence[Mapping[str, object]], country: str, period: str) -> pd.DataFrame:
    """The results rows of ``result_row`` dicts for one country and period, in the
    contract's column order."""
    out = pd.DataFrame(
        list(rows), columns=[c for c in CONTRACT_COLUMNS if c not in ("country", "period")]
    )
    out.insert(1, "country", country)
    out.insert(2, "period", period)
    out["numerator"] = out["numerator"].astype("Int64")
    out["n"] = out["n"].astype("int64")
    return out[list(CONTRACT_COLUMNS)]
