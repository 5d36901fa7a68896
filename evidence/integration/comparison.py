"""Two population groups side by side: migrants against hosts, migrant against national
students, with design-based gaps.

The indicators are declared once, in the indicator catalogue (data_contracts/indicators.yaml),
and estimated by ``evidence.indicators.compute`` on the survey design the contract declares
(strata, PSUs, fpc; Taylor linearisation). This module adds the gap between the groups
(evidence.integration.gaps) with its linearised standard error
(evidence.integration.gap_variance), overall and by sex, and returns one result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

import numpy as np
import pandas as pd

from evidence.countries import LANGUAGES, Language
from evidence.indicators import ResultsTable, analysis_frame, compute, load_catalogue
from evidence.indicators.checks import require_columns
from evidence.indicators.datasets import design_from_contract
from evidence.indicators.keys import TOTAL, join_key, resolve_country, resolve_period
from evidence.indicators.plan import analysis_columns
from evidence.indicators.publish import publish
from evidence.indicators.small_counts import DEFAULT_MIN_COUNT
from evidence.integration.gap_variance import Contrast, difference_se
from evidence.integration.gaps import group_gaps
from evidence.options import check_option
from evidence.survey.options import DEFAULT_LONELY_PSU, LonelyPSU

# Statistics whose gap has a linearised standard error (quantiles and totals do not).
_LINEARISED = ("proportion", "mean", "ratio")


@dataclass(frozen=True)
class GroupComparison:
    """Indicators of two groups side by side.

    ``results``: the long results table (results contract, after disclosure control), what
    is published; ``gaps`` (``to_frame()``): one row per indicator and level (total, then by
    sex) with both groups' estimates and intervals and the gap focus - reference.
    ``overall()`` keeps the whole groups; ``to_results(country, period)`` adds the gaps as
    published rows ``diff_<indicator>``; ``summary()`` and ``_repr_html_`` display it.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.integration import GroupComparison, compare_groups
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.2)
    >>> result = compare_groups(data, "integration_survey", ["prop_employed"],
    ...                         group_variable="group", focus="migrant", reference="host",
    ...                         title="Employment", country="COL", period="2023-12")
    >>> isinstance(result, GroupComparison), result.overall()["level"].tolist()
    (True, ['total'])
    >>> published = result.to_results("COL", "2023-12")
    >>> "diff_prop_employed" in set(published["indicator"])
    True
    """

    results: pd.DataFrame = field(repr=False)
    gaps: pd.DataFrame = field(repr=False)
    title: str
    focus: str
    reference: str
    notes: tuple[str, ...] = ()
    names: tuple[str, str] | None = None  # (reference, focus) as readers call them

    def _names(self) -> dict[str, str]:
        reference, focus = self.names or (self.reference, self.focus)
        return {"reference": reference, "focus": focus}

    def to_frame(self) -> pd.DataFrame:
        return self.gaps.copy()

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        """The published rows: both groups' indicators (``results``) and the gaps as rows
        ``diff_<indicator>`` (unit ``difference``; disaggregation total, or sex), withheld
        where either group's estimate is."""
        gaps = self.gaps
        disaggregation = np.where(gaps["level"] == TOTAL, TOTAL, "sex")
        codes = "diff_" + gaps["indicator"].astype(str)
        levels = gaps["level"].astype(str)
        rows = pd.DataFrame(
            {
                "indicator": codes.to_numpy(),
                "country": country,
                "period": period,
                "disaggregation": disaggregation,
                "level": levels.to_numpy(),
                "estimate": gaps["gap"].to_numpy(dtype=float),
                "se": gaps["gap_se"].to_numpy(dtype=float),
                "ci_low": gaps["gap_ci_low"].to_numpy(dtype=float),
                "ci_high": gaps["gap_ci_high"].to_numpy(dtype=float),
                "ci_method": "wald",
                "n": (gaps["n_reference"] + gaps["n_focus"]).to_numpy(dtype="int64"),
                "n_weighted": np.nan,
                "deff": np.nan,
                "flags": "",
                "analysis_key": [
                    join_key(c, d, lv)
                    for c, d, lv in zip(codes, disaggregation, levels, strict=True)
                ],
                "unit": "difference",
                # A gap is withheld with its groups' estimates (disclosure keeps it so).
                "suppressed": gaps["suppressed"].to_numpy(dtype=bool),
                "suppression_reason": np.where(gaps["suppressed"], "component_suppressed", ""),
            }
        )
        published = publish(rows)
        return pd.concat([self.results, published], ignore_index=True)

    def overall(self) -> pd.DataFrame:
        """The gaps of the whole groups (level total), one row per indicator."""
        return self.gaps[self.gaps["level"] == TOTAL].reset_index(drop=True)

    def summary(self) -> str:
        shown = self.overall()[["label", "reference", "focus", "gap", "gap_ci_low", "gap_ci_high"]]
        shown = shown.rename(columns=self._names())
        lines = [self.title, shown.to_string(index=False, float_format=lambda v: f"{v:.3g}")]
        return "\n".join([*lines, *self.notes])

    def __repr__(self) -> str:
        return f"GroupComparison({self.focus} vs {self.reference}, {len(self.gaps)} rows)"

    def _repr_html_(self) -> str:
        shown = self.overall().drop(columns=["indicator", "level"])
        shown = shown.rename(columns=self._names())
        table = shown.to_html(index=False, float_format=lambda v: f"{v:.3g}", na_rep="", border=0)
        notes = "".join(f"<p>{escape(n)}</p>" for n in self.notes)
        return f"<p><strong>{escape(self.title)}</strong></p>{table}{notes}"


