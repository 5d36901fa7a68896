"""What a top-k table leaves out, as a published share: the people whose answer to a
single-choice question is none of the answers shown.

A table of the most frequent answers says what it leaves out with a number only if that
number is a published results row. For a single-choice question the share of the answers
left out is one minus the shown shares' sum and is itself a proportion: the share of
respondents whose answer is not among the shown codes, estimated here with the one
proportion engine (``indicative_proportions``), so it carries its own ``n``, numerator and
disclosure control. For a multiple-choice question the left-out shares do not add up (a
person names several answers); there is no such share, and this module refuses it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache

import pandas as pd

from evidence.errors import OptionError
from evidence.indicators.proportions import Disaggregation, indicative_proportions
from evidence.indicators.variables import choice_columns


@cache
def _list_fields() -> frozenset[str]:
    """The multiple-choice questions of every contract (``list`` fields)."""
    from evidence.contracts import list_contracts, load_contract

    return frozenset(
        field.name
        for name in list_contracts()
        for field in load_contract(name).fields
        if field.type == "list"
    )


__all__ = ["NOT_SHOWN_PREFIX", "not_shown_variable", "share_not_shown"]

NOT_SHOWN_PREFIX = "not_shown_"  # before the question: no rule on prop_<question>_ matches


def not_shown_variable(variable: str) -> str:
    """The derived variable of ``share_not_shown`` (``not_shown_intended_destination``)."""
    return f"{NOT_SHOWN_PREFIX}{variable}"


def share_not_shown(
    frame: pd.DataFrame,
    shown: Mapping[str, Sequence[str]],
    *,
    by: Disaggregation | Sequence[Disaggregation] | None = None,
    country: str | None = None,
    period: str | None = None,
    prefix: str = "prop",
) -> pd.DataFrame:
    """Share of respondents whose answer to each single-choice question of ``shown`` is none
    of the codes shown, overall and by ``by``: what a top-k table leaves out, as a results row.

    The boolean variable ``not_shown_<variable>`` is estimated with the one proportion engine
    (``indicative_proportions``), so the share carries its own ``n`` (people who answered the
    question), numerator (those whose answer is left out) and disclosure control. A question
    nobody answered outside the shown codes gives a share of 0. The input frame is not
    modified.

    Parameters
    ----------
    frame : pandas.DataFrame
        Respondents, with ``country`` and ``period`` columns unless given, and one column per
        single-choice question of ``shown``.
    shown : mapping of str to sequence of str
        ``{variable: [codes shown]}``: the answers the table shows, per question.
    by : str, sequence of str or sequence of tuples, optional
        Disaggregations, as ``indicative_proportions`` takes them.
    country, period : str, optional
        Taken from the frame's columns when not given.
    prefix : str, default "prop"
        Prefix of the indicator codes (``<prefix>_not_shown_<variable>``).

    Returns
    -------
    pandas.DataFrame
        Results rows (the contract's columns, then ``unit``, ``numerator``, ...), not yet
        published: a study passes them to ``Study.results``.

    Raises
    ------
    OptionError
        No question, a multiple-choice question (its left-out shares do not add up), or a
        column the frame lacks.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.indicators import share_not_shown
    >>> answers = pd.DataFrame({"country": "ABW", "period": "2023-12",
    ...                         "transport": ["bus", "bus", "walking", "car", None]})
    >>> rows = share_not_shown(answers, {"transport": ["bus"]})
    >>> first = rows.iloc[0]
    >>> print(first["indicator"], first["estimate"], first["n"], first["numerator"])
    prop_not_shown_transport 0.5 4 2
    """
    if not shown:
        raise OptionError("share_not_shown needs at least one question: pass {variable: codes}")
    derived: dict[str, pd.Series] = {}
    for variable, codes in shown.items():
        if choice_columns(frame, variable) or variable in _list_fields():
            raise OptionError(
                f"{variable!r} is a multiple-choice question: the shares of answers left "
                "out do not add up; say the largest left-out share instead"
            )
        if variable not in frame.columns:
            raise OptionError(f"no column {variable!r} in the frame; pass a single-choice question")
        answers = frame[variable]
        outside = ~answers.astype("string").isin([str(c) for c in codes])
        derived[not_shown_variable(variable)] = outside.astype("boolean").mask(answers.isna())
    keep = [c for c in ("country", "period") if c in frame.columns]
    grouping = {b for d in ([by] if isinstance(by, str) else list(by or [])) for b in
                ([d] if isinstance(d, str) else d)}  # fmt: skip
    data = pd.concat([frame[keep + sorted(grouping)], pd.DataFrame(derived)], axis=1)
    return indicative_proportions(
        data, list(derived), by=by, country=country, period=period, prefix=prefix
    )
