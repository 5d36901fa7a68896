"""What a reader needs under a table to read it right, from the published rows only.

A table of shares says how many people answered (``n`` of the published rows, per question
and domain), that shares of a multiple-choice question add to more than 100 %, and, when it
shows only the most frequent answers, how many it leaves out. Display helpers attach these
to the frame they return (``frame.attrs``); ``Study.table`` writes them as a line under the
table in the study language (``reader_notes``).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import pandas as pd

from evidence.countries import Language
from evidence.display.format import format_value
from evidence.indicators.keys import TOTAL

SAMPLE_SIZES = "sample_sizes"  # attrs key: [(label, n or (low, high)), ...] from published rows
SAMPLE_SIZES_NOTE = "sample_sizes_note"  # attrs key: message key of the sizes' note
MULTIPLE_CHOICE = "multiple_choice"  # attrs key: labels of multiple-choice questions shown
LEFT_OUT = "left_out"  # attrs key: [(question label, [labels of the answers not shown]), ...]
# attrs key: {question label: ("share", x) | ("largest", y)}: the published share answering
# none of the shown answers (single choice), or the largest published left-out share
LEFT_OUT_SHARES = "left_out_shares"


@cache
def multiple_choice_questions() -> frozenset[str]:
    """The questions readers may answer with several choices (``list`` fields of every
    contract: needs, risks, pages visited, ...)."""
    from evidence.contracts import list_contracts, load_contract

    return frozenset(
        field.name
        for name in list_contracts()
        for field in load_contract(name).fields
        if field.type == "list"
    )


def question_sample_size(results: pd.DataFrame, variable: str, level: str = TOTAL) -> float:
    """The published ``n`` (people who answered) of ``variable`` in domain ``level``: the
    largest n of its rows (a choice's n is the question's; NaN when none is published)."""
    rows = results[(results["variable"] == variable) & (results["level"].astype(str) == level)]
    values = pd.to_numeric(rows.get("n", pd.Series(dtype=float)), errors="coerce").dropna()
    return float(values.max()) if len(values) else float("nan")


def attach_sample_sizes(frame: pd.DataFrame, sizes: Sequence[tuple[str, float]]) -> pd.DataFrame:
    """``frame`` with its sample sizes recorded for the note under the table."""
    frame.attrs[SAMPLE_SIZES] = [(label, n) for label, n in sizes if n == n]
    return frame


def reader_notes(frame: pd.DataFrame, language: Language) -> list[str]:
    """The lines a table needs under it, in ``language``: sample sizes, multiple choice,
    answers left out."""
    from evidence.i18n import translate

    notes = []
    sizes = frame.attrs.get(SAMPLE_SIZES) or []
    if sizes:
        parts = [f"{label} {_size(n, language)}".strip() for label, n in sizes]
        key = frame.attrs.get(SAMPLE_SIZES_NOTE) or "readers.sample_sizes"
        notes.append(translate(key, language, sizes="; ".join(parts)))
    questions = frame.attrs.get(MULTIPLE_CHOICE) or []
    if questions:
        notes.append(translate("readers.multiple_choice", language, questions=", ".join(questions)))
    shares = frame.attrs.get(LEFT_OUT_SHARES) or {}
    for label, answers in frame.attrs.get(LEFT_OUT) or []:
        if not answers:
            continue
        fields = {"question": label, "answers": ", ".join(answers)}
        if label in shares:
            kind, value = shares[label]
            share = format_value(value, "proportion", language)
            notes.append(translate(f"details.left_out.{kind}", language, share=share, **fields))
        else:
            notes.append(translate("readers.left_out", language, **fields))
    return notes


def _size(n: float | tuple[float, float], language: Language) -> str:
    """A sample size, or the range of a table's sizes ("1.364–2.993")."""
    if isinstance(n, tuple):
        return "–".join(format_value(part, "count", language) for part in n)
    return format_value(n, "count", language)


def is_multiple_choice(variable: str) -> bool:
    return variable in multiple_choice_questions()
