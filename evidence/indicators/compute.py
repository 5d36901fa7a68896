"""Compute a catalogue's indicators on one dataset: derive, plan, estimate in batch, disclose.

``compute(catalogue, data, design, country=..., period=...)`` returns a ``ResultsTable`` in the
results contract. Where the dataset's contract declares a probability sample the estimates
are design-based (a ``SurveyDesign`` from the contract's design columns, or the one given);
where it declares ``sampling.mode: non_probability`` (flow_survey, portal_forms) they are
indicative: point estimates and counts, no standard errors or intervals, the ``indicative``
flag and the contract's caveat. Proportions get Korn-Graubard intervals (``korn_graubard``),
the interval the NCHS presentation standard judges; means, totals and ratios get Wald
intervals on the design degrees of freedom, quantiles Woodruff intervals (R's
``svyquantile`` defaults). Domains holding no observation of an indicator
(outside its universe, or all answers missing) give no row from the engine; the levels of a
closed codelist nobody in the data belongs to are added as withheld rows
(``evidence.disclosure.complete_domains``), so a reader sees "–", not a missing line.
Disclosure control is applied last.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence

import pandas as pd

from evidence.countries import REGION_CODE, get_country
from evidence.disclosure import RESULTS_COLUMNS, DisclosureOptions, complete_domains
from evidence.errors import ContractError, OptionError
from evidence.indicators.catalogue import Catalogue
from evidence.indicators.codes import STATISTIC_UNITS
from evidence.indicators.datasets import DatasetInfo, dataset_info, design_from_contract
from evidence.indicators.engine import run_batch, unsupported
from evidence.indicators.expressions import Expression
from evidence.indicators.frame import analysis_frame
from evidence.indicators.keys import TOTAL, disaggregation_name, join_key, level_name
from evidence.indicators.plan import plan_estimation
from evidence.indicators.publish import EXTRA_COLUMNS, publish
from evidence.indicators.results import ResultsTable
from evidence.indicators.validate import validate_catalogue
from evidence.options import check_option
from evidence.periods import check_period
from evidence.survey import ReplicateDesign, SurveyDesign
from evidence.survey.options import DEFAULT_LONELY_PSU, LONELY_PSU, LonelyPSU


def _dataset(catalogue: Catalogue, dataset: str | None) -> str:
    if dataset is not None:
        return dataset
    if len(catalogue.datasets) == 1:
        return catalogue.datasets[0]
    raise OptionError(
        f"the catalogue covers {catalogue.datasets}: pass dataset= to say which one `data` is"
    )


def _design(
    name: str,
    frame: pd.DataFrame,
    design: SurveyDesign | ReplicateDesign | None,
    lonely_psu: LonelyPSU,
) -> SurveyDesign | ReplicateDesign:
    if design is not None:
        if len(design.frame) != len(frame) or not design.frame.index.equals(frame.index):
            raise OptionError(
                "design was built on other rows than `data`: build it with "
                "SurveyDesign(data, ...) on the same frame"
            )
        # Same rows, plus the analysis columns: weights, strata and calibration carry over.
        return dataclasses.replace(design, frame=frame)
    info = dataset_info(name)
    if not info.sampled:
        return SurveyDesign(frame, probability=False)
    return design_from_contract(frame, name, lonely_psu)


def _numerators(table: pd.DataFrame, catalogue: Catalogue, frame: pd.DataFrame) -> pd.Series:
    """Unweighted number of observations with the attribute, per row of a proportion
    indicator (the results contract's ``numerator``); missing for other statistics."""
    counts: dict[str, int] = {}
    for indicator in catalogue.indicators:
        if indicator.statistic != "proportion":
            continue
        yes = frame[indicator.id].eq(1.0)
        for variables in indicator.disaggregations:
            if not variables:
                counts[join_key(indicator.id, TOTAL, TOTAL)] = int(yes.sum())
                continue
            sums = yes.groupby([frame[v] for v in variables], observed=True, dropna=True).sum()
            for values, count in sums.items():
                values = values if isinstance(values, tuple) else (values,)
                key = join_key(
                    indicator.id, disaggregation_name(variables), level_name(tuple(values))
                )
                counts[key] = int(count)
    return table["analysis_key"].map(counts).astype("Int64")


def _readable(table: pd.DataFrame, catalogue: Catalogue, frame: pd.DataFrame) -> pd.DataFrame:
    """The rows with what each number measures (``unit``), the unweighted ``numerator`` of
    proportions, and the column and answer code an indicator reads (``variable``,
    ``category``), for the display layer."""
    indicators = {i.id: i for i in catalogue.indicators}
    # A composite score (IPL-12 dimensions: 0-1) is an index; the rest take their statistic.
    statistic = table["indicator"].map(
        lambda code: (
            "index"
            if indicators[code].type == "composite" and indicators[code].statistic == "mean"
            else indicators[code].statistic
        )
    )
    expression = table["indicator"].map(lambda code: indicators[code].variable)
    out = table.assign(
        unit=statistic.map(lambda s: STATISTIC_UNITS.get(s, s)),
        numerator=_numerators(table, catalogue, frame),
        variable=expression.map(lambda e: _variable(e)),
        category=expression.map(lambda e: _category(e)),
    )
    return out


def _variable(expression: Expression | None) -> str | None:
    if expression is None:
        return None
    return expression.column.split("/", 1)[0]


def _category(expression: Expression | None) -> str | None:
    if expression is None:
        return None
    if "/" in expression.column:
        return expression.column.split("/", 1)[1]
    if expression.operator == "==" and len(expression.codes) == 1:
        return expression.codes[0]
    return None


def expected_levels(catalogue: Catalogue, info: DatasetInfo) -> dict[str, list[str]]:
    """Every level of each disaggregation of the catalogue whose by-variables have a closed
    list of values: a contract codelist, a boolean, or the labels of a derived cut."""

    def values(variable: str) -> list[str] | None:
        for derived in catalogue.derived:
            if derived.name == variable and derived.cut is not None:
                return list(derived.cut.labels)
        column = info.columns.get(variable)
        if column is None:
            return None
        if column.type == "boolean":
            return ["false", "true"]
        return list(column.codes) or None

    out: dict[str, list[str]] = {}
    for indicator in catalogue.indicators:
        for variables in indicator.disaggregations:
            if not variables:
                continue
            per_variable = [values(v) for v in variables]
            if any(v is None for v in per_variable):
                continue
            combos = itertools.product(*(v for v in per_variable if v is not None))
            out[disaggregation_name(variables)] = [level_name(c) for c in combos]
    return out


def compute(
    catalogue: Catalogue,
    data: pd.DataFrame,
    design: SurveyDesign | ReplicateDesign | None = None,
    *,
    country: str,
    period: str,
    dataset: str | None = None,
    indicators: Sequence[str] | None = None,
    min_count: int = 5,
    disclosure: DisclosureOptions | None = None,
    lonely_psu: LonelyPSU = DEFAULT_LONELY_PSU,
    level: float = 0.95,
    disaggregations: Sequence[tuple[str, ...]] | None = None,
) -> ResultsTable:
    """Estimate every indicator of ``dataset`` (or those listed) on ``data``.

    The one path from a catalogue to published numbers: the design comes from the dataset's
    contract (weights, strata, PSU; or the indicative mode of a non-probability sample, with
    no intervals and the contract's caveat), every indicator of a dataset is estimated in as
    few batched estimator calls as possible, and disclosure control is applied last.

    Parameters
    ----------
    catalogue : Catalogue
        The indicator catalogue (:func:`load_catalogue`).
    data : pandas.DataFrame
        Curated rows of the dataset (``evidence.load`` or ``evidence.synth.synthesize``).
        Not modified.
    design : SurveyDesign or ReplicateDesign, optional
        Overrides the design built from the contract (e.g. a calibrated or replicate design);
        it must be built on ``data``.
    country : str
        ISO3 code of a response country (or the regional code).
    period : str
        ``YYYY-MM``.
    dataset : str, optional
        The dataset whose indicators to estimate; needed when the catalogue covers several.
    indicators : sequence of str, optional
        Indicator ids to estimate (default: all of the dataset's).
    min_count : int, default 5
        Smallest unweighted cell published (ignored when ``disclosure`` is given).
    disclosure : DisclosureOptions, optional
        Full disclosure-control options; overrides ``min_count``.
    lonely_psu : {"fail", "remove", "adjust", "average", "certainty"}
        Policy for strata with one PSU, as R's ``options(survey.lonely.psu=)``.
    level : float, default 0.95
        Confidence level.
    disaggregations : sequence of tuple of str, optional
        Replaces the catalogue's domains (``[(), ("regular_status",)]``: the total and by
        status).

    Returns
    -------
    ResultsTable
        The long results table (one row per indicator × domain) with its plan and caveat.

    Raises
    ------
    OptionError
        Unknown country, period, option or indicator id.
    DesignError
        A design column missing or inconsistent (e.g. a lonely PSU under ``"fail"``).

    See Also
    --------
    evidence.survey.estimate_proportion : the estimator behind proportions (R: ``svyciprop``).

    Examples
    --------
    >>> import evidence as ev
    >>> from evidence.synth import synthesize
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.05)
    >>> results = ev.compute(ev.load_catalogue(), data, country="COL", period="2023-12",
    ...                      dataset="integration_survey", indicators=["prop_employed"])
    >>> results.mode
    'design_based'
    >>> table = results.to_frame()
    >>> table.loc[0, ["indicator", "level", "ci_method"]].tolist(), int(table.loc[0, "n"])
    (['prop_employed', 'total', 'korn_graubard'], 360)
    >>> bool(table.loc[0, "ci_low"] < table.loc[0, "estimate"] < table.loc[0, "ci_high"])
    True
    """
    check_period(period)
    if country != REGION_CODE:
        country = get_country(country).iso3
    check_option("lonely_psu", lonely_psu, LONELY_PSU)
    if disclosure is None:
        disclosure = DisclosureOptions(min_count=min_count)
    name = _dataset(catalogue, dataset)
    chosen = catalogue.for_dataset(name)
    if indicators is not None:
        chosen = chosen.select(tuple(indicators))
    if disaggregations is not None:
        # The same indicators in other domains (needs by migration status): the
        # catalogue's definition, a study's choice of breakdown.
        by = tuple(tuple(d) for d in disaggregations)
        chosen = dataclasses.replace(
            chosen,
            indicators=tuple(dataclasses.replace(i, disaggregations=by) for i in chosen.indicators),
        )
    validate_catalogue(chosen)
    info = dataset_info(name)
    if data.empty:
        raise ContractError(f"no rows of {name} for {country} {period}: nothing to estimate")
    frame = analysis_frame(chosen, data, name)
    survey_design = _design(name, frame, design, lonely_psu)
    plan = plan_estimation(chosen, name)
    pieces: list[pd.DataFrame] = []
    skipped: list[tuple[str, str]] = []
    for batch in plan.batches:
        reason = unsupported(batch, survey_design)
        if reason is not None:
            skipped += [(indicator, reason) for indicator in batch.indicators]
            continue
        pieces.append(run_batch(batch, chosen, survey_design, level))
    if pieces:
        table = pd.concat(pieces, ignore_index=True)
        # A domain without one observation of the indicator (e.g. host households for an
        # indicator whose universe is migrants) has nothing to estimate or suppress.
        table = table[table["n"] > 0]
        # Catalogue order; within an indicator the engine's order (disaggregations as
        # declared, domains sorted) is kept by the stable sort.
        order = {i.id: position for position, i in enumerate(chosen.indicators)}
        table = table.sort_values("indicator", key=lambda c: c.map(order), kind="stable")
        table = table.assign(country=country, period=period).reset_index(drop=True)
        # A domain of the codelist nobody in the data belongs to (no respondent aged 60+ in
        # a small country) is published as a withheld row, never left out.
        expected = expected_levels(chosen, dataset_info(name))
        table = complete_domains(table, expected, analysis_key=join_key)
        table = publish(_readable(table, chosen, frame), disclosure)
    else:
        table = pd.DataFrame(columns=[*RESULTS_COLUMNS, *EXTRA_COLUMNS])
    indicative = not survey_design.probability
    return ResultsTable(
        table=table,
        dataset=name,
        country=country,
        period=period,
        mode="indicative" if indicative else "design_based",
        caveat=info.caveat if indicative else None,
        catalogue_version=catalogue.version,
        plan=plan,
        labels=tuple((i.id, i.label) for i in chosen.indicators),
        skipped=tuple(skipped),
    )
