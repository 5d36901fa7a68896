"""Layers every map shares: country shapes, the map's frame and projection, a graticule and
a scale bar. Longitude and latitude are drawn as x and y with the aspect of
``evidence.display.geo.projection`` (plate carrée true to scale at the central latitude).
"""

from __future__ import annotations

from collections.abc import Iterable

from matplotlib.axes import Axes
from matplotlib.patches import PathPatch
from matplotlib.ticker import FixedLocator, FuncFormatter

from evidence.countries import Language
from evidence.display.geo import Boundaries, MapExtent, nice_length
from evidence.i18n import format_number

SEA = "#EEF4F8"
LAND = "#E4E4E4"
LAND_EDGE = "#B5B5B5"
FOCUS_EDGE = "#3A3A3A"


def fit_extent(
    extent: MapExtent, width_in: float, min_height_in: float, max_height_in: float
) -> tuple[MapExtent, float]:
    """The extent widened (never cut) so the map's page height at ``width_in`` lies between
    the bounds, and that height."""  # fmt: skip
    height = width_in * extent.height_over_width()
    if height > max_height_in:  # too tall: widen east–west
        extra = (extent.height_over_width() * width_in / max_height_in - 1) * (
            extent.lon_max - extent.lon_min
        )
        extent = MapExtent(extent.lon_min - extra / 2, extent.lat_min,
                           extent.lon_max + extra / 2, extent.lat_max)  # fmt: skip
        height = max_height_in
    elif height < min_height_in:  # too flat: widen north–south
        extra = (min_height_in / height - 1) * (extent.lat_max - extent.lat_min)
        extent = MapExtent(extent.lon_min, extent.lat_min - extra / 2,
                           extent.lon_max, extent.lat_max + extra / 2)  # fmt: skip
        height = min_height_in
    return extent, height


def frame_map(axes: Axes, extent: MapExtent) -> None:
    """Limits, aspect, sea colour; the box kept, the grid from the study style kept."""
    axes.set_xlim(extent.lon_min, extent.lon_max)
    axes.set_ylim(extent.lat_min, extent.lat_max)
    axes.set_aspect(extent.aspect, adjustable="box")
    axes.set_facecolor(SEA)
    for side in ("top", "right", "bottom", "left"):
        axes.spines[side].set_visible(True)
        axes.spines[side].set_color(LAND_EDGE)
        axes.spines[side].set_linewidth(0.6)


def draw_units(
    axes: Axes,
    boundaries: Boundaries,
    codes: Iterable[str],
    *,
    facecolor: str = LAND,
    edgecolor: str = LAND_EDGE,
    linewidth: float = 0.5,
    hatch: str | None = None,
    zorder: float = 1,
) -> list[PathPatch]:
    """One patch per map unit (its gid is the ISO3 code)."""
    patches = []
    for code in codes:
        patch = PathPatch(
            boundaries[code].path(),
            facecolor=facecolor,
            edgecolor=edgecolor,
            linewidth=linewidth,
            hatch=hatch,
            zorder=zorder,
            gid=code,
        )
        axes.add_patch(patch)
        patches.append(patch)
    return patches


def units_in(boundaries: Boundaries, extent: MapExtent) -> list[str]:
    """The units whose bounding box meets the extent."""
    found = []
    for code, unit in boundaries.units.items():
        west, south, east, north = unit.bounds
        if (west <= extent.lon_max and east >= extent.lon_min
                and south <= extent.lat_max and north >= extent.lat_min):  # fmt: skip
            found.append(code)
    return sorted(found)


def _degrees(value: float, positive: str, negative: str, step: float, language: Language) -> str:
    digits = 0 if step >= 1 else 1
    letter = positive if value > 0 else negative if value < 0 else ""
    return f"{format_number(abs(value), language, digits)}°{letter}"


def graticule(axes: Axes, extent: MapExtent, compass: str, language: Language) -> None:
    """Parallels and meridians at a round step, labelled in degrees with the compass
    letters of the study language (``compass``: north, south, east, west, e.g. "NSEO")."""
    north, south, east, west = compass[0], compass[1], compass[2], compass[3]
    span = max(extent.lon_max - extent.lon_min, extent.lat_max - extent.lat_min)
    step = nice_length(span / 4)
    for axis, low, high, letters in (
        (axes.xaxis, extent.lon_min, extent.lon_max, (east, west)),
        (axes.yaxis, extent.lat_min, extent.lat_max, (north, south)),
    ):
        first = step * -(-low // step)
        ticks = [first + k * step for k in range(int((high - first) // step) + 1)]
        axis.set_major_locator(FixedLocator(ticks))
        axis.set_major_formatter(
            FuncFormatter(
                lambda v, _pos, letters=letters: _degrees(v, letters[0], letters[1], step, language)
            )
        )
    axes.tick_params(length=0, labelsize=7, colors="#555555")
    axes.grid(True, color="#FFFFFF", linewidth=0.6)


def scale_bar(axes: Axes, extent: MapExtent, language: Language) -> float:
    """A bar of a round length (about a fifth of the map's width at φ0) in the lower left
    corner; returns its length in km."""
    length = nice_length(extent.width_km / 5)
    degrees = length / extent.km_per_degree_lon
    x0 = extent.lon_min + 0.04 * (extent.lon_max - extent.lon_min)
    y0 = extent.lat_min + 0.05 * (extent.lat_max - extent.lat_min)
    axes.plot([x0, x0 + degrees], [y0, y0], color="#222222", lw=2.2, solid_capstyle="butt",
              zorder=6, gid="scale_bar")  # fmt: skip
    axes.text(
        x0 + degrees / 2,
        y0 + 0.015 * (extent.lat_max - extent.lat_min),
        f"{format_number(length, language, 0)} km",
        ha="center",
        va="bottom",
        fontsize=7,
        zorder=6,
    )
    return length
