"""Movement results made readable for a study: headline figures and labelled tables.

Only relabelling and selection of what the movement functions computed; every number comes
from flows_by_day, flow_trend, flows_by_site, detect_surges, wifi_overview and top_pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from evidence.countries import Language
from evidence.display.labels import code_label
from evidence.movement.flows import flows_by_day, flows_by_site
from evidence.movement.surges import SurgeResult
from evidence.movement.trend import flow_trend
from evidence.movement.wifi import wifi_overview


def _header(key: str, language: Language) -> str:
    from evidence.i18n import translate

    return translate(f"content.column.{key}", language)


@dataclass(frozen=True)
class FlowHeadline:
    """The figures the flows paragraph quotes: people observed, per day, sites counting,
    and the change of the daily mean from the first to the second half of the month
    (``direction``: increase, decrease, stable, or unknown without a first half)."""

    people_observed: int
    per_day: float
    sites: int
    change: float
    direction: str

    @property
    def trend_key(self) -> str:
        """The catalogue message that tells the trend."""
        return f"content.movement.trend.{self.direction}"

    @property
    def shown_change(self) -> float:
        """The change as the sentence quotes it: its size after "rose/fell by", signed when
        the flow was stable."""
        return abs(self.change) if self.direction in ("increase", "decrease") else self.change


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


def sites_for_display(
    flow_counts: pd.DataFrame, sites: pd.DataFrame, language: Language, *, top: int = 10
) -> pd.DataFrame:
    """The busiest ``top`` sites: name, type, days counted, people observed, per day, share
    (small counts withheld by flows_by_site)."""
    table = flows_by_site(flow_counts, sites).to_frame().head(top)
    return pd.DataFrame(
        {
            _header("site", language): table["site_name"].astype(str),
            _header("site_type", language): [
                code_label(t, language, "site_type") for t in table["site_type"]
            ],
            _header("days_counted", language): table["days_counted"].astype("int64"),
            _header("people_observed", language): table["total"],
            _header("per_day", language): table["mean_per_day"],
            _header("share", language): table["share_of_total"],
        }
    )


def surges_for_display(
    surges: SurgeResult, sites: pd.DataFrame, language: Language
) -> pd.DataFrame:
    """One row per surge event: site, peak day, people observed that day, the site's usual
    level (median day) and how many times that level the peak was."""
    events = surges.to_frame()
    names = dict(zip(sites["site_id"].astype(str), sites["site_name"].astype(str), strict=True))
    return pd.DataFrame(
        {
            _header("site", language): [names.get(str(s), str(s)) for s in events["site_id"]],
            _header("peak_date", language): pd.to_datetime(events["peak_date"]).dt.strftime(
                "%Y-%m-%d"
            ),
            _header("people_observed", language): events["peak_count"].astype("int64"),
            _header("usual_level", language): events["median"].astype(float),
            _header("ratio", language): events["ratio"].astype(float),
        }
    )


@dataclass(frozen=True)
class WifiHeadline:
    """The figures the Wi-Fi paragraph quotes."""

    sessions: int
    devices: int
    sites: int
    share_returning: float
    share_express: float


def wifi_headline(sessions: pd.DataFrame) -> WifiHeadline:
    values = wifi_overview(sessions).to_frame().set_index("measure")["value"]
    return WifiHeadline(
        sessions=int(values["sessions"]),
        devices=int(values["devices"]),
        sites=int(values["sites"]),
        share_returning=float(values["share_devices_returning"]),
        share_express=float(values["express_share_sessions"]),
    )


def pages_for_display(pages: pd.DataFrame, language: Language) -> pd.DataFrame:
    """Websites visited (``top_pages(...).to_frame()``): category, sessions, share."""
    return pd.DataFrame(
        {
            _header("page", language): [
                code_label(p, language, "pages_visited") for p in pages["page"]
            ],
            _header("sessions", language): pages["sessions"],
            _header("share", language): pages["share_of_sessions"],
        }
    )
