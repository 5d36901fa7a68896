"""Figure builders: a Figure at A4 width, accents rendered, inputs untouched, marks drawn."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from evidence.display.figures import (
    A4_TEXT_WIDTH_IN,
    flows_by_day_figure,
    group_dot_figure,
    hour_profile_figure,
    ipl_dot_figure,
    pyramid_figure,
    readable,
    share_bar_figure,
)
from evidence.movement import detect_surges, flows_by_day
from tests.movement.flow_frames import simulated_month


def rendered(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def check(figure: Figure) -> None:
    assert isinstance(figure, Figure)
    assert figure.get_figwidth() <= A4_TEXT_WIDTH_IN + 1e-9
    assert rendered(figure).startswith(b"\x89PNG")
    assert not plt.get_fignums()  # nothing left on pyplot's global state


def test_flows_figure_marks_each_surge_day() -> None:
    frame, planted = simulated_month(2)
    daily = flows_by_day(frame).to_frame()
    surges = detect_surges(frame)
    before = daily.copy()
    figure = flows_by_day_figure(
        daily, surges.to_frame(), title="Personas observadas por día — diciembre"
    )
    pd.testing.assert_frame_equal(daily, before)
    axes = figure.axes[0]
    assert axes.get_title(loc="left") == "Personas observadas por día — diciembre"
    assert len(axes.patches) == len(daily)  # one bar per day
    markers = axes.collections[0].get_offsets()
    events = surges.to_frame()
    assert len(markers) == len(events) >= len(planted) - 1  # one per site's surge
    # Each at its own site's peak count, not at the national total of the day.
    assert sorted(markers[:, 1]) == sorted(events["peak_count"].astype(float))
    assert {t.get_text() for t in axes.texts} == set(events["site_id"])
    check(figure)


def results_table() -> pd.DataFrame:
    rows = []
    for level, shares in (("female", (0.6, 0.2, 0.1)), ("male", (0.5, 0.3, np.nan))):
        for category, share in zip(("food", "water", "shelter"), shares, strict=True):
            rows.append(
                {"variable": "needs", "category": category, "level": level, "estimate": share}
            )
    return pd.DataFrame(rows)


def test_share_bars_one_bar_per_answer_and_level() -> None:
    table = results_table()
    figure = share_bar_figure(
        table,
        "needs",
        levels=("female", "male"),
        title="Necesidades",
        names={"food": "Alimentación"},
    )
    axes = figure.axes[0]
    assert len(axes.patches) == 3 * 2
    labels = [t.get_text() for t in axes.get_yticklabels()]
    assert labels[-1] == "Alimentación"  # most chosen on top
    check(figure)


def test_dot_plots_and_profiles() -> None:
    gaps = pd.DataFrame(
        {
            "indicator": ["prop_employed", "prop_has_bank_account"],
            "label": ["Personas ocupadas", "Tiene cuenta bancaria"],
            "reference": [0.55, 0.68],
            "reference_ci_low": [0.53, 0.66],
            "reference_ci_high": [0.57, 0.70],
            "focus": [0.43, 0.49],
            "focus_ci_low": [0.40, 0.47],
            "focus_ci_high": [0.46, 0.51],
        }
    )
    figure = group_dot_figure(gaps, names={"host": "Comunidad de acogida", "migrant": "Migrantes"})
    assert next(t.get_text() for t in figure.axes[0].get_yticklabels()) == "Tiene cuenta bancaria"
    check(figure)
    ipl = pd.DataFrame(
        {
            "dimension": ["economic", "economic", "index", "index"],
            "group": ["host", "migrant", "host", "migrant"],
            "estimate": [0.6, 0.55, 0.62, 0.6],
            "ci_low": [0.58, 0.53, 0.61, 0.59],
            "ci_high": [0.62, 0.57, 0.63, 0.61],
        }
    )
    check(ipl_dot_figure(ipl, title="Integración (IPL-12)"))
    profile = pd.DataFrame(
        {
            "sex": ["female", "female", "male", "male"],
            "age_group": ["18_24", "60_plus", "18_24", "60_plus"],
            "share": [0.3, np.nan, 0.5, 0.2],
        }
    )
    pyramid = pyramid_figure(profile, title="Sexo y edad")
    assert [t.get_text() for t in pyramid.axes[0].get_yticklabels()] == ["18–24", "60+"]
    check(pyramid)
    hours = pd.DataFrame(
        {"hour": range(24), "express": [3] * 24, "registered": [2] * 24, "sessions": [5] * 24}
    )
    check(hour_profile_figure(hours, title="Sesiones por hora"))


def test_missing_columns_fail_with_names() -> None:
    from evidence.errors import ContractError

    with pytest.raises(ContractError, match="total_rolling_mean"):
        flows_by_day_figure(pd.DataFrame({"date": [], "total": []}))
    assert readable("trafficking_indicators") == "Trafficking indicators"


def test_forecast_figure_band_and_axis_from_zero() -> None:
    from evidence.display.figures import forecast_figure

    days = pd.date_range("2023-10-01", periods=70)
    decomposition = pd.DataFrame(
        {"date": days, "observed": 100 + np.arange(70.0), "trend": 100 + np.arange(70.0)}
    )
    ahead = pd.DataFrame({"date": pd.date_range("2023-12-10", periods=14), "mean": 170.0})
    for level, spread in ((80, 10.0), (95, 20.0)):
        ahead[f"lower_{level}"] = ahead["mean"] - spread
        ahead[f"upper_{level}"] = ahead["mean"] + spread
    figure = forecast_figure(decomposition, ahead, observed_label="Seen")
    check(figure)
    axes = figure.axes[0]
    assert axes.get_ylim()[0] == 0
    assert len(axes.collections) == 2 and len(axes.lines) == 3
    plt.close(figure)
