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
    unknown without a first half).

    The numbers of the flows paragraph of a movement study; ``to_results`` makes them rows
    of the study's results table.

    Parameters
    ----------
    people_observed : int
        People observed over the period (all sites and days).
    per_day : float
        Mean people observed per day counted.
    sites : int
        Sites that counted.
    change : float
        Relative change of the daily mean, second half against first.
    direction : str
        increase, decrease, stable or unknown.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> counts = synthesize("flow_counts", "ABW", "2023-12", seed=1, scale=0.05)
    >>> headline = flow_headline(counts)
    >>> headline.sites, headline.direction, headline.trend_key
    (2, 'stable', 'content.movement.trend.stable')
    >>> headline.to_results("ABW", "2023-12")["indicator"].tolist()
    ['count_people_observed', 'rate_people_per_day', 'total_sites_counting',
     'change_people_per_day']
    """

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
    """The flows paragraph's figures: people observed, per day, sites and the trend.

    Parameters
    ----------
    flow_counts : pandas.DataFrame
        Rows of flow_counts (site_id, date, entries, exits, transit) of one month.
    period : str, optional
        The month ``YYYY-MM`` of the trend (default: from the data).

    Returns
    -------
    FlowHeadline
        Counts taken before small counts are withheld (totals of the month).

    Raises
    ------
    EstimationError
        When no day of flow_counts falls inside the period.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> counts = synthesize("flow_counts", "ABW", "2023-12", seed=1, scale=0.05)
    >>> headline = flow_headline(counts)
    >>> headline.people_observed == int(counts[["entries", "exits", "transit"]].sum().sum())
    True
    >>> round(headline.per_day * 31) == headline.people_observed
    True
    """
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
    """The figures the Wi-Fi paragraph quotes.

    Parameters
    ----------
    sessions : int
        Wi-Fi sessions (connections).
    devices : int
        Distinct devices.
    sites : int
        Sites with sessions.
    share_returning : float
        Share of devices with more than one session.
    share_express : float
        Share of sessions of the express (three-minute) type.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.movement import example_sessions
    >>> sessions = example_sessions()  # 3 devices, 2 sites, 5 sessions
    >>> headline = wifi_headline(sessions)
    >>> headline.sessions, headline.devices, headline.sites, headline.share_express
    (5, 3, 2, 0.4)
    >>> headline.to_results("ABW", "2023-12")["indicator"].tolist()[:2]
    ['count_wifi_devices', 'share_devices_returning']
    """

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
    """The Wi-Fi paragraph's figures from a frame of sessions (``wifi_overview``).

    Parameters
    ----------
    sessions : pandas.DataFrame
        Wi-Fi sessions (device_id, site_id, start_time, end_time, connection_type).

    Returns
    -------
    WifiHeadline

    Raises
    ------
    ContractError
        When ``sessions`` lacks a required column.

    See Also
    --------
    wifi_summaries : the same figures computed in DuckDB over the curated partitions.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.movement import example_sessions
    >>> sessions = example_sessions()  # 3 devices, 2 sites, 5 sessions
    >>> headline = wifi_headline(sessions)
    >>> round(headline.share_returning, 3)  # d1 and d2 came back, d3 did not
    0.667
    """
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
    """How many monitoring points the survey interviewed at, and how many people.

    Parameters
    ----------
    points : int
        Distinct monitoring points (site_id) of the flow survey.
    respondents : int
        People interviewed.

    Examples
    --------
    >>> points = SurveyPoints(points=2, respondents=20)
    >>> points.to_results("ABW", "2023-12")[["indicator", "estimate", "n"]].values.tolist()
    [['total_points_surveyed', 2.0, 20]]
    """

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
    """The monitoring points of the flow survey (``site_id``) and its respondents.

    Parameters
    ----------
    survey : pandas.DataFrame
        Rows of flow_survey.

    Returns
    -------
    SurveyPoints

    Raises
    ------
    ContractError
        When ``site_id`` is missing.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> survey = synthesize("flow_survey", "ABW", "2023-12", seed=1, scale=0.05)
    >>> points = survey_points(survey)
    >>> points.respondents == len(survey), points.points == survey["site_id"].nunique()
    (True, True)
    """
    require_columns(survey, ["site_id"], "flow_survey")
    return SurveyPoints(points=int(survey["site_id"].nunique()), respondents=len(survey))
