"""Movement: flows and their trend, surges (red flags), DTM-WiFi analytics and the profiles,
routes and intentions of the people on the move.

Pure functions over the curated frames of flow_counts, wifi_sessions and flow_survey
(``evidence.load``); each returns a frozen result with ``to_frame()``, ``summary()`` and
``_repr_html_``, with small counts withheld.
"""

from __future__ import annotations

from evidence.movement.flows import daily_counts, flows_by_day, flows_by_site
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
from evidence.movement.surges import SurgeResult, detect_surges
from evidence.movement.trend import flow_trend
from evidence.movement.wifi import devices_by_visits, wifi_by_day, wifi_overview
from evidence.movement.wifi_usage import hour_profile, top_pages

__all__ = [
    "ROUTE_VARIABLES",
    "FlowHeadline",
    "SurgeResult",
    "SurveyPoints",
    "WifiHeadline",
    "age_group",
    "age_groups",
    "daily_counts",
    "days_on_route",
    "detect_surges",
    "devices_by_visits",
    "flow_headline",
    "flow_trend",
    "flows_by_day",
    "flows_by_site",
    "hour_profile",
    "route_profile",
    "sex_age_profile",
    "survey_points",
    "top_pages",
    "wifi_by_day",
    "wifi_headline",
    "wifi_overview",
]
