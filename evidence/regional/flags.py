"""Red flags of every country for the regional study: per country the number of flags each
signal raised, as results rows (evidence.movement.flag_report's ``total_red_flags`` by
``signal``), ready to publish with the other regional rows."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from evidence.countries import ISO3_CODES
from evidence.movement.flag_report import FlagReport, flag_report
from evidence.movement.red_flags import detect_red_flags


def flags_by_country(
    period: str,
    *,
    flow_counts: Mapping[str, pd.DataFrame],
    portal_forms: Mapping[str, pd.DataFrame] | None = None,
    wifi_site_day: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``total_red_flags`` rows (disaggregation ``signal``) of each country with data, in the
    order of the 17 response countries: its flow counts, portal forms and Wi-Fi site-days
    (``wifi_indicators(...).site_day`` of all countries, split by its ``country`` column).
    A country's signals without data have no row."""
    forms = dict(portal_forms or {})
    parts = []
    for iso3 in ISO3_CODES:
        wifi = None
        if wifi_site_day is not None and len(wifi_site_day):
            wifi = wifi_site_day[wifi_site_day["country"].astype(str) == iso3]
        if iso3 not in flow_counts and iso3 not in forms and (wifi is None or wifi.empty):
            continue
        report = flag_report(
            flow_counts=flow_counts.get(iso3), wifi_site_day=wifi, portal_forms=forms.get(iso3)
        )
        rows = report.to_results(iso3, period)
        parts.append(rows[rows["indicator"] == "total_red_flags"])
    if not parts:
        return FlagReport(red_flags=detect_red_flags()).to_results("", period)
    return pd.concat(parts, ignore_index=True)


__all__ = ["flags_by_country"]
