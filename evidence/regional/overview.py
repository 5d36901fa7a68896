"""The regional study's table: the 17 response countries side by side, one row each.

Every country of the response is listed (evidence.countries), in its report's order by the
stock of refugees and migrants from Venezuela (UNHCR, end-2023), whether or not it has data
for the period. The columns come from the datasets given, each frame holding many countries
in a ``country`` column (``evidence.load(dataset, period=...)`` without a country):

- flow_counts: people observed, mean per day counted, sites counting, surge events
  (evidence.movement.detect_surges with its defaults);
- flow_survey: interviews and indicative shares (women, intending to stay, irregular status,
  at least one risk met on the route), withheld under the minimum count;
- wifi_sessions: sessions and distinct devices;
- integration_survey: design-based employment rate of migrants and of hosts and their gap
  (evidence.integration.migrant_host_comparison).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from evidence.countries import COUNTRIES, Language
from evidence.indicators.checks import require_columns
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT, check_min_count
from evidence.indicators.tables import DescriptiveTable
from evidence.movement.flows import daily_counts
from evidence.movement.surges import detect_surges
from evidence.options import check_option

LANGUAGES: tuple[Language, ...] = ("es", "pt", "en")
_SURVEY_SHARES: dict[str, tuple[str, str]] = {
    # column of the table: (survey column, answer counted)
    "share_women": ("sex", "female"),
    "share_intend_to_stay": ("intention", "stay"),
    "share_irregular": ("regular_status", "irregular"),
}


def _countries(language: Language) -> pd.DataFrame:
    total = sum(c.stock_2023 for c in COUNTRIES)
    frame = pd.DataFrame(
        {
            "country": [c.iso3 for c in COUNTRIES],
            "name": [c.name(language) for c in COUNTRIES],
            "stock_2023": [c.stock_2023 for c in COUNTRIES],
            "share_of_regional_stock": [c.stock_2023 / total for c in COUNTRIES],
        }
    )
    return frame.sort_values("stock_2023", ascending=False, ignore_index=True)


Frames = pd.DataFrame | Mapping[str, pd.DataFrame]


def as_frame(frames: Frames, dataset: str) -> pd.DataFrame:
    """One frame with a ``country`` column from a frame or ``{ISO3: frame}`` (Study.load_all)."""
    if isinstance(frames, pd.DataFrame):
        return frames
    parts = [frame.assign(country=iso3) for iso3, frame in frames.items() if len(frame)]
    if not parts:
        return pd.DataFrame({"country": pd.Series(dtype="string")})
    return pd.concat(parts, ignore_index=True)


def _by_country(frame: pd.DataFrame, dataset: str) -> dict[str, pd.DataFrame]:
    require_columns(frame, ["country"], dataset)
    return {str(c): part for c, part in frame.groupby(frame["country"].astype(str), sort=True)}


def flow_columns(flow_counts: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for country, part in _by_country(flow_counts, "flow_counts").items():
        daily = daily_counts(part)
        per_day = daily.groupby("date")["total"].sum()
        rows.append(
            {
                "country": country,
                "people_observed": int(daily["total"].sum()),
                "people_per_day": float(per_day.mean()) if len(per_day) else np.nan,
                "sites_counting": int(daily["site_id"].nunique()),
                "surge_events": len(detect_surges(part).events),
            }
        )
    return pd.DataFrame(rows)


def survey_columns(flow_survey: pd.DataFrame, min_count: int) -> pd.DataFrame:
    rows = []
    for country, part in _by_country(flow_survey, "flow_survey").items():
        row: dict[str, object] = {"country": country, "interviews": len(part)}
        for name, (column, answer) in _SURVEY_SHARES.items():
            require_columns(part, [column], "flow_survey")
            answered = part[column].dropna().astype(str)
            row[name] = (answered == answer).mean() if len(answered) >= min_count else np.nan
        risk_columns = [c for c in part.columns if c.startswith("risks/")]
        met = [c for c in risk_columns if c not in ("risks/none", "risks/prefer_not_to_say")]
        if met:
            ticks = part[met].astype("boolean")
            known = ticks.notna().any(axis=1)
            any_risk = ticks.fillna(False).any(axis=1)[known]
            row["share_any_risk"] = any_risk.mean() if len(any_risk) >= min_count else np.nan
        rows.append(row)
    return pd.DataFrame(rows)


def wifi_columns(wifi_sessions: pd.DataFrame) -> pd.DataFrame:
    require_columns(wifi_sessions, ["country", "device_id"], "wifi_sessions")
    grouped = wifi_sessions.groupby(wifi_sessions["country"].astype(str))["device_id"]
    return pd.DataFrame(
        {"wifi_sessions": grouped.size(), "wifi_devices": grouped.nunique()}
    ).reset_index(names="country")


def integration_columns(integration: pd.DataFrame, min_count: int) -> pd.DataFrame:
    from evidence.integration.socioeconomic import migrant_host_comparison

    rows = []
    for country, part in _by_country(integration, "integration_survey").items():
        result = migrant_host_comparison(
            part, indicators=("prop_employed",), country=country, min_count=min_count
        )
        overall = result.overall()
        if overall.empty:
            continue
        employed = overall.iloc[0]
        rows.append(
            {
                "country": country,
                "employment_migrants": employed["focus"],
                "employment_hosts": employed["reference"],
                "employment_gap": employed["gap"],
            }
        )
    return pd.DataFrame(rows)


def regional_overview(
    *,
    flow_counts: Frames | None = None,
    flow_survey: Frames | None = None,
    wifi_sessions: Frames | None = None,
    integration_survey: Frames | None = None,
    language: Language = "en",
    min_count: int = DEFAULT_MIN_COUNT,
) -> DescriptiveTable:
    """One row per response country: names in ``language``, stock and share of the regional
    stock, then the columns of each dataset given (module docstring); missing where a
    country has no data. Counts of interviews, sessions and devices under ``min_count`` are
    withheld. Each dataset is a frame with a ``country`` column or ``{ISO3: frame}``."""
    check_option("language", language, LANGUAGES)
    check_min_count(min_count)
    table = _countries(language)
    blocks = []
    if flow_counts is not None:
        blocks.append(flow_columns(as_frame(flow_counts, "flow_counts")))
    if flow_survey is not None:
        blocks.append(survey_columns(as_frame(flow_survey, "flow_survey"), min_count))
    if wifi_sessions is not None:
        blocks.append(wifi_columns(as_frame(wifi_sessions, "wifi_sessions")))
    if integration_survey is not None:
        frame = as_frame(integration_survey, "integration_survey")
        blocks.append(integration_columns(frame, min_count))
    for block in blocks:
        if not block.empty:
            table = table.merge(block, on="country", how="left")
    for column in ("interviews", "wifi_sessions", "wifi_devices"):
        if column in table.columns:
            counts = table[column].astype("Int64")
            table[column] = counts.mask((counts > 0) & (counts < min_count))
    return DescriptiveTable(
        table,
        title="The response countries side by side",
        notes=(
            "Stock: refugees and migrants from Venezuela at end-2023 (UNHCR Refugee "
            "Population Statistics). Survey shares are indicative (non-probability samples).",
        ),
    )
