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
from numbers import Integral
from pathlib import Path

from evidence.countries import LANGUAGES, Language, get_country
from evidence.errors import OptionError
from evidence.periods import check_period
from evidence.yaml_text import parse_yaml

MESSAGES_DIR = Path(__file__).resolve().parent / "messages"


@dataclass(frozen=True)
class Messages:
    """Every message by key, each in es, pt and en.

    The catalogue behind every heading, caption, label and sentence of a study; the library's
    own is read once by :func:`messages`, and :func:`load_messages` builds one from a folder of
    YAML files.

    Parameters
    ----------
    messages : mapping of str to mapping of str to str
        Dotted key (``period.label``) → language (``es``, ``pt``, ``en``) → text, which may hold
        ``{field}`` placeholders.

    See Also
    --------
    translate : a message of the library's catalogue.

    Examples
    --------
    >>> from evidence.i18n import Messages
    >>> texts = Messages({"greeting": {"es": "Hola, {name}", "pt": "Olá, {name}",
    ...                                "en": "Hello, {name}"}})
    >>> texts.translate("greeting", "pt", name="Ana")
    'Olá, Ana'
    >>> texts.has("greeting"), texts.has("farewell")
    (True, False)
    >>> sorted(texts.fields("greeting", "en"))
    ['name']
    """

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
        entries = parse_yaml(path.read_text(encoding="utf-8")) or {}
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
    """The library's catalogue, read once per process.

    Every ``*.yaml`` file of ``evidence/i18n/messages/`` is read on the first call and the
    same object is returned afterwards.

    Returns
    -------
    Messages
        Every message of the library by key, in es, pt and en.

    Raises
    ------
    OptionError
        A message file is malformed: an entry without exactly es, pt and en texts, or a key
        defined in two files.

    Examples
    --------
    >>> from evidence.i18n import messages
    >>> catalogue = messages()
    >>> catalogue is messages()
    True
    >>> catalogue.has("period.label"), sorted(catalogue.fields("period.label", "en"))
    (True, ['month', 'year'])
    """
    return load_messages()


def translate(key: str, language: Language, /, **fields: object) -> str:
    """The message ``key`` in ``language`` with its ``{fields}`` filled in.

    Every word a study shows comes from the catalogue (:func:`messages`) through this
    function, so the same study reads in Spanish, Portuguese or English. When fields are
    given, a Portuguese preposition before a place name is made to agree with it ("em
    {country}" → "no Brasil").

    Parameters
    ----------
    key : str
        Dotted message key, e.g. ``"report.sources.heading"``. Positional only.
    language : {"es", "pt", "en"}
        Language of the text. Positional only.
    **fields : object
        Values of the message's ``{placeholders}`` (formatted with ``str.format``).

    Returns
    -------
    str
        The filled-in text.

    Raises
    ------
    OptionError
        Unknown language, a key not in the catalogue (for that language), or a placeholder
        without a value among ``fields``.

    See Also
    --------
    label : the label of a codelist answer.

    Examples
    --------
    >>> from evidence.i18n import translate
    >>> translate("report.sources.heading", "es")
    'Fuentes'
    >>> translate("report.source.flow_survey", "en", period="December 2023")
    'Flow Monitoring Survey (DTM, IOM), December 2023.'
    >>> translate("period.label", "en")
    Traceback (most recent call last):
    ...
    evidence.errors.OptionError: message 'period.label' needs field 'month'; given: none
    """
    return messages().translate(key, language, **fields)


def label(code: object, language: Language, question: str | None = None) -> str:
    """The label of a codelist answer: ``label.<question>.<code>``, else ``label.<code>``.

    A code without a label is shown as written (``other_reason``) rather than failing a study
    over a missing translation; the catalogue test lists codes used by the contracts.

    Parameters
    ----------
    code : object
        The answer as stored in curated data (``"dont_know"``); non-strings are used through
        ``str``.
    language : {"es", "pt", "en"}
        Language of the label.
    question : str, optional
        The question (column) the answer belongs to, for codes whose label depends on it
        (``label.intention.stay``); the generic ``label.<code>`` is used when it has none.

    Returns
    -------
    str
        The label, or ``str(code)`` when the catalogue has none.

    Raises
    ------
    OptionError
        Unknown language (when a label exists for the code).

    Examples
    --------
    >>> from evidence.i18n import label
    >>> label("dont_know", "es")
    'No sabe'
    >>> label("stay", "en", question="intention")
    'Stay'
    >>> label("other_reason", "pt")
    'other_reason'
    """
    texts = messages()
    for key in (f"label.{question}.{code}" if question else None, f"label.{code}"):
        if key and texts.has(key):
            return texts.translate(key, language)
    return str(code)


