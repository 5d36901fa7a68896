"""The groups the programme names and their protection risks, as study tables.

``profiles_for_display`` lays the published rows of ``evidence.movement.group_profiles``
side by side: one row per indicator (grouped in sections: people, group, documents, needs,
risks, route, destination), one column per group (all, in transit, staying, returning).
``protection_for_display`` lays the rows of ``evidence.risks.protection_risks`` out as one
row per group of people (women, men, age groups, travel group, on foot, status) and one
column per risk. Both only look numbers up in published rows (withheld cells stay empty and
the study writes them "–") and label them in the study language.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from evidence.countries import Language
from evidence.display.labels import code_label
from evidence.indicators.keys import TOTAL
from evidence.indicators.parse import load_catalogue

INTENTION = "intention"
GROUP_COLUMNS: tuple[str, ...] = (TOTAL, "transit", "stay", "return")
_UNITS = {"prop": "proportion", "mean": "mean", "median": "quantile", "count": "count"}


def indicator_label(indicator: str, language: Language) -> str:
    """The catalogue's label of ``indicator`` made short for a row of a section: the part
    after "Risk on the route: " or "Priority need: ", without "(portal)"."""
    label = load_catalogue().indicator(indicator).label.get(language)
    label = re.sub(r"\s*\(portal\)", "", label)
    if ": " in label:
        label = label.split(": ", 1)[1]
    return label[:1].upper() + label[1:]


def _unit(indicator: str) -> str:
    return _UNITS.get(indicator.split("_", 1)[0], "proportion")


def _cells(rows: pd.DataFrame, indicator: str, levels: Sequence[str]) -> list[float]:
    part = rows[rows["indicator"] == indicator]
    by_level = {
        (TOTAL if d == TOTAL else str(lv)): e
        for d, lv, e in zip(part["disaggregation"], part["level"], part["estimate"], strict=True)
        if d in (TOTAL, INTENTION)
    }
    return [float(by_level.get(level, np.nan)) for level in levels]


def _headers(levels: Sequence[str], language: Language) -> list[str]:
    from evidence.i18n import translate

    return [translate(f"groups.column.{level}", language) for level in levels]


def profiles_for_display(
    rows: pd.DataFrame,
    sections: Mapping[str, Sequence[str]],
    language: Language,
    *,
    count: str = "count_respondents",
    destination: str = "prop_intended_destination",
    levels: Sequence[str] = GROUP_COLUMNS,
    top_destinations: int = 4,
) -> pd.DataFrame:
    """The profiles side by side: the number of people first, then each section's
    indicators, then the most frequent destinations overall (``top_destinations``)."""
    from evidence.i18n import translate

    row_col = " "
    records: list[dict[str, object]] = []
    units: list[str | None] = []
    headers = _headers(levels, language)

    def add(label: str, indicator: str | None, unit: str | None) -> None:
        # A section's title is a row of its own with empty cells (one label column: the
        # studies read every other column as numbers).
        values: list[object] = (
            list(_cells(rows, indicator, levels)) if indicator else [""] * len(levels)
        )
        records.append({row_col: label, **dict(zip(headers, values, strict=True))})
        units.append(unit)

    add(translate(f"groups.row.{count}", language), count, "count")
    for section, indicators in sections.items():
        if not indicators:
            continue
        add(translate(f"groups.section.{section}", language), None, None)
        for indicator in indicators:
            add(indicator_label(indicator, language), indicator, _unit(indicator))
    codes = rows.loc[
        rows["indicator"].str.startswith(destination + "_") & (rows["disaggregation"] == TOTAL)
    ]
    codes = codes.assign(code=codes["category"].astype(str))
    codes = codes[~codes["code"].isin(["dont_know", "other"])].sort_values(
        "estimate", ascending=False, kind="stable"
    )
    if len(codes):
        add(translate("groups.section.destination", language), None, None)
    for indicator, code in zip(
        codes["indicator"].head(top_destinations), codes["code"], strict=False
    ):
        add(code_label(code, language), indicator, "proportion")
    table = pd.DataFrame(records)
    table.attrs["row_units"] = units
    table.attrs["units"] = dict.fromkeys(headers, "proportion")
    return table


PROTECTION_COLUMNS: tuple[str, ...] = (
    "prop_risks_gender_based_violence",
    "prop_risks_trafficking_indicators",
    "prop_smuggler_used",
    "prop_risks_violence",
    "prop_risks_extortion",
)
CHILD_COLUMNS: tuple[str, ...] = ("prop_travelling_with_children", "prop_separated_children")


def _factor_levels(rows: pd.DataFrame, factor: str) -> list[str]:
    levels = rows.loc[rows["disaggregation"] == factor, "level"].astype(str)
    return list(dict.fromkeys(levels))


def protection_for_display(
    rows: pd.DataFrame,
    factors: Sequence[str],
    language: Language,
    *,
    columns: Sequence[str] = PROTECTION_COLUMNS,
    n_of: str | None = None,
) -> pd.DataFrame:
    """One row per group of people (all, then each factor's levels), one column per risk
    indicator present in ``rows``; ``n_of`` adds the people behind the first column (the
    ``n`` of that indicator's row), so a reader sees each share's base."""
    from evidence.i18n import translate

    shown = [c for c in columns if c in set(rows["indicator"])]
    base = n_of or (shown[0] if shown else None)
    level_col = " "
    n_header = translate("groups.column.n", language)
    headers = [translate(f"protection.column.{i}", language) for i in shown]
    records: list[dict[str, object]] = []
    for factor in (TOTAL, *factors):
        levels = [TOTAL] if factor == TOTAL else _factor_levels(rows, factor)
        if factor != TOTAL:
            # The factor's name heads its levels, on a row of its own with empty cells.
            blank: dict[str, object] = dict.fromkeys(headers, "")
            if base is not None:
                blank[n_header] = ""
            records.append({level_col: translate(f"protection.factor.{factor}", language), **blank})
        for level in levels:
            part = rows[(rows["disaggregation"] == factor) & (rows["level"].astype(str) == level)]
            by_indicator = dict(zip(part["indicator"], part["estimate"], strict=True))
            n_by = dict(zip(part["indicator"], part["n"], strict=True))
            record: dict[str, object] = {level_col: _level_label(factor, level, language)}
            for indicator, header in zip(shown, headers, strict=True):
                record[header] = float(by_indicator.get(indicator, np.nan))
            if base is not None:
                record[n_header] = float(n_by.get(base, np.nan))
            records.append(record)
    table = pd.DataFrame(records)
    units = dict.fromkeys(headers, "proportion")
    if base is not None:
        units[n_header] = "count"
    table.attrs["units"] = units
    return table


def _level_label(factor: str, level: str, language: Language) -> str:
    from evidence.i18n import messages, translate

    if level == TOTAL:
        return translate("report.total", language)
    key = f"protection.level.{factor}.{level}"
    if messages().has(key):
        return translate(key, language)
    return code_label(level, language, factor)


def group_sizes(rows: pd.DataFrame, count: str = "count_respondents") -> dict[str, float]:
    """Published counts of people by intention (``{"return": 123.0, ...}``); a group nobody
    is in, or withheld, is NaN."""
    part = rows[(rows["indicator"] == count) & (rows["disaggregation"] == INTENTION)]
    sizes = dict(zip(part["level"].astype(str), part["estimate"].astype(float), strict=True))
    return {group: sizes.get(group, np.nan) for group in (*GROUP_COLUMNS[1:], "dont_know")}


def published(rows: pd.DataFrame, indicator: str, level: str = TOTAL) -> float:
    """One published estimate, NaN when withheld or not published (a question older data
    lack, such as the separated-children question)."""
    hits = rows[(rows["indicator"] == indicator) & (rows["level"].astype(str) == level)]
    return (
        float(hits["estimate"].iloc[0])
        if len(hits) and pd.notna(hits["estimate"].iloc[0])
        else np.nan
    )


def asked(rows: pd.DataFrame, indicator: str) -> bool:
    """Whether the question behind ``indicator`` was asked in this period's data: a row of
    it is published (withheld or not). Data curated before a question existed (the optional
    ``smuggler_used``, ``separated_children``) give no row at all, and a study says "not
    asked", not "withheld"."""
    return bool((rows["indicator"] == indicator).any())


def children_sentence_key(rows: pd.DataFrame) -> str:
    """The sentence on children in the travel group: both shares, one withheld, or the
    separated-children question not asked in this period's data (with the share travelling
    with children, or saying that it is withheld)."""
    from evidence.display.labels import sentence_key

    children = published(rows, "prop_travelling_with_children")
    if not asked(rows, "prop_separated_children"):
        return sentence_key("details.protection.children.not_asked", children)
    return sentence_key(
        "protection.children.sentence", children, published(rows, "prop_separated_children")
    )


FIGURE_INDICATORS: tuple[str, ...] = (
    "prop_sex_female",
    "prop_travelling_with_children",
    "prop_regular_status_irregular",
    "prop_document_type_none",
    "prop_needs_food",
    "prop_needs_employment",
    "prop_risks_theft",
    "prop_risks_extortion",
    "prop_smuggler_used",
    "prop_on_foot",
)


def profile_shares(
    rows: pd.DataFrame,
    language: Language,
    *,
    indicators: Sequence[str] = FIGURE_INDICATORS,
    groups: Sequence[str] = GROUP_COLUMNS[1:],
) -> pd.DataFrame:
    """A frame for ``groups_dot_figure``: one row per published share (``label`` in the
    study language), one column per group; indicators not published are left out."""
    present = [i for i in indicators if i in set(rows["indicator"])]
    frame = pd.DataFrame(
        [_cells(rows, i, groups) for i in present], columns=list(groups), index=present
    )
    # Long labels wrap so that the dots keep most of the figure's width.
    labels = [textwrap.fill(indicator_label(i, language), 34) for i in present]
    frame.insert(0, "label", labels)
    return frame.reset_index(names="indicator")


def group_names(language: Language, groups: Sequence[str] = GROUP_COLUMNS[1:]) -> list[str]:
    """The groups' names in the study language, for a figure's legend."""
    return _headers(groups, language)