def estimate_indicators(
    data: pd.DataFrame,
    dataset: str,
    indicators: Sequence[str],
    *,
    country: str | None = None,
    period: str | None = None,
    min_count: int = DEFAULT_MIN_COUNT,
    lonely_psu: LonelyPSU = DEFAULT_LONELY_PSU,
) -> ResultsTable:
    """Catalogue indicators of ``dataset`` on ``data`` through evidence.indicators.compute.

    ``lonely_psu="adjust"`` (R's ``survey.lonely.psu``) keeps a small country's study running
    when a stratum has a single sampled PSU.
    """
    return compute(
        load_catalogue(),
        data,
        country=resolve_country(data, country),
        period=resolve_period(data, period),
        dataset=dataset,
        indicators=list(indicators),
        min_count=min_count,
        lonely_psu=lonely_psu,
    )


def labels_of(results: ResultsTable, language: Language) -> dict[str, str]:
    return {indicator: labels.get(language) for indicator, labels in results.labels}


def _group_codes(values: pd.Series) -> np.ndarray:
    """Group values as the results table writes levels (``migrant``, ``true``)."""
    return values.astype("string").str.lower().fillna("").to_numpy(dtype=object)


def gap_standard_errors(
    data: pd.DataFrame,
    dataset: str,
    indicators: Sequence[str],
    *,
    group_variable: str,
    focus: str,
    reference: str,
    lonely_psu: LonelyPSU = DEFAULT_LONELY_PSU,
) -> dict[tuple[str, str], float]:
    """Linearised se of focus - reference for every indicator, overall and by sex."""
    catalogue = load_catalogue().for_dataset(dataset).select(tuple(indicators))
    frame = analysis_frame(catalogue, data, dataset)
    design = design_from_contract(frame, dataset, lonely_psu)
    group = _group_codes(frame[group_variable])
    domains: list[tuple[str, np.ndarray]] = [(TOTAL, np.ones(len(frame), dtype=bool))]
    if "sex" in frame.columns:
        sex = frame["sex"].astype("string")
        domains += [
            (str(s), (sex == s).fillna(False).to_numpy()) for s in sorted(sex.dropna().unique())
        ]
    contrasts = []
    for indicator in catalogue.indicators:
        if indicator.statistic not in _LINEARISED:
            continue
        columns = analysis_columns(indicator)
        numerator = frame[columns[0]].to_numpy(dtype=float)
        denominator = frame[columns[1]].to_numpy(dtype=float) if len(columns) == 2 else None
        for level, rows in domains:
            contrasts.append(
                Contrast(
                    (indicator.id, level),
                    numerator,
                    denominator,
                    rows & (group == focus),
                    rows & (group == reference),
                )
            )
    return difference_se(design, contrasts)


