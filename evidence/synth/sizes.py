"""How big each dataset is for a country: in proportion to its stock of Venezuelans
(evidence.countries, UNHCR end-2023) with floors so the smallest countries still have data.

At scale 1 the 17 countries together hold about: flow_survey 44,000 rows,
wifi_sessions 2.1 million, integration_survey 46,000 households, schools 1,000 with about
20 caregivers and 40 students each. ``scale`` multiplies every size except the site
registry and the flow counts (one row per site and day whatever the scale).
"""

from __future__ import annotations

from dataclasses import dataclass

from evidence.countries import COUNTRIES, get_country

_TOTAL_STOCK = sum(c.stock_2023 for c in COUNTRIES)


@dataclass(frozen=True)
class Sizes:
    sites: int
    flow_survey: int
    wifi_sessions: int
    schools: int
    caregivers_per_school: float
    integration_survey: int
    daily_flow: float


def stock_share(country: str) -> float:
    return get_country(country).stock_2023 / _TOTAL_STOCK


def sizes_for(country: str, scale: float = 1.0) -> Sizes:
    """Target sizes of the datasets of one country (random draws make actual counts vary)."""
    share = stock_share(country)

    def scaled(base: float, floor: float, minimum: int) -> int:
        return max(minimum, round(max(base, floor) * scale))

    return Sizes(
        sites=round(5 + 25 * share**0.5),
        flow_survey=scaled(40_000 * share, 300, 20),
        wifi_sessions=scaled(2_000_000 * share, 8_000, 200),
        schools=scaled(min(1_000 * share, 300), 20, 4),
        caregivers_per_school=20.0,
        integration_survey=scaled(1_000 + 5_000 * (share / stock_share("COL")) ** 0.5, 0, 60),
        # People observed per day at all of the country's counting points together.
        daily_flow=max(150.0, 0.004 * get_country(country).stock_2023),
    )
