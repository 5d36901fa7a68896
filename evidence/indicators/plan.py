"""Plan the estimation of a catalogue: few engine calls, each covering many indicators.

Indicators of one dataset are grouped by what the survey engine needs to know to estimate
them together: the statistic (proportion, mean, total, ratio, quantile and its q) and the
set of disaggregations. Each group becomes one ``Batch``: one call of the estimator with all
its analysis columns and all its disaggregations (``by=``), so that, for example, every need
and risk of the flow survey by sex and age group is a single ``estimate_proportion`` call.
Universes do not split batches: an indicator's analysis column is missing outside its
universe, which the engine treats as a domain (R's ``na.rm=TRUE``), keeping design-based
standard errors right.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import pandas as pd

from evidence.indicators.catalogue import Catalogue, Indicator, Statistic
from evidence.indicators.keys import disaggregation_name

NUMERATOR_SUFFIX = "__numerator"
DENOMINATOR_SUFFIX = "__denominator"


def analysis_columns(indicator: Indicator) -> tuple[str, ...]:
    """Names of the analysis column(s) the indicator is estimated from."""
    if indicator.statistic == "ratio":
        return (indicator.id + NUMERATOR_SUFFIX, indicator.id + DENOMINATOR_SUFFIX)
    return (indicator.id,)


@dataclass(frozen=True)
class Batch:
    """One estimator call: a statistic, its disaggregations and the indicators it covers.

    The indicators of a batch share statistic, quantile and disaggregations, so the survey
    engine estimates all their analysis columns in one call with ``by=`` the disaggregations.

    Parameters
    ----------
    statistic : {"proportion", "mean", "total", "ratio", "quantile"}
    quantile : float or None
        The q of a quantile batch.
    disaggregations : tuple of tuple of str
        ``()`` is the total.
    indicators : tuple of str
        Indicator ids, in catalogue order.

    Attributes
    ----------
    overall : bool
        Whether the total is among the disaggregations.
    by : list of tuple of str
        The disaggregations other than the total.

    Examples
    --------
    >>> batch = Batch("proportion", None, ((), ("sex",), ("group", "sex")), ("prop_employed",))
    >>> batch.overall, batch.by
    (True, [('sex',), ('group', 'sex')])
    """

    statistic: Statistic
    quantile: float | None
    disaggregations: tuple[tuple[str, ...], ...]  # () is the total
    indicators: tuple[str, ...]

    @property
    def overall(self) -> bool:
        return () in self.disaggregations

    @property
    def by(self) -> list[tuple[str, ...]]:
        return [d for d in self.disaggregations if d]


@dataclass(frozen=True, eq=False)
class EstimationPlan:
    """The batches in which a dataset's indicators are estimated (what plan_estimation makes).

    ``to_frame()`` gives one row per batch (statistic, quantile, disaggregations, number of
    indicators), ``summary()`` the same as text with the number of estimator calls; compute
    keeps the plan on its ResultsTable.

    Parameters
    ----------
    dataset : str
    batches : tuple of Batch

    Examples
    --------
    >>> from evidence.indicators import load_catalogue
    >>> plan = plan_estimation(load_catalogue(), "integration_survey")
    >>> plan.to_frame().columns.tolist()
    ['statistic', 'quantile', 'disaggregations', 'indicators']
    >>> print(plan.summary().splitlines()[0])
    integration_survey: ... indicators in ... estimator call(s)
    """

    dataset: str
    batches: tuple[Batch, ...]

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "statistic": b.statistic,
                    "quantile": b.quantile,
                    "disaggregations": ", ".join(disaggregation_name(d) for d in b.disaggregations),
                    "indicators": len(b.indicators),
                }
                for b in self.batches
            ]
        )

    def summary(self) -> str:
        n = sum(len(b.indicators) for b in self.batches)
        head = f"{self.dataset}: {n} indicators in {len(self.batches)} estimator call(s)"
        return head + "\n" + self.to_frame().to_string(index=False)

    def _repr_html_(self) -> str:
        return f"<p>{escape(self.summary().splitlines()[0])}</p>" + self.to_frame().to_html(
            index=False
        )


def plan_estimation(catalogue: Catalogue, dataset: str) -> EstimationPlan:
    """Group the dataset's indicators into batches, in catalogue order (deterministic).

    Indicators with the same statistic, quantile and disaggregations share a batch (one
    survey-engine call); universes do not split batches, since an analysis column is missing
    outside its indicator's universe and the engine treats that as a domain.

    Parameters
    ----------
    catalogue : Catalogue
    dataset : str
        Only this dataset's indicators are planned.

    Returns
    -------
    EstimationPlan
        Empty (no batch) when the catalogue has no indicator of ``dataset``.

    Examples
    --------
    >>> from evidence.indicators import load_catalogue
    >>> catalogue = load_catalogue()
    >>> plan = plan_estimation(catalogue, "integration_survey")
    >>> planned = [i for b in plan.batches for i in b.indicators]
    >>> len(plan.batches) < len(planned), sorted(planned) == sorted(
    ...     i.id for i in catalogue.for_dataset("integration_survey").indicators)
    (True, True)
    >>> plan_estimation(catalogue, "no_such_dataset").batches
    ()
    """
    groups: dict[tuple[object, ...], list[str]] = {}
    for indicator in catalogue.indicators:
        if indicator.dataset != dataset:
            continue
        key = (indicator.statistic, indicator.quantile, indicator.disaggregations)
        groups.setdefault(key, []).append(indicator.id)
    batches = tuple(
        Batch(statistic=k[0], quantile=k[1], disaggregations=k[2], indicators=tuple(ids))  # type: ignore[arg-type]
        for k, ids in groups.items()
    )
    return EstimationPlan(dataset, batches)
