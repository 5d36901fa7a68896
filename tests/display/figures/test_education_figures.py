"""Education figures: A4 width, inputs untouched, the marks each figure promises."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.collections import LineCollection, PathCollection

from evidence.display.figures import dropout_rate_figure, factors_figure, reliability_figure
from tests.display.figures.test_figures import check


def curves() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "level": ["total"] * 3 + ["national"] * 3 + ["migrant"] * 3,
            "bin": [1, 2, 3] * 3,
            "mean_predicted": [0.05, 0.1, 0.3, 0.04, 0.08, 0.2, 0.06, 0.12, 0.35],
            "observed": [0.06, 0.09, 0.31, 0.05, np.nan, 0.21, 0.07, 0.13, 0.33],
        }
    )


def test_reliability_draws_the_diagonal_and_one_line_per_group() -> None:
    frame = curves()
    before = frame.copy()
    names = {"total": "Todo el alumnado", "national": "Nacionales", "migrant": "Migrantes"}
    figure = reliability_figure(frame, names=names, xlabel="Riesgo", ylabel="Abandono")
    pd.testing.assert_frame_equal(frame, before)
    check(figure)
    axes = figure.axes[0]
    lines = axes.get_lines()
    assert len(lines) == 4  # the diagonal, then one line per level
    diagonal = lines[0]
    assert list(diagonal.get_xdata()) == list(diagonal.get_ydata())
    assert [line.get_label() for line in lines[1:]] == list(names.values())
    assert axes.get_xlim()[0] == 0 and axes.get_ylim()[0] == 0
    assert axes.get_xlim()[1] >= 0.35  # the highest point is inside the axes


def test_factors_figure_has_importance_beside_log_odds_ratios() -> None:
    frame = pd.DataFrame(
        {
            "label": ["Asistencia", "Trabajo infantil", "Niña"],
            "importance": [0.05, 0.03, np.nan],
            "odds_ratio": [0.58, 2.57, 0.94],
            "or_ci_low": [0.52, 2.23, 0.83],
            "or_ci_high": [0.63, 2.97, 1.07],
        }
    )
    figure = factors_figure(frame, importance_label="Pérdida de AUC", odds_label="Razón")
    check(figure)
    left, right = figure.axes
    assert right.get_xscale() == "log"
    assert [t.get_text() for t in left.get_yticklabels()] == [
        "Niña",
        "Trabajo infantil",
        "Asistencia",
    ]
    widths = sorted(round(p.get_width(), 3) for p in left.patches)
    assert widths == [0.0, 0.03, 0.05]  # the missing importance draws no bar
    dots = [c for c in right.collections if isinstance(c, PathCollection)]
    assert len(dots[0].get_offsets()) == 3
    assert any(abs(line.get_xdata()[0] - 1.0) < 1e-12 for line in right.get_lines())


def test_dropout_rates_start_at_zero_and_skip_withheld_domains() -> None:
    rates = pd.DataFrame(
        {
            "label": ["All", "National", "Migrant", "Girls"],
            "group": ["total", "national", "migrant", "total"],
            "estimate": [0.08, 0.07, 0.13, np.nan],
            "ci_low": [0.07, 0.06, 0.12, np.nan],
            "ci_high": [0.09, 0.08, 0.15, np.nan],
        }
    )
    figure = dropout_rate_figure(rates, xlabel="Dropped out")
    check(figure)
    axes = figure.axes[0]
    assert axes.get_xlim()[0] == 0
    assert [t.get_text() for t in axes.get_yticklabels()] == ["Migrant", "National", "All"]
    intervals = [c for c in axes.collections if isinstance(c, LineCollection)]
    assert len(intervals) == 3
