"""The 17 response countries coloured by one published indicator, Venezuela hatched and
labelled, countries without a value drawn as "no data".

Colours come in five equal classes from 0 to a round top (shares: up to 100 %), so the
scale starts at 0. Aruba, Curaçao and Trinidad and Tobago are too small to see at this
scale: each also gets a circle in its class colour, set off into the sea with a line to
the island and its name.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib import colormaps
from matplotlib.cm import ScalarMappable
from matplotlib.colors import BoundaryNorm, ListedColormap, to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from evidence.countries import COUNTRIES, Language
from evidence.display.figures.map_layers import (
    FOCUS_EDGE,
    LAND_EDGE,
    draw_units,
    fit_extent,
    frame_map,
    graticule,
    scale_bar,
    units_in,
)
from evidence.display.figures.style import A4_TEXT_WIDTH_IN, new_figure, study_style
from evidence.display.geo import Boundaries, extent_around, load_boundaries
from evidence.i18n import format_number, format_percent
from evidence.indicators.checks import require_columns

NO_DATA = "#BDBDBD"
ORIGIN = "VEN"
CLASSES = 5
SHARE_KINDS = frozenset({"proportion", "ratio"})
# Where each small country's circle goes (lon, lat) and which side its name is written on:
# out at sea, clear of the coast and of each other.
SMALL_COUNTRIES: dict[str, tuple[float, float, str]] = {
    "ABW": (-74.5, 17.0, "right"),
    "CUW": (-66.5, 18.0, "left"),
    "TTO": (-55.5, 12.0, "left"),
}


def class_edges(largest: float, kind: str) -> np.ndarray:
    """``CLASSES`` + 1 equal steps from 0 to a round top: for shares the next 10 % above
    ``largest`` (at most 100 %), else the next 1, 2 or 5 × 10^k."""
    if not largest > 0:
        top = 1.0
    elif kind in SHARE_KINDS:
        top = min(1.0, math.ceil(largest * 10 - 1e-9) / 10)
    else:
        power = 10 ** math.floor(math.log10(largest))
        top = next(s * power for s in (1, 2, 5, 10) if s * power >= largest * (1 - 1e-12))
    return np.linspace(0.0, top, CLASSES + 1)


def _label(value: float, kind: str, language: Language) -> str:
    if kind in SHARE_KINDS:
        return format_percent(value, language, 0)
    digits = 0 if float(value).is_integer() else 1
    return format_number(value, language, digits)


def choropleth_figure(
    values: pd.DataFrame,
    *,
    kind: str = "proportion",
    legend_title: str = "",
    no_data_label: str = "No data",
    origin_label: str = "Venezuela (country of origin)",
    origin_name: str = "Venezuela",
    names: Mapping[str, str] | None = None,
    compass: str = "NSEW",
    language: Language = "en",
    boundaries: Boundaries | None = None,
) -> Figure:
    """``values``: one row per response country (``country`` ISO3, ``value``; NaN when
    withheld or missing); ``kind`` is the indicator's unit (shares are written as %).
    ``names`` gives the small countries' labels (default their ISO3 code)."""
    require_columns(values, ["country", "value"], "choropleth values")
    geo = boundaries or load_boundaries()
    responding = [c.iso3 for c in COUNTRIES]
    found = dict(zip(values["country"].astype(str), values["value"].astype(float), strict=True))
    shown = {c: found.get(c, math.nan) for c in responding}
    known = [v for v in shown.values() if not math.isnan(v)]
    edges = class_edges(max(known) if known else math.nan, kind)
    colours = ListedColormap(colormaps["Blues"](np.linspace(0.15, 0.95, CLASSES)))
    norm = BoundaryNorm(edges, CLASSES)
    extent, height = fit_extent(
        extent_around([geo.bounds([*responding, ORIGIN])], pad=0.02, min_span=1.0),
        A4_TEXT_WIDTH_IN, 3.5, 5.3,
    )  # fmt: skip
    with study_style():
        figure = new_figure(height + 0.9)
        axes = figure.add_subplot()
        frame_map(axes, extent)
        context = [c for c in units_in(geo, extent) if c not in shown and c != ORIGIN]
        draw_units(axes, geo, context, facecolor="#F4F4F4", edgecolor="#CFCFCF", linewidth=0.4)
        fill: dict[str, str] = {}
        for code, value in shown.items():
            colour = NO_DATA if math.isnan(value) else colours(norm(min(value, edges[-1])))
            fill[code] = colour if isinstance(colour, str) else _hex(colour)
            draw_units(axes, geo, [code], facecolor=fill[code], edgecolor="#FFFFFF",
                       linewidth=0.5, zorder=2)  # fmt: skip
        draw_units(axes, geo, [ORIGIN], facecolor="#FFFFFF", edgecolor=FOCUS_EDGE,
                   linewidth=1.2, hatch="////", zorder=3)  # fmt: skip
        x, y = geo[ORIGIN].anchor()
        axes.text(x, y, origin_name, fontsize=7, fontweight="bold", ha="center", va="center",
                  zorder=7, gid="origin_label",
                  bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none"})  # fmt: skip
        for code, (cx, cy, side) in SMALL_COUNTRIES.items():
            ix, iy = geo[code].anchor()
            axes.plot([ix, cx], [iy, cy], color=FOCUS_EDGE, lw=0.6, zorder=5)
            axes.scatter([cx], [cy], s=110, color=fill[code], edgecolors=FOCUS_EDGE,
                         linewidths=0.8, zorder=6, gid=f"small:{code}")  # fmt: skip
            axes.annotate((names or {}).get(code, code), (cx, cy),
                          xytext=(7 if side == "left" else -7, 0), textcoords="offset points",
                          fontsize=7, va="center", ha=side, zorder=7)  # fmt: skip
        graticule(axes, extent, compass, language)
        scale_bar(axes, extent, language)
        bar = figure.colorbar(
            _mappable(colours, norm), ax=axes, location="bottom", shrink=0.6, aspect=30,
            pad=0.02, ticks=edges,
        )  # fmt: skip
        bar.ax.set_xticklabels([_label(v, kind, language) for v in edges], fontsize=7.5)
        bar.set_label(legend_title, fontsize=8)
        bar.outline.set_linewidth(0.4)
        figure.legend(
            handles=[
                Patch(facecolor=NO_DATA, edgecolor=LAND_EDGE, label=no_data_label),
                Patch(facecolor="#FFFFFF", edgecolor=FOCUS_EDGE, hatch="////",
                      label=origin_label),
            ],
            loc="outside lower center",
            ncols=2,
            fontsize=7.5,
        )  # fmt: skip
    return figure


def _hex(rgba: object) -> str:
    return to_hex(rgba)  # type: ignore[arg-type]


def _mappable(colours: ListedColormap, norm: BoundaryNorm) -> ScalarMappable:
    return ScalarMappable(norm=norm, cmap=colours)
