"""The message catalogue: complete in es, pt and en, consistent fields, language defaults."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from evidence.countries import COUNTRIES, LANGUAGES
from evidence.errors import OptionError
from evidence.i18n import (
    format_number,
    format_percent,
    label,
    messages,
    month_name,
    period_label,
    resolve_language,
    translate,
)
from evidence.i18n.texts import load_messages


def test_every_message_has_the_same_fields_in_every_language() -> None:
    texts = messages()
    for key in texts.messages:
        fields = {lang: texts.fields(key, lang) for lang in LANGUAGES}
        assert fields["es"] == fields["pt"] == fields["en"], (key, fields)


def test_every_study_has_a_title_in_every_language() -> None:
    from evidence.display.params import STUDIES

    for study in STUDIES:
        titles = {translate(f"study.{study}.title", lang) for lang in LANGUAGES}
        assert len(titles) >= 2, study  # at least two languages differ: it is translated


def test_default_language_follows_the_country_table() -> None:
    assert resolve_language(None, "BRA") == "pt"
    for iso3 in ("GUY", "TTO", "ABW", "CUW"):
        assert resolve_language(None, iso3) == "en"
    assert resolve_language(None, "COL") == "es"
    assert resolve_language("en", "COL") == "en"
    assert resolve_language(None, None) == "es"
    spanish = [c.iso3 for c in COUNTRIES if c.language == "es"]
    assert len(spanish) == 12


def test_unknown_language_names_the_allowed_ones() -> None:
    with pytest.raises(OptionError, match="es, pt, en"):
        resolve_language("fr", "COL")


def test_missing_message_and_missing_field_are_named() -> None:
    with pytest.raises(OptionError, match="no message 'nope'"):
        translate("nope", "es")
    with pytest.raises(OptionError, match="needs field"):
        translate("report.title", "es", study="x")


def test_period_and_numbers_per_language() -> None:
    assert period_label("2023-12", "es") == "diciembre de 2023"
    assert period_label("2024-03", "pt") == "março de 2024"
    assert period_label("2023-12", "en") == "December 2023"
    assert format_number(1234567.891, "es", 1) == "1.234.567,9"
    assert format_number(1234567.891, "en", 1) == "1,234,567.9"
    assert format_percent(0.125, "pt") == "12,5%"
    assert format_percent(0.125, "en") == "12.5%"
    assert format_percent(0.125, "es") == "12,5\u00a0%"


def test_labels_fall_back_to_the_code() -> None:
    assert label("female", "pt") == "Mulheres"
    assert label("stay", "en", "intention") == "Stay"
    assert label("some_new_code", "es") == "some_new_code"


def test_a_key_defined_twice_is_an_error(tmp_path: Path) -> None:
    entry = "greeting: {es: hola, pt: olá, en: hello}\n"
    (tmp_path / "a.yaml").write_text(entry, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(entry, encoding="utf-8")
    with pytest.raises(OptionError, match=r"already defined in a\.yaml"):
        load_messages(tmp_path)


def test_a_message_missing_a_language_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("greeting: {es: hola, en: hello}\n", encoding="utf-8")
    with pytest.raises(OptionError, match="needs exactly es, pt and en"):
        load_messages(tmp_path)


@pytest.mark.parametrize("month", [0, 13, -1, 2.0, True, "3"])
def test_month_name_outside_one_to_twelve_says_the_allowed_range(month: object) -> None:
    with pytest.raises(OptionError, match=r"from 1 \(January\) to 12 \(December\)"):
        month_name(month, "es")  # type: ignore[arg-type]


def test_month_name_takes_numpy_integers() -> None:
    assert month_name(np.int64(12), "en") == "December"  # type: ignore[arg-type]
