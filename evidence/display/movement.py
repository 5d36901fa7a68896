"""Movement results made readable for a study: labelled tables and the numbers a paragraph
quotes, all read from the study's published results rows (``Study.results``).

Nothing here computes a number: tables are published rows laid out by site, surge event or
page, headed in the study language; a withheld row stays empty (written "–").
"""

from __future__ import annotations

import pandas as pd

from evidence.countries import Language
from evidence.display.labels import code_label
from evidence.display.values import value, wide


def _header(key: str, language: Language) -> str:
    from evidence.i18n import translate

    return translate(f"content.column.{key}", language)


def _site_names(sites: pd.DataFrame) -> dict[str, tuple[str, str]]:
    kinds = sites["site_type"] if "site_type" in sites.columns else [""] * len(sites)
    return {
        str(site): (str(name), str(kind))
        for site, name, kind in zip(sites["site_id"], sites["site_name"], kinds, strict=True)
    }


def sites_for_display(
    results: pd.DataFrame, sites: pd.DataFrame, language: Language, *, top: int = 10
) -> pd.DataFrame:
    """The busiest ``top`` sites (published rows of ``flows_by_site``): name, type, days
    counted, people observed, per day, share of the country's flow."""
    table = wide(
        results,
        [
            "total_days_counted",
            "count_people_observed",
            "rate_people_per_day",
            "share_people_observed",
        ],
        by="site_id",
    )
    table = table.sort_values(
        ["count_people_observed", "site_id"], ascending=[False, True], na_position="last"
    ).head(top)
    names = _site_names(sites)
    out = pd.DataFrame(
        {
            _header("site", language): [names.get(s, (s, ""))[0] for s in table["site_id"]],
            _header("site_type", language): [
                code_label(names.get(s, (s, ""))[1], language, "site_type")
                for s in table["site_id"]
            ],
            _header("days_counted", language): table["total_days_counted"].to_numpy(),
            _header("people_observed", language): table["count_people_observed"].to_numpy(),
            _header("per_day", language): table["rate_people_per_day"].to_numpy(),
            _header("share", language): table["share_people_observed"].to_numpy(),
        }
    )
    out.attrs["units"] = {
        _header("days_counted", language): "total",
        _header("people_observed", language): "count",
        _header("per_day", language): "rate",
        _header("share", language): "proportion",
    }
    return out


def surges_for_display(
    results: pd.DataFrame, sites: pd.DataFrame, language: Language
) -> pd.DataFrame:
    """One row per surge event: site, peak day, people observed that day, the site's usual
    level (median day) and how many times that level the peak was."""
    table = wide(
        results,
        ["count_people_observed_peak", "rate_usual_level", "index_surge_ratio"],
        by="site_id x peak_day",
    )
    parts = table["site_id x peak_day"].str.split(" x ", n=1, expand=True)
    names = _site_names(sites)
    out = pd.DataFrame(
        {
            _header("site", language): [
                names.get(s, (s, ""))[0] for s in (parts[0] if len(table) else [])
            ],
            _header("peak_date", language): parts[1] if len(table) else [],
            _header("people_observed", language): table["count_people_observed_peak"].to_numpy(),
            _header("usual_level", language): table["rate_usual_level"].to_numpy(),
            _header("ratio", language): table["index_surge_ratio"].to_numpy(),
        }
    )
    out.attrs["units"] = {
        _header("people_observed", language): "count",
        _header("usual_level", language): "rate",
        _header("ratio", language): "index",
    }
    return out


def pages_for_display(results: pd.DataFrame, language: Language) -> pd.DataFrame:
    """Websites visited (published rows of ``top_pages``): category, sessions, share of the
    sessions with pages recorded; most visited first."""
    table = wide(results, ["count_sessions_page", "share_sessions_page"], by="page")
    table = table.sort_values(
        ["count_sessions_page", "page"], ascending=[False, True], na_position="last"
    )
    out = pd.DataFrame(
        {
            _header("page", language): [
                code_label(p, language, "pages_visited") for p in table["page"]
            ],
            _header("sessions", language): table["count_sessions_page"].to_numpy(),
            _header("share", language): table["share_sessions_page"].to_numpy(),
        }
    )
    out.attrs["units"] = {
        _header("sessions", language): "count",
        _header("share", language): "proportion",
    }
    return out


__all__ = ["pages_for_display", "sites_for_display", "surges_for_display", "value"]
