"""Data contracts as frozen dataclasses, loaded from the YAML files in data_contracts/.

The YAML format is described in data_contracts/README.md (Frictionless Table Schema plus a few
extensions). Loading checks the contract itself: a malformed contract raises a ContractError
naming the file, the field and what to fix, before any data are looked at.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, cast, get_args

import yaml

from evidence.errors import ContractError
from evidence.paths import CONTRACTS_DIR
from evidence.yaml_text import parse_yaml

FieldType = Literal["string", "integer", "number", "boolean", "date", "datetime", "list"]
PiiAction = Literal["hmac", "drop"]
SamplingMode = Literal["probability", "non_probability"]
RawFormat = Literal["csv", "parquet", "xlsx"]

FIELD_TYPES: tuple[str, ...] = get_args(FieldType)
_CONSTRAINT_KEYS = frozenset(
    {"required", "unique", "enum", "minimum", "maximum", "pattern", "codelist"}
)
# Codelists that depend on the file's country, checked by ingest (evidence.admin1).
COUNTRY_CODELISTS = ("admin1",)
_CHOICE_SEPARATOR = "/"  # canonical multiple-choice column: <question>/<choice>


@dataclass(frozen=True)
class Constraints:
    """The rules a field's values must follow (Frictionless Table Schema ``constraints``).

    Each becomes a pandera check named after the rule, so a failure in the validation report
    names the rule of the contract it broke.

    Parameters
    ----------
    required : bool, default False
        A value is required in every row (the column must be present too).
    unique : bool, default False
        No value may repeat across rows.
    enum : tuple, optional
        The codelist: the only values allowed.
    minimum, maximum : optional
        Inclusive bounds (numbers, or ISO dates for date fields).
    pattern : str, optional
        A regular expression the whole value must match.
    codelist : {"admin1"}, optional
        A codelist of the file's country (``admin1``: its first-level units,
        ``evidence.admin1``); ingest quarantines a value not in it.

    Examples
    --------
    >>> load_contract("flow_counts").field("entries").constraints
    Constraints(required=True, unique=False, enum=None, minimum=0, maximum=None, pattern=None, \
codelist=None)
    """

    required: bool = False
    unique: bool = False
    enum: tuple[Any, ...] | None = None
    minimum: Any = None
    maximum: Any = None
    pattern: str | None = None
    codelist: str | None = None


@dataclass(frozen=True)
class Field:
    """One column of a contract: its type, meaning, HXL tag, personal-data rule, constraints.

    Parameters
    ----------
    name : str
        Column name in the raw file and the curated table.
    type : {"string", "integer", "number", "boolean", "date", "datetime", "list"}
        ``list`` is a multiple-choice question (Kobo/ODK select_multiple), stored canonically
        as one boolean column ``<name>/<choice>`` per choice.
    pii : bool
        Whether the column holds personal data.
    description : str, optional
    hxl : str, optional
        HXL hashtag and attributes (e.g. ``#population+entries``).
    pii_action : {"hmac", "drop"}, optional
        What ingest does to a personal-data column (default ``hmac`` when ``pii``):
        pseudonymise with a keyed hash, or drop it.
    constraints : Constraints
    format : str, optional
        Date/datetime format of the raw text (default ISO 8601).
    delimiter : str, default " "
        Separator of the choice codes of a ``list`` field in one cell.
    choices : tuple of str
        Codelist of a ``list`` field.

    Examples
    --------
    >>> field = Field("needs", "list", pii=False, choices=("food", "health"))
    >>> field.choice_columns, field.required
    (('needs/food', 'needs/health'), False)
    """

    name: str
    type: FieldType
    pii: bool
    description: str = ""
    hxl: str | None = None
    pii_action: PiiAction | None = None
    constraints: Constraints = field(default_factory=Constraints)
    format: str | None = None
    delimiter: str = " "
    choices: tuple[str, ...] = ()

    @property
    def required(self) -> bool:
        return self.constraints.required

    @property
    def choice_columns(self) -> tuple[str, ...]:
        """Canonical columns of a multiple-choice field: one `<name>/<choice>` per choice."""
        return tuple(f"{self.name}{_CHOICE_SEPARATOR}{choice}" for choice in self.choices)


@dataclass(frozen=True)
class ForeignKey:
    """Columns of a dataset that refer to the key of another dataset (``foreignKeys``).

    Parameters
    ----------
    fields : tuple of str
        Columns of this dataset.
    resource : str
        The dataset referred to (its contract name).
    reference_fields : tuple of str
        Its columns, in the order of ``fields``.

    Examples
    --------
    >>> load_contract("flow_counts").foreign_keys
    (ForeignKey(fields=('site_id',), resource='sites', reference_fields=('site_id',)),)
    """

    fields: tuple[str, ...]
    resource: str
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class Sampling:
    """How a survey dataset was sampled: the columns that make its survey design.

    Parameters
    ----------
    mode : {"probability", "non_probability"}
        A probability sample gives design-based estimates with standard errors and
        intervals; a non-probability one (flow_survey, portal_forms) gives indicative
        estimates: point estimates and counts only, flagged, with the caveat.
    weight, strata, psu, fpc : str, optional
        Columns of the dataset holding the weight, stratum, primary sampling unit and finite
        population correction (see evidence.survey.SurveyDesign).
    caveat : str, optional
        A sentence that goes with the indicative estimates of a non-probability sample.

    Examples
    --------
    >>> sampling = Sampling("probability", weight="weight", strata="stratum")
    >>> sampling.mode, sampling.psu is None
    ('probability', True)
    """

    mode: SamplingMode
    weight: str | None = None
    strata: str | None = None
    psu: str | None = None
    fpc: str | None = None
    caveat: str | None = None


@dataclass(frozen=True)
class Contract:
    """A dataset's contract: its fields, keys and sampling, as loaded from data_contracts/.

    One contract per dataset is the single description that validation (pandera schemas),
    ingest (pseudonymisation, curated dtypes) and publication (HXL tags) all read. Build one
    with load_contract (from data_contracts/<name>.yaml) or contract_from_mapping.

    Parameters
    ----------
    name : str
        Dataset name (the YAML file stem).
    fields : tuple of Field
    title, description, unit : str, optional
        ``unit`` says what one row is (e.g. "flow monitoring point × day").
    raw_format : {"csv", "parquet", "xlsx"}, default "csv"
        How the raw files are delivered.
    primary_key : tuple of str
    foreign_keys : tuple of ForeignKey
    sampling : Sampling, optional
    source : str
        Where the contract was read from (for messages).

    Examples
    --------
    >>> contract = load_contract("flow_counts")
    >>> contract.name, contract.field_names[:3], contract.raw_format
    ('flow_counts', ('site_id', 'date', 'entries'), 'csv')
    >>> contract.field("site_id").required
    True
    """

    name: str
    fields: tuple[Field, ...]
    title: str = ""
    description: str = ""
    unit: str = ""
    raw_format: RawFormat = "csv"
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    sampling: Sampling | None = None
    source: str = ""

    def field(self, name: str) -> Field:
        for candidate in self.fields:
            if candidate.name == name:
                return candidate
        raise ContractError(f"contract {self.name!r} has no field {name!r}")

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def canonical_columns(self) -> tuple[str, ...]:
        """Columns of the validated frame: list fields expanded to one column per choice."""
        out: list[str] = []
        for f in self.fields:
            out.extend(f.choice_columns if f.type == "list" else (f.name,))
        return tuple(out)


# YAML files that live beside the contracts but are not table contracts: the indicator
# catalogue (evidence.indicators) declares indicators over the datasets.
NOT_CONTRACTS = frozenset({"indicators"})


def list_contracts(directory: str | os.PathLike[str] | None = None) -> tuple[str, ...]:
    """Names of every contract in the directory (default data_contracts/), sorted.

    Parameters
    ----------
    directory : path, optional

    Returns
    -------
    tuple of str

    Examples
    --------
    >>> "flow_survey" in list_contracts(), "indicators" in list_contracts()
    (True, False)
    """
    folder = Path(directory) if directory is not None else CONTRACTS_DIR
    return tuple(sorted(p.stem for p in folder.glob("*.yaml") if p.stem not in NOT_CONTRACTS))


def load_contract(name: str, directory: str | os.PathLike[str] | None = None) -> Contract:
    """The contract `<directory>/<name>.yaml`; a ContractError if missing or malformed.

    Parameters
    ----------
    name : str
        Dataset name (the file stem).
    directory : path, optional
        Folder of contracts (default data_contracts/).

    Returns
    -------
    Contract
        Fields (type, description, HXL tag, personal-data rule, constraints), keys, sampling.

    Raises
    ------
    ContractError
        No such contract (the message lists the known ones) or a malformed one.

    Examples
    --------
    >>> contract = load_contract("flow_counts")
    >>> contract.primary_key, contract.field("entries").hxl
    (('site_id', 'date'), '#population+entries')
    """
    folder = Path(directory) if directory is not None else CONTRACTS_DIR
    return _load_cached(name, str(folder.resolve()))


@lru_cache(maxsize=128)
def _load_cached(name: str, folder: str) -> Contract:
    path = Path(folder) / f"{name}.yaml"
    if not path.is_file():
        known = ", ".join(list_contracts(folder)) or "none"
        raise ContractError(f"no contract {name!r} at {path}; known contracts: {known}")
    try:
        document = parse_yaml(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise ContractError(f"{path}: not valid YAML ({error}); fix the file's syntax") from None
    contract = contract_from_mapping(document, source=str(path))
    if contract.name != name:
        raise ContractError(f"{path}: `name: {contract.name}` must equal the file stem {name!r}")
    return contract


def contract_from_mapping(document: Any, source: str = "<mapping>") -> Contract:
    """Build and check a Contract from a parsed YAML document.

    The contract itself is checked before any data are looked at: field types, the ``pii``
    flag on every field, known constraint keys, valid regexes, keys naming known fields.

    Parameters
    ----------
    document : mapping
        The parsed YAML (format: data_contracts/README.md).
    source : str, default "<mapping>"
        Where the document came from, named in error messages.

    Returns
    -------
    Contract

    Raises
    ------
    ContractError
        A malformed contract; the message names the source, the field and what to fix.

    Examples
    --------
    >>> contract = contract_from_mapping({"name": "visits", "primaryKey": "visit_id",
    ...     "fields": [{"name": "visit_id", "type": "string", "pii": False},
    ...                {"name": "phone", "type": "string", "pii": True}]})
    >>> contract.primary_key, contract.field("phone").pii_action
    (('visit_id',), 'hmac')
    >>> try:
    ...     contract_from_mapping({"name": "visits", "fields": [{"name": "age", "type": "int"}]})
    ... except ContractError as error:
    ...     print("type must be one of" in str(error))
    True
    """
    doc = _mapping(document, source, "the document")
    name = _text(doc.get("name"), source, "name")
    fields = doc.get("fields")
    if not isinstance(fields, list) or not fields:
        raise ContractError(f"{source}: `fields` must be a non-empty list of field mappings")
    parsed = tuple(_field(raw, f"{source}: fields[{i}]") for i, raw in enumerate(fields))
    names = [f.name for f in parsed]
    duplicated = sorted({n for n in names if names.count(n) > 1})
    if duplicated:
        raise ContractError(f"{source}: field names must be unique; repeated: {duplicated}")
    primary_key = _names(doc.get("primaryKey", []), source, "primaryKey")
    _known(primary_key, names, source, "primaryKey")
    foreign_keys = tuple(
        _foreign_key(raw, names, f"{source}: foreignKeys[{i}]")
        for i, raw in enumerate(_list(doc.get("foreignKeys", []), source, "foreignKeys"))
    )
    raw_format = doc.get("raw_format", "csv")
    if raw_format not in get_args(RawFormat):
        raise ContractError(
            f"{source}: raw_format must be csv, parquet or xlsx, got {raw_format!r}"
        )
    sampling = doc.get("sampling")
    return Contract(
        name=name,
        fields=parsed,
        title=str(doc.get("title", "")),
        description=str(doc.get("description", "")),
        unit=str(doc.get("unit", "")),
        raw_format=cast(RawFormat, raw_format),
        primary_key=primary_key,
        foreign_keys=foreign_keys,
        sampling=None if sampling is None else _sampling(sampling, names, source),
        source=source,
    )


def _field(raw: Any, where: str) -> Field:
    doc = _mapping(raw, where, "a field")
    name = _text(doc.get("name"), where, "name")
    where = f"{where} ({name})"
    kind = doc.get("type")
    if kind not in FIELD_TYPES:
        raise ContractError(f"{where}: type must be one of {', '.join(FIELD_TYPES)}, got {kind!r}")
    if not isinstance(doc.get("pii"), bool):
        raise ContractError(f"{where}: `pii: true|false` is required on every field")
    pii_action = doc.get("pii_action", "hmac" if doc["pii"] else None)
    if pii_action not in (None, "hmac", "drop") or (pii_action and not doc["pii"]):
        raise ContractError(f"{where}: pii_action must be hmac or drop, and only on pii fields")
    constraints = _constraints(doc.get("constraints", {}) or {}, kind, where)
    choices: tuple[str, ...] = ()
    if kind == "list":
        choices = _names(doc.get("choices"), where, "choices")
        if not choices:
            raise ContractError(f"{where}: a `type: list` field needs a non-empty `choices` list")
    delimiter = doc.get("delimiter", " ")
    if not isinstance(delimiter, str) or not delimiter:
        raise ContractError(f"{where}: delimiter must be a non-empty string")
    fmt = doc.get("format")
    if fmt is not None and (not isinstance(fmt, str) or fmt == "default"):
        fmt = None  # Frictionless "default" means ISO, which is what we do without a format.
    return Field(
        name=name,
        type=cast(FieldType, kind),
        pii=doc["pii"],
        description=str(doc.get("description", "")),
        hxl=doc.get("hxl"),
        pii_action=cast(PiiAction | None, pii_action),
        constraints=constraints,
        format=fmt,
        delimiter=delimiter,
        choices=choices,
    )


def _constraints(raw: Any, kind: str, where: str) -> Constraints:
    doc = _mapping(raw, where, "constraints")
    unknown = sorted(set(doc) - _CONSTRAINT_KEYS)
    if unknown:
        # An ignored constraint would let bad data through silently: refuse it instead.
        raise ContractError(
            f"{where}: unknown constraint(s) {unknown}; allowed: {sorted(_CONSTRAINT_KEYS)}"
        )
    for flag in ("required", "unique"):
        if not isinstance(doc.get(flag, False), bool):
            raise ContractError(f"{where}: constraints.{flag} must be true or false")
    enum = doc.get("enum")
    if enum is not None and (not isinstance(enum, list) or not enum):
        raise ContractError(f"{where}: constraints.enum must be a non-empty list")
    pattern = doc.get("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except (re.error, TypeError) as error:
            raise ContractError(f"{where}: constraints.pattern is not a regex ({error})") from None
    codelist = doc.get("codelist")
    if codelist is not None and codelist not in COUNTRY_CODELISTS:
        raise ContractError(
            f"{where}: constraints.codelist must be one of {list(COUNTRY_CODELISTS)}, "
            f"got {codelist!r}"
        )
    for bound in ("minimum", "maximum"):
        value = doc.get(bound)
        numeric = isinstance(value, int | float) and not isinstance(value, bool)
        if value is not None and kind in ("integer", "number") and not numeric:
            raise ContractError(f"{where}: constraints.{bound} must be a number, got {value!r}")
    return Constraints(
        required=doc.get("required", False),
        unique=doc.get("unique", False),
        enum=None if enum is None else tuple(enum),
        minimum=doc.get("minimum"),
        maximum=doc.get("maximum"),
        pattern=pattern,
        codelist=codelist,
    )


def _foreign_key(raw: Any, names: list[str], where: str) -> ForeignKey:
    doc = _mapping(raw, where, "a foreign key")
    fields = _names(doc.get("fields"), where, "fields")
    _known(fields, names, where, "fields")
    reference = _mapping(doc.get("reference"), where, "reference")
    resource = _text(reference.get("resource"), where, "reference.resource")
    reference_fields = _names(reference.get("fields"), where, "reference.fields")
    if len(reference_fields) != len(fields):
        raise ContractError(f"{where}: fields and reference.fields must have the same length")
    return ForeignKey(fields=fields, resource=resource, reference_fields=reference_fields)


def _sampling(raw: Any, names: list[str], source: str) -> Sampling:
    doc = _mapping(raw, source, "sampling")
    mode = doc.get("mode")
    if mode not in get_args(SamplingMode):
        raise ContractError(f"{source}: sampling.mode must be probability or non_probability")
    columns = {key: doc.get(key) for key in ("weight", "strata", "psu", "fpc")}
    for key, column in columns.items():
        if column is not None and column not in names:
            raise ContractError(f"{source}: sampling.{key} names {column!r}, not a field")
    caveat = doc.get("caveat")
    return Sampling(
        mode=cast(SamplingMode, mode), caveat=None if caveat is None else str(caveat), **columns
    )


def _mapping(raw: Any, where: str, what: str) -> Mapping[str, Any]:
    if not isinstance(raw, Mapping):
        raise ContractError(f"{where}: {what} must be a mapping, got {type(raw).__name__}")
    return raw


def _list(raw: Any, where: str, what: str) -> list[Any]:
    if not isinstance(raw, list):
        raise ContractError(f"{where}: {what} must be a list")
    return raw


def _text(raw: Any, where: str, what: str) -> str:
    if not isinstance(raw, str) or not raw.strip():
        raise ContractError(f"{where}: `{what}` must be a non-empty string")
    return raw


def _names(raw: Any, where: str, what: str) -> tuple[str, ...]:
    if isinstance(raw, str):  # Frictionless allows a single name in place of a list
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(x, str | int) for x in raw):
        raise ContractError(f"{where}: {what} must be a list of names")
    return tuple(str(x) for x in raw)


def _known(fields: tuple[str, ...], names: list[str], where: str, what: str) -> None:
    unknown = [f for f in fields if f not in names]
    if unknown:
        raise ContractError(f"{where}: {what} names unknown field(s) {unknown}")
