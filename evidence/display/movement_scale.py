"""Movement at scale made readable for a study: red flags with their reasons, Wi-Fi by site
type, routes between sites and red flags by country, all read from published results rows.

Nothing here computes a number: a reason is a catalogue sentence whose numbers are the
published rows of its flag (evidence.movement.flag_report), written by
evidence.display.format; a withheld number is written "–".
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence.countries import Language
from evidence.display.format import format_value
from evidence.display.labels import code_label
from evidence.display.values import wide
from evidence.movement.flag_report import FLAG_LEVEL
from evidence.movement.red_flags import SIGNALS

_WHAT = {
    "flow_surge": "flow",
    "flow_drop": "flow",
    "wifi_sessions_surge": "wifi_sessions",
    "wifi_new_devices_surge": "wifi_new_devices",
}


def _t(key: str, language: Language, **fields: object) -> str:
    from evidence.i18n import translate

    return translate(f"movement_scale.{key}", language, **fields)


def _names(sites: pd.DataFrame) -> dict[str, str]:
    return {str(s): str(n) for s, n in zip(sites["site_id"], sites["site_name"], strict=True)}


def signal_label(signal: str, language: Language) -> str:
    """The words for a red-flag signal in ``language``."""
    return _t(f"signal.{signal}", language)


def flag_counts(results: pd.DataFrame) -> pd.DataFrame:
    """Published ``total_red_flags`` rows: signal and count (withheld: NaN), signal order."""
    rows = results[
        (results["indicator"] == "total_red_flags") & (results["disaggregation"] == "signal")
    ]
    order = {s: k for k, s in enumerate(SIGNALS)}
    out = pd.DataFrame(
        {"signal": rows["level"].astype(str).to_numpy(), "count": rows["estimate"].to_numpy()}
    )
    return out.sort_values("signal", key=lambda c: c.map(order), ignore_index=True)


def flag_counts_text(results: pd.DataFrame, language: Language) -> str:
    """ "surge in flows 3, drop in flows 0, ..." for the signals with data (published counts)."""
    counts = flag_counts(results)
    return ", ".join(
        _t("signal.count", language, signal=signal_label(s, language),
           n=format_value(c, "total", language))
        for s, c in zip(counts["signal"], counts["count"], strict=True)
    )  # fmt: skip


def flags_sentence_key(results: pd.DataFrame) -> str:
    """The sentence for the published flag counts: with counts, or "none raised" when every
    published count is zero (a withheld count is not known to be zero)."""
    counts = flag_counts(results)["count"]
    none = bool(len(counts)) and bool((counts.fillna(-1) == 0).all())
    return "movement_scale.flags.sentence" + (".none" if none or not len(counts) else "")


def missing_signals_text(results: pd.DataFrame, language: Language) -> str:
    """The signals without a published count (no data this period), "" when none."""
    seen = set(flag_counts(results)["signal"])
    return ", ".join(signal_label(s, language) for s in SIGNALS if s not in seen)


def _dates(start: str, end: str) -> str:
    return start if start == end else f"{start} – {end}"


def flags_for_display(
    results: pd.DataFrame, sites: pd.DataFrame, language: Language
) -> pd.DataFrame:
    """One row per published red flag: site name (first: a label, names may hold digits),
    signal, dates (first – last day) and the reason, a catalogue sentence carrying the
    flag's published numbers."""
    table = wide(
        results,
        ["count_flag_peak", "rate_flag_usual", "share_flag_forms", "share_flag_usual",
         "index_flag_ratio"],
        by=FLAG_LEVEL,
    )  # fmt: skip
    forms = results[
        (results["indicator"] == "share_flag_forms") & (results["disaggregation"] == FLAG_LEVEL)
    ].set_index("level")["n"]
    names = _names(sites)
    signals, places, dates, reasons = [], [], [], []
    for line in table.to_dict("records"):
        signal, site, start, end, peak = str(line[FLAG_LEVEL]).split(" x ")
        ratio = format_value(line["index_flag_ratio"], "index", language)
        if signal in _WHAT:
            reason = _t(
                "reason.count",
                language,
                what=_t(f"what.{_WHAT[signal]}", language),
                value=format_value(line["count_flag_peak"], "count", language),
                day=peak,
                ratio=ratio,
                usual=format_value(line["rate_flag_usual"], "rate", language),
            )
        else:
            reason = _t(
                "reason.risk",
                language,
                share=format_value(line["share_flag_forms"], "proportion", language),
                n=format_value(forms.get(line[FLAG_LEVEL]), "count", language),
                day=peak,
                what=_t(f"what.{signal}", language),
                usual=format_value(line["share_flag_usual"], "proportion", language),
            )
        signals.append(signal_label(signal, language))
        places.append(names.get(site, site))
        dates.append(_dates(start, end))
        reasons.append(reason[:1].upper() + reason[1:])
    out = pd.DataFrame(
        {
            _t("column.site", language): places,
            _t("column.signal", language): signals,
            _t("column.dates", language): dates,
            _t("column.reason", language): reasons,
        }
    )
    out.attrs["prose"] = [_t("column.reason", language)]
    return out


