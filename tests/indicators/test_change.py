"""Change over time (evidence.indicators.change): the difference of two published periods.

On the embedded data with three months of flows (``synthesize(..., months=3)``) the change
rows equal the difference of the two periods' published estimates; on design-based estimates
(two independent samples of the integration survey, seeds standing for periods) the standard
error is sqrt(se1² + se2²) and the interval estimate ± z·se with z = Φ⁻¹(0.975) (tolerance
1e-12). A withheld side withholds the change.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from evidence.errors import OptionError
from evidence.indicators import compute, load_catalogue
from evidence.indicators.change import change_indicator, change_rows, earlier_period
from evidence.indicators.publish import publish
from evidence.movement import flow_headline
from evidence.synth import synthesize


def test_earlier_periods() -> None:
    assert earlier_period("2024-01", "prev_period") == "2023-12"
    assert earlier_period("2024-01", "prev_year") == "2023-01"
    assert change_indicator("prop_x", "prev_year") == "prop_x_change_prev_year"
    with pytest.raises(OptionError):
        earlier_period("2024-01", "last_week")  # type: ignore[arg-type]


@pytest.mark.parametrize("seed", [0, 4])
def test_three_months_of_flows_change_is_the_difference(seed: int) -> None:
    counts = synthesize("flow_counts", "COL", "2023-12", seed=seed, scale=0.05, months=3)
    period = pd.to_datetime(counts["date"]).dt.strftime("%Y-%m")
    published = {
        p: publish(flow_headline(counts[period == p]).to_results("COL", p))
        for p in ("2023-11", "2023-12")
    }
    now, before = published["2023-12"], published["2023-11"]
    kept = now.copy(), before.copy()
    rows = change_rows(now, before, "prev_period")
    pd.testing.assert_frame_equal(now, kept[0])
    pd.testing.assert_frame_equal(before, kept[1])
    assert len(rows) == len(now) and rows["unit"].eq("difference").all()
    for _, change in rows.iterrows():
        code = change["indicator"].removesuffix("_change_prev_period")
        a = now.loc[now["indicator"] == code, "estimate"].item()
        b = before.loc[before["indicator"] == code, "estimate"].item()
        assert change["estimate"] == pytest.approx(a - b, abs=1e-12)
    # Counts have no sampling error: no interval, and the rows say so.
    assert rows["ci_method"].eq("none").all() and rows["se"].isna().all()
    # Flows grow by the planted 5 % a month: people per day rose.
    per_day = rows.loc[rows["indicator"] == "rate_people_per_day_change_prev_period"]
    assert per_day["estimate"].item() > 0


@pytest.mark.parametrize("seeds", [(0, 1), (2, 7)])
def test_design_based_change_has_the_se_of_a_difference(seeds: tuple[int, int]) -> None:
    tables = []
    for seed, period in zip(seeds, ("2023-11", "2023-12"), strict=True):
        frame = synthesize("integration_survey", "PER", period, seed=seed, scale=0.3)
        result = compute(load_catalogue(), frame, country="PER", period=period,
                         dataset="integration_survey")  # fmt: skip
        tables.append(result.to_frame())  # a ResultsTable is published
    before, now = tables
    rows = change_rows(now, before, "prev_period").set_index("analysis_key")
    shown = rows[rows["se"].notna()]
    assert len(shown) > 5
    z = norm.ppf(0.975)
    for _, change in shown.iterrows():
        code = str(change["indicator"]).removesuffix("_change_prev_period")
        level = change["level"]
        a = now[(now["indicator"] == code) & (now["level"] == level)].iloc[0]
        b = before[(before["indicator"] == code) & (before["level"] == level)].iloc[0]
        assert change["estimate"] == pytest.approx(a["estimate"] - b["estimate"], abs=1e-12)
        assert change["se"] == pytest.approx(np.sqrt(a["se"] ** 2 + b["se"] ** 2), abs=1e-12)
        assert change["ci_low"] == pytest.approx(change["estimate"] - z * change["se"], abs=1e-12)
        assert change["ci_high"] == pytest.approx(change["estimate"] + z * change["se"], abs=1e-12)
        assert change["ci_method"] == "wald" and change["n"] == a["n"] + b["n"]


def _rows(estimate: float, n: int, withheld: bool = False) -> pd.DataFrame:
    return publish(
        pd.DataFrame(
            {
                "indicator": ["prop_x"],
                "country": ["COL"],
                "period": ["2023-12"],
                "disaggregation": ["total"],
                "level": ["total"],
                "estimate": [estimate],
                "se": [0.01],
                "ci_low": [estimate - 0.02],
                "ci_high": [estimate + 0.02],
                "ci_method": ["wald"],
                "n": [n],
                "n_weighted": [float(n)],
                "deff": [np.nan],
                "flags": [""],
                "analysis_key": ["prop_x @/@ total %/% total"],
                "unit": ["mean"],
                "numerator": [pd.NA],
                **({"suppressed": [True], "suppression_reason": ["min_count"]} if withheld else {}),
            }
        )
    )


@pytest.mark.parametrize("withheld_side", ["current", "earlier"])
def test_a_withheld_side_withholds_the_change(withheld_side: str) -> None:
    now = _rows(0.6, 500, withheld=withheld_side == "current")
    before = _rows(0.2, 500, withheld=withheld_side == "earlier")
    assert now["estimate"].isna().item() == (withheld_side == "current")
    change = publish(change_rows(now, before, "prev_year"))
    assert change["suppressed"].item()
    assert change[["estimate", "se", "ci_low", "ci_high"]].isna().all(axis=None)


def test_keys_in_one_period_only_give_no_change() -> None:
    now = _rows(0.6, 500)
    before = _rows(0.2, 500).assign(analysis_key="prop_y @/@ total %/% total")
    assert change_rows(now, before, "prev_period").empty
