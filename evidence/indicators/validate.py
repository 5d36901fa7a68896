"""Check the indicator catalogue against the datasets' contracts, reporting every problem.

Every indicator must reference real columns of its dataset (a contract field, a canonical
multiple-choice column ``question/choice``, or a derived variable declared for that dataset)
and real codes of their codelists; its statistic must suit the column's type; ids are unique
and name the statistic first, as results.yaml asks (``prop_``, ``mean_``, ``total_``,
``ratio_``, ``median_`` or ``p<NN>_`` for quantiles); HXL hashtags are well formed; labels
exist in es, pt and en (checked when parsing).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from evidence.errors import ContractError
from evidence.indicators.catalogue import Catalogue, DerivedVariable, Indicator
from evidence.indicators.datasets import Column, DatasetInfo, dataset_info
from evidence.indicators.expressions import Expression

HXL = re.compile(r"^#[a-z][a-z0-9_]*(\+[a-z][a-z0-9_]*)*$")
PREFIXES = {"proportion": "prop_", "mean": "mean_", "total": "total_", "ratio": "ratio_"}
BOOLEAN_CODES = ("true", "false")


def id_prefix(indicator: Indicator) -> str:
    """The prefix an indicator id must start with, naming its statistic."""
    if indicator.statistic == "quantile":
        q = indicator.quantile or 0.0
        return "median_" if q == 0.5 else f"p{round(q * 100):02d}_"
    return PREFIXES[indicator.statistic]


def _derived_column(variable: DerivedVariable) -> Column:
    if variable.cut is not None:
        return Column(variable.name, "string", variable.cut.labels)
    assert variable.composite is not None
    return Column(variable.name, "boolean" if variable.composite.rule == "any" else "number")


def _codes_of(column: Column) -> tuple[str, ...]:
    return BOOLEAN_CODES if column.type == "boolean" else column.codes


class _Checker:
    def __init__(self, catalogue: Catalogue, contracts_dir: Path | None) -> None:
        self.catalogue = catalogue
        self.contracts_dir = contracts_dir
        self.problems: list[str] = []
        self._columns: dict[str, dict[str, Column] | None] = {}

    def columns(self, dataset: str, where: str) -> dict[str, Column] | None:
        if dataset not in self._columns:
            try:
                info: DatasetInfo | None = dataset_info(dataset, self.contracts_dir)
            except ContractError as error:
                self.problems.append(f"{where}: {error}")
                info = None
            columns = dict(info.columns) if info else None
            if columns is not None:
                for variable in self.catalogue.derived:
                    if variable.dataset == dataset:
                        columns[variable.name] = _derived_column(variable)
            self._columns[dataset] = columns
        return self._columns[dataset]

    def column(
        self, columns: dict[str, Column], name: str, where: str, fix: str = ""
    ) -> Column | None:
        if name not in columns:
            close = [c for c in columns if c.split("/")[0] == name.split("/")[0]][:5]
            hint = f" (did you mean one of {close}?)" if close else fix
            self.problems.append(f"{where}: column {name!r} is not in the dataset{hint}")
            return None
        return columns[name]

    def codes(self, column: Column, codes: tuple[str, ...], where: str) -> None:
        allowed = _codes_of(column)
        if not allowed:
            return  # free-text categories (e.g. admin1): any code may occur
        wrong = [code for code in codes if code not in allowed]
        if wrong:
            self.problems.append(
                f"{where}: code(s) {wrong} not in the codelist of {column.name!r} {list(allowed)}"
            )

    def expression(
        self, columns: dict[str, Column], expression: Expression, want: str, where: str
    ) -> None:
        column = self.column(columns, expression.column, where)
        if column is None:
            return
        if expression.operator != "value":
            if not column.categorical:
                self.problems.append(f"{where}: {expression} compares a {column.type} column")
            self.codes(column, expression.codes, where)
            return
        if want == "binary" and column.type != "boolean":
            self.problems.append(
                f"{where}: {expression.column!r} is {column.type}; a proportion needs a boolean "
                "or choice column, or `column == code`"
            )
        if want == "numeric" and not column.numeric:
            self.problems.append(f"{where}: {expression.column!r} is {column.type}, not numeric")

    def derived(self, variable: DerivedVariable) -> None:
        where = f"derived variable {variable.name!r}"
        columns = self.columns(variable.dataset, where)
        if columns is None:
            return
        contract_columns = dataset_info(variable.dataset, self.contracts_dir).columns
        if variable.name in contract_columns:
            self.problems.append(f"{where}: shadows a column of {variable.dataset}")
        if variable.cut is not None:
            column = self.column(columns, variable.cut.column, where)
            if column is not None and not column.numeric:
                self.problems.append(f"{where}: cuts {column.name!r}, which is not numeric")
        if variable.composite is not None:
            want = "numeric" if variable.composite.rule == "mean" else "binary"
            for component in variable.composite.components:
                self.expression(columns, component, want, f"{where} component {component}")

    def indicator(self, indicator: Indicator) -> None:
        where = f"indicator {indicator.id!r}"
        if not indicator.id.startswith(id_prefix(indicator)):
            self.problems.append(
                f"{where}: a {indicator.statistic} id starts with {id_prefix(indicator)!r}"
            )
        if not HXL.match(indicator.hxl):
            self.problems.append(f"{where}: hxl {indicator.hxl!r} is not a hashtag like #need+food")
        if not isinstance(indicator.version, int) or indicator.version < 1:
            self.problems.append(f"{where}: `version` must be an integer >= 1")
        columns = self.columns(indicator.dataset, where)
        if columns is None:
            return
        if indicator.type == "composite":
            derived = {d.name: d for d in self.catalogue.derived if d.dataset == indicator.dataset}
            chosen = derived.get(indicator.variable.column if indicator.variable else "")
            if chosen is None or chosen.composite is None:
                self.problems.append(
                    f"{where}: the variable of a composite must be a composite derived variable"
                )
        want = {"proportion": "binary", "ratio": "numeric"}.get(indicator.statistic, "numeric")
        for expression in (indicator.variable, indicator.numerator, indicator.denominator):
            if expression is not None:
                self.expression(columns, expression, want, where)
        if indicator.unknown and indicator.variable is not None:
            column = columns.get(indicator.variable.column)
            if column is not None:
                self.codes(column, indicator.unknown, f"{where} unknown")
        for condition in indicator.universe:
            column = self.column(columns, condition.column, f"{where} universe")
            if column is None:
                continue
            for codes in (condition.values_in, condition.values_not_in):
                if codes is not None:
                    self.codes(column, codes, f"{where} universe")
            if condition.equals is not None:
                self.codes(column, (str(condition.equals).lower(),), f"{where} universe")
            if (condition.minimum, condition.maximum) != (None, None) and not column.numeric:
                self.problems.append(f"{where} universe: min/max on non-numeric {column.name!r}")
        # A column made in the notebook (pd.cut of age) is not known to the catalogue.
        fix = (
            f"; it is neither a column of data_contracts/{indicator.dataset}.yaml nor a derived "
            f"variable of the catalogue: declare it under `derived:` for {indicator.dataset} "
            "(e.g. a `cut` of a numeric column such as age), or disaggregate by a categorical "
            "column of the dataset"
        )
        for disaggregation in indicator.disaggregations:
            for name in disaggregation:
                column = self.column(columns, name, f"{where} disaggregation", fix)
                if column is not None and not column.categorical:
                    self.problems.append(
                        f"{where}: cannot disaggregate by {column.type} column {name!r}; "
                        "declare a `cut` derived variable"
                    )


def catalogue_problems(catalogue: Catalogue, contracts_dir: Path | None = None) -> list[str]:
    """Every problem of the catalogue against the contracts (empty when it is valid).

    Checks that every indicator and derived variable reads real columns of its dataset (a
    contract field, a canonical ``question/choice`` column or a derived variable) and real
    codes of their codelists; that the statistic suits the column (a proportion needs a
    boolean, a choice column or ``column == code``; means, totals and quantiles a number);
    that disaggregations are categorical; that ids are unique and start with their
    statistic's prefix; that HXL hashtags are well formed and versions integers >= 1.

    Parameters
    ----------
    catalogue : Catalogue
    contracts_dir : pathlib.Path, optional
        Folder of the contracts (default data_contracts/).

    Returns
    -------
    list of str
        One message per problem, each naming the indicator and what to fix.

    See Also
    --------
    validate_catalogue : the same check, raising.

    Examples
    --------
    >>> from evidence.indicators import catalogue_from_mapping, load_catalogue
    >>> catalogue_problems(load_catalogue())
    []
    >>> women = {"id": "prop_women", "dataset": "integration_survey", "type": "proportion",
    ...     "label": {"es": "Mujeres", "pt": "Mulheres", "en": "Women"},
    ...     "variable": "sex == woman", "disaggregations": ["total", "gender"],
    ...     "hxl": "#indicator+f+pct", "version": 1}
    >>> problems = catalogue_problems(
    ...     catalogue_from_mapping({"version": 1, "indicators": [women]}))
    >>> len(problems), "code(s) ['woman']" in problems[0], "'gender'" in problems[1]
    (2, True, True)
    """
    checker = _Checker(catalogue, contracts_dir)
    repeated = [i for i, n in Counter(x.id for x in catalogue.indicators).items() if n > 1]
    if repeated:
        checker.problems.append(f"indicator id(s) {repeated} declared more than once")
    names = Counter((d.dataset, d.name) for d in catalogue.derived)
    checker.problems += [
        f"derived variable {k[1]!r} declared twice" for k, n in names.items() if n > 1
    ]
    for variable in catalogue.derived:
        checker.derived(variable)
    for indicator in catalogue.indicators:
        checker.indicator(indicator)
    # One problem once: a column missing from two disaggregations is one thing to fix.
    return list(dict.fromkeys(checker.problems))


def validate_catalogue(catalogue: Catalogue, contracts_dir: Path | None = None) -> Catalogue:
    """Return ``catalogue`` if valid; else one ContractError listing every problem.

    Parameters
    ----------
    catalogue : Catalogue
    contracts_dir : pathlib.Path, optional
        Folder of the contracts (default data_contracts/).

    Returns
    -------
    Catalogue
        ``catalogue`` itself.

    Raises
    ------
    ContractError
        The catalogue does not fit the contracts; the message lists every problem found by
        catalogue_problems.

    Examples
    --------
    >>> from evidence.indicators import catalogue_from_mapping, load_catalogue
    >>> catalogue = load_catalogue()
    >>> validate_catalogue(catalogue) is catalogue
    True
    >>> employed = {"id": "mean_employed", "dataset": "integration_survey", "type": "mean",
    ...     "label": {"es": "Ocupados", "pt": "Ocupados", "en": "Employed"},
    ...     "variable": "employed", "disaggregations": ["total"], "hxl": "#employed",
    ...     "version": 1}
    >>> try:
    ...     validate_catalogue(catalogue_from_mapping({"version": 1, "indicators": [employed]}))
    ... except ContractError as error:
    ...     print(str(error).splitlines()[-1].strip())
    - indicator 'mean_employed': 'employed' is boolean, not numeric
    """
    problems = catalogue_problems(catalogue, contracts_dir)
    if problems:
        listed = "\n  - ".join(problems)
        raise ContractError(
            f"{catalogue.source}: {len(problems)} problem(s) against data_contracts/:\n  - {listed}"
        )
    return catalogue