def wifi_types_for_display(results: pd.DataFrame, language: Language) -> pd.DataFrame:
    """Wi-Fi by site type (published rows of ``wifi_by_site_type``): sessions, devices, shares
    of devices new and returning, express share and median minutes; busiest type first."""
    indicators = [
        "count_wifi_sessions_type",
        "count_wifi_devices_type",
        "share_wifi_devices_new",
        "share_wifi_devices_returning",
        "share_wifi_sessions_express",
        "rate_wifi_minutes_median",
    ]
    table = wide(results, indicators, by="site_type")
    columns = {
        "count_wifi_sessions_type": ("sessions", "count"),
        "count_wifi_devices_type": ("devices", "count"),
        "share_wifi_devices_new": ("new", "proportion"),
        "share_wifi_devices_returning": ("returning", "proportion"),
        "share_wifi_sessions_express": ("express", "proportion"),
        "rate_wifi_minutes_median": ("minutes", "rate"),
    }
    out = pd.DataFrame(
        {
            _t("column.site_type", language): [
                code_label(s, language, "site_type") for s in table["site_type"]
            ],
            **{_t(f"column.{key}", language): table[code].to_numpy()
               for code, (key, _) in columns.items()},
        }
    )  # fmt: skip
    out.attrs["units"] = {_t(f"column.{key}", language): kind for key, kind in columns.values()}
    return out


def routes_for_display(
    results: pd.DataFrame, sites: pd.DataFrame, language: Language, *, top: int = 10
) -> pd.DataFrame:
    """The ``top`` site-to-site moves (published ``wifi_site_transitions`` rows): from, to,
    moves; most moves first."""
    table = wide(results, ["wifi_site_transitions"], by="route")
    table = table.sort_values(
        ["wifi_site_transitions", "route"], ascending=[False, True], na_position="last"
    ).head(top)
    names = _names(sites)
    pairs = [str(r).split(" > ", 1) for r in table["route"]]
    out = pd.DataFrame(
        {
            _t("column.origin", language): [names.get(a, a) for a, _ in pairs],
            _t("column.destination", language): [names.get(b, b) for _, b in pairs],
            _t("column.moves", language): table["wifi_site_transitions"].to_numpy(),
        }
    )
    out.attrs["units"] = {_t("column.moves", language): "count"}
    return out


def flags_by_country_for_display(
    results: pd.DataFrame, language: Language, signals: Sequence[str] = SIGNALS
) -> pd.DataFrame:
    """Countries × signals (short headers): the published ``total_red_flags`` of each country
    (rows of evidence.regional.flags.flags_by_country); a signal without data is "–"."""
    from evidence.countries import get_country

    rows = results[
        (results["indicator"] == "total_red_flags") & (results["disaggregation"] == "signal")
    ]
    countries = list(dict.fromkeys(rows["country"].astype(str)))
    table = rows.pivot_table(
        index="country", columns="level", values="estimate", aggfunc="first", dropna=False
    ).reindex(index=countries, columns=list(signals))
    headers = {s: _t(f"signal_short.{s}", language) for s in signals}
    out = pd.DataFrame(
        {
            _t("column.country", language): [get_country(c).name(language) for c in countries],
            **{headers[s]: table[s].to_numpy(dtype=float) for s in signals},
        }
    )
    out.attrs["units"] = {header: "total" for header in headers.values()}
    return out


__all__ = [
    "SIGNALS",
    "flag_counts",
    "flag_counts_text",
    "flags_by_country_for_display",
    "flags_for_display",
    "flags_sentence_key",
    "missing_signals_text",
    "routes_for_display",
    "signal_label",
    "wifi_types_for_display",
]
