"""Sampling facts a study needs from a contract: the caveat and the survey design.

The words of the caveat are the contract's (``sampling.caveat``), and so are the design
columns (``sampling.weight``, ``strata``, ``psu``, ``fpc``): the contract stays their single
source, read through ``evidence.contracts.load_contract``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from evidence.errors import DesignError
from evidence.survey import SurveyDesign
from evidence.survey.options import LonelyPSU

if TYPE_CHECKING:
    from evidence.contracts import Sampling


def _sampling(dataset: str) -> Sampling | None:
    # evidence.contracts imports pandera, slow to import: load it when a contract is read.
    from evidence.contracts import load_contract

    return load_contract(dataset).sampling


def sampling_caveat(dataset: str) -> str | None:
    """The contract's caveat for ``dataset``; None for a probability sample or no sampling."""
    sampling = _sampling(dataset)
    if sampling is None or not sampling.caveat:
        return None
    return " ".join(sampling.caveat.split())


def contract_design(
    frame: pd.DataFrame, dataset: str, lonely_psu: LonelyPSU = "adjust"
) -> SurveyDesign:
    """The survey design the contract of ``dataset`` declares, over ``frame``.

    Probability samples get their weights, strata, PSUs and first-stage fpc; a
    non-probability sample gets the indicative design (point estimates and n only).
    """
    sampling = _sampling(dataset)
    if sampling is None:
        raise DesignError(
            f"data_contracts/{dataset}.yaml declares no sampling: '{dataset}' is not a survey "
            "(rule: sampling); estimate from a survey dataset"
        )
    if sampling.mode == "non_probability":
        return SurveyDesign(frame, probability=False)
    return SurveyDesign(
        frame,
        weights=sampling.weight,
        strata=sampling.strata,
        psu=sampling.psu,
        fpc=sampling.fpc,
        # A stratum with a single sampled PSU (a small country's survey) has no variance of
        # its own; R's options(survey.lonely.psu = "adjust") centres it at the grand mean, a
        # conservative choice, where "fail" would stop the whole study.
        lonely_psu=lonely_psu,
    )
