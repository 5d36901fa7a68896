"""Study display helpers: they only relabel and reshape, in the study's language."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.contracts import load_contract
from evidence.display.integration import gaps_for_display, group_columns, headline_gap
from evidence.display.labels import (
    code_label,
    questions_for_display,
    sentence_key,
    share_columns,
    share_of,
    shares_for_display,
)
from evidence.display.movement import surges_for_display
from evidence.i18n import messages
from evidence.indicators.publish import publish
from evidence.integration import GroupComparison
from evidence.movement import flow_headline
from evidence.movement.surges import detect_surges
from tests.movement.flow_frames import counts, simulated_month


def results() -> pd.DataFrame:
    rows = []
    for level, shares in (
        ("total", (0.5, 0.3, 0.0)),
        ("female", (0.6, 0.2, 0.0)),
        ("male", (0.4, np.nan, 0.0)),
    ):
        for category, share in zip(("food", "water", "shelter"), shares, strict=True):
            rows.append(
                {"variable": "needs", "category": category, "level": level, "estimate": share}
            )
    rows.append({"variable": "intention", "category": "stay", "level": "total", "estimate": 0.25})
    return pd.DataFrame(rows)


def test_shares_for_display_labels_orders_and_keeps_withheld_cells_empty() -> None:
    table = shares_for_display(results(), "needs", "es")
    assert list(table.columns) == [" ", "Total", "Mujeres", "Hombres"]
    assert table[" "].tolist() == ["Alimentación", "Agua", "Alojamiento"]
    assert np.isnan(table.loc[1, "Hombres"])
    assert share_columns(table) == ("Total", "Mujeres", "Hombres")
    both = questions_for_display(results(), ["intention", "needs"], "en")
    assert both.iloc[0, 0] == "Intention" and both.iloc[1, 0] == "Needs"
    assert "Shelter" not in set(both[" "])  # nobody named it: left out
    assert share_of(results(), "intention", "stay") == 0.25
    assert np.isnan(share_of(results(), "intention", "return"))


def test_sentence_key_switches_to_the_withheld_message() -> None:
    assert (
        sentence_key("content.movement.route.sentence", 0.2, 0.5)
        == "content.movement.route.sentence"
    )
    assert sentence_key("content.movement.route.sentence", 0.2, float("nan")).endswith(".withheld")
    assert messages().has(sentence_key("content.movement.route.sentence", float("nan")))


def test_every_code_the_studies_show_has_a_label_in_every_language() -> None:
    shown = {
        "flow_survey": ("needs", "risks", "transport", "group_type", "intention", "document_type",
                        "regular_status", "direction", "sex"),
        "wifi_sessions": ("pages_visited", "connection_type"),
        "sites": ("site_type",),
        "schools": ("zone", "sector"),
    }  # fmt: skip
    missing = []
    for dataset, fields in shown.items():
        contract = load_contract(dataset)
        for name in fields:
            field = contract.field(name)
            codes = field.choices or field.constraints.enum or ()
            for code in codes:
                for language in ("es", "pt", "en"):
                    if code_label(code, language, name) == str(code) and code not in ("VEN",):
                        missing.append((dataset, name, code, language))
    assert not missing


def test_flow_headline_and_surge_table() -> None:
    rows = [("COL-S001", f"2023-12-{d:02d}", 10, 0, 0) for d in range(1, 16)]
    rows += [("COL-S001", f"2023-12-{d:02d}", 15, 0, 0) for d in range(16, 32)]
    headline = flow_headline(counts(rows))
    assert headline.people_observed == 15 * 10 + 16 * 15
    assert headline.direction == "increase" and headline.change == pytest.approx(0.5)
    assert headline.trend_key == "content.movement.trend.increase"
    frame, _ = simulated_month(1)
    surges = detect_surges(frame)
    sites = pd.DataFrame({"site_id": frame["site_id"].unique()})
    sites["site_name"] = "Punto " + sites["site_id"]
    table = surges_for_display(publish(surges.to_results("COL", "2023-12")), sites, "pt")
    assert len(table) == len(surges.events)
    assert table.columns[0] == "Ponto de monitoramento"
    assert table.iloc[:, 0].str.startswith("Punto COL-S").all()


def test_gap_tables_in_points_and_headline() -> None:
    gaps = pd.DataFrame(
        {
            "indicator": ["prop_employed", "mean_monthly_income"],
            "label": ["Employed", "Income"],
            "level": ["total", "total"],
            "reference": [0.55, 400.0],
            "reference_ci_low": [0.5, 380.0],
            "reference_ci_high": [0.6, 420.0],
            "focus": [0.43, 340.0],
            "focus_ci_low": [0.4, 320.0],
            "focus_ci_high": [0.46, 360.0],
            "gap": [-0.12, -60.0],
            "gap_se": [0.02, 10.0],
            "gap_ci_low": [-0.16, -80.0],
            "gap_ci_high": [-0.08, -40.0],
            "n_reference": [100, 80],
            "n_focus": [100, 70],
            "suppressed": [False, False],
        }
    )
    comparison = GroupComparison(
        results=pd.DataFrame(), gaps=gaps, title="t", focus="migrant", reference="host"
    )
    shares = gaps_for_display(comparison, "en")
    assert list(shares.columns)[:3] == ["Indicator", "Host community", "Migrants"]
    assert shares.iloc[0, 3] == pytest.approx(-0.12)  # the published gap, written in points:
    assert shares.attrs["units"][shares.columns[3]] == "points"
    assert group_columns(shares) == ("Host community", "Migrants")
    means = gaps_for_display(comparison, "en", shares=False)
    assert means.iloc[0, 3] == pytest.approx(-60.0) and len(means) == 1
    assert means.attrs["row_units"] == ["mean"]
    assert headline_gap(comparison, "prop_employed")["low"] == pytest.approx(-0.16)
    assert np.isnan(headline_gap(comparison, "prop_missing")["gap"])
