"""Design-based estimators of means, totals, proportions and ratios: ``f(variables, design)``.

Every estimator takes a :class:`SurveyDesign` (Taylor linearisation) or a
:class:`ReplicateDesign` (replicate weights), any number of variables and any number of
disaggregations (``by=``), and returns one :class:`SurveyEstimates` holding every
variable × domain. The work is one vectorised pass per disaggregation, never a loop over
variables or domains (see ``linearisation``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd

from evidence.errors import EstimationError
from evidence.options import check_level, check_option
from evidence.survey.ci import proportion_interval, wald
from evidence.survey.design import SurveyDesign
from evidence.survey.domains import By, Disaggregation, disaggregations, parse_by
from evidence.survey.linearisation import DomainBlock, LinearKind, linearise
from evidence.survey.options import DeffReference, MeanCI, ProportionCI
from evidence.survey.replicate import ReplicateDesign
from evidence.survey.replicate_estimation import replicate_linearise
from evidence.survey.results import COLUMNS, INDICATIVE_CAVEAT, SurveyEstimates, make_flags
from evidence.survey.variables import Columns, numeric_columns, proportion_columns

AnyDesign = SurveyDesign | ReplicateDesign
Interval = Callable[[pd.DataFrame], tuple[np.ndarray, np.ndarray]]

MEAN_CI = ("t", "normal")
PROPORTION_CI = ("logit", "wilson", "beta", "asin", "mean", "xlogit")
DEFF = ("replace", "srswor")
PARALLEL_WORK = 5_000_000  # values x disaggregations above which threads pay off


def _check_design(design: object) -> AnyDesign:
    if not isinstance(design, SurveyDesign | ReplicateDesign):
        raise EstimationError(
            f"design must be a SurveyDesign or ReplicateDesign, not {type(design).__name__}; "
            "build one with SurveyDesign(frame, weights=..., strata=..., psu=...)"
        )
    return design


def domain_block(
    design: AnyDesign,
    kind: LinearKind,
    cols: Columns,
    d: Disaggregation,
    den: Columns | None,
    deff: DeffReference,
) -> DomainBlock:
    if isinstance(design, ReplicateDesign):
        return replicate_linearise(design, kind, cols, d, den=den, deff_reference=deff)
    return linearise(design, kind, cols, d, den=den, deff_reference=deff)


def assemble(
    blocks: Sequence[DomainBlock],
    cols: Columns,
    by_variables: Sequence[str],
    probability: bool,
) -> pd.DataFrame:
    """Stack the blocks into the long results table (intervals filled in later)."""
    pieces = []
    for block in blocks:
        d = block.disaggregation
        L, k = block.estimate.shape
        part = pd.DataFrame(
            {
                "variable": np.tile(np.asarray(cols.variables, dtype=object), L),
                "level": pd.Series(np.tile(np.asarray(cols.levels, dtype=object), L), dtype=object),
                "disaggregation": d.name,
                "domain": np.repeat(np.asarray(d.labels(), dtype=object), k),
                "estimate": block.estimate.ravel(),
                "se": np.sqrt(block.variance).ravel(),
                "df": block.df.ravel(),
                "deff": block.deff.ravel(),
                "n": block.n.ravel().astype(np.int64),
                "n_weighted": block.n_weighted.ravel(),
            }
        )
        for v in by_variables:
            part[v] = np.repeat(d.levels[v].to_numpy(dtype=object), k) if v in d.variables else None
        pieces.append(part)
    table = pd.concat(pieces, ignore_index=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        table["cv"] = table["se"] / table["estimate"].abs()
        table["n_effective"] = table["n"] / table["deff"]
    return table


def _estimate(
    statistic: str,
    kind: LinearKind,
    design: AnyDesign,
    cols: Columns,
    by: By,
    overall: bool,
    level: float,
    deff: DeffReference,
    interval: Interval,
    ci_label: str,
    den: Columns | None = None,
) -> SurveyEstimates:
    design = _check_design(design)
    level = check_level(level)
    check_option("deff", deff, DEFF)
    frame = design.frame
    disaggs = disaggregations(frame, by, include_overall=overall)
    work = cols.values.size * len(disaggs)
    if work >= PARALLEL_WORK and len(disaggs) > 1 and (os.cpu_count() or 1) > 1:
        # Disaggregations are independent and numpy/scipy release the GIL in their loops,
        # so two threads use both cores of a small machine.
        with ThreadPoolExecutor(max_workers=min(len(disaggs), os.cpu_count() or 1, 4)) as pool:
            blocks = list(
                pool.map(lambda d: domain_block(design, kind, cols, d, den, deff), disaggs)
            )
    else:
        blocks = [domain_block(design, kind, cols, d, den, deff) for d in disaggs]
    by_vars = list(dict.fromkeys(v for group in parse_by(by) for v in group))
    table = assemble(blocks, cols, by_vars, design.probability)
    if design.probability:
        low, high = interval(table)
        table["ci_low"], table["ci_high"], table["ci_method"] = low, high, ci_label
    else:
        table["se"] = table["deff"] = table["cv"] = table["n_effective"] = table["df"] = np.nan
        table["ci_low"] = table["ci_high"] = np.nan
        table["ci_method"] = "none"
    table["flags"] = make_flags(table, indicative=not design.probability)
    table = table[[*COLUMNS[:4], *by_vars, *COLUMNS[4:]]]
    caveat = None if design.probability else INDICATIVE_CAVEAT
    return SurveyEstimates(table, statistic, level, design.summary(), caveat)


def _mean_interval(ci: MeanCI, level: float) -> tuple[Interval, str]:
    check_option("ci_method", ci, MEAN_CI)

    def interval(t: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        df = t["df"].to_numpy(dtype=float) if ci == "t" else np.inf
        return wald(t["estimate"].to_numpy(), t["se"].to_numpy(), df, level)

    return interval, "wald-t(design df)" if ci == "t" else "wald-normal"


def estimate_mean(
    variables: str | Sequence[str],
    design: AnyDesign,
    *,
    by: By = None,
    overall: bool = True,
    level: float = 0.95,
    ci_method: MeanCI = "t",
    deff: DeffReference = "replace",
) -> SurveyEstimates:
    """Means of numeric ``variables`` (missing values left out, as R's ``na.rm=TRUE``).

    Matches R's ``svymean`` (with ``svyby`` for domains, ``confint(df=degf(design))``).

    Parameters
    ----------
    variables : str or sequence of str
        Numeric columns of ``design.frame``.
    design : SurveyDesign or ReplicateDesign
        The design (Taylor linearisation, or replicate weights).
    by : str, sequence of str or sequence of tuples, optional
        Disaggregations: a column (``"sex"``), several (each on its own) or crossings
        (``[("sex", "group")]``); R's ``svyby``.
    overall : bool, default True
        Also estimate over the whole sample.
    level : float, default 0.95
        Confidence level.
    ci_method : {"t", "normal"}, default "t"
        Wald interval with the t quantile on the design df, or the normal quantile
        (R's ``confint`` default).
    deff : {"replace", "srswor"}, default "replace"
        Design effect against simple random sampling with or without replacement
        (R's ``deff=TRUE`` / ``deff="replace"``).

    Returns
    -------
    SurveyEstimates
        One row per variable (and level) × domain: ``estimate``, ``se``, ``ci_low``,
        ``ci_high``, ``df`` (design degrees of freedom), ``deff``, ``cv``, ``n``,
        ``n_weighted``, ``n_effective``, ``flags``.

    Raises
    ------
    OptionError
        An option outside its allowed values (the message lists them).
    EstimationError
        A variable missing or not of the right kind.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.survey import SurveyDesign, estimate_mean
    >>> frame = pd.DataFrame({
    ...     "stratum": [1, 1, 1, 1, 2, 2, 2, 2], "psu": [1, 1, 2, 2, 3, 3, 4, 4],
    ...     "weight": [10.0, 10, 12, 12, 8, 8, 9, 9],
    ...     "income": [300.0, 420, 380, 510, 250, 270, 330, 290],
    ...     "employed": [1, 0, 1, 1, 0, 1, 0, 1], "sex": list("fmfmfmfm")})
    >>> design = SurveyDesign(frame, weights="weight", strata="stratum", psu="psu")
    >>> row = estimate_mean("income", design).to_frame().iloc[0]
    >>> round(float(row["estimate"]), 4), round(float(row["se"]), 4), float(row["df"])
    (354.1026, 27.9859, 2.0)

    R gives the same: ``svymean(~income, svydesign(ids=~psu, strata=~stratum,
    weights=~weight, data=frame))`` is 354.1026 with SE 27.9859.
    """
    interval, label = _mean_interval(ci_method, level)
    cols = numeric_columns(_check_design(design).frame, variables)
    return _estimate("mean", "mean", design, cols, by, overall, level, deff, interval, label)


def estimate_total(
    variables: str | Sequence[str],
    design: AnyDesign,
    *,
    by: By = None,
    overall: bool = True,
    level: float = 0.95,
    ci_method: MeanCI = "t",
    deff: DeffReference = "replace",
) -> SurveyEstimates:
    """Population totals of numeric ``variables`` (R's ``svytotal``).

    Parameters
    ----------
    variables : str or sequence of str
        Numeric columns of ``design.frame``.
    design, by, overall, level, ci_method, deff
        As in :func:`estimate_mean` (Wald intervals, t on the design df by default).

    Returns
    -------
    SurveyEstimates
        Totals, one row per variable and domain, with the columns of :func:`estimate_mean`;
        an unknown option or a variable that is not numeric raises as there.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.survey import SurveyDesign, estimate_total
    >>> frame = pd.DataFrame({"stratum": [1, 1, 1, 1, 2, 2, 2, 2],
    ...                       "psu": [1, 1, 2, 2, 3, 3, 4, 4],
    ...                       "weight": [10.0, 10, 12, 12, 8, 8, 9, 9],
    ...                       "income": [300.0, 420, 380, 510, 250, 270, 330, 290]})
    >>> design = SurveyDesign(frame, weights="weight", strata="stratum", psu="psu")
    >>> row = estimate_total("income", design).to_frame().iloc[0]
    >>> float(row["estimate"]), round(float(row["se"]), 1)
    (27620.0, 3758.6)
    """
    interval, label = _mean_interval(ci_method, level)
    cols = numeric_columns(_check_design(design).frame, variables)
    return _estimate("total", "total", design, cols, by, overall, level, deff, interval, label)


def estimate_proportion(
    variables: str | Sequence[str],
    design: AnyDesign,
    *,
    by: By = None,
    overall: bool = True,
    level: float = 0.95,
    ci_method: ProportionCI = "logit",
    deff: DeffReference = "replace",
) -> SurveyEstimates:
    """Proportions: one row per category of a select-one column, one per binary column.

    A multiple-choice question comes as boolean (or 0/1) columns ``q/choice``; each reports
    as variable ``q``, level ``choice``. Intervals are R's ``svyciprop`` methods or Wilson's
    (see ``ci``).

    Parameters
    ----------
    variables : str or sequence of str
        Select-one (text) columns, binary (boolean or 0/1) columns, or multiple-choice
        questions given by their ``q/choice`` columns.
    design, by, overall, level
        As in :func:`estimate_mean`.
    ci_method : {"logit", "wilson", "beta", "asin", "mean", "xlogit"}, default "logit"
        ``svyciprop(method=)``: ``logit`` and ``xlogit`` (Wald interval on the logit scale),
        ``beta`` (Korn and Graubard 1998), ``asin``, ``mean`` (Wald); ``wilson`` is the
        design-based Wilson score interval on the effective sample size.
    deff : {"replace", "srswor"}, default "replace"
        Reference of the design effect.

    Returns
    -------
    SurveyEstimates
        One row per category (or binary column) and domain, with the columns of
        :func:`estimate_mean`; options and variables are checked as there.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.survey import SurveyDesign, estimate_proportion
    >>> frame = pd.DataFrame({"stratum": [1] * 4 + [2] * 4, "psu": [1, 1, 2, 2, 3, 3, 4, 4],
    ...                       "weight": [10.0, 10, 12, 12, 8, 8, 9, 9],
    ...                       "employed": [1, 0, 1, 1, 0, 1, 0, 1], "sex": list("fmfmfmfm")})
    >>> design = SurveyDesign(frame, weights="weight", strata="stratum", psu="psu")
    >>> table = estimate_proportion("employed", design, by="sex").to_frame()
    >>> for row in table[["domain", "estimate", "ci_low", "ci_high"]].round(4).values.tolist():
    ...     print(row)
    ['all', 0.6538, 0.1053, 0.9681]
    ['sex=f', 0.5641, 0.4482, 0.6734]
    ['sex=m', 0.7436, 0.0066, 0.9992]

    R: ``svyby(~employed, ~sex, design, svyciprop, method="logit", vartype="ci")`` gives
    0.5641 (0.4482, 0.6734) and 0.7436 (0.0066, 0.9992).
    """
    check_option("ci_method", ci_method, PROPORTION_CI)
    cols = proportion_columns(_check_design(design).frame, variables)

    def interval(t: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
        return proportion_interval(
            ci_method,
            t["estimate"].to_numpy(),
            t["se"].to_numpy(),
            t["df"].to_numpy(dtype=float),
            t["n"].to_numpy(dtype=float),
            level,
        )

    return _estimate(
        "proportion", "mean", design, cols, by, overall, level, deff, interval, ci_method
    )


def estimate_ratio(
    numerator: str | Sequence[str],
    denominator: str | Sequence[str],
    design: AnyDesign,
    *,
    by: By = None,
    overall: bool = True,
    level: float = 0.95,
    ci_method: MeanCI = "t",
    deff: DeffReference = "replace",
) -> SurveyEstimates:
    """Ratios of totals, numerator[i] / denominator[i] (R's ``svyratio``).

    Parameters
    ----------
    numerator, denominator : str or sequence of str
        Numeric columns, paired one to one.
    design, by, overall, level, ci_method, deff
        As in :func:`estimate_mean` (Wald intervals, t on the design df by default).

    Returns
    -------
    SurveyEstimates
        One row per ratio (variable ``numerator/denominator``) and domain, with the columns
        of :func:`estimate_mean`; EstimationError when the numerators and denominators do not
        pair one to one.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.survey import SurveyDesign, estimate_ratio
    >>> frame = pd.DataFrame({"stratum": [1] * 4 + [2] * 4, "psu": [1, 1, 2, 2, 3, 3, 4, 4],
    ...                       "weight": [10.0, 10, 12, 12, 8, 8, 9, 9],
    ...                       "income": [300.0, 420, 380, 510, 250, 270, 330, 290]})
    >>> design = SurveyDesign(frame, weights="weight", strata="stratum", psu="psu")
    >>> row = estimate_ratio("income", "weight", design).to_frame().iloc[0]
    >>> row["variable"], round(float(row["estimate"]), 4), round(float(row["se"]), 4)
    ('income/weight', 35.5013, 0.5331)
    """
    interval, label = _mean_interval(ci_method, level)
    frame = _check_design(design).frame
    num = numeric_columns(frame, numerator)
    den = numeric_columns(frame, denominator)
    if num.k != den.k:
        raise EstimationError(
            f"{num.k} numerator(s) but {den.k} denominator(s); pair them one to one"
        )
    names = tuple(f"{a}/{b}" for a, b in zip(num.variables, den.variables, strict=True))
    num = Columns(names, num.levels, num.values, num.observed, num.binary)
    return _estimate(
        "ratio", "ratio", design, num, by, overall, level, deff, interval, label, den=den
    )
