"""First content of the studies: respondent counts, choice shares and simple charts.

Plain unweighted tabulations of curated data, labelled in the study language. They give each
study real numbers and one table and one figure; design-based estimates with disclosure
control belong to the survey, indicators and describe packages.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure

from evidence.countries import Language, get_country
from evidence.i18n import label, translate

PALETTE = ("#0b5394", "#e69138", "#6aa84f", "#cc0000", "#674ea7", "#45818e")


def respondents_by(
    frame: pd.DataFrame, rows: str, columns: str, language: Language
) -> pd.DataFrame:
    """Counts of rows by two answers, labelled, with a total row and column."""
    table = pd.crosstab(
        frame[rows].map(lambda code: label(code, language, rows)),
        frame[columns].map(lambda code: label(code, language, columns)),
        margins=True,
        margins_name=translate("report.total", language),
    )
    table.index.name = translate(f"overview.column.{rows}", language)
    table.columns.name = None
    return table.astype("int64")


def choice_columns(frame: pd.DataFrame, question: str) -> list[str]:
    """The canonical ``question/choice`` columns of a multiple-choice question."""
    return [column for column in frame.columns if column.startswith(f"{question}/")]


def choice_shares(
    frame: pd.DataFrame,
    question: str,
    language: Language,
    exclude: tuple[str, ...] = ("none", "prefer_not_to_say"),
) -> pd.DataFrame:
    """People who named each choice (``choice``, ``count``, ``share`` of those who answered)."""
    rows = []
    for column in choice_columns(frame, question):
        choice = column.split("/", 1)[1]
        if choice in exclude:
            continue
        answered = frame[column].dropna().astype(bool)
        rows.append(
            {
                "choice": label(choice, language, question),
                "count": int(answered.sum()),
                "share": float(answered.mean()) if len(answered) else float("nan"),
            }
        )
    table = pd.DataFrame(rows, columns=["choice", "count", "share"])
    return table.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)


def any_choice_share(
    frame: pd.DataFrame, question: str, exclude: tuple[str, ...] = ("none", "prefer_not_to_say")
) -> float:
    """Share of respondents who named at least one choice other than ``exclude``."""
    columns = [c for c in choice_columns(frame, question) if c.split("/", 1)[1] not in exclude]
    if not columns or frame.empty:
        return float("nan")
    return float(frame[columns].fillna(False).astype(bool).any(axis=1).mean())


def daily_flows_figure(counts: pd.DataFrame, language: Language) -> Figure:
    """Entries and exits per day, summed over monitoring points."""
    daily = counts.groupby("date")[["entries", "exits"]].sum().sort_index()
    figure = Figure(figsize=(7.5, 3.4))
    axes = figure.subplots()
    for column, colour in zip(("entries", "exits"), PALETTE, strict=False):
        code = "entry" if column == "entries" else "exit"
        axes.plot(
            daily.index, daily[column], color=colour, linewidth=1.8, label=label(code, language)
        )
    axes.set_ylabel(translate("overview.flows.axis", language))
    axes.set_xlabel(translate("overview.flows.date", language))
    axes.legend(frameon=False)
    axes.spines[["top", "right"]].set_visible(False)
    figure.autofmt_xdate()
    return figure


def bar_figure(labels: pd.Series, values: pd.Series, axis_label: str, percent: bool) -> Figure:
    """Horizontal bars, largest on top (labels read left to right in every language)."""
    figure = Figure(figsize=(7.5, 0.32 * max(len(values), 4) + 1.0))
    axes = figure.subplots()
    scaled = values * 100 if percent else values
    axes.barh(list(labels)[::-1], list(scaled)[::-1], color=PALETTE[0])
    axes.set_xlabel(axis_label)
    axes.spines[["top", "right"]].set_visible(False)
    return figure


def employment_by_group(survey: pd.DataFrame, language: Language) -> pd.DataFrame:
    """Unweighted share employed among migrant and host respondents (``group``, ``employed``)."""
    shares = survey.groupby("group")["employed"].mean()
    return pd.DataFrame(
        {
            "group": [label(code, language) for code in shares.index],
            "employed": shares.to_numpy(dtype=float),
        }
    )


def respondents_by_country(surveys: Mapping[str, pd.DataFrame], language: Language) -> pd.DataFrame:
    """Respondents per country (``country``, ``count``), largest first; empty ones left out."""
    rows = [
        (get_country(iso3).name(language), len(frame))
        for iso3, frame in surveys.items()
        if len(frame)
    ]
    table = pd.DataFrame(rows, columns=["country", "count"])
    return table.sort_values("count", ascending=False, kind="stable").reset_index(drop=True)