def resolve_language(language: str | None, country: str | None = None) -> Language:
    """``language`` if given, else the country's report language (Spanish for regional).

    How a study picks its language: the parameter wins; a country study is otherwise written
    in its country's language (Portuguese for Brazil, Spanish for most, English for some);
    the regional study defaults to Spanish.

    Parameters
    ----------
    language : str or None
        ``"es"``, ``"pt"`` or ``"en"``; ``None`` or ``""`` to take the default.
    country : str, optional
        ISO3 code of the study's country; ``None`` for the regional study.

    Returns
    -------
    {"es", "pt", "en"}
        The language of the study.

    Raises
    ------
    OptionError
        Unknown language, or unknown country when the language is not given.

    Examples
    --------
    >>> from evidence.i18n import resolve_language
    >>> resolve_language(None, "BRA"), resolve_language("", "COL"), resolve_language(None)
    ('pt', 'es', 'es')
    >>> resolve_language("en", "COL")
    'en'
    >>> resolve_language("fr")
    Traceback (most recent call last):
    ...
    evidence.errors.OptionError: unknown language 'fr'; allowed: es, pt, en
    """
    if language:
        return check_language(language)
    if country is None:
        return "es"
    return get_country(country).language


def month_name(month: int, language: Language) -> str:
    """The name of a month in a study language, as written inside a sentence.

    Parameters
    ----------
    month : int
        1 (January) to 12 (December).
    language : {"es", "pt", "en"}
        Language of the name.

    Returns
    -------
    str
        The month's name (lower case in es and pt, capitalised in en).

    Raises
    ------
    OptionError
        Unknown language, or a month that is not an integer from 1 to 12 (the message says
        so).

    See Also
    --------
    period_label : a whole period (month and year).

    Examples
    --------
    >>> from evidence.i18n import month_name
    >>> month_name(3, "es"), month_name(3, "pt"), month_name(3, "en")
    ('marzo', 'março', 'March')
    """
    if isinstance(month, bool) or not isinstance(month, Integral) or not 1 <= month <= 12:
        raise OptionError(
            f"month={month!r} is not allowed; use an integer from 1 (January) to 12 (December)"
        )
    return translate(f"month.{int(month)}", language)


def period_label(period: str, language: Language) -> str:
    """'2023-12' as 'diciembre de 2023', 'dezembro de 2023' or 'December 2023'.

    How a study names its reporting period in titles, captions and sources.

    Parameters
    ----------
    period : str
        Reporting period, ``YYYY-MM``.
    language : {"es", "pt", "en"}
        Language of the label.

    Returns
    -------
    str
        Month name and year in the language's usual form.

    Raises
    ------
    OptionError
        A period not of the form ``YYYY-MM`` (or with a month outside 01-12), or an unknown
        language.

    Examples
    --------
    >>> from evidence.i18n import period_label
    >>> [period_label("2023-12", language) for language in ("es", "pt", "en")]
    ['diciembre de 2023', 'dezembro de 2023', 'December 2023']
    >>> period_label("2023-13", "es")
    Traceback (most recent call last):
    ...
    evidence.errors.OptionError: period must be YYYY-MM (e.g. 2023-12), got '2023-13'
    """
    year, month = check_period(period).split("-")
    return translate("period.label", language, month=month_name(int(month), language), year=year)


_SEPARATORS: dict[str, tuple[str, str]] = {"es": (".", ","), "pt": (".", ","), "en": (",", ".")}


def format_number(value: float, language: Language, digits: int = 0) -> str:
    """1234.5 → '1.234,5' (es, pt) or '1,234.5' (en).

    Numbers in a study use its language's separators: a point between thousands and a comma
    before decimals in Spanish and Portuguese, the reverse in English.

    Parameters
    ----------
    value : float
        The number.
    language : {"es", "pt", "en"}
        Language whose separators to use.
    digits : int, default 0
        Decimals shown (rounded).

    Returns
    -------
    str
        The number with thousands and decimal separators.

    Raises
    ------
    OptionError
        Unknown language.

    See Also
    --------
    format_percent : a share written as a percentage.

    Examples
    --------
    >>> from evidence.i18n import format_number
    >>> format_number(1234.5, "es", digits=1), format_number(1234.5, "en", digits=1)
    ('1.234,5', '1,234.5')
    >>> format_number(1234, "pt")
    '1.234'
    """
    thousands, decimal = _SEPARATORS[check_language(language)]
    text = f"{value:,.{digits}f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def format_percent(share: float, language: Language, digits: int = 1) -> str:
    """0.125 → '12,5 %' (es), '12,5%' (pt) or '12.5%' (en).

    Spanish puts a non-breaking space before the sign (so it never starts a line);
    Portuguese and English write it next to the number.

    Parameters
    ----------
    share : float
        A share between 0 and 1 (``0.125`` is 12.5 %).
    language : {"es", "pt", "en"}
        Language whose separators and spacing to use.
    digits : int, default 1
        Decimals of the percentage.

    Returns
    -------
    str
        The percentage with its sign.

    Raises
    ------
    OptionError
        Unknown language.

    Examples
    --------
    >>> from evidence.i18n import format_percent
    >>> format_percent(0.125, "es") == "12,5\u00a0%"
    True
    >>> format_percent(0.125, "pt"), format_percent(0.25, "en", digits=0)
    ('12,5%', '25%')
    """
    number = format_number(100 * share, language, digits)
    return f"{number}\u00a0%" if language == "es" else f"{number}%"
