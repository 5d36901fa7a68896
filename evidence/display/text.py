"""Narrative output for studies: Markdown that shows in JupyterLab and in HTML and PDF.

``StudyText`` carries Markdown; the renderer uses it as is, JupyterLab renders it, and
``text/html`` is not offered so there is a single source. Data-derived values are escaped
with ``escape_markdown`` by the helpers that build sentences, never pasted in raw.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_MARKDOWN_SPECIAL = set("\\`*_{}[]<>#+!|$@~^&")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown punctuation so data or titles are shown literally."""
    return "".join(f"\\{char}" if char in _MARKDOWN_SPECIAL else char for char in text)


@dataclass(frozen=True)
class StudyText:
    """A block of Markdown in a study (a heading, a sentence, a note).

    The one form narrative takes in a study: JupyterLab renders the Markdown and the runner
    copies it as is into the document it renders to HTML and PDF. Blocks join with ``+`` (a
    blank line between them). Build them with :func:`heading`, :func:`paragraph`,
    :func:`bullet_list` and :func:`note`, which escape their text; the constructor takes
    Markdown as written.

    Parameters
    ----------
    markdown : str
        The block's Markdown source.

    See Also
    --------
    evidence.display.Study.sentence : a catalogue sentence in the study language.

    Examples
    --------
    >>> from evidence.display import StudyText, heading, paragraph
    >>> block = heading("Sources") + paragraph("Flow Monitoring Survey, 2023.")
    >>> print(block.markdown)
    ## Sources
    <BLANKLINE>
    Flow Monitoring Survey, 2023.
    >>> StudyText("*as written*")._repr_mimebundle_()["text/markdown"]
    '*as written*'
    """

    markdown: str

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {"text/markdown": self.markdown, "text/plain": self.markdown}

    def __add__(self, other: StudyText) -> StudyText:
        return StudyText(f"{self.markdown}\n\n{other.markdown}")


def heading(text: str, level: int = 2) -> StudyText:
    """A Markdown heading (its text escaped: it may contain data).

    Parameters
    ----------
    text : str
        The heading's text, shown literally.
    level : int, default 2
        Heading level: the number of ``#`` (1 is the study's title, set by the renderer).

    Returns
    -------
    StudyText
        The heading as Markdown.

    Examples
    --------
    >>> from evidence.display import heading
    >>> print(heading("Flows *by* site", level=3).markdown)
    ### Flows \\*by\\* site
    """
    return StudyText(f"{'#' * level} {escape_markdown(text)}")


def paragraph(text: str) -> StudyText:
    """A sentence or paragraph of plain text (escaped: it may contain data).

    Parameters
    ----------
    text : str
        The text, shown literally (Markdown punctuation is backslash-escaped).

    Returns
    -------
    StudyText
        The paragraph as Markdown.

    Examples
    --------
    >>> from evidence.display import paragraph
    >>> print(paragraph("50% of [respondents]").markdown)
    50% of \\[respondents\\]
    """
    return StudyText(escape_markdown(text))


def bullet_list(items: list[str]) -> StudyText:
    """A Markdown bullet list, one item per line (each escaped: it may contain data).

    Parameters
    ----------
    items : list of str
        The items, in order, shown literally.

    Returns
    -------
    StudyText
        The list as Markdown.

    Examples
    --------
    >>> from evidence.display import bullet_list
    >>> print(bullet_list(["Colombia", "other_reason"]).markdown)
    - Colombia
    - other\\_reason
    """
    return StudyText("\n".join(f"- {escape_markdown(item)}" for item in items))


def note(text: str) -> StudyText:
    """A highlighted note (a caveat), shown as a block quote.

    Parameters
    ----------
    text : str
        The note, shown literally (escaped).

    Returns
    -------
    StudyText
        The note as a Markdown block quote.

    See Also
    --------
    evidence.display.Study.caveat : a catalogue caveat in the study language.

    Examples
    --------
    >>> from evidence.display import note
    >>> note("Indicative: not a probability sample.").markdown
    '> Indicative: not a probability sample.'
    """
    return StudyText(f"> {escape_markdown(text)}")
