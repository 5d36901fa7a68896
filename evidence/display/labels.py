"""Results made readable for a study: answers and domains labelled in the study language.

The studies show shares as one row per answer and one column per domain (total, women,
men), labelled from the message catalogue (``evidence.i18n``); country codes are named from
evidence.countries. Withheld cells stay empty (the study's table writes them as a dash).
These helpers only relabel and reshape: every number comes from the result they are given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import pandas as pd

from evidence.countries import ISO3_CODES, Language, get_country
from evidence.display.change_columns import set_change_keys
from evidence.indicators.keys import TOTAL

# Codes readers know by another name in every language than the catalogue's generic label.
_TOTAL_KEY = "report.total"


def code_label(code: object, language: Language, question: str | None = None) -> str:
    """The label of an answer code: a response country's name, else the catalogue's label
    (``label.<question>.<code>``, then ``label.<code>``), else the code made readable."""
    from evidence.i18n import messages, translate

    text = str(code)
    if text == TOTAL:
        return translate(_TOTAL_KEY, language)
    if text in ISO3_CODES:
        return get_country(text).name(language)
    texts = messages()
    for key in (f"label.{question}.{text}" if question else None, f"label.{text}"):
        if key and texts.has(key):
            return texts.translate(key, language)
    readable = re.sub(r"^(\d+)_(\d+)$", "\\1–\\2", text)  # age group 18_24 → 18–24
    readable = re.sub(r"^(\d+)_plus$", "\\1+", readable)
    readable = readable.replace("_", " ")
    return readable[:1].upper() + readable[1:]


def code_labels(
    codes: Iterable[object], language: Language, question: str | None = None
) -> dict[str, str]:
    """``{code: label}`` for a figure's ``names`` argument."""
    return {str(c): code_label(c, language, question) for c in codes}


