"""Read the indicator catalogue YAML into frozen objects, reporting every problem of form.

The format is documented at the top of data_contracts/indicators.yaml. Problems are collected
over the whole document and raised together as one ContractError, so a catalogue author sees
every mistake in one run.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, get_args

import yaml

from evidence.errors import ContractError
from evidence.indicators.catalogue import (
    CROSS,
    LANGUAGES,
    TOTAL,
    Catalogue,
    Composite,
    CompositeRule,
    Cut,
    DerivedVariable,
    Indicator,
    IndicatorType,
    Labels,
)
from evidence.indicators.expressions import parse_expression, parse_universe
from evidence.paths import CONTRACTS_DIR
from evidence.yaml_text import parse_yaml

_ID = re.compile(r"^[a-z][a-z0-9_]*$")


class _Problems:
    """Collects every problem so that one error lists them all (lazy validation)."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[str] = []

    def add(self, message: str) -> None:
        self.items.append(message)

    def attempt(self, parse: Any, *args: Any) -> Any:
        try:
            return parse(*args)
        except ContractError as error:
            self.add(str(error))
            return None

    def raise_if_any(self) -> None:
        if self.items:
            listed = "\n  - ".join(self.items)
            raise ContractError(
                f"{self.source}: {len(self.items)} problem(s) in the indicator catalogue:\n"
                f"  - {listed}"
            )


def _labels(raw: Any, where: str) -> Labels:
    if not isinstance(raw, Mapping):
        raise ContractError(f"{where}: `label` must map each of {LANGUAGES} to a text")
    missing = [lang for lang in LANGUAGES if not str(raw.get(lang) or "").strip()]
    if missing:
        raise ContractError(f"{where}: label missing in {missing}; give es, pt and en")
    return Labels(**{lang: str(raw[lang]).strip() for lang in LANGUAGES})


def _disaggregations(raw: Any, where: str) -> tuple[tuple[str, ...], ...]:
    if not isinstance(raw, list) or not raw:
        raise ContractError(f"{where}: `disaggregations` must be a non-empty list")
    out = []
    for item in raw:
        text = str(item).strip()
        out.append(() if text == TOTAL else tuple(p.strip() for p in text.split(CROSS)))
    if len(set(out)) != len(out):
        raise ContractError(f"{where}: a disaggregation is listed twice")
    return tuple(out)


def _codes(raw: Any) -> tuple[str, ...]:
    return tuple(str(c) for c in raw) if isinstance(raw, list) else ()


def _derived(raw: Mapping[str, Any], where: str) -> DerivedVariable:
    name, dataset = str(raw.get("name", "")), str(raw.get("dataset", ""))
    if not _ID.match(name) or not dataset:
        raise ContractError(f"{where}: a derived variable needs a snake_case `name` and `dataset`")
    label = _labels(raw.get("label"), f"{where} ({name})")
    if ("cut" in raw) == ("composite" in raw):
        raise ContractError(f"{where} ({name}): give exactly one of `cut` or `composite`")
    if "cut" in raw:
        cut = raw["cut"]
        breaks = tuple(float(b) for b in cut.get("breaks", []))
        labels = tuple(str(label) for label in cut.get("labels", []))
        if len(breaks) < 1 or len(breaks) != len(labels) or list(breaks) != sorted(set(breaks)):
            raise ContractError(
                f"{where} ({name}): `cut` needs increasing `breaks` and one label per break"
            )
        return DerivedVariable(name, dataset, label, cut=Cut(str(cut["column"]), breaks, labels))
    spec = raw["composite"]
    rule = spec.get("rule")
    if rule not in get_args(CompositeRule):
        raise ContractError(f"{where} ({name}): composite `rule` must be one of any, count, mean")
    components = tuple(
        parse_expression(c, f"{where} ({name}) component") for c in spec.get("components", [])
    )
    # One component is a yes/no recode of one answer (on foot: transport == walking).
    if len(components) < (1 if rule == "any" else 2):
        raise ContractError(
            f"{where} ({name}): a composite needs at least two components (one for rule any)"
        )
    scale = spec.get("scale")
    if rule == "mean" and (not isinstance(scale, list) or len(scale) != 2 or scale[0] >= scale[1]):
        raise ContractError(f"{where} ({name}): rule mean needs `scale: [low, high]`")
    composite = Composite(
        rule=rule,
        components=components,
        unknown=_codes(spec.get("unknown")),
        scale=(float(scale[0]), float(scale[1])) if rule == "mean" else None,
    )
    return DerivedVariable(name, dataset, label, composite=composite)


