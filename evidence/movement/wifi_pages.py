"""How many Wi-Fi sessions carry page data: the denominator of the shares of pages visited.

``top_pages`` computes each category's share over the sessions with pages recorded; a
reader must know how many sessions that leaves out. ``pages_coverage`` publishes the
sessions, those with pages recorded, those without, and the share without, so a study can
say it in words from published rows. Sessions are connections of devices, not people: one
person may use several devices or connect several times, and host-community residents
connect too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from evidence.indicators.keys import TOTAL
from evidence.indicators.publish import result_row, rows_frame
from evidence.indicators.variables import indicator_block
from evidence.movement.wifi_usage import PAGES


@dataclass(frozen=True)
class PagesCoverage:
    """Sessions with and without page data (``pages_coverage``): ``sessions``,
    ``with_pages``, ``without_pages`` and ``share_without``; ``to_results`` publishes them.

    Examples
    --------
    >>> coverage = PagesCoverage(sessions=200, with_pages=150)
    >>> coverage.without_pages, coverage.share_without
    (50, 0.25)
    >>> coverage.to_results("ABW", "2023-12")["indicator"].tolist()
    ['count_sessions_with_pages', 'count_sessions_without_pages', 'share_sessions_without_pages']
    """

    sessions: int
    with_pages: int

    @property
    def without_pages(self) -> int:
        return self.sessions - self.with_pages

    @property
    def share_without(self) -> float:
        return self.without_pages / self.sessions if self.sessions else float("nan")

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "sessions": [self.sessions],
                "with_pages": [self.with_pages],
                "without_pages": [self.without_pages],
                "share_without": [self.share_without],
            }
        )

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        rows = [
            result_row(
                "count_sessions_with_pages",
                TOTAL,
                TOTAL,
                self.with_pages,
                self.with_pages,
                "count",
                self.with_pages,
                "indicative",
            ),
            result_row(
                "count_sessions_without_pages",
                TOTAL,
                TOTAL,
                self.without_pages,
                self.without_pages,
                "count",
                self.without_pages,
                "indicative",
            ),
            result_row(
                "share_sessions_without_pages",
                TOTAL,
                TOTAL,
                self.share_without,
                self.sessions,
                "proportion",
                self.without_pages,
                "indicative",
            ),
        ]
        return rows_frame(rows, country, period)

    def summary(self) -> str:
        return (
            f"{self.sessions} Wi-Fi sessions: {self.with_pages} with pages recorded, "
            f"{self.without_pages} without ({self.share_without:.1%})"
        )

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return f"<p>{self.summary()}</p>"


def pages_coverage(sessions: pd.DataFrame) -> PagesCoverage:
    """Count the sessions and those with at least one page category recorded (the
    denominator of ``top_pages``' shares). The input frame is not modified.

    Parameters
    ----------
    sessions : pandas.DataFrame
        Wi-Fi sessions (curated ``wifi_sessions``) with the ``pages`` question.

    Returns
    -------
    PagesCoverage
        The sessions, those with pages recorded and those without.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> sessions = synthesize("wifi_sessions", "ABW", "2023-12", seed=1, scale=0.05)
    >>> pages_coverage(sessions)
    396 Wi-Fi sessions: 357 with pages recorded, 39 without (9.8%)
    """
    block = indicator_block(sessions, PAGES)
    recorded = ~np.isnan(block.values).all(axis=1)
    return PagesCoverage(sessions=len(sessions), with_pages=int(recorded.sum()))
