"""Display helpers of movement at scale (evidence.display.movement_scale): tables and texts
are published rows laid out, every number in them written by evidence.display.format."""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.display import movement_scale as scale
from evidence.display.format import format_value
from evidence.indicators.publish import publish
from evidence.movement.flag_report import flag_report
from evidence.movement.red_flags import detect_red_flags
from evidence.movement.routes import site_routes
from evidence.movement.wifi_indicators import wifi_indicators
from evidence.movement.wifi_site_types import wifi_by_site_type
from evidence.synth import synthesize_country
from tests.movement.wifi_frames import HAND_MADE, sessions


def month() -> dict[str, pd.DataFrame]:
    return synthesize_country(
        "PER", "2023-12", 3, 0.5,
        datasets=("sites", "flow_counts", "wifi_sessions", "portal_forms"), risk_jumps=4,
    )  # fmt: skip


def test_flags_table_reasons_quote_published_numbers() -> None:
    data = month()
    wifi = wifi_indicators(data["wifi_sessions"]).site_day
    report = flag_report(
        flow_counts=data["flow_counts"], wifi_site_day=wifi, portal_forms=data["portal_forms"]
    )
    rows = publish(report.to_results("PER", "2023-12"))
    table = scale.flags_for_display(rows, data["sites"], "en")
    flags = report.to_frame()
    assert len(table) == len(flags)
    assert list(table.columns) == ["Site", "Signal", "Dates", "Reason"]
    names = dict(zip(data["sites"]["site_id"], data["sites"]["site_name"], strict=True))
    assert set(table["Site"]) == {names[s] for s in flags["site_id"]}
    surge = flags[flags["signal"] == "flow_surge"].iloc[0]
    line = table[table["Reason"].str.contains(format_value(surge["value"], "count", "en"))]
    assert line["Reason"].str.startswith("People observed").all() and len(line)
    assert format_value(surge["ratio"], "index", "en") in line["Reason"].iloc[0]
    risk = table[table["Reason"].str.contains("portal forms")]
    assert (
        len(risk)
        == flags["signal"].str.startswith("risk_").sum()
        + (flags["signal"] == "unaccompanied_children").sum()
    )
    text = scale.flag_counts_text(rows, "en")
    assert text.startswith("surge in flows (") and "children travelling alone" in text
    assert scale.flags_sentence_key(rows) == "movement_scale.flags.sentence"
    assert scale.missing_signals_text(rows, "en") == ""


def test_no_flag_and_missing_signals() -> None:
    data = month()
    nothing = publish(flag_report().to_results("PER", "2023-12"))
    assert scale.flags_sentence_key(nothing) == "movement_scale.flags.sentence.none"
    empty = scale.flags_for_display(nothing, data["sites"], "es")
    assert empty.empty and list(empty.columns) == ["Sitio", "Señal", "Fechas", "Motivo"]
    counts = data["flow_counts"]
    # ten days: too few for the rule (min_days = 14), assessed and nothing flagged
    zero = flag_report(flow_counts=counts[pd.to_datetime(counts["date"]).dt.day <= 10])
    rows = publish(zero.to_results("PER", "2023-12"))
    assert scale.flags_sentence_key(rows) == "movement_scale.flags.sentence.none"
    assert "surge in Wi-Fi sessions" in scale.missing_signals_text(rows, "en")
    assert detect_red_flags().to_frame().empty


def test_wifi_types_table_units_and_labels() -> None:
    frame = sessions(HAND_MADE)
    types = pd.DataFrame({"site_id": ["COL-S001", "COL-S002"], "site_type": ["border", "shelter"]})
    rows = publish(wifi_by_site_type(frame, types).to_results("COL", "2023-12"))
    table = scale.wifi_types_for_display(rows, "en")
    assert table.columns[0] == "Type of site" and len(table) == 2
    assert table.attrs["units"]["Sessions"] == "count"
    assert table.attrs["units"]["Express"] == "proportion"
    assert table.attrs["units"]["Minutes (median)"] == "rate"


def test_routes_table_from_published_transitions() -> None:
    rows = [
        ("a", "COL-S001", "2023-12-01 08:00", "2023-12-01 08:03", "express"),
        ("a", "COL-S002", "2023-12-02 08:00", "2023-12-02 08:03", "express"),
    ] * 1
    moving = sessions([*rows, *[(f"d{k}", "COL-S001", "2023-12-01 09:00", "2023-12-01 09:03",
                                 "express") for k in range(6)],
                       *[(f"d{k}", "COL-S002", "2023-12-03 09:00", "2023-12-03 09:03",
                          "express") for k in range(6)]])  # fmt: skip
    published = publish(site_routes(moving).to_results("COL", "2023-12"))
    sites = pd.DataFrame({"site_id": ["COL-S001", "COL-S002"], "site_name": ["North", "South"]})
    table = scale.routes_for_display(published, sites, "en")
    assert table.iloc[0].tolist()[:2] == ["North", "South"]
    assert table.iloc[0]["Moves"] == 7


def test_flags_by_country_table() -> None:
    rows = pd.DataFrame(
        {
            "indicator": "total_red_flags", "disaggregation": "signal",
            "country": ["COL", "COL", "PER"], "level": ["flow_surge", "flow_drop", "flow_surge"],
            "estimate": [3.0, 0.0, 1.0],
        }
    )  # fmt: skip
    table = scale.flags_by_country_for_display(rows, "en")
    assert table["Country"].tolist() == ["Colombia", "Peru"]
    assert table["Flow surges"].tolist() == [3.0, 1.0]
    assert np.isnan(table.loc[1, "Flow drops"]) and np.isnan(table.loc[0, "Violence"])


def test_prose_columns_get_a_wider_rule() -> None:
    from evidence.display.table import study_table

    frame = pd.DataFrame({"Site": ["x" * 40], "Reason": ["word " * 20]})
    plain = study_table(frame, "", "en").to_markdown().splitlines()[1]
    frame.attrs["prose"] = ["Reason"]
    wide = study_table(frame, "", "en").to_markdown().splitlines()[1]

    def reason_share(rule: str) -> float:
        dashes = [cell.count("-") for cell in rule.strip("|").split("|")]
        return dashes[1] / sum(dashes)

    # Capped at 20 characters as a label, 60 as prose (the rule's shares size PDF columns).
    assert abs(reason_share(plain) - 22 / (22 + 22)) < 0.01
    assert abs(reason_share(wide) - 62 / (22 + 62)) < 0.01