def _indicator(raw: Mapping[str, Any], defaults: Mapping[str, Any], where: str) -> Indicator:
    indicator_id = str(raw.get("id", ""))
    where = f"{where} ({indicator_id or 'no id'})"
    if not _ID.match(indicator_id):
        raise ContractError(f"{where}: `id` must be snake_case")
    kind: Any = raw.get("type")
    if kind not in get_args(IndicatorType):
        raise ContractError(f"{where}: `type` must be one of {get_args(IndicatorType)}")
    statistic = raw.get("statistic", kind)
    if kind == "composite" and statistic not in ("proportion", "mean"):
        raise ContractError(f"{where}: a composite gives `statistic: proportion` or `mean`")
    dataset = str(raw.get("dataset", ""))
    disaggregations = raw.get(
        "disaggregations", (defaults.get(dataset) or {}).get("disaggregations")
    )
    ratio = statistic == "ratio"
    quantile: Any = raw.get("quantile")
    if statistic == "quantile" and not (isinstance(quantile, int | float) and 0 < quantile < 1):
        raise ContractError(f"{where}: a quantile indicator needs `quantile` in (0, 1)")
    if ratio and not ("numerator" in raw and "denominator" in raw):
        raise ContractError(f"{where}: a ratio needs `numerator` and `denominator`")
    if not ratio and "variable" not in raw:
        raise ContractError(f"{where}: give the `variable` the indicator is computed on")
    return Indicator(
        id=indicator_id,
        label=_labels(raw.get("label"), where),
        dataset=dataset,
        type=kind,
        statistic=statistic,
        variable=None if ratio else parse_expression(raw["variable"], where),
        numerator=parse_expression(raw["numerator"], where) if ratio else None,
        denominator=parse_expression(raw["denominator"], where) if ratio else None,
        quantile=float(quantile) if statistic == "quantile" else None,
        universe=parse_universe(raw.get("universe"), f"{where} universe"),
        disaggregations=_disaggregations(disaggregations, where),
        hxl=str(raw.get("hxl", "")),
        version=raw.get("version", 0),
        unknown=_codes(raw.get("unknown")),
    )


def catalogue_from_mapping(document: Any, source: str = "<mapping>") -> Catalogue:
    """Parse a catalogue document; one ContractError lists every problem of form.

    The form of each indicator and derived variable is checked (snake_case ids, a known type,
    labels in es, pt and en, the expressions a statistic needs, well-formed universes and
    disaggregations); problems are collected over the whole document and raised together.
    Whether columns and codes exist in the datasets is checked by validate_catalogue.

    Parameters
    ----------
    document : mapping
        A parsed catalogue (format: the top of data_contracts/indicators.yaml). An
        indicator without ``disaggregations`` takes its dataset's default from ``datasets:``.
    source : str, default "<mapping>"
        Where the document came from, named in messages.

    Returns
    -------
    Catalogue

    Raises
    ------
    ContractError
        Every problem of form, listed in one message.

    See Also
    --------
    load_catalogue : read data_contracts/indicators.yaml.
    validate_catalogue : check a catalogue against the datasets' contracts.

    Examples
    --------
    >>> women = {"id": "prop_women", "dataset": "integration_survey", "type": "proportion",
    ...     "label": {"es": "Mujeres", "pt": "Mulheres", "en": "Women"},
    ...     "variable": "sex == female", "disaggregations": ["total", "group"],
    ...     "hxl": "#indicator+f+pct", "version": 1}
    >>> catalogue = catalogue_from_mapping({"version": 1, "indicators": [women]})
    >>> catalogue.indicator("prop_women").disaggregations
    ((), ('group',))
    >>> broken = {**women, "id": "Women", "label": {"es": "Mujeres"}}
    >>> try:
    ...     catalogue_from_mapping({"version": 1, "indicators": [broken]})
    ... except ContractError as error:
    ...     print(str(error).splitlines()[0])
    <mapping>: 1 problem(s) in the indicator catalogue:
    """
    problems = _Problems(source)
    if not isinstance(document, Mapping) or not isinstance(document.get("indicators"), list):
        raise ContractError(f"{source}: an indicator catalogue needs an `indicators` list")
    version = document.get("version")
    if not isinstance(version, int) or version < 1:
        problems.add(f"{source}: `version` must be an integer >= 1")
    defaults = document.get("datasets") or {}
    derived = [
        problems.attempt(_derived, raw, f"derived[{i}]")
        for i, raw in enumerate(document.get("derived") or [])
    ]
    indicators = [
        problems.attempt(_indicator, raw, defaults, f"indicators[{i}]")
        for i, raw in enumerate(document["indicators"])
    ]
    problems.raise_if_any()
    return Catalogue(
        version=int(version),  # type: ignore[arg-type]
        indicators=tuple(i for i in indicators if i is not None),
        derived=tuple(d for d in derived if d is not None),
        source=source,
    )


def load_catalogue(path: str | Path | None = None) -> Catalogue:
    """Read and parse the indicator catalogue, checked against the data contracts.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        A catalogue YAML file (default: data_contracts/indicators.yaml).

    Returns
    -------
    Catalogue
        Every indicator with its dataset, statistic, universe, domains, labels and HXL tag.

    Raises
    ------
    ContractError
        When the file cannot be read or an indicator is malformed (the message names it).

    Examples
    --------
    >>> import evidence as ev
    >>> catalogue = ev.load_catalogue()
    >>> [i.id for i in catalogue.for_dataset("integration_survey").indicators][:2]
    ['prop_employed', 'prop_informal']
    """
    target = CONTRACTS_DIR / "indicators.yaml" if path is None else Path(path)
    try:
        document = parse_yaml(target.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContractError(f"{target}: cannot read the indicator catalogue ({error})") from error
    return catalogue_from_mapping(document, str(target))
