"""Key messages written in the study language, and the output that puts them at the top.

The messages are chosen (``evidence.display.key_messages``) from everything the study has
published, which is only known when the notebook has run; yet the reader sees them first.
So an early cell shows :class:`KeyMessagesOutput` under a ``display_id`` and
``Study.results_output()`` (the last cell) replaces it with the final messages through
``IPython.display.update_display``: Jupyter (nbclient, hence papermill and ``evidence run``)
applies the update to the earlier output, so the executed notebook, its HTML and its PDF
carry them at the top. Outside a kernel (a script, the in-process runner) the object itself
is returned and it writes the messages it finds when it is shown.

The output's metadata (``evidence.key_messages``) lists each message's catalogue key and the
analysis keys of the published rows it speaks about, for tests and readers of the notebook.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import pandas as pd

from evidence.countries import Language
from evidence.display.format import format_value
from evidence.display.key_messages import MIN_MESSAGES, KeyMessage
from evidence.display.labels import code_label
from evidence.display.text import StudyText, bullet_list, heading, note
from evidence.i18n import translate

if TYPE_CHECKING:
    from evidence.display.study import Study

METADATA_KEY = "key_messages"


def message_label(message: KeyMessage, language: Language) -> str:
    """The answer, country, signal or indicator a message names, in ``language``."""
    if not message.code:
        return ""
    if message.label == "indicator":
        from evidence.indicators.parse import load_catalogue

        return load_catalogue().indicator(message.code).label.get(language)
    if message.label_key:
        return translate(message.label_key.format(code=message.code), language)
    return code_label(message.code, language, question=message.variable or None)


def message_text(message: KeyMessage, language: Language, **study_fields: object) -> str:
    """One message as a sentence: its row's numbers written by the rule's kind."""
    numbers = {"value": message.value, "low": message.low, "high": message.high}
    if message.direction and message.value < 0:  # a decrease is written by its size
        numbers = {"value": -message.value, "low": -message.high, "high": -message.low}
    written = {
        name: format_value(number, message.kind, language) for name, number in numbers.items()
    }
    label = message_label(message, language)
    return translate(message.key, language, label=label, **written, **study_fields)


def key_messages_markdown(
    messages: list[KeyMessage], language: Language, **study_fields: object
) -> StudyText:
    """The heading, one bullet per message, and a note when the data allow fewer than 3."""
    block = heading(translate("key_messages.heading", language))
    if messages:
        texts = [message_text(m, language, **study_fields) for m in messages]
        block = block + bullet_list(texts)
    if len(messages) < MIN_MESSAGES:
        block = block + note(translate("key_messages.few", language))
    return block


def citations(messages: list[KeyMessage]) -> list[dict[str, object]]:
    """[{"key": catalogue key, "cites": [[country, analysis key], ...]}] for the output's
    metadata."""
    return [{"key": m.key, "cites": [list(pair) for pair in m.cites]} for m in messages]


@dataclass(frozen=True)
class KeyMessagesOutput:
    """The key messages of the rows ``published()`` returns when shown (see module
    docstring); ``final`` False shows the placeholder written before the study has run."""

    select: Callable[[pd.DataFrame], list[KeyMessage]]
    published: Callable[[], pd.DataFrame]
    language: Language
    study_fields: Mapping[str, object]
    final: bool = True

    def messages(self) -> list[KeyMessage]:
        return self.select(self.published()) if self.final else []

    def _repr_mimebundle_(
        self, include: Any = None, exclude: Any = None
    ) -> tuple[dict[str, str], dict[str, Any]]:
        if not self.final:
            text = heading(translate("key_messages.heading", self.language)) + note(
                translate("key_messages.pending", self.language)
            )
            return {"text/markdown": text.markdown, "text/plain": text.markdown}, {}
        messages = self.messages()
        text = key_messages_markdown(messages, self.language, **self.study_fields)
        metadata = {"evidence": {METADATA_KEY: citations(messages)}}
        return {"text/markdown": text.markdown, "text/plain": text.markdown}, metadata


def _in_kernel() -> bool:
    """True inside a Jupyter kernel (JupyterLab, papermill): display ids work there."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the notebook stack
        return False
    shell = get_ipython()
    return shell is not None and getattr(shell, "kernel", None) is not None


def show_key_messages(study: Study, *, final: bool) -> KeyMessagesOutput | None:
    """Show (``final`` False: the placeholder) or fill in (``final`` True) the key messages
    of ``study`` under its display id; outside a kernel, the placeholder call returns the
    object that writes the messages when shown, and the final call does nothing."""
    from evidence.display.change_results import earlier_periods
    from evidence.display.key_message_rules import STUDY_RULES
    from evidence.display.key_messages import select_key_messages

    rules = STUDY_RULES[study.params.study]
    periods = earlier_periods(study)
    output = KeyMessagesOutput(
        select=lambda rows: select_key_messages(rows, rules),
        published=study.published.to_frame,
        language=study.language,
        study_fields={
            "place": study.place_name,
            "period_label": study.period_label,
            "previous": periods["prev_period"],
            "year_earlier": periods["prev_year"],
        },
        final=final,
    )
    if not _in_kernel():
        return None if final else replace(output, final=True)
    from IPython.display import display, update_display

    if final:
        update_display(output, display_id=study.display_id)
    else:
        display(output, display_id=study.display_id)
    return None
