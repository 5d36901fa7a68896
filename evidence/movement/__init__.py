"""Movement: flows and their trend, surges (red flags), DTM-WiFi analytics and the profiles,
routes and intentions of the people on the move.

Pure functions over the curated frames of flow_counts, wifi_sessions and flow_survey
(``evidence.load``); each returns a frozen result with ``to_frame()``, ``summary()`` and
``_repr_html_``, with small counts withheld. At scale, the Wi-Fi indicators and routes run
in DuckDB over the curated partitions (``wifi_indicators(curated_sessions(...))``,
``site_routes``), per country on Dask (``wifi_indicators_by_country``); flows over several
months get a trend and forecast (``flow_forecast``); ``detect_red_flags`` / ``flags`` raise
red flags with their reasons.
"""

from __future__ import annotations

from evidence.movement.alerts import flags
from evidence.movement.examples import example_sessions
from evidence.movement.flows import daily_counts, flows_by_day, flows_by_site
from evidence.movement.forecast import FlowForecast, backtest, flow_forecast
from evidence.movement.groups import GroupProfiles, group_profiles
from evidence.movement.headlines import (
    FlowHeadline,
    SurveyPoints,
    WifiHeadline,
    flow_headline,
    survey_points,
    wifi_headline,
)
from evidence.movement.profiles import (
    ROUTE_VARIABLES,
    age_group,
    age_groups,
    days_on_route,
    route_profile,
    sex_age_profile,
)
from evidence.movement.red_flags import SIGNALS, FlagThresholds, RedFlags, detect_red_flags
from evidence.movement.routes import SiteRoutes, device_routes, site_routes
from evidence.movement.surges import SurgeResult, detect_surges, robust_site_days
from evidence.movement.trend import flow_trend
from evidence.movement.wifi import devices_by_visits, wifi_by_day, wifi_overview
from evidence.movement.wifi_dask import wifi_indicators_by_country
from evidence.movement.wifi_indicators import WifiIndicators, wifi_indicators
from evidence.movement.wifi_pages import PagesCoverage, pages_coverage
from evidence.movement.wifi_scan import (
    DEFAULT_MEMORY_LIMIT,
    DEFAULT_THREADS,
    CuratedSessions,
    curated_sessions,
)
from evidence.movement.wifi_summaries import WifiSummaries, wifi_summaries
from evidence.movement.wifi_usage import hour_profile, top_pages

__all__ = [
    "DEFAULT_MEMORY_LIMIT",
    "DEFAULT_THREADS",
    "ROUTE_VARIABLES",
    "SIGNALS",
    "CuratedSessions",
    "FlagThresholds",
    "FlowForecast",
    "FlowHeadline",
    "GroupProfiles",
    "PagesCoverage",
    "RedFlags",
    "SiteRoutes",
    "SurgeResult",
    "SurveyPoints",
    "WifiHeadline",
    "WifiIndicators",
    "WifiSummaries",
    "age_group",
    "age_groups",
    "backtest",
    "curated_sessions",
    "daily_counts",
    "days_on_route",
    "detect_red_flags",
    "detect_surges",
    "device_routes",
    "devices_by_visits",
    "example_sessions",
    "flags",
    "flow_forecast",
    "flow_headline",
    "flow_trend",
    "flows_by_day",
    "flows_by_site",
    "group_profiles",
    "hour_profile",
    "pages_coverage",
    "robust_site_days",
    "route_profile",
    "sex_age_profile",
    "site_routes",
    "survey_points",
    "top_pages",
    "wifi_by_day",
    "wifi_headline",
    "wifi_indicators",
    "wifi_indicators_by_country",
    "wifi_overview",
    "wifi_summaries",
]
