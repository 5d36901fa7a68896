"""One look for every figure of the studies: size, fonts, palette and readable labels.

Figures are drawn for an A4 page with 2.5 cm margins: 16 cm (6.3 in) wide, text at 9 pt so
it stays readable when the PDF is printed and when the HTML scales the image to the column.
The palette is Okabe and Ito's (2008), distinguishable with the common colour-vision
deficiencies; the same group always gets the same colour (hosts blue, migrants orange,
women vermillion, men bluish green). DejaVu Sans, Matplotlib's default font, has every
accented letter Spanish and Portuguese need.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import matplotlib as mpl
from cycler import cycler
from matplotlib.axes import Axes
from matplotlib.figure import Figure

A4_TEXT_WIDTH_IN = 6.3
BASE_FONT_PT = 9.0
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
GROUP_COLOURS: dict[str, str] = {
    "host": OKABE_ITO[0],
    "national": OKABE_ITO[0],
    "false": OKABE_ITO[0],
    "migrant": OKABE_ITO[1],
    "true": OKABE_ITO[1],
    "female": OKABE_ITO[3],
    "male": OKABE_ITO[2],
    "total": "#4D4D4D",
}
_RC: dict[Any, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": BASE_FONT_PT,
    "axes.titlesize": BASE_FONT_PT + 1,
    "axes.labelsize": BASE_FONT_PT,
    "xtick.labelsize": BASE_FONT_PT - 0.5,
    "ytick.labelsize": BASE_FONT_PT - 0.5,
    "legend.fontsize": BASE_FONT_PT - 0.5,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#E0E0E0",
    "grid.linewidth": 0.6,
    "axes.axisbelow": True,
    "axes.prop_cycle": cycler(color=list(OKABE_ITO)),
    "figure.dpi": 110,
}


@contextmanager
def study_style() -> Iterator[None]:
    """The studies' Matplotlib settings for the figures drawn inside the block."""
    with mpl.rc_context(_RC):
        yield


def new_figure(height_in: float, width_in: float = A4_TEXT_WIDTH_IN) -> Figure:
    """A figure (not registered with pyplot, so nothing leaks between notebook cells)."""
    return Figure(figsize=(min(width_in, A4_TEXT_WIDTH_IN), height_in), layout="constrained")


def colour_of(group: str, position: int = 0) -> str:
    """The group's fixed colour, else the palette's colour at ``position``."""
    return GROUP_COLOURS.get(str(group).lower(), OKABE_ITO[position % len(OKABE_ITO)])


def readable(code: object, names: Mapping[str, str] | None = None) -> str:
    """The label of a code: from ``names`` (e.g. the message catalogue) if it has one, else
    the code made readable: ranges ``18_24`` → 18–24, ``60_plus`` → 60+, underscores as
    spaces and a capital first letter."""
    text = str(code)
    if names and text in names:
        return names[text]
    text = re.sub(r"^(\d+)_(\d+)$", "\\1–\\2", text)
    text = re.sub(r"^(\d+)_plus$", "\\1+", text)
    text = text.replace("_", " ")
    return text[:1].upper() + text[1:]


def label_axes(axes: Axes, *, xlabel: str = "", ylabel: str = "", title: str = "") -> None:
    """The axis labels and the title (left-aligned, as every study figure) that are given."""
    if xlabel:
        axes.set_xlabel(xlabel)
    if ylabel:
        axes.set_ylabel(ylabel)
    if title:
        axes.set_title(title, loc="left")
