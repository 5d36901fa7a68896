"""Key messages: the 3-5 findings a study opens with, chosen from its published results by
stated rules.

A rule (:class:`KeyMessageRule`) names the published rows it may speak about (indicator
codes, or prefixes ending in ``_``, at one disaggregation), how to pick one of them (the
largest, the largest in absolute value), and what the picked row must show (an interval that
excludes zero for a gap or a change, a positive count for a red flag). Rules are tried in
order; each gives at most one :class:`KeyMessage`, which cites the analysis keys of the rows
behind it, and no more than ``max_n`` are kept. :func:`select_key_messages` is pure code over
a results frame: it never computes a number, it picks rows.

Never a message about a withheld or unreliable number: a row is usable only when its
estimate is published (not suppressed, no ``suppressed_*`` flag) and it carries no
``unreliable_*`` flag.

Each study's rules are in :data:`STUDY_RULES`; sentences are catalogue keys
``key_messages.<message>`` (evidence/i18n/messages/key_messages.yaml) with the fields
``value``, ``low``, ``high`` (the row's numbers written by the rule's kind), ``label`` (the
answer, country or signal picked) and the study's ``place``, ``period_label`` and
``earlier`` (YYYY-MM of the period compared with).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from evidence.options import check_option, check_positive_int

Pick = Literal["largest", "largest_abs"]
Require = Literal["any", "positive", "all_zero", "excludes_zero", "interval_excludes_zero"]
Label = Literal["none", "category", "level", "indicator", "country"]
PICKS: tuple[Pick, ...] = ("largest", "largest_abs")
REQUIRES: tuple[Require, ...] = (
    "any",
    "positive",
    "all_zero",
    "excludes_zero",
    "interval_excludes_zero",
)
MIN_MESSAGES = 3
MAX_MESSAGES = 5
# Answers that are not findings: nobody picks "none" or "don't know" as the top need.
NOT_FINDINGS: tuple[str, ...] = ("none", "dont_know", "prefer_not_to_say", "other", "nan")


@dataclass(frozen=True)
class KeyMessageRule:
    """Which published rows a message may speak about, and how one is chosen.

    ``indicators``: codes, or prefixes ending in ``_`` (``prop_needs_``); ``level``: the level
    the rows must have (None: any, e.g. one row per signal); ``country``: the country column's value
    (None: any; a regional study has one row per country); ``require``: ``positive`` (estimate > 0),
    ``all_zero`` (every row is 0: "no red flag"), ``excludes_zero`` (an interval that excludes 0,
    or, for a number without sampling error, ``ci_method`` none, a non-zero estimate),
    ``interval_excludes_zero`` (an interval that excludes 0: an indicative share, which has none,
    never qualifies). ``kind``: how ``value`` is written (evidence.display.format); ``label``: what
    names the row picked (its ``category``, its ``level``, or its indicator in the catalogue, after
    a ``diff_`` prefix); ``label_key``: a catalogue key with ``{code}`` for that name (else the
    answer's label); ``direction``: the message key ends in ``.increase`` or ``.decrease`` by the
    sign of the estimate, and the sentence writes its size.
    """

    message: str
    indicators: tuple[str, ...]
    disaggregation: str = "total"
    level: str | None = "total"
    country: str | None = None
    pick: Pick = "largest"
    require: Require = "any"
    kind: str = "proportion"
    label: Label = "none"
    label_key: str = ""
    exclude: tuple[str, ...] = NOT_FINDINGS
    direction: bool = False

    def __post_init__(self) -> None:
        check_option("pick", self.pick, PICKS)
        check_option("require", self.require, REQUIRES)


@dataclass(frozen=True)
class KeyMessage:
    """One key message: its catalogue key, the row's numbers and label code, and the
    (country, analysis key) of each published row it speaks about."""

    key: str
    kind: str
    cites: tuple[tuple[str, str], ...]
    value: float = math.nan
    low: float = math.nan
    high: float = math.nan
    code: str = ""
    variable: str = ""
    label: Label = "none"
    label_key: str = ""
    direction: bool = False


def usable(rows: pd.DataFrame) -> pd.Series:
    """Rows a message may speak about: published estimate, no withheld or unreliable flag."""
    if rows.empty:
        return pd.Series(dtype=bool)
    flags = rows["flags"].fillna("").astype(str).str.split()
    flagged = flags.map(
        lambda codes: any(c.startswith(("suppressed", "unreliable")) for c in codes)
    )
    ok = rows["estimate"].notna() & ~flagged
    if "suppressed" in rows.columns:
        ok &= ~rows["suppressed"].astype("boolean").fillna(False).astype(bool)
    return ok


def _matching(rows: pd.DataFrame, rule: KeyMessageRule) -> pd.DataFrame:
    codes = rows["indicator"].astype(str)
    wanted = pd.Series(False, index=rows.index)
    for code in rule.indicators:
        wanted |= codes.str.startswith(code) if code.endswith("_") else codes == code
    wanted &= rows["disaggregation"].astype(str) == rule.disaggregation
    if rule.level is not None:
        wanted &= rows["level"].astype(str) == rule.level
    if rule.country is not None:
        wanted &= rows["country"].astype(str) == rule.country
    picked = rows[wanted]
    answers = _codes(picked, rule)
    return picked[~answers.isin(rule.exclude)]


def _codes(rows: pd.DataFrame, rule: KeyMessageRule) -> pd.Series:
    if rule.label == "category" and "category" in rows.columns:
        return rows["category"].astype(str)
    if rule.label == "level":
        return rows["level"].astype(str)
    if rule.label == "country":
        return rows["country"].astype(str)
    if rule.label == "indicator":
        return rows["indicator"].astype(str).str.removeprefix("diff_")
    return pd.Series("", index=rows.index)


def _keys(rows: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    return tuple(zip(rows["country"].astype(str), rows["analysis_key"].astype(str), strict=True))


def _excludes_zero(rows: pd.DataFrame, exact_allowed: bool = True) -> pd.Series:
    low, high = rows["ci_low"].astype(float), rows["ci_high"].astype(float)
    with_interval = low.notna() & high.notna() & ((low > 0) | (high < 0))
    if not exact_allowed:
        return with_interval
    exact = (rows["ci_method"].astype(str) == "none") & (rows["estimate"].astype(float) != 0)
    return with_interval | exact


def apply_rule(
    rows: pd.DataFrame, rule: KeyMessageRule, cited: frozenset[tuple[str, str]] = frozenset()
) -> KeyMessage | None:
    """The message ``rule`` gives on published ``rows``, or None when no row qualifies;
    rows already ``cited`` by an earlier message are not picked again."""
    candidates = _matching(rows, rule)
    key = f"key_messages.{rule.message}"
    if rule.require == "all_zero":
        # Every row must be published and zero: a withheld count might not be zero.
        zero = (candidates["estimate"].astype(float) == 0).all()
        if len(candidates) and usable(candidates).all() and zero:
            return KeyMessage(key, rule.kind, _keys(candidates))
        return None
    candidates = candidates[[pair not in cited for pair in _keys(candidates)]]
    if candidates.empty:
        return None
    candidates = candidates[usable(candidates)]
    if rule.require == "positive":
        candidates = candidates[candidates["estimate"].astype(float) > 0]
    elif rule.require in ("excludes_zero", "interval_excludes_zero"):
        candidates = candidates[_excludes_zero(candidates, rule.require == "excludes_zero")]
    if candidates.empty:
        return None
    estimate = candidates["estimate"].astype(float)
    order = estimate.abs() if rule.pick == "largest_abs" else estimate
    position = int(np.argmax(order.to_numpy()))
    chosen = candidates.iloc[position]
    variable = chosen.get("variable") if rule.label == "category" else rule.disaggregation
    if rule.direction:
        key += ".increase" if float(chosen["estimate"]) > 0 else ".decrease"
    return KeyMessage(
        key=key,
        kind=rule.kind,
        cites=((str(chosen["country"]), str(chosen["analysis_key"])),),
        value=float(chosen["estimate"]),
        low=float(chosen["ci_low"]) if pd.notna(chosen["ci_low"]) else math.nan,
        high=float(chosen["ci_high"]) if pd.notna(chosen["ci_high"]) else math.nan,
        code=str(_codes(candidates.iloc[[position]], rule).iloc[0]),
        variable=str(variable) if isinstance(variable, str) else "",
        label=rule.label,
        label_key=rule.label_key,
        direction=rule.direction,
    )


def select_key_messages(
    rows: pd.DataFrame, rules: Sequence[KeyMessageRule], max_n: int = MAX_MESSAGES
) -> list[KeyMessage]:
    """The messages of ``rules`` (in order) on published ``rows``, at most ``max_n``."""
    check_positive_int("max_n", max_n)
    found: list[KeyMessage] = []
    if rows.empty:
        return found
    for rule in rules:
        cited = frozenset(pair for message in found for pair in message.cites)
        message = apply_rule(rows, rule, cited)
        if message is not None:
            found.append(message)
        if len(found) == max_n:
            break
    return found