def shares_for_display(
    results: pd.DataFrame,
    variable: str,
    language: Language,
    *,
    levels: Sequence[str] = (TOTAL, "female", "male"),
    top: int | None = None,
    answer_header: str = "",
    exclude: Sequence[str] = (),
    sort: bool = True,
    remainder: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """One row per answer of ``variable`` (most chosen overall first unless ``sort`` is
    False, then in codelist order; ``top`` kept), one column per domain level with the
    share; headers and answers labelled in ``language``. A level absent from the results is
    left out. When ``top`` cuts, the note under the table names the answers left out with
    a published share: for a single-choice question the published share of people whose
    answer is none of those shown (``remainder``: rows of
    ``evidence.indicators.remainder.share_not_shown``), else the largest left-out share
    (each left-out answer was named by at most that share)."""
    rows = results[(results["variable"] == variable) & ~results["category"].isin(exclude)]
    present = [lv for lv in levels if lv in set(rows["level"])]
    order = list(dict.fromkeys(rows["category"]))
    wide = rows.pivot_table(
        index="category", columns="level", values="estimate", aggfunc="first", dropna=False
    ).reindex(index=order, columns=present)
    if present and sort:
        wide = wide.sort_values(present[0], ascending=False, na_position="last", kind="stable")
    left_out: list[str] = []
    share: tuple[str, float] | None = None
    if top is not None:
        rest = wide.iloc[top:]
        chosen = rest.fillna(-1).ne(0).any(axis=1) if present else rest.index.notna()
        left_out = [code_label(c, language, variable) for c in rest.index[chosen]]
        if left_out and present:
            share = _left_out_share(variable, rest[present[0]], remainder)
        wide = wide.head(top)
    out = pd.DataFrame(
        {answer_header or " ": [code_label(c, language, variable) for c in wide.index]}
    )
    codes = (
        dict(zip(rows["category"].astype(str), rows["indicator"].astype(str), strict=True))
        if "indicator" in rows.columns
        else {}
    )
    for level in present:
        out[code_label(level, language)] = wide[level].astype(float).to_numpy()
        if codes:  # which published row each share is, for a headline table's change columns
            keys = [(codes[str(c)], level, None) for c in wide.index]
            set_change_keys(out, code_label(level, language), keys)
    return _with_reader_notes(
        out,
        results,
        [(variable, left_out)],
        [(code_label(level, language), variable, level) for level in present],
        language,
        {variable: share} if share else {},
    )


def top_codes(results: pd.DataFrame, variable: str, top: int, level: str = TOTAL) -> list[str]:
    """The answer codes of ``variable`` a table of the ``top`` most frequent answers shows
    (published shares in domain ``level``, largest first, as ``shares_for_display`` sorts)."""
    rows = results[(results["variable"] == variable) & (results["level"].astype(str) == level)]
    shares = pd.Series(
        rows["estimate"].astype(float).to_numpy(), index=rows["category"].astype(str)
    )
    shares = shares[~shares.index.duplicated()]
    return [str(c) for c in shares.sort_values(ascending=False, kind="stable").index[:top]]


def _left_out_share(
    variable: str, rest: pd.Series, remainder: pd.DataFrame | None
) -> tuple[str, float] | None:
    """("share", x): the published share answering none of the shown answers (single
    choice); ("largest", y): the largest published share of a left-out answer; None when
    neither is published."""
    from evidence.display.readers import is_multiple_choice
    from evidence.indicators.remainder import not_shown_variable

    if remainder is not None and not is_multiple_choice(variable) and len(remainder):
        rows = remainder[
            (remainder["variable"] == not_shown_variable(variable))
            & (remainder["level"].astype(str) == TOTAL)
        ]
        values = rows["estimate"].astype(float).dropna()
        if len(values) == 1:
            return ("share", float(values.iloc[0]))
    published = rest.astype(float).dropna()
    return ("largest", float(published.max())) if len(published) else None


def _with_reader_notes(
    out: pd.DataFrame,
    results: pd.DataFrame,
    questions: Sequence[tuple[str, list[str]]],
    sizes: Sequence[tuple[str, str, str]],
    language: Language,
    shares: dict[str, tuple[str, float]] | None = None,
) -> pd.DataFrame:
    """``out`` with what the line under its table needs (``evidence.display.readers``):
    sample sizes (label, question, level), multiple-choice questions and answers left out."""
    from evidence.display.readers import (
        LEFT_OUT,
        LEFT_OUT_SHARES,
        MULTIPLE_CHOICE,
        attach_sample_sizes,
        is_multiple_choice,
        question_sample_size,
    )
    from evidence.i18n import translate

    def name(variable: str) -> str:
        key = f"content.question.{variable}"
        from evidence.i18n import messages

        return translate(key, language) if messages().has(key) else code_label(variable, language)

    attach_sample_sizes(
        out, [(label, question_sample_size(results, v, level)) for label, v, level in sizes]
    )
    out.attrs[MULTIPLE_CHOICE] = [name(v) for v, _ in questions if is_multiple_choice(v)]
    out.attrs[LEFT_OUT] = [(name(v), answers) for v, answers in questions if answers]
    out.attrs[LEFT_OUT_SHARES] = {
        name(v): (shares or {})[v] for v, answers in questions if answers and v in (shares or {})
    }
    return out


def share_columns(table: pd.DataFrame) -> tuple[str, ...]:
    """The numeric columns of a display table (the shares of ``shares_for_display`` and
    ``questions_for_display``), which a study writes as percentages."""
    return tuple(str(c) for c in table.columns if pd.api.types.is_numeric_dtype(table[c]))


def share_of(
    results: pd.DataFrame, variable: str, category: str | None = None, level: str = TOTAL
) -> float:
    """One published share of a long results table (NaN when absent or withheld)."""
    rows = results[(results["variable"] == variable) & (results["level"] == level)]
    if category is not None:
        rows = rows[rows["category"] == category]
    if len(rows) != 1:
        return float("nan")
    return float(rows["estimate"].to_numpy(dtype=float)[0])


def questions_for_display(
    results: pd.DataFrame,
    variables: Sequence[str],
    language: Language,
    *,
    levels: Sequence[str] = (TOTAL, "female", "male"),
    top: int | None = None,
    keep_order: Sequence[str] = (),
    remainder: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Several questions in one table: a first column names the question (once, on its
    first row; ``content.question.<variable>`` in the catalogue), then ``shares_for_display``
    of each (``keep_order`` variables in codelist order), answers nobody gave left out;
    ``remainder`` as in ``shares_for_display``."""
    from evidence.i18n import translate

    pieces = []
    notes: list[tuple[str, list[str]]] = []
    sizes: list[tuple[str, str, str]] = []
    shares: dict[str, tuple[str, float]] = {}
    for variable in variables:
        part = shares_for_display(
            results,
            variable,
            language,
            levels=levels,
            top=top,
            sort=variable not in keep_order,
            remainder=remainder,
        )
        if part.empty:
            continue
        share = next(iter(part.attrs.get("left_out_shares", {}).values()), None)
        if share:
            shares[variable] = share
        left_out = [answers for _, answers in part.attrs.get("left_out", [])]
        notes.append((variable, left_out[0] if left_out else []))
        shown = part.iloc[:, 1:].fillna(-1)
        part = part[(shown != 0).any(axis=1)]  # answers nobody gave
        question = translate(f"content.question.{variable}", language)
        sizes.append((question, variable, TOTAL))
        part.insert(0, "  ", [question] + [""] * (len(part) - 1))
        pieces.append(part)
    if not pieces:
        return pd.DataFrame()
    out = pd.concat(pieces, ignore_index=True)
    return _with_reader_notes(out, results, notes, sizes, language, shares)


def sentence_key(key: str, *values: float) -> str:
    """``key``, or ``key + ".withheld"`` when a number the sentence quotes was withheld (NaN):
    the study then says so instead of printing "nan"."""
    withheld = any(not isinstance(v, int | float) or v != v for v in values)
    return f"{key}.withheld" if withheld else key


def respondents_table(
    results: pd.DataFrame, rows: str, columns: str, language: Language
) -> pd.DataFrame:
    """The published ``count_respondents`` rows as a two-way table with margins, answers
    labelled and headed in ``language`` (withheld cells empty)."""
    from evidence.display.values import crosstab
    from evidence.i18n import translate

    counts = results[results["indicator"] == "count_respondents"]
    levels = counts["level"].astype(str)
    row_codes = {v for d, v in zip(counts["disaggregation"], levels, strict=True) if d == rows}
    column_codes = {
        v for d, v in zip(counts["disaggregation"], levels, strict=True) if d == columns
    }
    return crosstab(
        results,
        "count_respondents",
        rows,
        columns,
        row_labels={code: code_label(code, language, rows) for code in row_codes},
        column_labels={code: code_label(code, language, columns) for code in column_codes},
        total_label=translate(_TOTAL_KEY, language),
        index_name=translate(f"overview.column.{rows}", language),
    )