def compare_groups(
    data: pd.DataFrame,
    dataset: str,
    indicators: Sequence[str],
    *,
    group_variable: str,
    focus: str,
    reference: str,
    title: str,
    names: tuple[str, str] | None = None,
    country: str | None = None,
    period: str | None = None,
    language: Language = "en",
    min_count: int = DEFAULT_MIN_COUNT,
    lonely_psu: LonelyPSU = DEFAULT_LONELY_PSU,
) -> GroupComparison:
    """Catalogue indicators of ``dataset`` for two groups of ``group_variable`` and the gap
    ``focus - reference`` with its design-based 95% interval, overall and by sex.
    ``names`` = (reference, focus) as readers call the groups, for display.

    The indicators are estimated by ``evidence.indicators.compute`` on the design the
    dataset's contract declares; the gaps of proportions, means and ratios get the
    linearised standard error of the difference (:func:`difference_se`), which keeps the
    covariance of groups sampled in the same PSUs; quantiles and totals get no gap interval.

    Parameters
    ----------
    data : pandas.DataFrame
        Rows of ``dataset`` (canonical, as ``synthesize`` or ingest give them).
    dataset : str
        The dataset whose contract gives the design (``integration_survey``, ``students``).
    indicators : sequence of str
        Catalogue indicators of ``dataset``.
    group_variable : str
        Column of the groups; its values are compared as lower-case text (``true``).
    focus, reference : str
        The groups compared (the gap is focus - reference).
    title : str
        Title of the result.
    names : (str, str), optional
        (reference, focus) as readers call them.
    country, period : str, optional
        Taken from the data's ``country`` and ``period`` columns when not given.
    language : {"es", "pt", "en"}, default "en"
        Language of the indicator labels.
    min_count : int
        Minimum count of the publication rules.
    lonely_psu : str
        Treatment of strata with one PSU (R's ``survey.lonely.psu``).

    Returns
    -------
    GroupComparison

    Raises
    ------
    OptionError
        Unknown ``language``.
    ContractError
        ``group_variable`` is not a column of ``data``.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.integration import compare_groups
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.2)
    >>> result = compare_groups(data, "integration_survey", ["prop_employed"],
    ...                         group_variable="group", focus="migrant", reference="host",
    ...                         title="Employment", names=("host", "migrant"),
    ...                         country="COL", period="2023-12")
    >>> gaps = result.to_frame()
    >>> gaps["indicator"].unique().tolist(), gaps["level"].iloc[0]
    (['prop_employed'], 'total')
    >>> bool((gaps["gap"] - (gaps["focus"] - gaps["reference"])).abs().max() < 1e-12)
    True
    >>> bool((gaps["gap_ci_low"] < gaps["gap"]).all())
    True
    """
    check_option("language", language, LANGUAGES)
    require_columns(data, [group_variable], dataset)
    results = estimate_indicators(
        data,
        dataset,
        indicators,
        country=country,
        period=period,
        min_count=min_count,
        lonely_psu=lonely_psu,
    )
    se = gap_standard_errors(
        data,
        dataset,
        indicators,
        group_variable=group_variable,
        focus=focus,
        reference=reference,
        lonely_psu=lonely_psu,
    )
    table = results.to_frame()
    gaps = group_gaps(
        table,
        group_variable=group_variable,
        focus=focus,
        reference=reference,
        labels=labels_of(results, language),
        gap_se=se,
    )
    skipped = tuple(f"Not estimated: {i} ({why})." for i, why in results.skipped)
    reference_name, focus_name = names or (reference, focus)
    return GroupComparison(
        results=table,
        gaps=gaps,
        title=title,
        focus=focus,
        reference=reference,
        names=names,
        notes=(
            f"Design-based estimates (Taylor linearisation); gap = {focus_name} - "
            f"{reference_name} "
            "with its linearised 95% interval.",
            *skipped,
        ),
    )
