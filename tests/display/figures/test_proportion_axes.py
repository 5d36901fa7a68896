"""Shares and 0–1 scores are drawn on axes that start at 0, in every figure builder that
draws them: an axis written as a percentage starts at 0 (or, diverging, holds 0), and a
0–1 index spans 0 to 1. Figures of counts, differences, effects and odds ratios are on
their own scales (zero lines where a sign matters; odds ratios on a log scale)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from evidence.display.figures import (
    dropout_rate_figure,
    group_dot_figure,
    hour_profile_figure,
    ipl_dot_figure,
    overlap_figure,
    pyramid_figure,
    reliability_figure,
    share_bar_figure,
)
from tests.display.figures.test_education_figures import curves
from tests.display.figures.test_figures import results_table


def _percent_axes(figure: Figure) -> list[tuple[Axis, tuple[float, float]]]:
    found = []
    for axes in figure.axes:
        for axis, limits in ((axes.xaxis, axes.get_xlim()), (axes.yaxis, axes.get_ylim())):
            if isinstance(axis.get_major_formatter(), PercentFormatter):
                found.append((axis, limits))
    return found


def _gaps(high: float) -> pd.DataFrame:
    # Shares far from 0: an axis left to itself would start near 40 %.
    return pd.DataFrame(
        {
            "indicator": ["a", "b"],
            "label": ["A", "B"],
            "reference": [0.55, high],
            "reference_ci_low": [0.53, high - 0.02],
            "reference_ci_high": [0.57, high + 0.02],
            "focus": [0.43, high - 0.1],
            "focus_ci_low": [0.40, high - 0.12],
            "focus_ci_high": [0.46, high - 0.08],
        }
    )


SHARE_FIGURES = {
    "share_bar_figure": lambda: share_bar_figure(results_table(), "needs", levels=("female",)),
    "group_dot_figure": lambda: group_dot_figure(_gaps(0.8)),
    "hour_profile_figure": lambda: hour_profile_figure(
        pd.DataFrame(
            {"hour": range(24), "express": [3] * 24, "registered": [2] * 24, "sessions": [5] * 24}
        )
    ),
    "dropout_rate_figure": lambda: dropout_rate_figure(
        pd.DataFrame(
            {
                "label": ["All"],
                "group": ["total"],
                "estimate": [0.6],
                "ci_low": [0.55],
                "ci_high": [0.65],
            }
        )
    ),
    "reliability_figure": lambda: reliability_figure(curves()),
    "overlap_figure": lambda: overlap_figure(
        pd.DataFrame(
            {
                "treated": [True, True, False, False],
                "propensity": [0.6, 0.7, 0.5, 0.65],
                "weight": [1.0, 2.0, 1.0, 1.5],
            }
        ),
        treated_label="Regular",
        control_label="Other",
    ),
}


@pytest.mark.parametrize("name", sorted(SHARE_FIGURES))
def test_share_axes_start_at_zero(name: str) -> None:
    figure = SHARE_FIGURES[name]()
    axes = _percent_axes(figure)
    assert axes, f"{name} draws shares: its axis is written as a percentage"
    for _, (low, high) in axes:
        assert low == 0 and high > 0, (name, low, high)


def test_a_population_pyramid_is_centred_on_zero() -> None:
    profile = pd.DataFrame(
        {
            "sex": ["female", "female", "male", "male"],
            "age_group": ["18_24", "60_plus", "18_24", "60_plus"],
            "share": [0.3, np.nan, 0.5, 0.2],
        }
    )
    low, high = pyramid_figure(profile).axes[0].get_xlim()
    assert low < 0 < high  # women left of 0, men right: both bars start at 0


def test_a_0_to_1_index_spans_0_to_1() -> None:
    ipl = pd.DataFrame(
        {
            "dimension": ["economic", "economic"],
            "group": ["host", "migrant"],
            "estimate": [0.8, 0.75],
            "ci_low": [0.78, 0.73],
            "ci_high": [0.82, 0.77],
        }
    )
    assert ipl_dot_figure(ipl).axes[0].get_xlim() == (0.0, 1.0)
