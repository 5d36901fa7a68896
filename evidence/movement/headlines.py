"""The figures a movement study quotes in its paragraphs, as results a study publishes.

``flow_headline``: people observed in the period, the mean per day, the sites counting and
the change of the daily mean from the first to the second half of the month.
``wifi_headline``: sessions, devices, Wi-Fi sites, the share of devices that came back and
the express share of sessions. Each has ``to_results(country, period)``: the paragraph's
numbers are rows of the study's results table like every other number it shows.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evidence.indicators.checks import require_columns
from evidence.indicators.publish import measure_rows
from evidence.movement.flows import flows_by_day
from evidence.movement.trend import flow_trend
from evidence.movement.wifi import wifi_overview


@dataclass(frozen=True)
class FlowHeadline:
    """People observed, per day, sites counting, and the change of the daily mean from the
    first to the second half of the month (``direction``: increase, decrease, stable, or
    unknown without a first half)."""

    people_observed: int
    per_day: float
    sites: int
    change: float
    direction: str

    @property
    def trend_key(self) -> str:
        """The catalogue message that tells the trend."""
        return f"content.movement.trend.{self.direction}"

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        return measure_rows(
            pd.DataFrame(
                {
                    "people": [self.people_observed],
                    "per_day": [self.per_day],
                    "sites": [self.sites],
                    "change": [self.change],
                }
            ),
            country=country,
            period=period,
            n="people",
            measures={
                "people": ("count_people_observed", "count"),
                "per_day": ("rate_people_per_day", "rate"),
                "sites": ("total_sites_counting", "total"),
                "change": ("change_people_per_day", "proportion"),
            },
        )


def flow_headline(flow_counts: pd.DataFrame, *, period: str | None = None) -> FlowHeadline:
    daily = flows_by_day(flow_counts, min_count=0).to_frame()
    trend = flow_trend(flow_counts, period=period).to_frame()
    total = trend[trend["measure"] == "total"].iloc[0]
    direction = total["direction"]
    return FlowHeadline(
        people_observed=int(daily["total"].sum()),
        per_day=float(daily["total"].mean()),
        sites=int(flow_counts["site_id"].nunique()),
        change=float(total["change"]),
        direction=str(direction) if isinstance(direction, str) else "unknown",
    )


@dataclass(frozen=True)
class WifiHeadline:
    """The figures the Wi-Fi paragraph quotes."""

    sessions: int
    devices: int
    sites: int
    share_returning: float
    share_express: float

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        devices = pd.DataFrame(
            {
                "devices": [self.devices],
                "returning": [round(self.share_returning * self.devices)],
                "share": [self.share_returning],
            }
        )
        sessions = pd.DataFrame(
            {
                "sessions": [self.sessions],
                "sites": [self.sites],
                "express": [round(self.share_express * self.sessions)],
                "share": [self.share_express],
            }
        )
        return pd.concat(
            [
                measure_rows(
                    devices,
                    country=country,
                    period=period,
                    n="devices",
                    measures={
                        "devices": ("count_wifi_devices", "count"),
                        "share": ("share_devices_returning", "proportion"),
                    },
                    numerators={"share": "returning"},
                ),
                measure_rows(
                    sessions,
                    country=country,
                    period=period,
                    n="sessions",
                    measures={
                        "sessions": ("count_wifi_sessions", "count"),
                        "sites": ("total_wifi_sites", "total"),
                        "share": ("share_sessions_express", "proportion"),
                    },
                    numerators={"share": "express"},
                ),
            ],
            ignore_index=True,
        )


def wifi_headline(sessions: pd.DataFrame) -> WifiHeadline:
    values = wifi_overview(sessions).to_frame().set_index("measure")["value"]
    return WifiHeadline(
        sessions=int(values["sessions"]),
        devices=int(values["devices"]),
        sites=int(values["sites"]),
        share_returning=float(values["share_devices_returning"]),
        share_express=float(values["express_share_sessions"]),
    )


@dataclass(frozen=True)
class SurveyPoints:
    """How many monitoring points the survey interviewed at, and how many people."""

    points: int
    respondents: int

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        return measure_rows(
            pd.DataFrame({"points": [self.points], "respondents": [self.respondents]}),
            country=country,
            period=period,
            n="respondents",
            measures={"points": ("total_points_surveyed", "total")},
        )


def survey_points(survey: pd.DataFrame) -> SurveyPoints:
    """The monitoring points of the flow survey (``site_id``) and its respondents."""
    require_columns(survey, ["site_id"], "flow_survey")
    return SurveyPoints(points=int(survey["site_id"].nunique()), respondents=len(survey))
