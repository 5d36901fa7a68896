"""The indicator catalogue as frozen objects: indicators and the derived variables they use.

data_contracts/indicators.yaml declares every indicator (id, labels in es/pt/en, dataset,
type, variable, universe, disaggregations, HXL hashtag, version) and the derived variables
they use (age groups cut from age, composite scores); nothing about an indicator is coded
elsewhere. parse.py reads the YAML into these objects, validate.py checks them against the
datasets' contracts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from html import escape
from typing import Literal

import pandas as pd

from evidence.countries import LANGUAGES
from evidence.errors import ContractError
from evidence.indicators.expressions import Condition, Expression

IndicatorType = Literal["proportion", "mean", "total", "ratio", "quantile", "composite"]
Statistic = Literal["proportion", "mean", "total", "ratio", "quantile"]
CompositeRule = Literal["any", "count", "mean"]
TOTAL = "total"
CROSS = " x "


@dataclass(frozen=True)
class Labels:
    """The label of an indicator or derived variable in Spanish, Portuguese and English.

    Every label is required in all three languages (checked when the catalogue is parsed), so
    tables and reports can be published in the language of each country.

    Parameters
    ----------
    es, pt, en : str

    Examples
    --------
    >>> label = Labels(es="Personas ocupadas", pt="Pessoas ocupadas", en="Employed")
    >>> label.get("pt")
    'Pessoas ocupadas'
    """

    es: str
    pt: str
    en: str

    def get(self, language: str) -> str:
        return str(getattr(self, language))


@dataclass(frozen=True)
class Cut:
    """Bins of a numeric column: [breaks[i], breaks[i+1]) gets labels[i]; the last is open.

    How a derived variable such as an age group is declared (``cut:`` in the catalogue).
    Values below the first break, or missing, get no label.

    Parameters
    ----------
    column : str
        The numeric column cut.
    breaks : tuple of float
        Increasing lower bounds, one per bin (closed on the left).
    labels : tuple of str
        One label per break.

    Examples
    --------
    >>> import pandas as pd
    >>> cut = Cut("age", (18.0, 25.0), ("18_24", "25_plus"))
    >>> label = Labels(es="Edad", pt="Idade", en="Age group")
    >>> age_group = DerivedVariable("age_group", "flow_survey", label, cut=cut)
    >>> from evidence.indicators import derive
    >>> derive([age_group], pd.DataFrame({"age": [20, 25, 70, 15]}))["age_group"].tolist()
    ['18_24', '25_plus', '25_plus', <NA>]
    """

    column: str
    breaks: tuple[float, ...]
    labels: tuple[str, ...]


@dataclass(frozen=True)
class Composite:
    """A score from several yes/no components (or 0-1 scaled items, for ``mean``).

    Rules (see derive.py): ``any`` is true if any component is true, false if all are known
    false, else missing; ``count`` is the number of true components, missing if any is
    missing; ``mean`` is the mean of the components rescaled by ``scale`` to 0-1, missing if
    any is missing.

    Parameters
    ----------
    rule : {"any", "count", "mean"}
    components : tuple of Expression
        Catalogue expressions (``column``, ``column == code``, ...), at least two.
    unknown : tuple of str, optional
        Answer codes that count as missing (``dont_know``, ``prefer_not_to_say``).
    scale : (float, float), optional
        ``(low, high)`` of the items, required by ``mean`` (e.g. ``(1, 5)`` for IPL-12 items).

    See Also
    --------
    composite_values : the score of each row.

    References
    ----------
    Harder, N., Figueroa, L., Gillum, R. M., Hangartner, D., Laitin, D. D. and Hainmueller,
    J. (2018). Multidimensional measure of immigrant integration. PNAS 115(45), 11483-11488
    (the IPL-12 items that the catalogue's ``mean`` composites score).

    Examples
    --------
    >>> from evidence.indicators import load_catalogue
    >>> derived = {d.name: d for d in load_catalogue().derived}
    >>> ipl = derived["ipl_index"].composite
    >>> ipl.rule, ipl.scale, len(ipl.components)
    ('mean', (1.0, 5.0), 12)
    """

    rule: CompositeRule
    components: tuple[Expression, ...]
    unknown: tuple[str, ...] = ()
    scale: tuple[float, float] | None = None


@dataclass(frozen=True)
class DerivedVariable:
    """A column the catalogue derives from a dataset's columns: a Cut or a Composite.

    Declared under ``derived:`` in data_contracts/indicators.yaml, so that indicators may read
    and be disaggregated by it (age groups, vulnerability scores, IPL-12 dimensions) without
    code in a notebook. Exactly one of ``cut`` and ``composite`` is set.

    Parameters
    ----------
    name : str
        Column name (snake_case; may not shadow a column of the dataset).
    dataset : str
    label : Labels
    cut : Cut, optional
    composite : Composite, optional

    Examples
    --------
    >>> from evidence.indicators import load_catalogue
    >>> age_group = {d.name: d for d in load_catalogue().derived}["age_group"]
    >>> age_group.name, age_group.dataset, age_group.cut.column, age_group.composite is None
    ('age_group', 'flow_survey', 'age', True)
    """

    name: str
    dataset: str
    label: Labels
    cut: Cut | None = None
    composite: Composite | None = None


@dataclass(frozen=True)
class Indicator:
    """One indicator of the catalogue: what is estimated, on which rows, in which domains.

    Declared in data_contracts/indicators.yaml and checked against the dataset's contract;
    nothing about an indicator is coded elsewhere. Its id starts with its statistic
    (``prop_``, ``mean_``, ``total_``, ``ratio_``, ``median_``/``p<NN>_``) as the results
    contract asks.

    Parameters
    ----------
    id : str
    label : Labels
    dataset : str
    type : {"proportion", "mean", "total", "ratio", "quantile", "composite"}
        ``composite`` estimates a composite derived variable.
    statistic : {"proportion", "mean", "total", "ratio", "quantile"}
        What the survey engine estimates (the type, or proportion/mean for a composite).
    variable : Expression or None
        The analysis variable (None for a ratio).
    numerator, denominator : Expression or None
        A ratio's two variables.
    quantile : float or None
        The quantile's q, in (0, 1).
    universe : tuple of Condition
        Conditions a row must meet to count (all of them); empty: every row.
    disaggregations : tuple of tuple of str
        Domains to estimate in; ``()`` is the total, ``("group", "sex")`` a crossing.
    hxl : str
        HXL hashtag of the published value.
    version : int
    unknown : tuple of str, optional
        Answer codes treated as missing rather than "no".

    Attributes
    ----------
    columns : tuple of str
        Every column the indicator reads (variables, universe, disaggregations).

    Examples
    --------
    >>> from evidence.indicators import load_catalogue
    >>> informal = load_catalogue().indicator("prop_informal")
    >>> informal.statistic, informal.universe[0].column, informal.disaggregations[0]
    ('proportion', 'employed', ())
    >>> informal.columns[:2]
    ('informal', 'employed')
    """

    id: str
    label: Labels
    dataset: str
    type: IndicatorType
    statistic: Statistic
    variable: Expression | None
    numerator: Expression | None
    denominator: Expression | None
    quantile: float | None
    universe: tuple[Condition, ...]
    disaggregations: tuple[tuple[str, ...], ...]  # () is the total
    hxl: str
    version: int
    unknown: tuple[str, ...] = ()

    @property
    def columns(self) -> tuple[str, ...]:
        """Every column the indicator reads (variable(s), universe, disaggregations)."""
        used = [e.column for e in (self.variable, self.numerator, self.denominator) if e]
        used += [c.column for c in self.universe]
        used += [v for d in self.disaggregations for v in d]
        return tuple(dict.fromkeys(used))


@dataclass(frozen=True)
class Catalogue:
    """A parsed catalogue; ``for_dataset`` narrows it to one dataset.

    The indicators of data_contracts/indicators.yaml (:func:`load_catalogue`): what each
    estimates on which dataset, in which universe and domains, with labels in es, pt and en
    and an HXL tag. ``to_frame()`` lists them; ``select(ids)`` keeps some.

    Examples
    --------
    >>> from evidence.indicators import load_catalogue
    >>> catalogue = load_catalogue()
    >>> print(catalogue.summary().splitlines()[0])
    Indicator catalogue v1: ... indicators
    >>> catalogue.to_frame().columns[:4].tolist()
    ['id', 'dataset', 'type', 'statistic']
    """

    version: int
    indicators: tuple[Indicator, ...]
    derived: tuple[DerivedVariable, ...] = ()
    source: str = "<mapping>"

    @property
    def datasets(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(i.dataset for i in self.indicators))

    def indicator(self, indicator_id: str) -> Indicator:
        for candidate in self.indicators:
            if candidate.id == indicator_id:
                return candidate
        raise ContractError(f"{self.source}: no indicator {indicator_id!r}")

    def for_dataset(self, dataset: str) -> Catalogue:
        indicators = tuple(i for i in self.indicators if i.dataset == dataset)
        if not indicators:
            raise ContractError(
                f"{self.source}: no indicator for dataset {dataset!r} (have: {self.datasets})"
            )
        derived = tuple(d for d in self.derived if d.dataset == dataset)
        return Catalogue(self.version, indicators, derived, self.source)

    def select(self, ids: list[str] | tuple[str, ...]) -> Catalogue:
        chosen = tuple(self.indicator(i) for i in ids)
        return Catalogue(self.version, chosen, self.derived, self.source)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "id": i.id,
                    "dataset": i.dataset,
                    "type": i.type,
                    "statistic": i.statistic,
                    "variable": str(i.variable or f"{i.numerator} / {i.denominator}"),
                    "universe": len(i.universe),
                    "disaggregations": ", ".join(CROSS.join(d) or TOTAL for d in i.disaggregations),
                    **{f"label_{lang}": i.label.get(lang) for lang in LANGUAGES},
                    "hxl": i.hxl,
                    "version": i.version,
                }
                for i in self.indicators
            ]
        )

    def __repr__(self) -> str:
        # The summary, not every declaration: a notebook prints this when HTML is off.
        return self.summary()

    def summary(self) -> str:
        counts = Counter((i.dataset, i.type) for i in self.indicators)
        lines = [f"Indicator catalogue v{self.version}: {len(self.indicators)} indicators"]
        lines += [f"  {dataset:20s} {kind:12s} {n}" for (dataset, kind), n in counts.items()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = (
            f"<p><strong>Indicator catalogue v{self.version}</strong> ({escape(self.source)})</p>"
        )
        return head + self.to_frame().to_html(index=False)
