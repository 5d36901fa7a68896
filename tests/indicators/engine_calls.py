"""Direct survey-engine calls that tests compare ``compute`` with (not a test module).

One call per indicator, on a copy of the data holding an analysis column built with plain
pandas in the test, and the same design columns as the contract (integration_survey).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.disclosure import korn_graubard_interval
from evidence.survey import (
    SurveyDesign,
    estimate_mean,
    estimate_proportion,
    estimate_quantile,
    estimate_ratio,
    estimate_total,
)

BY = ["group", "sex", ("group", "sex")]


def design(frame: pd.DataFrame, **options: object) -> SurveyDesign:
    return SurveyDesign(frame, weights="weight", strata="stratum", psu="psu", fpc="fpc", **options)  # type: ignore[arg-type]


def direct(frame: pd.DataFrame, kind: str, values: object, **options: object) -> pd.DataFrame:
    """One direct engine call on a copy of ``frame`` holding the analysis column(s)."""
    f = frame.copy()
    if kind == "ratio":
        numerator, denominator = values  # type: ignore[misc]
        f["num"], f["den"] = numerator, denominator
        result = estimate_ratio("num", "den", design(f, **options), by=BY)
    else:
        f["x"] = values
        d = design(f, **options)
        if kind == "proportion":
            result = estimate_proportion("x", d, by=BY, ci_method="beta")
        elif kind == "median":
            result = estimate_quantile("x", d, 0.5, by=BY)
        else:
            estimator = {"mean": estimate_mean, "total": estimate_total}[kind]
            result = estimator("x", d, by=BY)
    out = result.to_frame()
    out["level"] = [
        " x ".join(str(row[v]) for v in name.split(" × ")) if name else "total"
        for name, (_, row) in zip(out["disaggregation"], out.iterrows(), strict=True)
    ]
    out["disaggregation"] = out["disaggregation"].str.replace(" × ", " x ").replace("", "total")
    return out.set_index(["disaggregation", "level"])


def compare(results: pd.DataFrame, indicator: str, expected: pd.DataFrame) -> int:
    rows = results[results["indicator"] == indicator].set_index(["disaggregation", "level"])
    expected = expected[expected["n"] > 0]  # compute gives no row for an empty domain
    assert len(rows) == len(expected), indicator
    published = rows[~rows["suppressed"]]
    assert len(published) > 0, indicator
    want = expected.loc[published.index].copy()
    # Published proportions carry the NCHS Korn-Graubard interval (n* truncated at n), not the
    # engine's beta interval (R's svyciprop, untruncated): see evidence/disclosure/korn_graubard.
    korn_graubard = (published["ci_method"] == "korn_graubard").to_numpy()
    if korn_graubard.any():
        low, high = korn_graubard_interval(
            *(want[c].to_numpy(dtype=float) for c in ("estimate", "se", "n", "df"))
        )
        want.loc[korn_graubard, "ci_low"] = low[korn_graubard]
        want.loc[korn_graubard, "ci_high"] = high[korn_graubard]
    for column in ("estimate", "se", "ci_low", "ci_high", "deff", "df"):
        np.testing.assert_allclose(
            published[column].to_numpy(dtype=float),
            want[column].to_numpy(dtype=float),
            rtol=1e-12,
            atol=1e-12,
            err_msg=f"{indicator} {column}",
        )
    assert (rows["n"] == expected.loc[rows.index, "n"]).all(), indicator
    return len(published)


def as_float(series: pd.Series) -> np.ndarray:
    return pd.to_numeric(series.astype("Float64"), errors="coerce").to_numpy(
        dtype=float, na_value=np.nan
    )
