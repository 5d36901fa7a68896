"""The glossary (evidence/i18n/glossary.yaml) against every message of the catalogue: each
term's preferred form is used, no avoided form appears, and a country name after a
preposition takes its article ("no Brasil", "en la República Dominicana")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from evidence.countries import LANGUAGES
from evidence.i18n import messages, translate
from evidence.i18n.glossary import agree_places, glossary, load_glossary
from evidence.paths import NOTEBOOKS_DIR


def _catalogue(language: str) -> dict[str, str]:
    return {key: texts[language] for key, texts in messages().messages.items()}


def test_every_term_has_three_languages_and_a_source() -> None:
    terms = glossary().terms
    assert {t.term for t in terms} >= {"migration_status", "irregular_status", "people_observed"}
    for term in terms:
        assert set(term.preferred) == set(LANGUAGES) and len(term.source) > 30, term.term


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_preferred_form_is_used(language: str) -> None:
    text = "\n".join(_catalogue(language).values()).lower()
    unused = [t.term for t in glossary().terms if t.preferred[language].lower() not in text]
    assert unused == [], f"{language}: preferred forms used in no message: {unused}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_message_uses_an_avoided_form(language: str) -> None:
    found = {
        key: hits
        for key, text in _catalogue(language).items()
        if (hits := glossary().avoided_in(text, language))
    }
    assert found == {}, f"{language}: {found}"


def test_an_avoided_form_is_found_and_an_allowed_phrase_is_not() -> None:
    words = glossary()
    assert words.avoided_in("un migrante ilegal", "es") == [
        "irregular_status: 'ilegal'",
        "irregular_status: 'migrante ilegal'",
    ]
    assert words.avoided_in("Illegal crossings", "en") != []
    assert words.avoided_in("two border crossings", "en") == []
    assert words.avoided_in("pasos fronterizos de Cúcuta", "es") == []
    assert words.avoided_in("Situación irregular", "es") == []


def test_a_term_without_a_source_is_refused(tmp_path: Path) -> None:
    from evidence.errors import OptionError

    path = tmp_path / "glossary.yaml"
    path.write_text("terms:\n  x: {es: a, pt: b, en: c}\nplaces: {}\n", encoding="utf-8")
    with pytest.raises(OptionError, match="needs es, pt, en and a source"):
        load_glossary(path)


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("pretendem ficar em Brasil", "pt", "pretendem ficar no Brasil"),
        ("Em Brasil, em dezembro", "pt", "No Brasil, em dezembro"),
        ("dados de Colômbia e de Aruba", "pt", "dados da Colômbia e de Aruba"),
        ("quedarse en República Dominicana", "es", "quedarse en la República Dominicana"),
        ("en la República Dominicana", "es", "en la República Dominicana"),
        ("quedarse en Colombia", "es", "quedarse en Colombia"),
        ("stay in Dominican Republic", "en", "stay in the Dominican Republic"),
        ("stay in Trinidad and Tobago", "en", "stay in Trinidad and Tobago"),
    ],
)
def test_a_preposition_agrees_with_the_country(text: str, language: str, expected: str) -> None:
    assert agree_places(text, language) == expected  # type: ignore[arg-type]


def test_messages_with_a_country_read_right_for_every_country() -> None:
    shown = translate("content.movement.route.sentence", "pt", **_profile_fields("Brasil"))
    assert "ficar no Brasil" in shown and "em Brasil" not in shown
    shown = translate(
        "content.movement.route.sentence", "es", **_profile_fields("República Dominicana")
    )
    assert "en la República Dominicana" in shown


def _profile_fields(country: str) -> dict[str, object]:
    key = "content.movement.route.sentence"
    names = messages().fields(key, "es")
    return {name: (country if name == "country" else "1") for name in names}


def test_ipl12_is_explained_on_first_use_in_the_integration_study() -> None:
    """The first message of the integration notebook that names IPL-12 says what it is."""
    notebook = json.loads((NOTEBOOKS_DIR / "integration.ipynb").read_text(encoding="utf-8"))
    source = "\n".join("".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code")
    keys = [k for k in re.findall(r'"([a-z_]+(?:\.[a-z0-9_]+)+)"', source) if messages().has(k)]
    term = next(t for t in glossary().terms if t.term == "ipl12")
    for language in LANGUAGES:
        first = next(k for k in keys if "IPL-12" in translate_raw(k, language))
        assert term.explained[language] in translate_raw(first, language), (language, first)


def translate_raw(key: str, language: str) -> str:
    return messages().messages[key][language]
