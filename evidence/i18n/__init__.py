"""Message catalogue for the studies: headings, captions, labels and sentences in es, pt and en.

``translate(key, language, **fields)`` looks a message up and fills its ``{fields}``;
``label(code, language)`` names a codelist answer (``dont_know`` → "No sabe"). Messages live
in ``messages.yaml`` beside this module, one entry per key with all three languages.
"""

from __future__ import annotations

from evidence.i18n.texts import (
    Messages,
    format_number,
    format_percent,
    label,
    messages,
    month_name,
    period_label,
    resolve_language,
    translate,
)

__all__ = [
    "Messages",
    "format_number",
    "format_percent",
    "label",
    "messages",
    "month_name",
    "period_label",
    "resolve_language",
    "translate",
]
