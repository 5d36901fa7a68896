"""The education section of a study made readable: school dropout, from published rows.

Every helper reads rows a study has published (``Study.results``: the integration
indicators of ``student_outcomes`` and the rows of ``evidence.dropout.analyse_dropout``) and
only relabels and reshapes them, so every number shown is a published row. Labels come from
the catalogue (evidence/i18n/messages/education.yaml). Nothing here reads identifiers: the
integrity table shows counts of each check, never the ids behind them, and no individual
risk is ever published, so none can be shown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.countries import Language
from evidence.display.sample_sizes import published_n, with_sample_sizes
from evidence.dropout.explanation import INTERPRETABLE_TERM
from evidence.dropout.features import INTERPRETABLE_FEATURES
from evidence.i18n import translate
from evidence.indicators.keys import TOTAL

RATE = "prop_student_dropout_followup"
RAW_GAP = "diff_prop_student_dropout_followup"
# Domains of the dropout rate, in the order shown: (disaggregation, level, label key).
RATE_DOMAINS: tuple[tuple[str, str, str], ...] = (
    (TOTAL, TOTAL, "education.level.total"),
    ("migrant", "false", "education.level.national"),
    ("migrant", "true", "education.level.migrant"),
    ("sex", "female", "education.level.female"),
    ("sex", "male", "education.level.male"),
    ("migrant x sex", "false x female", "education.level.national_female"),
    ("migrant x sex", "false x male", "education.level.national_male"),
    ("migrant x sex", "true x female", "education.level.migrant_female"),
    ("migrant x sex", "true x male", "education.level.migrant_male"),
)
# Model quality metrics shown, with their kind of number.
QUALITY_METRICS: dict[str, str] = {
    "roc_auc": "index",
    "average_precision": "index",
    "brier": "index",
    "calibration_intercept": "coefficient",
    "calibration_slope": "coefficient",
    "precision_top_10": "proportion",
    "recall_top_10": "proportion",
    "precision_top_20": "proportion",
    "recall_top_20": "proportion",
}
# Gaps of model quality shown (metric, disaggregation, level of the gap).
QUALITY_GAPS: tuple[tuple[str, str, str], ...] = (
    ("roc_auc", "group", "migrant_minus_national"),
    ("calibration_slope", "group", "migrant_minus_national"),
    ("recall_top_10", "group", "migrant_minus_national"),
    ("roc_auc", "sex", "female_minus_male"),
    ("calibration_slope", "sex", "female_minus_male"),
    ("recall_top_10", "sex", "female_minus_male"),
)
# Columns of the quality table: (disaggregation, level, header key).
QUALITY_DOMAINS: tuple[tuple[str, str, str], ...] = (
    (TOTAL, TOTAL, "education.level.total"),
    ("group", "national", "education.level.national"),
    ("group", "migrant", "education.level.migrant"),
    ("sex", "female", "education.level.female"),
    ("sex", "male", "education.level.male"),
)
# The interpretable model's term -> the predictive model's feature for the same factor.
PREDICTIVE_FEATURE: dict[str, str] = {term: f for f, term in INTERPRETABLE_TERM.items()}


def _pick(rows: pd.DataFrame, indicator: str, disaggregation: str, level: str) -> pd.Series | None:
    hits = rows[
        (rows["indicator"] == indicator)
        & (rows["disaggregation"].astype(str) == disaggregation)
        & (rows["level"].astype(str) == level)
    ]
    return None if hits.empty else hits.iloc[0]


def _number(row: pd.Series | None, column: str = "estimate") -> float:
    if row is None or pd.isna(row[column]):
        return float(np.nan)
    return float(row[column])


def is_fitted(rows: pd.DataFrame) -> bool:
    """Whether the published rows hold a fitted model (a published or withheld AUC row)."""
    return _pick(rows, "dropout_model_roc_auc", TOTAL, TOTAL) is not None


def integrity_for_display(rows: pd.DataFrame, language: Language) -> pd.DataFrame:
    """One row per linkage check: its label and the number of cases (counts only)."""
    from evidence.dropout.integrity import HANDLING

    checks = rows[rows["indicator"] == "dropout_integrity"]
    counts = dict(zip(checks["level"].astype(str), checks["estimate"], strict=True))
    out = pd.DataFrame(
        {
            translate("education.column.check", language): [
                translate(f"education.check.{check}", language) for check in HANDLING
            ],
            translate("education.column.cases", language): [
                float(counts.get(check, np.nan)) for check in HANDLING
            ],
        }
    )
    out.attrs["units"] = {translate("education.column.cases", language): "count"}
    return out


def dropout_rates(rows: pd.DataFrame, language: Language) -> pd.DataFrame:
    """The design-based dropout rate by group and sex with its 95% interval: columns
    ``domain`` (code), ``label``, ``group`` (for the colour), estimate, ci_low, ci_high."""
    records = []
    for disaggregation, level, key in RATE_DOMAINS:
        row = _pick(rows, RATE, disaggregation, level)
        group = "migrant" if level.startswith("true") else "national"
        records.append(
            {
                "domain": f"{disaggregation}:{level}",
                "label": translate(key, language),
                "group": TOTAL if disaggregation in (TOTAL, "sex") else group,
                "estimate": _number(row),
                "ci_low": _number(row, "ci_low"),
                "ci_high": _number(row, "ci_high"),
            }
        )
    return pd.DataFrame(records)


def rates_for_display(rows: pd.DataFrame, language: Language) -> pd.DataFrame:
    """The dropout rates as a table: group, rate, 95% CI (shares) and the students behind
    each (the rate's published n)."""
    rates = dropout_rates(rows, language)
    headers = [
        translate(f"education.column.{c}", language) for c in ("group", "rate", "ci_low", "ci_high")
    ]
    students = translate("table_n.column.students", language)
    out = pd.DataFrame(
        {
            headers[0]: rates["label"],
            headers[1]: rates["estimate"],
            headers[2]: rates["ci_low"],
            headers[3]: rates["ci_high"],
            students: [_number(_pick(rows, RATE, d, lv), "n") for d, lv, _ in RATE_DOMAINS],
        }
    )
    out.attrs["units"] = {**dict.fromkeys(headers[1:], "proportion"), students: "count"}
    return out


def quality_for_display(rows: pd.DataFrame, language: Language) -> pd.DataFrame:
    """Model quality on cross-validated risks: one row per metric; all students with the
    bootstrap 95% interval, then national, migrant, girls, boys (each row in its kind); the
    students of each column under the table."""
    metric_header = translate("education.column.metric", language)
    low, high = (
        translate("education.column.ci_low", language),
        translate("education.column.ci_high", language),
    )
    columns: dict[str, list[float]] = {}
    for position, (disaggregation, level, key) in enumerate(QUALITY_DOMAINS):
        header = translate(key, language)
        cells = [
            _pick(rows, f"dropout_model_{metric}", disaggregation, level)
            for metric in QUALITY_METRICS
        ]
        columns[header] = [_number(cell) for cell in cells]
        if position == 0:
            columns[low] = [_number(cell, "ci_low") for cell in cells]
            columns[high] = [_number(cell, "ci_high") for cell in cells]
    out = pd.DataFrame(
        {
            metric_header: [translate(f"education.metric.{m}", language) for m in QUALITY_METRICS],
            **columns,
        }
    )
    out.attrs["row_units"] = list(QUALITY_METRICS.values())
    return with_sample_sizes(out, _evaluation_sizes(rows, language), "table_n.students")


def _evaluation_sizes(rows: pd.DataFrame, language: Language) -> list[tuple[str, float]]:
    """The students each column of the quality table was evaluated on (the published n of
    the AUC in each domain)."""
    return [
        (translate(key, language), _number(_pick(rows, "dropout_model_roc_auc", d, lv), "n"))
        for d, lv, key in QUALITY_DOMAINS
    ]


def quality_gaps_for_display(rows: pd.DataFrame, language: Language) -> pd.DataFrame:
    """Gaps in model quality (migrant − national, girls − boys) with bootstrap 95% intervals;
    gaps of shares in percentage points."""
    headers = [translate(f"education.column.{c}", language) for c in ("gap", "estimate", "ci_low")]
    headers.append(translate("education.column.ci_high", language))
    records, kinds = [], []
    for metric, disaggregation, level in QUALITY_GAPS:
        row = _pick(rows, f"dropout_model_{metric}_gap", disaggregation, level)
        records.append(
            [
                translate(f"education.gap.{metric}.{disaggregation}", language),
                _number(row),
                _number(row, "ci_low"),
                _number(row, "ci_high"),
            ]
        )
        kind = QUALITY_METRICS[metric]
        kinds.append("points" if kind == "proportion" else kind)
    out = pd.DataFrame(records, columns=headers)
    out.attrs["row_units"] = kinds
    return with_sample_sizes(out, _evaluation_sizes(rows, language)[1:], "table_n.students")


def factors(rows: pd.DataFrame, language: Language) -> pd.DataFrame:
    """The interpretable model's factors side by side with the predictive model's: columns
    ``term``, ``label``, ``importance`` (drop in held-out AUC when the factor is shuffled),
    ``odds_ratio``, ``or_ci_low``, ``or_ci_high``, ``ame``, ``ame_ci_low``, ``ame_ci_high``;
    factors in the model's order."""
    records = []
    for term in INTERPRETABLE_FEATURES:
        odds = _pick(rows, "dropout_odds_ratio", "factor", term)
        ame = _pick(rows, "dropout_marginal_effect", "factor", term)
        feature = PREDICTIVE_FEATURE.get(term, term)
        importance = _pick(rows, "dropout_permutation_importance", "factor", feature)
        records.append(
            {
                "term": term,
                "label": translate(f"education.factor.{term}", language),
                "importance": _number(importance),
                "odds_ratio": _number(odds),
                "or_ci_low": _number(odds, "ci_low"),
                "or_ci_high": _number(odds, "ci_high"),
                "ame": _number(ame),
                "ame_ci_low": _number(ame, "ci_low"),
                "ame_ci_high": _number(ame, "ci_high"),
            }
        )
    return pd.DataFrame(records)


def factors_for_display(rows: pd.DataFrame, language: Language) -> pd.DataFrame:
    """The side-by-side factors as a table: importance (AUC lost, ×100), odds ratio with its
    95% interval, average marginal effect in percentage points."""
    table = factors(rows, language)
    names = ("factor", "importance", "odds_ratio", "ci_low", "ci_high", "ame_points")
    headers = [translate(f"education.column.{c}", language) for c in names]
    out = pd.DataFrame(
        {
            headers[0]: table["label"],
            headers[1]: table["importance"],
            headers[2]: table["odds_ratio"],
            headers[3]: table["or_ci_low"],
            headers[4]: table["or_ci_high"],
            headers[5]: table["ame"],
        }
    )
    out.attrs["units"] = {
        headers[1]: "points",
        headers[2]: "odds_ratio",
        headers[3]: "odds_ratio",
        headers[4]: "odds_ratio",
        headers[5]: "points",
    }
    return with_sample_sizes(out, [("", published_n(rows, "dropout_odds_ratio"))])


def migrant_gap(rates: pd.DataFrame, models: pd.DataFrame) -> dict[str, float]:
    """The raw gap in dropout rates (migrant − national, design-based, from the published
    ``student_outcomes`` rows ``rates``) and the adjusted one (the logit's migrant AME and
    odds ratio, from the published ``models`` rows), with 95% intervals, for a sentence."""
    raw = _pick(rates, RAW_GAP, TOTAL, TOTAL)
    ame = _pick(models, "dropout_marginal_effect", "factor", "migrant")
    odds = _pick(models, "dropout_odds_ratio", "factor", "migrant")
    return {
        "raw": _number(raw),
        "raw_low": _number(raw, "ci_low"),
        "raw_high": _number(raw, "ci_high"),
        "adjusted": _number(ame),
        "adjusted_low": _number(ame, "ci_low"),
        "adjusted_high": _number(ame, "ci_high"),
        "odds_ratio": _number(odds),
    }


def migrant_gap_for_display(
    rates: pd.DataFrame, models: pd.DataFrame, language: Language
) -> pd.DataFrame:
    """Raw and adjusted migrant − national gap in dropout (percentage points, 95% CI)."""
    gap = migrant_gap(rates, models)
    headers = [translate(f"education.column.{c}", language) for c in ("gap", "points", "ci_low")]
    headers.append(translate("education.column.ci_high", language))
    out = pd.DataFrame(
        [
            [translate("education.gap.raw", language), gap["raw"], gap["raw_low"], gap["raw_high"]],
            [
                translate("education.gap.adjusted", language),
                gap["adjusted"],
                gap["adjusted_low"],
                gap["adjusted_high"],
            ],
        ],
        columns=headers,
    )
    out.attrs["units"] = dict.fromkeys(headers[1:], "points")
    sizes = [
        (translate(key, language), _number(_pick(rates, RATE, "migrant", level), "n"))
        for level, key in (
            ("false", "education.level.national"),
            ("true", "education.level.migrant"),
        )
    ]
    sizes.append(
        (translate("education.gap.adjusted", language), published_n(models, "dropout_odds_ratio"))
    )
    return with_sample_sizes(out, sizes, "table_n.students")


def reliability(rows: pd.DataFrame, disaggregation: str = "group") -> pd.DataFrame:
    """The published reliability curves of one disaggregation (and of all students): columns
    ``level``, ``bin``, ``mean_predicted``, ``observed`` (withheld bins are NaN)."""
    by = {TOTAL: f"{TOTAL} x bin", disaggregation: f"{disaggregation} x bin"}
    part = rows[rows["disaggregation"].astype(str).isin(by.values())]
    predicted = part[part["indicator"] == "dropout_reliability_predicted"]
    observed = part[part["indicator"] == "dropout_reliability_observed"]
    merged = predicted[["level", "estimate"]].merge(
        observed[["level", "estimate"]], on="level", how="left", suffixes=("_p", "_o")
    )
    split = merged["level"].astype(str).str.split(" x ", n=1, expand=True)
    return pd.DataFrame(
        {
            "level": split[0] if len(merged) else pd.Series(dtype=str),
            "bin": split[1].astype(int) if len(merged) else pd.Series(dtype=int),
            "mean_predicted": merged["estimate_p"].astype(float),
            "observed": merged["estimate_o"].astype(float),
        }
    ).reset_index(drop=True)


# Columns of the regional table: (indicator, disaggregation, level, header key, kind).
REGIONAL_COLUMNS: tuple[tuple[str, str, str, str, str], ...] = (
    ("dropout_model_students", TOTAL, TOTAL, "table_n.column.students", "count"),
    ("dropout_model_dropouts", TOTAL, TOTAL, "education.regional.column.dropouts", "count"),
    ("dropout_model_roc_auc", TOTAL, TOTAL, "education.regional.column.auc", "index"),
    (
        "dropout_model_calibration_slope",
        TOTAL,
        TOTAL,
        "education.regional.column.slope",
        "coefficient",
    ),
    ("dropout_model_recall_top_10", TOTAL, TOTAL, "education.regional.column.recall", "proportion"),
    (
        "dropout_marginal_effect",
        "factor",
        "migrant",
        "education.regional.column.migrant_ame",
        "points",
    ),
)


def regional_table(rows: pd.DataFrame, language: Language) -> pd.DataFrame:
    """One row per country with published dropout rows (``evidence.regional.dropout``),
    largest Venezuelan population first: students in the model (its n), dropouts, AUC,
    calibration slope, recall in the top 10 %, migrant AME (points); a country with too few
    dropouts to fit shows "–" for its models."""
    from evidence.countries import get_country

    published = list(dict.fromkeys(rows["country"].astype(str))) if len(rows) else []
    # In the order of the regional study's other tables: largest Venezuelan population first.
    countries = sorted(published, key=lambda c: -get_country(c).stock_2023)
    out = pd.DataFrame(
        {
            translate("content.column.country", language): [
                get_country(c).name(language) for c in countries
            ]
        }
    )
    units: dict[str, str] = {}
    for indicator, disaggregation, level, key, kind in REGIONAL_COLUMNS:
        header = translate(key, language)
        cells = [
            _pick(rows[rows["country"].astype(str) == c], indicator, disaggregation, level)
            for c in countries
        ]
        out[header] = [_number(cell) for cell in cells]
        units[header] = kind
    out.attrs["units"] = units
    return out


def too_few_countries(rows: pd.DataFrame, language: Language) -> str:
    """The names of the countries whose rows hold no fitted model, comma-separated ("" if
    every country was fitted)."""
    from evidence.countries import get_country

    if not len(rows):
        return ""
    names = []
    for country in dict.fromkeys(rows["country"].astype(str)):
        if not is_fitted(rows[rows["country"].astype(str) == country]):
            names.append(get_country(country).name(language))
    return ", ".join(names)
