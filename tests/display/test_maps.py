"""Maps (evidence.display.maps, evidence.display.figures.site_map / choropleth): a country's
sites drawn from published rows, one marker per site with coordinates, red flags ringed,
no network used; the regional choropleth with Venezuela marked and "no data" countries."""

from __future__ import annotations

import ast
import socket
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import PathPatch

from evidence.countries import COUNTRIES
from evidence.display import maps
from evidence.display.figure import study_figure
from evidence.display.figures.choropleth import NO_DATA, choropleth_figure, class_edges
from evidence.display.figures.site_map import reference_sizes, sites_map_figure
from evidence.errors import ContractError
from evidence.indicators.publish import publish
from evidence.movement.flag_report import flag_report
from evidence.movement.flows import flows_by_site
from evidence.synth import synthesize_country


def _month(country: str = "COL", seed: int = 3) -> dict[str, pd.DataFrame]:
    return synthesize_country(
        country, "2023-12", seed, 0.5, datasets=("sites", "flow_counts"), risk_jumps=4
    )


def _published(data: dict[str, pd.DataFrame], country: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    flows = publish(flows_by_site(data["flow_counts"]).to_results(country, "2023-12"))
    flags = publish(flag_report(flow_counts=data["flow_counts"]).to_results(country, "2023-12"))
    return flows, flags


def _plotted(figure: Figure, prefix: str) -> int:
    return sum(
        len(c.get_offsets())
        for axes in figure.axes
        for c in axes.collections
        if str(c.get_gid() or "").startswith(prefix)
    )


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a socket fails the test."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a map tried to use the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.mark.parametrize(("country", "seed"), [("COL", 3), ("ABW", 11), ("TTO", 5), ("BRA", 2)])
def test_site_points_are_published_rows(country: str, seed: int) -> None:
    data = _month(country, seed)
    flows, flags = _published(data, country)
    before = data["sites"].copy()
    points = maps.site_points(data["sites"], flows, flags)
    pd.testing.assert_frame_equal(data["sites"], before)  # input not mutated
    assert len(points) == data["sites"][["latitude", "longitude"]].notna().all(axis=1).sum()
    published = flows[flows["indicator"] == "count_people_observed"]
    for site, size in zip(points["site_id"], points["size"], strict=True):
        row = published[published["level"] == site]
        if row.empty:
            assert np.isnan(size)
        else:
            assert size == row["estimate"].iloc[0] or (
                np.isnan(size) and row["estimate"].isna().iloc[0]
            )
    named = {level.split(" x ")[1] for level in flags["level"] if " x " in str(level)}
    assert set(points.loc[points["flagged"], "site_id"]) == named
    counted = dict(zip(data["sites"]["site_id"], data["sites"]["has_fmr"], strict=True))
    assert all(counted[s] for s in points.loc[points["size"].notna(), "site_id"])
    assert set(points["kind"]) <= {"monitoring", "monitoring_wifi", "wifi"}


def test_site_kind() -> None:
    assert maps.site_kind(True, False, False) == "monitoring"
    assert maps.site_kind(False, True, True) == "monitoring_wifi"
    assert maps.site_kind(False, False, True) == "wifi"


@pytest.mark.parametrize(("country", "seed"), [("COL", 3), ("ABW", 11), ("TTO", 5)])
def test_sites_map_draws_every_site_once_without_network(
    country: str, seed: int, no_network: None
) -> None:
    data = _month(country, seed)
    sites = data["sites"].copy()
    sites.loc[sites.index[0], "latitude"] = np.nan  # a site without coordinates is left out
    flows, flags = _published(data, country)
    points = maps.site_points(sites, flows, flags)
    extra = pd.DataFrame(
        {"lon": points["lon"].iloc[:2] + 0.01, "lat": points["lat"].iloc[:2], "label": ["a", "b"]}
    )
    figure = sites_map_figure(points, country, extra_points=extra, language="es",
                              compass="NSEO")  # fmt: skip
    assert isinstance(figure, Figure)
    assert _plotted(figure, "sites:") == len(sites) - 1 == len(points)
    assert _plotted(figure, "flags") == int(points["flagged"].sum())
    assert _plotted(figure, "extra:") == 2
    axes = figure.axes[0]
    focus = [p for p in axes.patches if isinstance(p, PathPatch) and p.get_gid() == country]
    assert len(focus) == 1
    assert any(t.get_gid() == "scale_bar" for t in axes.lines)
    rendered = study_figure(figure, "caption", dpi=40)  # drawing to PNG needs no network
    assert rendered.png.startswith(b"\x89PNG")


def test_sites_map_needs_its_columns() -> None:
    with pytest.raises(ContractError):
        sites_map_figure(pd.DataFrame({"lon": [1.0], "lat": [2.0]}), "COL")


def test_reference_sizes_are_round_and_not_data() -> None:
    assert reference_sizes(12_345.0) == [1_000.0, 2_000.0, 10_000.0]
    assert reference_sizes(0.0) == []
    assert all(r <= 873.0 for r in reference_sizes(873.0))


def _values() -> pd.DataFrame:
    codes = [c.iso3 for c in COUNTRIES]
    values = np.linspace(0.05, 0.55, len(codes))
    values[codes.index("PRY")] = np.nan  # withheld
    frame = pd.DataFrame({"country": codes, "value": values})
    return frame[frame["country"] != "URY"]  # not published at all


def test_choropleth_marks_venezuela_and_no_data(no_network: None) -> None:
    values = _values()
    before = values.copy()
    figure = choropleth_figure(values, legend_title="Share", origin_name="Venezuela")
    pd.testing.assert_frame_equal(values, before)
    axes = figure.axes[0]
    patches = {p.get_gid(): p for p in axes.patches if isinstance(p, PathPatch)}
    assert {c.iso3 for c in COUNTRIES} <= set(patches)
    venezuela = patches["VEN"]
    assert venezuela.get_hatch() == "////" and venezuela.get_linewidth() > 1
    assert any(t.get_text() == "Venezuela" for t in axes.texts)
    assert to_hex(patches["PRY"].get_facecolor()) == NO_DATA.lower()
    assert to_hex(patches["URY"].get_facecolor()) == NO_DATA.lower()
    assert to_hex(patches["COL"].get_facecolor()) != NO_DATA.lower()
    for code in ("ABW", "CUW", "TTO"):
        assert _plotted(figure, f"small:{code}") == 1
    legend_texts = {t.get_text() for legend in figure.legends for t in legend.get_texts()}
    assert "No data" in legend_texts
    assert study_figure(figure, "caption", dpi=40).png.startswith(b"\x89PNG")


def test_colour_classes_start_at_zero() -> None:
    shares = class_edges(0.43, "proportion")
    assert shares[0] == 0 and shares[-1] == pytest.approx(0.5) and len(shares) == 6
    assert class_edges(0.97, "proportion")[-1] == pytest.approx(1.0)
    counts = class_edges(1_234.0, "count")
    assert counts[0] == 0 and counts[-1] == 2_000.0


def test_country_values_from_published_rows() -> None:
    rows = pd.DataFrame(
        {
            "indicator": ["prop_any_risk"] * 3 + ["count_respondents"],
            "country": ["COL", "BRA", "LAC", "COL"],
            "level": ["total"] * 4,
            "estimate": [0.4, np.nan, 0.3, 100.0],
            "unit": ["proportion"] * 3 + ["count"],
        }
    )
    values = maps.country_values(rows, "prop_any_risk")
    assert len(values) == 17 and "LAC" not in set(values["country"])
    assert values.set_index("country").loc["COL", "value"] == 0.4
    assert values.set_index("country")["value"].drop("COL").isna().all()
    assert maps.indicator_unit(rows, "prop_any_risk") == "proportion"
    with pytest.raises(ContractError, match="map another indicator"):
        maps.country_values(rows, "prop_missing")


def test_map_modules_import_nothing_that_fetches() -> None:
    """No tiles, no downloads: the map code imports no HTTP or socket library."""
    import evidence.display.figures.choropleth as choropleth
    import evidence.display.figures.map_layers as layers
    import evidence.display.figures.site_map as site_map
    import evidence.display.geo.boundaries as boundaries
    import evidence.display.geo.projection as projection

    banned = {"urllib", "requests", "http", "socket", "httpx", "aiohttp", "contextily"}
    for module in (maps, choropleth, layers, site_map, boundaries, projection):
        tree = ast.parse(Path(str(module.__file__)).read_text("utf-8"))
        for node in ast.walk(tree):
            names = (
                [a.name for a in node.names] if isinstance(node, ast.Import)
                else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            )  # fmt: skip
            assert not {n.split(".")[0] for n in names} & banned, (module.__name__, names)


@pytest.mark.parametrize("language", ["es", "pt", "en"])
@pytest.mark.parametrize("key", ["maps.movement.figure", "maps.regional.figure"])
def test_every_map_caption_cites_natural_earth(key: str, language: str) -> None:
    from evidence.display.geo import CITATION
    from evidence.i18n import translate

    caption = translate(key, language, period_label="x", indicator="y", citation=CITATION)  # type: ignore[arg-type]
    assert caption.rstrip(".").endswith(CITATION)


def test_no_flag_rows_flag_no_site() -> None:
    assert maps.flagged_sites(None) == set()
    empty = pd.DataFrame(columns=["disaggregation", "level"])
    assert maps.flagged_sites(empty) == set()
