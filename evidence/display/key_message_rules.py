"""The stated rules each study's key messages are chosen by (``evidence.display.key_messages``).

Tried in order, at most five kept, a row cited once. Per study:

- movement: the largest change in people observed per day since the previous period and since the
  same month a year earlier (when those periods' data exist); people observed per day; the most
  frequent intention and destination (excluding "don't know" and "other"); the red-flag signal
  raised most often, or that none was raised.
- risks: the change in the share that met a risk (only with an interval that excludes zero, so never
  on indicative data); the share that met at least one risk; the most cited need and risk (excluding
  "none"); the most frequent vulnerability factor.
- integration: the change in the employment gap (interval excluding zero); the migrant − host
  employment gap, and the largest gap of any share, when their 95 % interval excludes zero; the
  unexplained part of the employment gap (Oaxaca-Blinder) and the effect of regular status on
  migrants' employment (AIPW), when their interval excludes zero; the migrant − national dropout
  gap; then the share of migrants employed, of migrants with a regular status, and the dropout rate
  of migrant students (each with its interval).
- regional: people interviewed in the region; the country with the most people observed per day, the
  largest share in an irregular situation, the largest employment gap whose interval excludes zero,
  and the most red flags of one signal.
"""

from __future__ import annotations

from evidence.countries import REGION_CODE
from evidence.display.key_messages import NOT_FINDINGS, KeyMessageRule, Require

_CHANGES = ("_change_prev_period", "_change_prev_year")


def _changes(
    message: str, indicator: str, kind: str, require: Require = "interval_excludes_zero"
) -> tuple[KeyMessageRule, ...]:
    return tuple(
        KeyMessageRule(
            f"{message}{suffix}",
            (f"{indicator}{suffix}",),
            require=require,
            kind=kind,
            direction=True,
        )
        for suffix in _CHANGES
    )


MOVEMENT: tuple[KeyMessageRule, ...] = (
    # Counts have no sampling error: any change of people per day is a change.
    *_changes("movement.flow", "rate_people_per_day", "rate", "excludes_zero"),
    KeyMessageRule("movement.flows", ("rate_people_per_day",), kind="rate"),
    KeyMessageRule("movement.intention", ("prop_intention_",), label="category"),
    KeyMessageRule("movement.destination", ("prop_intended_destination_",), label="category"),
    KeyMessageRule(
        "movement.red_flags",
        ("total_red_flags",),
        disaggregation="signal",
        level=None,
        require="positive",
        kind="total",
        label="level",
        label_key="movement_scale.signal.{code}",
    ),
    KeyMessageRule(
        "movement.no_red_flags",
        ("total_red_flags",),
        disaggregation="signal",
        level=None,
        require="all_zero",
        kind="total",
    ),
)

RISKS: tuple[KeyMessageRule, ...] = (
    *_changes("risks.risk", "prop_any_risk", "points"),
    KeyMessageRule("risks.any_risk", ("prop_any_risk",)),
    KeyMessageRule("risks.need", ("prop_needs_",), label="category"),
    KeyMessageRule("risks.risk", ("prop_risks_",), label="category"),
    KeyMessageRule("risks.vulnerability", ("prop_vulnerability_",), label="category"),
)

INTEGRATION: tuple[KeyMessageRule, ...] = (
    *_changes("integration.gap", "diff_prop_employed", "points"),
    KeyMessageRule(
        "integration.employment_gap",
        ("diff_prop_employed",),
        require="excludes_zero",
        kind="points",
    ),
    KeyMessageRule(
        "integration.largest_gap",
        ("diff_prop_",),
        pick="largest_abs",
        require="excludes_zero",
        kind="points",
        label="indicator",
    ),
    KeyMessageRule(
        "integration.unexplained",
        ("oaxaca_employed",),
        disaggregation="part",
        level="unexplained",
        require="excludes_zero",
        kind="points",
    ),
    KeyMessageRule(
        "integration.regularisation",
        ("effect_regular_on_employed_att",),
        disaggregation="method",
        level="aipw",
        require="excludes_zero",
        kind="points",
    ),
    KeyMessageRule(
        "integration.dropout_gap",
        ("diff_prop_student_dropout_followup",),
        require="excludes_zero",
        kind="points",
    ),
    KeyMessageRule(
        "integration.migrant_employed", ("prop_employed",), disaggregation="group", level="migrant"
    ),
    KeyMessageRule("integration.regular_status", ("prop_document_status_regular",)),
    KeyMessageRule(
        "integration.dropout_migrant",
        ("prop_student_dropout_followup",),
        disaggregation="migrant",
        level="true",
    ),
)

_OTHER_COUNTRIES = (*NOT_FINDINGS, REGION_CODE)
REGIONAL: tuple[KeyMessageRule, ...] = (
    KeyMessageRule(
        "regional.respondents", ("count_respondents",), country=REGION_CODE, kind="count"
    ),
    KeyMessageRule(
        "regional.flows",
        ("rate_people_per_day",),
        kind="rate",
        label="country",
        exclude=_OTHER_COUNTRIES,
    ),
    KeyMessageRule(
        "regional.irregular",
        ("prop_regular_status_irregular",),
        label="country",
        exclude=_OTHER_COUNTRIES,
    ),
    KeyMessageRule(
        "regional.employment_gap",
        ("diff_prop_employed",),
        pick="largest_abs",
        require="excludes_zero",
        kind="points",
        label="country",
        exclude=_OTHER_COUNTRIES,
    ),
    KeyMessageRule(
        "regional.red_flags",
        ("total_red_flags",),
        disaggregation="signal",
        level=None,
        require="positive",
        kind="total",
        label="country",
        exclude=_OTHER_COUNTRIES,
    ),
)

STUDY_RULES: dict[str, tuple[KeyMessageRule, ...]] = {
    "movement": MOVEMENT,
    "risks": RISKS,
    "integration": INTEGRATION,
    "regional": REGIONAL,
}
