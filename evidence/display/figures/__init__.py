"""Figures of the studies: Matplotlib figure builders with one look (A4 width, 9 pt text,
Okabe-Ito palette, accents). Each returns a ``matplotlib.figure.Figure`` and never draws on
pyplot's global state; labels are arguments, so a study passes its message catalogue's."""

from __future__ import annotations

from evidence.display.figures.bars import count_bar_figure, share_bar_figure
from evidence.display.figures.dots import group_dot_figure, ipl_dot_figure
from evidence.display.figures.education import (
    dropout_rate_figure,
    factors_figure,
    reliability_figure,
)
from evidence.display.figures.flows import flows_by_day_figure
from evidence.display.figures.forecast import forecast_figure
from evidence.display.figures.models import (
    balance_figure,
    decomposition_bar_figure,
    effect_dot_figure,
    overlap_figure,
)
from evidence.display.figures.profiles import hour_profile_figure, pyramid_figure
from evidence.display.figures.style import A4_TEXT_WIDTH_IN, OKABE_ITO, readable, study_style

__all__ = [
    "A4_TEXT_WIDTH_IN",
    "OKABE_ITO",
    "balance_figure",
    "count_bar_figure",
    "decomposition_bar_figure",
    "dropout_rate_figure",
    "effect_dot_figure",
    "factors_figure",
    "flows_by_day_figure",
    "forecast_figure",
    "group_dot_figure",
    "hour_profile_figure",
    "ipl_dot_figure",
    "overlap_figure",
    "pyramid_figure",
    "readable",
    "reliability_figure",
    "share_bar_figure",
    "study_style",
]
