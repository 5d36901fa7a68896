"""Every message file of the catalogue, read on its own: each key has a non-empty text in es,
pt and en with the same {fields}, and every file is loaded by the catalogue."""

from __future__ import annotations

import string

import pytest
import yaml

from evidence.countries import LANGUAGES
from evidence.i18n import messages
from evidence.i18n.texts import MESSAGES_DIR

FILES = sorted(MESSAGES_DIR.glob("*.yaml"))


def test_there_are_message_files() -> None:
    assert len(FILES) >= 7 and not list(MESSAGES_DIR.glob("*.yml"))  # .yml would be skipped


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_every_key_of_the_file_is_in_every_language(path) -> None:  # type: ignore[no-untyped-def]
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    assert entries, path.name
    for key, texts in entries.items():
        assert set(texts) == set(LANGUAGES), (path.name, key)
        assert all(str(texts[lang]).strip() for lang in LANGUAGES), (path.name, key)
        fields = [
            {name for _, name, _, _ in string.Formatter().parse(str(texts[lang])) if name}
            for lang in LANGUAGES
        ]
        assert fields[0] == fields[1] == fields[2], (path.name, key, fields)
        assert messages().has(key), (path.name, key)
