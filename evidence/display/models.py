"""The integration models made readable: tables and figure frames from published rows.

Every number comes from the rows a study published from ``evidence.integration.models``
(``study.results(models.employment)`` and so on): odds ratios (``or_<outcome>``) and
average marginal effects (``ame_<outcome>``) by term, the Oaxaca-Blinder parts
(``oaxaca_<outcome>`` by part, ``_share_explained``, ``_explained`` / ``_unexplained`` by
covariate), the effect of regular status (``effect_<treatment>_on_<outcome>_att`` by
method) and its balance (``smd_<treatment>_before`` / ``_after`` by covariate). A model the
study could not estimate published no rows: ``estimated`` says so and ``model_sentence_key``
picks the sentence that says the sample is too small.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from evidence.countries import COUNTRIES, Language, get_country
from evidence.display.labels import code_label, sentence_key
from evidence.display.sample_sizes import n_column, published_n, with_sample_sizes

TERM_QUESTION = "model_term"
PARTS: tuple[str, ...] = ("gap", "explained", "unexplained")


def _t(key: str, language: Language) -> str:
    from evidence.i18n import translate

    return translate(f"models.{key}", language)


def _label(code: object, language: Language) -> str:
    return code_label(code, language, TERM_QUESTION)


def _of(rows: pd.DataFrame, indicator: str) -> pd.DataFrame:
    return rows[rows["indicator"] == indicator]


def estimated(rows: pd.DataFrame, indicator: str | None = None) -> bool:
    """Whether the model published rows (of ``indicator``, when given): a model on a sample
    too small for it publishes none."""
    return bool(len(rows)) if indicator is None else bool(len(_of(rows, indicator)))


def model_sentence_key(key: str, rows: pd.DataFrame, indicator: str, *values: float) -> str:
    """``key + ".too_small"`` when the model published no ``indicator`` rows (its sample was
    too small for it), ``key + ".withheld"`` when a number the sentence quotes was withheld,
    else ``key``."""
    if not estimated(rows, indicator):
        return f"{key}.too_small"
    return sentence_key(key, *values)


def _group_sizes(
    rows: pd.DataFrame, indicator: str, language: Language, prefix: str = ""
) -> list[tuple[str, float]]:
    """The observations of each group behind ``indicator`` (its ``<indicator>_sample``
    rows, e.g. migrants and hosts), else the observations the model used (its rows' n)."""
    sample = _of(rows, f"{indicator}_sample")
    labels = {
        "treated": _t("group.regular", language),
        "control": _t("group.not_regular", language),
    }
    sizes = [
        (prefix + labels.get(str(level), code_label(level, language)), float(n))
        for level, n in zip(sample["level"], pd.to_numeric(sample["estimate"]), strict=True)
    ]
    if sizes and all(n == n for _, n in sizes):
        return sizes
    return [(prefix.rstrip(": "), published_n(rows, indicator))]


def estimate_interval(rows: pd.DataFrame, indicator: str, level: str = "total") -> dict[str, float]:
    """``estimate``, ``low`` and ``high`` of one published row, for a sentence (NaN when the
    row is withheld or was not published)."""
    return dict(zip(("estimate", "low", "high"), _estimates(rows, indicator, level), strict=True))


def _estimates(rows: pd.DataFrame, indicator: str, level: str) -> tuple[float, float, float]:
    hit = rows[(rows["indicator"] == indicator) & (rows["level"].astype(str) == level)]
    if hit.empty:
        return (np.nan, np.nan, np.nan)
    first = hit.iloc[0]
    return tuple(  # type: ignore[return-value]
        float(first[c]) if pd.notna(first[c]) else np.nan for c in ("estimate", "ci_low", "ci_high")
    )


def effects_frame(rows: pd.DataFrame, indicator: str, language: Language) -> pd.DataFrame:
    """``label``, ``estimate``, ``ci_low``, ``ci_high`` of one indicator by term (in the
    order published), for a dot plot."""
    part = _of(rows, indicator)
    return pd.DataFrame(
        {
            "label": [_label(level, language) for level in part["level"]],
            "estimate": part["estimate"].to_numpy(dtype=float),
            "ci_low": part["ci_low"].to_numpy(dtype=float),
            "ci_high": part["ci_high"].to_numpy(dtype=float),
        }
    )


def effects_table(rows: pd.DataFrame, outcome: str, language: Language) -> pd.DataFrame:
    """Odds ratios of the logistic model of ``outcome`` and, where computed, the average
    marginal effects (percentage points) with their 95% intervals, one row per term."""
    ratios = _of(rows, f"or_{outcome}")
    levels = list(dict.fromkeys(ratios["level"].astype(str)))
    columns: dict[str, list[object]] = {
        "covariate": [_label(level, language) for level in levels],
        "odds_ratio": [], "or_low": [], "or_high": [], "ame": [], "ame_low": [], "ame_high": [],
    }  # fmt: skip
    for level in levels:
        for prefix, names in (("or", ("odds_ratio", "or_low", "or_high")),
                              ("ame", ("ame", "ame_low", "ame_high"))):  # fmt: skip
            for name, number in zip(
                names, _estimates(rows, f"{prefix}_{outcome}", level), strict=True
            ):
                columns[name].append(number)
    out = pd.DataFrame({_t(f"column.{name}", language): values for name, values in columns.items()})
    out.attrs["units"] = {
        _t(f"column.{name}", language): "odds_ratio"
        if name.startswith(("odds", "or_"))
        else "points"
        for name in columns
        if name != "covariate"
    }
    return with_sample_sizes(out, [("", published_n(rows, f"or_{outcome}"))])


def decomposition_table(
    rows: pd.DataFrame, outcomes: Mapping[str, str], language: Language
) -> pd.DataFrame:
    """The gap, its explained and unexplained parts and the share explained, with 95%
    intervals, for each decomposed outcome (``{outcome: kind}``: "points" for a share such
    as employment, "mean" for income); outcomes not estimated are left out."""
    labels, kinds, numbers = [], [], []
    sizes: list[tuple[str, float]] = []
    for outcome, kind in outcomes.items():
        base = f"oaxaca_{outcome}"
        if not estimated(rows, base):
            continue
        name = _t(f"outcome.{outcome}", language)
        sizes += _group_sizes(rows, base, language, prefix=f"{name}: ")
        for part in PARTS:
            labels.append(f"{name}: {_t(f'part.{part}', language)}")
            kinds.append(kind)
            numbers.append(_estimates(rows, base, part))
        labels.append(f"{name}: {_t('part.share_explained', language)}")
        kinds.append("proportion")
        numbers.append(_estimates(rows, f"{base}_share_explained", "total"))
    values = np.array(numbers, dtype=float).reshape(-1, 3)
    out = pd.DataFrame(
        {
            _t("column.part", language): labels,
            _t("column.estimate", language): values[:, 0],
            _t("column.ci_low", language): values[:, 1],
            _t("column.ci_high", language): values[:, 2],
        }
    )
    out.attrs["row_units"] = kinds
    return with_sample_sizes(out, sizes)


def detail_frame(rows: pd.DataFrame, outcome: str, language: Language) -> pd.DataFrame:
    """Each covariate's contribution to the explained and unexplained parts (``label``,
    ``explained``, ``unexplained``, ``code``), largest explained contribution first; the
    intercept (unexplained only) last."""
    base = f"oaxaca_{outcome}"
    explained = _of(rows, f"{base}_explained").set_index("level")["estimate"]
    unexplained = _of(rows, f"{base}_unexplained").set_index("level")["estimate"]
    codes = list(dict.fromkeys([*explained.index.astype(str), *unexplained.index.astype(str)]))
    frame = pd.DataFrame(
        {
            "code": codes,
            "label": [_label(c, language) for c in codes],
            "explained": [float(explained.get(c, np.nan)) for c in codes],
            "unexplained": [float(unexplained.get(c, np.nan)) for c in codes],
        }
    )
    order = frame["explained"].abs().where(frame["code"] != "intercept", -1.0)
    return frame.loc[order.sort_values(ascending=False, kind="stable").index].reset_index(drop=True)


def top_covariates(
    rows: pd.DataFrame, outcome: str, language: Language, *, kind: str, top: int = 4
) -> pd.DataFrame:
    """The ``top`` covariates whose differences explain most of the gap (largest absolute
    contribution), with the contribution's 95% interval."""
    order = [c for c in detail_frame(rows, outcome, language)["code"] if c != "intercept"]
    chosen = order[:top]
    values = np.array(
        [_estimates(rows, f"oaxaca_{outcome}_explained", c) for c in chosen], dtype=float
    ).reshape(-1, 3)
    out = pd.DataFrame(
        {
            _t("column.covariate", language): [_label(c, language) for c in chosen],
            _t("column.explained", language): values[:, 0],
            _t("column.ci_low", language): values[:, 1],
            _t("column.ci_high", language): values[:, 2],
        }
    )
    out.attrs["units"] = dict.fromkeys(list(out.columns[1:]), kind)
    return with_sample_sizes(out, _group_sizes(rows, f"oaxaca_{outcome}", language))


def effect_table(rows: pd.DataFrame, indicator: str, language: Language) -> pd.DataFrame:
    """The effect by method (IPW, AIPW) in percentage points with its 95% interval and the
    households used."""
    part = _of(rows, indicator)
    out = pd.DataFrame(
        {
            _t("column.method", language): [_t(f"method.{m}", language) for m in part["level"]],
            _t("column.effect", language): part["estimate"].to_numpy(dtype=float),
            _t("column.ci_low", language): part["ci_low"].to_numpy(dtype=float),
            _t("column.ci_high", language): part["ci_high"].to_numpy(dtype=float),
            _t("column.n", language): part["n"].to_numpy(dtype=float),
        }
    )
    out.attrs["units"] = {
        **dict.fromkeys(list(out.columns[1:4]), "points"),
        str(out.columns[4]): "count",
    }
    return with_sample_sizes(out, _group_sizes(rows, indicator, language))


def balance_frame(rows: pd.DataFrame, treatment: str, language: Language) -> pd.DataFrame:
    """``label``, ``before``, ``after``: each covariate's standardised mean difference
    (treated - controls) before and after the propensity weighting."""
    before = _of(rows, f"smd_{treatment}_before")
    after = _of(rows, f"smd_{treatment}_after").set_index("level")["estimate"]
    codes = before["level"].astype(str).tolist()
    return pd.DataFrame(
        {
            "label": [_label(c, language) for c in codes],
            "before": before["estimate"].to_numpy(dtype=float),
            "after": [float(after.get(c, np.nan)) for c in codes],
        }
    )


def balance_table(rows: pd.DataFrame, treatment: str, language: Language) -> pd.DataFrame:
    """The balance of each covariate before and after weighting (standardised mean
    differences; |SMD| under 0.1 is balanced)."""
    frame = balance_frame(rows, treatment, language)
    out = pd.DataFrame(
        {
            _t("column.covariate", language): frame["label"],
            _t("column.smd_before", language): frame["before"],
            _t("column.smd_after", language): frame["after"],
        }
    )
    out.attrs["units"] = dict.fromkeys(list(out.columns[1:]), "difference")
    effect = _effect_of(rows, treatment)
    sizes = (
        _group_sizes(rows, effect, language)
        if effect
        else [("", published_n(rows, f"smd_{treatment}_before"))]
    )
    return with_sample_sizes(out, sizes)


def _effect_of(rows: pd.DataFrame, treatment: str) -> str:
    """The effect indicator of ``treatment`` whose group sizes were published ("" if none)."""
    codes = rows["indicator"].astype(str)
    found = codes[codes.str.match(rf"^effect_{treatment}_on_\w+_sample$")]
    return found.iloc[0].removesuffix("_sample") if len(found) else ""


def country_decompositions(
    results: pd.DataFrame, outcome: str, language: Language, *, kind: str = "points"
) -> pd.DataFrame:
    """One row per response country (largest Venezuelan population first): the gap, its
    explained and unexplained parts, the share explained and the observations the model used
    (n), from each country's published ``oaxaca_<outcome>`` rows; "–" where a country has no
    survey or too small a sample."""
    base = f"oaxaca_{outcome}"
    order = [c.iso3 for c in sorted(COUNTRIES, key=lambda c: -c.stock_2023)]
    columns: dict[str, list[float]] = {part: [] for part in (*PARTS, "share_explained")}
    for iso3 in order:
        mine = results[results["country"] == iso3]
        for part in PARTS:
            columns[part].append(_estimates(mine, base, part)[0])
        columns["share_explained"].append(_estimates(mine, f"{base}_share_explained", "total")[0])
    out = pd.DataFrame(
        {_t("column.country", language): [get_country(c).name(language) for c in order]}
    )
    for part, values in columns.items():
        out[_t(f"part.{part}", language)] = values
    n_header = _t("column.n", language)
    out[n_header] = n_column(results, base, order)
    out.attrs["units"] = {
        **{
            _t(f"part.{part}", language): "proportion" if part == "share_explained" else kind
            for part in columns
        },
        n_header: "count",
    }
    return out


def term_labels(codes: Sequence[str], language: Language) -> dict[str, str]:
    """``{code: label}`` of model terms, for a figure's ``names``."""
    return {str(c): _label(c, language) for c in codes}
