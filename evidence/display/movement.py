"""Movement results made readable for a study: labelled tables and the numbers a paragraph
quotes, all read from the study's published results rows (``Study.results``).

Nothing here computes a number: tables are published rows laid out by site, surge event or
page, headed in the study language; a withheld row stays empty (written "–").
"""

from __future__ import annotations

import pandas as pd

from evidence.countries import Language
from evidence.display.format import format_value
from evidence.display.labels import code_label
from evidence.display.sample_sizes import with_sample_sizes
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


SITE_INDICATORS: tuple[str, ...] = (
    "total_days_counted",
    "count_people_observed",
    "rate_people_per_day",
    "share_people_observed",
)


def _busiest(results: pd.DataFrame, top: int) -> pd.DataFrame:
    table = wide(results, list(SITE_INDICATORS), by="site_id")
    table = table.sort_values(
        ["count_people_observed", "site_id"], ascending=[False, True], na_position="last"
    )
    return table.head(top)


def top_sites(results: pd.DataFrame, top: int = 10) -> list[str]:
    """The ids of the ``top`` busiest sites as ``sites_for_display`` shows them (published
    rows of ``flows_by_site``), for the rows of the sites it leaves out
    (``evidence.movement.sites_not_shown.flows_not_shown``)."""
    return [str(site) for site in _busiest(results, top)["site_id"]]


def sites_for_display(
    results: pd.DataFrame,
    sites: pd.DataFrame,
    language: Language,
    *,
    top: int = 10,
    remainder: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """The busiest ``top`` sites (published rows of ``flows_by_site``): name, type, days
    counted, people observed, per day, share of the country's flow. With ``remainder``
    (published rows of ``flows_not_shown`` for the sites of ``top_sites``) a last line says
    what the table leaves out: "Other monitoring points (9)", their people observed and
    share (empty when withheld); no line when no site is left out."""
    table = _busiest(results, top)
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
    if remainder is not None and (remainder["indicator"] == "total_sites_not_shown").any():
        out = pd.concat([out, _other_sites(remainder, out.columns, language)], ignore_index=True)
    out.attrs["units"] = {
        _header("days_counted", language): "total",
        _header("people_observed", language): "count",
        _header("per_day", language): "rate",
        _header("share", language): "proportion",
    }
    return out


def _other_sites(remainder: pd.DataFrame, columns: pd.Index, language: Language) -> pd.DataFrame:
    """The line of the sites left out: their number in the label (a published row), people
    observed and share; the columns that do not apply are blank, not "–"."""
    from evidence.i18n import translate

    sites = value(remainder, "total_sites_not_shown")
    label = (
        translate("table_n.sites.other", language, sites=format_value(sites, "total", language))
        if sites == sites
        else translate("table_n.sites.other_withheld", language)
    )
    line: dict[str, object] = dict.fromkeys(columns, "")
    line[columns[0]] = label
    line[_header("people_observed", language)] = value(remainder, "count_people_observed_not_shown")
    line[_header("share", language)] = value(remainder, "share_people_observed_not_shown")
    return pd.DataFrame([line])


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
    sessions with pages recorded; most visited first; every category is shown. The note
    under it gives the sessions with pages recorded (the shares' n) and says that shares add
    up to more than 100 %."""
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
    recorded = results[results["indicator"] == "count_sessions_with_pages"]
    n = value(recorded, "count_sessions_with_pages") if len(recorded) else float("nan")
    return with_sample_sizes(out, [("", n)], "table_n.sessions")


__all__ = ["pages_for_display", "sites_for_display", "surges_for_display", "top_sites", "value"]
