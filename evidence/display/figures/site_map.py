"""A country's monitoring points and Wi-Fi sites on a map: sized by people observed, ringed
where a red flag was raised, neighbours in grey, an optional layer of other points (e.g.
service points).

Takes a frame of sites (``evidence.display.maps.site_points``: lon, lat, size, flagged,
kind), never computes a number; the size legend shows round reference sizes, not data.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D

from evidence.countries import Language
from evidence.display.figures.map_layers import (
    FOCUS_EDGE,
    draw_units,
    fit_extent,
    frame_map,
    graticule,
    scale_bar,
    units_in,
)
from evidence.display.figures.style import A4_TEXT_WIDTH_IN, OKABE_ITO, new_figure, study_style
from evidence.display.geo import Boundaries, extent_around, load_boundaries, nice_length
from evidence.i18n import format_number
from evidence.indicators.checks import require_columns

SITE_KINDS: tuple[str, ...] = ("monitoring", "monitoring_wifi", "wifi")
KIND_STYLE: dict[str, tuple[str, str]] = {  # kind: (marker, colour)
    "monitoring": ("o", OKABE_ITO[0]),
    "monitoring_wifi": ("o", OKABE_ITO[2]),
    "wifi": ("s", OKABE_ITO[1]),
}
FLAG_COLOUR = OKABE_ITO[3]
EXTRA_MARKERS = ("P", "D", "X", "*", "h", "v", "^", "p")  # one per service type (8)
MAX_AREA = 420.0  # points² of the largest site's marker
UNSIZED_AREA = 22.0  # a site without a published count
MIN_AREA = 10.0


def _areas(sizes: pd.Series, reference: float) -> np.ndarray:
    values = sizes.astype(float).to_numpy()
    areas = MAX_AREA * values / reference if reference > 0 else np.full(len(values), np.nan)
    return np.where(np.isnan(areas), UNSIZED_AREA, np.maximum(areas, MIN_AREA))


def reference_sizes(largest: float) -> list[float]:
    """Two or three round sizes for the legend (1, 2 or 5 × 10^k) up to ``largest``."""
    if not largest >= 1:
        return []
    top = nice_length(largest)
    return sorted({nice_length(max(top / 8, 1.0)), nice_length(max(top / 2.5, 1.0)), top})


def sites_map_figure(
    points: pd.DataFrame,
    country: str,
    *,
    extra_points: pd.DataFrame | None = None,
    kind_labels: Mapping[str, str] | None = None,
    flagged_label: str = "Red flag raised",
    unsized_label: str = "No published count",
    size_title: str = "People observed",
    compass: str = "NSEW",
    language: Language = "en",
    boundaries: Boundaries | None = None,
) -> Figure:
    """The map of ``country`` (ISO3) with one marker per row of ``points`` (columns lon, lat,
    size — NaN when no count is published —, flagged, kind in SITE_KINDS); ``extra_points``
    (lon, lat, label) are drawn on top, one marker per label. Labels come from the caller."""
    require_columns(points, ["lon", "lat", "size", "flagged", "kind"], "site points")
    geo = boundaries or load_boundaries()
    kind_labels = dict(kind_labels or {})
    sites = points.dropna(subset=["lon", "lat"])
    boxes = [geo[country].bounds]
    if len(sites):
        boxes.append((sites["lon"].min(), sites["lat"].min(), sites["lon"].max(),
                      sites["lat"].max()))  # fmt: skip
    extent, height = fit_extent(
        extent_around(boxes, pad=0.06, min_span=1.2), A4_TEXT_WIDTH_IN, 3.2, 4.6
    )
    largest = float(sites["size"].max()) if sites["size"].notna().any() else math.nan
    with study_style():
        figure = new_figure(height + 0.8)
        axes = figure.add_subplot()
        frame_map(axes, extent)
        others = [c for c in units_in(geo, extent) if c != country]
        draw_units(axes, geo, others)
        draw_units(axes, geo, [country], facecolor="#FFFFFF", edgecolor=FOCUS_EDGE,
                   linewidth=0.9, zorder=2)  # fmt: skip
        graticule(axes, extent, compass, language)
        scale_bar(axes, extent, language)
        handles: list[Line2D] = []
        areas = _areas(sites["size"], largest)
        order = np.argsort(-areas, kind="stable")  # large first, small ones stay visible
        ordered = sites.iloc[order]
        ordered_areas = areas[order]
        for kind in SITE_KINDS:
            chosen = (ordered["kind"] == kind).to_numpy()
            if not chosen.any():
                continue
            marker, colour = KIND_STYLE[kind]
            sized = ordered["size"].notna().to_numpy()
            axes.scatter(
                ordered["lon"][chosen],
                ordered["lat"][chosen],
                s=ordered_areas[chosen],
                marker=marker,
                facecolors=[colour if s else "white" for s in sized[chosen]],
                edgecolors=colour,
                linewidths=1.0,
                alpha=0.85,
                zorder=4,
                gid=f"sites:{kind}",
            )
            handles.append(Line2D([], [], ls="", marker=marker, markersize=7, color=colour,
                                  label=kind_labels.get(kind, kind)))  # fmt: skip
        flagged = ordered["flagged"].astype(bool).to_numpy()
        if flagged.any():
            axes.scatter(
                ordered["lon"][flagged],
                ordered["lat"][flagged],
                s=(np.sqrt(ordered_areas[flagged]) + 7) ** 2,
                marker="o",
                facecolors="none",
                edgecolors=FLAG_COLOUR,
                linewidths=1.8,
                zorder=5,
                gid="flags",
            )
            handles.append(Line2D([], [], ls="", marker="o", markersize=10, markerfacecolor="none",
                                  markeredgecolor=FLAG_COLOUR, markeredgewidth=1.8,
                                  label=flagged_label))  # fmt: skip
        if (~ordered["size"].notna()).any():
            handles.append(Line2D([], [], ls="", marker="o", markersize=5, markerfacecolor="white",
                                  markeredgecolor="#555555", label=unsized_label))  # fmt: skip
        if extra_points is not None and len(extra_points):
            require_columns(extra_points, ["lon", "lat", "label"], "extra points")
            for k, (label, group) in enumerate(extra_points.groupby("label", sort=True)):
                marker = EXTRA_MARKERS[k % len(EXTRA_MARKERS)]
                axes.scatter(group["lon"], group["lat"], s=28, marker=marker, color="#222222",
                             zorder=6, gid=f"extra:{label}")  # fmt: skip
                handles.append(Line2D([], [], ls="", marker=marker, markersize=6,
                                      color="#222222", label=str(label)))  # fmt: skip
        figure.legend(handles=handles, loc="outside lower center", ncols=3, fontsize=7.5,
                      columnspacing=1.2, handletextpad=0.4)  # fmt: skip
        references = reference_sizes(largest)
        if references:
            size_handles = [
                Line2D([], [], ls="", marker="o", markersize=math.sqrt(MAX_AREA * r / largest),
                       markerfacecolor="#BBBBBB", markeredgecolor="#555555",
                       label=format_number(r, language, 0))
                for r in references
            ]  # fmt: skip
            legend = axes.legend(handles=size_handles, loc="lower right", title=size_title,
                                 fontsize=7, title_fontsize=7, labelspacing=1.3,
                                 borderpad=0.9, handletextpad=1.0, frameon=True,
                                 framealpha=0.92, edgecolor="#CCCCCC")  # fmt: skip
            legend.set_zorder(8)
    return figure
