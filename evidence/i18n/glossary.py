"""The glossary of the studies (``glossary.yaml``): preferred and avoided forms per language,
with the UN/IOM usage each follows, and country names that take an article.

``agree_places(text, language)`` makes a preposition agree with the country name that follows
it ("em Brasil" → "no Brasil", "en República Dominicana" → "en la República Dominicana", "in
Dominican Republic" → "in the Dominican Republic"): messages say ``em {country}`` and every
country then reads right. ``translate`` applies it to every filled-in message.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from evidence.countries import COUNTRIES, LANGUAGES, Language
from evidence.errors import OptionError
from evidence.yaml_text import parse_yaml

GLOSSARY_FILE = Path(__file__).resolve().parent / "glossary.yaml"

# preposition → {article → contracted form}; None keeps "preposition article".
_CONTRACTIONS: dict[str, dict[str, dict[str, str]]] = {
    "pt": {
        "em": {"o": "no", "a": "na"},
        "de": {"o": "do", "a": "da"},
        "para": {"o": "para o", "a": "para a"},
    },
    "es": {
        "en": {"la": "en la"},
        "de": {"la": "de la"},
        "a": {"la": "a la"},
        "desde": {"la": "desde la"},
        "hacia": {"la": "hacia la"},
    },
    "en": {p: {"the": f"{p} the"} for p in ("in", "of", "to", "from", "across")},
}


@dataclass(frozen=True)
class GlossaryTerm:
    """One term: its preferred form per language, forms to avoid and where the usage is from."""

    term: str
    preferred: Mapping[str, str]
    source: str
    avoid: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    allow: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    explained: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Glossary:
    terms: tuple[GlossaryTerm, ...]
    articles: Mapping[str, Mapping[str, str]]

    def avoided_in(self, text: str, language: Language) -> list[str]:
        """The avoided forms ``text`` uses in ``language`` (whole words, case ignored)."""
        found = []
        for term in self.terms:
            cleaned = text
            for phrase in term.allow.get(language, ()):
                cleaned = re.sub(re.escape(phrase), " ", cleaned, flags=re.IGNORECASE)
            for form in term.avoid.get(language, ()):
                if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", cleaned, flags=re.IGNORECASE):
                    found.append(f"{term.term}: {form!r}")
        return found


def _forms(entry: Mapping[str, object], name: str, term: str) -> dict[str, tuple[str, ...]]:
    value = entry.get(name) or {}
    if not isinstance(value, dict) or not set(value) <= set(LANGUAGES):
        raise OptionError(f"{GLOSSARY_FILE.name}: {term}.{name} maps es, pt, en to lists")
    return {lang: tuple(str(v) for v in forms) for lang, forms in value.items()}


def load_glossary(path: Path = GLOSSARY_FILE) -> Glossary:
    """Read the glossary; a term without all three languages or a source is an error."""
    data = parse_yaml(path.read_text(encoding="utf-8"))
    terms = []
    for term, entry in data["terms"].items():
        if not set(LANGUAGES) <= set(entry) or not entry.get("source"):
            raise OptionError(f"{path.name}: term {term!r} needs es, pt, en and a source")
        terms.append(
            GlossaryTerm(
                term=term,
                preferred={lang: str(entry[lang]) for lang in LANGUAGES},
                source=" ".join(str(entry["source"]).split()),
                avoid=_forms(entry, "avoid", term),
                allow=_forms(entry, "allow", term),
                explained={k: str(v) for k, v in (entry.get("explained") or {}).items()},
            )
        )
    articles: dict[str, dict[str, str]] = {
        str(lang): {str(k): str(v) for k, v in (data.get("places", {}).get(lang) or {}).items()}
        for lang in LANGUAGES
    }
    return Glossary(tuple(terms), articles)


@cache
def glossary() -> Glossary:
    return load_glossary()


@cache
def _place_rules(language: Language) -> tuple[tuple[re.Pattern[str], str], ...]:
    rules = []
    for iso3, article in glossary().articles[language].items():
        name = next(c for c in COUNTRIES if c.iso3 == iso3).name(language)
        for preposition, forms in _CONTRACTIONS[language].items():
            if article not in forms:
                continue
            pattern = re.compile(rf"(?<!\w)({preposition}) {re.escape(name)}(?!\w)", re.IGNORECASE)
            rules.append((pattern, f"{forms[article]} {name}"))
    return tuple(rules)


def agree_places(text: str, language: Language) -> str:
    """``text`` with each preposition before a country name agreeing with its article."""

    def keep_case(match: re.Match[str], replacement: str) -> str:
        first = match.group(1)[0]
        return replacement[0].upper() + replacement[1:] if first.isupper() else replacement

    for pattern, replacement in _place_rules(language):
        text = pattern.sub(lambda m, r=replacement: keep_case(m, r), text)  # type: ignore[misc]
    return text
