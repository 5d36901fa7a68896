"""What the indicator catalogue needs to know about a dataset, from its data contract.

Columns (with canonical multiple-choice columns ``question/choice``), their types and
codelists, and how the dataset was sampled (probability design columns, or the caveat of a
non-probability sample). Everything comes from ``evidence.contracts.load_contract``: the
contract in data_contracts/ is the single source of truth.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evidence.survey import SurveyDesign
from evidence.survey.options import DEFAULT_LONELY_PSU, LonelyPSU

NUMERIC_TYPES = frozenset({"integer", "number"})


@dataclass(frozen=True)
class Column:
    """One analysable column: a contract field, or one choice of a multiple-choice field."""

    name: str
    type: str  # contract type; a choice column is "boolean"
    codes: tuple[str, ...] = ()  # enum of a select-one field

    @property
    def numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    @property
    def categorical(self) -> bool:
        return self.type in ("string", "boolean")


@dataclass(frozen=True)
class DatasetInfo:
    """A dataset as the catalogue sees it."""

    name: str
    columns: dict[str, Column]
    probability: bool
    sampled: bool = True  # False: the contract declares no sampling (not a survey)
    weight: str | None = None
    strata: str | None = None
    psu: str | None = None
    fpc: str | None = None
    caveat: str | None = None


def dataset_info(dataset: str, contracts_dir: Path | None = None) -> DatasetInfo:
    """The contract of ``dataset`` (ContractError naming the known ones if there is none)."""
    # evidence.contracts loads pandera (slow to import): only when a contract is needed.
    from evidence.contracts import load_contract

    contract = load_contract(dataset, contracts_dir)
    columns: dict[str, Column] = {}
    for field in contract.fields:
        if field.type == "list":
            for name in field.choice_columns:
                columns[name] = Column(name, "boolean")
            continue
        enum = field.constraints.enum or ()
        columns[field.name] = Column(field.name, field.type, tuple(str(code) for code in enum))
    sampling = contract.sampling
    if sampling is None:
        return DatasetInfo(contract.name, columns, probability=False, sampled=False)
    return DatasetInfo(
        name=contract.name,
        columns=columns,
        probability=sampling.mode == "probability",
        weight=sampling.weight,
        strata=sampling.strata,
        psu=sampling.psu,
        fpc=sampling.fpc,
        caveat=sampling.caveat,
    )


def sampling_caveat(dataset: str) -> str | None:
    """The contract's caveat for ``dataset``; None for a probability sample or no sampling."""
    caveat = dataset_info(dataset).caveat
    return " ".join(caveat.split()) if caveat else None


def design_from_contract(
    frame: pd.DataFrame, dataset: str, lonely_psu: LonelyPSU = DEFAULT_LONELY_PSU
) -> SurveyDesign:
    """The survey design the contract of ``dataset`` declares, over ``frame``.

    Probability samples get their weights, strata, PSUs and first-stage fpc; a
    non-probability sample gets the indicative design (point estimates and n only). The one
    place a design is built from a contract.
    """
    from evidence.errors import DesignError

    info = dataset_info(dataset)
    if not info.sampled:
        raise DesignError(
            f"data_contracts/{dataset}.yaml declares no sampling: '{dataset}' is not a survey "
            "(rule: sampling); estimate from a survey dataset"
        )
    if not info.probability:
        return SurveyDesign(frame, probability=False)
    return SurveyDesign(
        frame,
        weights=info.weight,
        strata=info.strata,
        psu=info.psu,
        fpc=info.fpc,
        lonely_psu=lonely_psu,
    )
