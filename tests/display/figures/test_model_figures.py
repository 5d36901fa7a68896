"""Figures of the integration models: built from frames, A4 width, reference lines and the
balance threshold drawn, withheld rows left out, inputs untouched."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from evidence.display.figures import (
    balance_figure,
    decomposition_bar_figure,
    effect_dot_figure,
    overlap_figure,
)
from evidence.errors import ContractError
from tests.display.figures.test_figures import check


def effects() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "label": ["Mujer", "Situación regular", "Años en el país", "Suprimido"],
            "estimate": [0.41, 2.17, 1.09, np.nan],
            "ci_low": [0.36, 1.74, 1.05, np.nan],
            "ci_high": [0.48, 2.71, 1.13, np.nan],
        }
    )


def test_effect_dot_figure_draws_each_estimate_and_the_reference_line() -> None:
    frame = effects()
    before = frame.copy()
    figure = effect_dot_figure(frame, xlabel="Razón de momios")
    pd.testing.assert_frame_equal(frame, before)
    axes = figure.axes[0]
    assert axes.get_xscale() == "log"
    assert len(axes.collections[-1].get_offsets()) == 3  # the withheld row is left out
    assert [t.get_text() for t in axes.get_yticklabels()] == [
        "Años en el país", "Situación regular", "Mujer",
    ]  # fmt: skip
    assert any(tuple(line.get_xdata()) == (1.0, 1.0) for line in axes.get_lines())
    check(figure)


def test_effect_dot_figure_for_marginal_effects_uses_a_zero_line_on_a_linear_axis() -> None:
    frame = effects().assign(estimate=[-0.2, 0.15, 0.02, np.nan])
    frame = frame.assign(ci_low=frame["estimate"] - 0.03, ci_high=frame["estimate"] + 0.03)
    figure = effect_dot_figure(frame, reference=0.0, log_scale=False)
    axes = figure.axes[0]
    assert axes.get_xscale() == "linear"
    assert any(tuple(line.get_xdata()) == (0.0, 0.0) for line in axes.get_lines())
    check(figure)


def test_decomposition_bars_pair_explained_and_unexplained() -> None:
    detail = pd.DataFrame(
        {
            "label": ["Situación regular", "Edad", "Constante"],
            "explained": [0.108, -0.075, np.nan],
            "unexplained": [0.001, 0.0, -0.27],
        }
    )
    before = detail.copy()
    figure = decomposition_bar_figure(
        detail, explained_label="Explicada", unexplained_label="No explicada", xlabel="Puntos"
    )
    pd.testing.assert_frame_equal(detail, before)
    axes = figure.axes[0]
    assert len(axes.patches) == 6
    widths = sorted(round(p.get_width(), 3) for p in axes.patches)
    assert widths == sorted([0.108, -0.075, 0.0, 0.001, 0.0, -0.27])
    assert [t.get_text() for t in figure.legends[0].get_texts()] == ["Explicada", "No explicada"]
    # the axis writes percentage points
    assert axes.xaxis.get_major_formatter()(0.1, 0) == "10"
    check(figure)


def test_balance_figure_shades_the_threshold_and_draws_before_and_after() -> None:
    balance = pd.DataFrame(
        {"label": ["Años", "Edad", "Hombre"], "before": [0.64, -0.05, 0.02],
         "after": [0.01, -0.003, 0.001]}
    )  # fmt: skip
    figure = balance_figure(balance, before_label="Antes", after_label="Después")
    axes = figure.axes[0]
    verticals = {round(float(line.get_xdata()[0]), 3) for line in axes.get_lines()}
    assert {-0.1, 0.0, 0.1} <= verticals
    low, high = axes.get_xlim()
    assert low <= -0.64 and high >= 0.64  # symmetric, every SMD inside
    offsets = [c.get_offsets() for c in axes.collections[-2:]]
    assert np.allclose(np.sort(offsets[0][:, 0]), np.sort(balance["before"]))
    assert np.allclose(np.sort(offsets[1][:, 0]), np.sort(balance["after"]))
    check(figure)


def test_overlap_figure_draws_two_weighted_histograms_on_the_unit_axis() -> None:
    rng = np.random.default_rng(0)
    propensities = pd.DataFrame(
        {
            "treated": np.r_[np.ones(200, bool), np.zeros(100, bool)],
            "propensity": np.r_[rng.uniform(0.4, 0.9, 200), rng.uniform(0.2, 0.8, 100)],
            "weight": rng.uniform(1, 3, 300),
        }
    )
    figure = overlap_figure(propensities, treated_label="Regular", control_label="Otra",
                            xlabel="Probabilidad")  # fmt: skip
    axes = figure.axes[0]
    assert axes.get_xlim() == (0.0, 1.0)
    assert len(axes.patches) == 2
    assert [t.get_text() for t in figure.legends[0].get_texts()] == ["Regular", "Otra"]
    check(figure)


def test_model_figures_take_the_model_results_and_their_own_frames() -> None:
    """A tutorial passes ``gap`` (Oaxaca-Blinder: ``detailed()`` has the terms as its index)
    or ``regular`` (``balance``: covariate, smd_before, smd_after) without renaming."""
    detailed = pd.DataFrame(
        {"explained": [0.108, -0.075], "explained_se": [0.01, 0.02],
         "unexplained": [0.001, -0.27], "unexplained_se": [0.01, 0.02]},
        index=pd.Index(["regular", "age_c"], name="term"),
    )  # fmt: skip
    balance = pd.DataFrame(
        {"covariate": ["years10", "age_c"], "smd_before": [0.64, -0.05],
         "smd_after": [0.01, -0.003], "balanced": [True, True]}
    )  # fmt: skip
    before = (detailed.copy(), balance.copy())
    gap = SimpleNamespace(detailed=lambda: detailed)
    for detail in (gap, detailed):
        figure = decomposition_bar_figure(detail, explained_label="E", unexplained_label="U")
        labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
        assert labels == ["age_c", "regular"]
    for source in (SimpleNamespace(balance=balance), balance):
        figure = balance_figure(source, before_label="B", after_label="A")
        assert [t.get_text() for t in figure.axes[0].get_yticklabels()] == ["age_c", "years10"]
    pd.testing.assert_frame_equal(detailed, before[0])
    pd.testing.assert_frame_equal(balance, before[1])
    with pytest.raises(ContractError, match="Oaxaca"):
        decomposition_bar_figure(3, explained_label="E", unexplained_label="U")
