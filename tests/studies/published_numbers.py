"""Every number a study shows is a row of its results table: the check the e2e tests run.

The reader's view of a study (``present_notebook``: tables, sentences, captions) is read up
to its Sources section (sources, methods notes and parameters describe how the study was
made, not what it found). Each number in it must be the way the display layer writes a
number of a published results row (``evidence.display.format.result_strings``): its
estimate or interval by its unit, or a sample size. Numbers written in the message
catalogue's own wording ("IPL-12", "7 días") and the period's year are not data. Table
header rows and first columns are labels (answers such as "18–24"), not numbers.
"""

from __future__ import annotations

import re
import string

import pandas as pd

from evidence.countries import Language
from evidence.display.format import result_strings
from evidence.i18n import messages, translate

NUMBER = re.compile(r"(?<![\w.,])[-−]?\d+(?:[.,]\d+)*(?:\u00a0?%)?")
DATE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


def catalogue_numbers(language: Language) -> set[str]:
    """Numbers in the fixed wording of the messages (placeholders removed)."""
    found: set[str] = set()
    for texts in messages().messages.values():
        text = texts.get(language, "")
        literal = "".join(part for part, *_ in string.Formatter().parse(text))
        found |= set(NUMBER.findall(literal))
    return found


def allowed_numbers(results: pd.DataFrame, language: Language) -> set[str]:
    allowed: set[str] = set()
    for row in results.to_dict("records"):
        allowed |= result_strings(row, language)
    return allowed


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def shown_numbers(markdown: str, language: Language) -> list[tuple[str, str]]:
    """(number, where) for every number the reader sees before the Sources heading."""
    sources = translate("report.sources.heading", language)
    body = markdown.split(f"## {sources}")[0]
    found: list[tuple[str, str]] = []
    table_line = 0
    for line in body.splitlines():
        if line.startswith("|"):
            table_line += 1
            if table_line <= 2:  # header and rule
                continue
            cells = [c.strip() for c in line.strip().strip("|").split(" | ")]
            for cell in cells[1:]:
                found += [(n, line) for n in NUMBER.findall(DATE.sub(" ", _unescape(cell)))]
            continue
        table_line = 0
        if line.startswith("![") or line.startswith("#"):
            continue  # figure captions and headings: words, the figure is not a table
        text = DATE.sub(" ", _unescape(line))
        found += [(n, line) for n in NUMBER.findall(text)]
    return found


def unpublished_numbers(
    markdown: str, results: pd.DataFrame, language: Language, period: str
) -> list[tuple[str, str]]:
    """The numbers shown that no published row accounts for (empty when all are)."""
    allowed = allowed_numbers(results, language) | catalogue_numbers(language)
    allowed |= {period[:4]}
    return [(n, where) for n, where in shown_numbers(markdown, language) if n not in allowed]
