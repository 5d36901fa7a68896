"""Loading and looking up the message catalogue; numbers and periods written per language.

Messages are YAML files in ``evidence/i18n/messages/``: each maps a dotted key to its text in
es, pt and en. Several files keep topics apart (``report.yaml`` for the study frame, others for
study content); a key defined twice is an error, so two files never silently disagree.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from evidence.countries import LANGUAGES, Language, get_country
from evidence.errors import OptionError
from evidence.periods import check_period

MESSAGES_DIR = Path(__file__).resolve().parent / "messages"


@dataclass(frozen=True)
class Messages:
    """Every message by key, each in es, pt and en."""

    messages: Mapping[str, Mapping[str, str]]

    def translate(self, key: str, language: Language, /, **fields: object) -> str:
        language = check_language(language)
        try:
            text = self.messages[key][language]
        except KeyError:
            raise OptionError(
                f"no message {key!r} in language {language!r}; add it to a file in "
                f"{MESSAGES_DIR} with es, pt and en texts"
            ) from None
        try:
            filled = text.format_map(fields)
        except (KeyError, IndexError) as error:
            raise OptionError(
                f"message {key!r} needs field {error}; given: {', '.join(fields) or 'none'}"
            ) from None
        if not fields:
            return filled
        from evidence.i18n.glossary import agree_places

        return agree_places(filled, language)  # "em {country}" → "no Brasil"

    def has(self, key: str) -> bool:
        return key in self.messages

    def fields(self, key: str, language: Language) -> frozenset[str]:
        """The ``{placeholders}`` a message uses (the catalogue test compares languages)."""
        parsed = string.Formatter().parse(self.messages[key][language])
        return frozenset(name for _, name, _, _ in parsed if name)


def check_language(language: str) -> Language:
    if language not in LANGUAGES:
        raise OptionError(f"unknown language {language!r}; allowed: {', '.join(LANGUAGES)}")
    return language


def load_messages(directory: Path = MESSAGES_DIR) -> Messages:
    """Read every ``*.yaml`` in ``directory``; a malformed entry names its file and key."""
    messages: dict[str, dict[str, str]] = {}
    origin: dict[str, str] = {}
    for path in sorted(directory.glob("*.yaml")):
        entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(entries, dict):
            raise OptionError(f"{path}: a message file maps keys to {{es, pt, en}} texts")
        for key, texts in entries.items():
            if key in messages:
                raise OptionError(f"{path}: message {key!r} is already defined in {origin[key]}")
            if not isinstance(texts, dict) or set(texts) != set(LANGUAGES):
                raise OptionError(f"{path}: message {key!r} needs exactly es, pt and en texts")
            messages[key] = {lang: str(text) for lang, text in texts.items()}
            origin[key] = path.name
    return Messages(messages)


@cache
def messages() -> Messages:
    """The library's catalogue, read once per process."""
    return load_messages()


def translate(key: str, language: Language, /, **fields: object) -> str:
    """The message ``key`` in ``language`` with its ``{fields}`` filled in."""
    return messages().translate(key, language, **fields)


def label(code: object, language: Language, question: str | None = None) -> str:
    """The label of a codelist answer: ``label.<question>.<code>``, else ``label.<code>``.

    A code without a label is shown as written (``other_reason``) rather than failing a study
    over a missing translation; the catalogue test lists codes used by the contracts.
    """
    texts = messages()
    for key in (f"label.{question}.{code}" if question else None, f"label.{code}"):
        if key and texts.has(key):
            return texts.translate(key, language)
    return str(code)


def resolve_language(language: str | None, country: str | None = None) -> Language:
    """``language`` if given, else the country's report language (Spanish for regional)."""
    if language:
        return check_language(language)
    if country is None:
        return "es"
    return get_country(country).language


def month_name(month: int, language: Language) -> str:
    return translate(f"month.{month}", language)


def period_label(period: str, language: Language) -> str:
    """'2023-12' as 'diciembre de 2023', 'dezembro de 2023' or 'December 2023'."""
    year, month = check_period(period).split("-")
    return translate("period.label", language, month=month_name(int(month), language), year=year)


_SEPARATORS: dict[str, tuple[str, str]] = {"es": (".", ","), "pt": (".", ","), "en": (",", ".")}


def format_number(value: float, language: Language, digits: int = 0) -> str:
    """1234.5 → '1.234,5' (es, pt) or '1,234.5' (en)."""
    thousands, decimal = _SEPARATORS[check_language(language)]
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def format_percent(share: float, language: Language, digits: int = 1) -> str:
    """0.125 → '12,5 %' (es), '12,5%' (pt) or '12.5%' (en)."""
    number = format_number(100 * share, language, digits)
    return f"{number}\u00a0%" if language == "es" else f"{number}%"
