"""The three groups the programme names (in transit, staying, returning) side by side: one
row per share, one coloured dot per group, on an axis from 0 to 100 %."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.ticker import PercentFormatter

from evidence.display.figures.style import OKABE_ITO, new_figure, study_style

# Fixed colours of the groups (Okabe-Ito): transit sky blue, stay bluish green, return
# vermillion; the same in every study.
GROUP_COLOURS: dict[str, str] = {
    "transit": OKABE_ITO[5],
    "stay": OKABE_ITO[2],
    "return": OKABE_ITO[3],
}
MARKERS: dict[str, str] = {"transit": "o", "stay": "s", "return": "D"}


def groups_dot_figure(
    shares: pd.DataFrame,
    *,
    groups: Sequence[str],
    group_labels: Sequence[str],
    row_labels: Sequence[str],
    xlabel: str,
) -> Figure:
    """``shares``: one row per share (labelled by ``row_labels``, first on top), one column
    per group (``groups``, named ``group_labels`` in the legend). Withheld shares (NaN) draw
    no dot; the axis starts at 0 and ends at 100 %."""
    if len(row_labels) != len(shares):
        raise ValueError("row_labels must name every row of shares")
    positions = np.arange(len(shares))[::-1]
    with study_style():
        figure = new_figure(1.0 + 0.26 * len(shares))
        axes = figure.add_subplot()
        for k, (group, label) in enumerate(zip(groups, group_labels, strict=True)):
            values = pd.to_numeric(shares[group], errors="coerce").to_numpy(dtype=float)
            nudge = (k - (len(groups) - 1) / 2) * 0.18
            axes.scatter(
                values,
                positions - nudge,
                s=26,
                marker=MARKERS.get(group, "o"),
                color=GROUP_COLOURS.get(group, OKABE_ITO[k % len(OKABE_ITO)]),
                label=label,
                zorder=3,
            )
        axes.set_yticks(positions, list(row_labels))
        axes.set_xlim(0, 1)
        axes.xaxis.set_major_formatter(PercentFormatter(1.0, decimals=0))
        axes.set_xlabel(xlabel)
        axes.grid(axis="y", visible=False)
        figure.legend(loc="outside lower center", ncols=len(groups))
    return figure
