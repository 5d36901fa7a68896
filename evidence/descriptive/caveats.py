"""The caveat a study repeats next to estimates from non-probability data.

The words are the contract's (``sampling.caveat`` in data_contracts/<dataset>.yaml), read
from the package's own contract files so that the contract stays their single source.
"""

from __future__ import annotations

from functools import cache

import yaml

from evidence.errors import ContractError
from evidence.paths import CONTRACTS_DIR


@cache
def sampling_caveat(dataset: str) -> str | None:
    """The contract's caveat for ``dataset``; None for a probability sample or no sampling."""
    path = CONTRACTS_DIR / f"{dataset}.yaml"
    if not path.is_file():
        raise ContractError(f"no contract {path} for dataset '{dataset}'; check the name")
    with path.open(encoding="utf-8") as handle:
        contract = yaml.safe_load(handle)
    sampling = contract.get("sampling") or {}
    caveat = sampling.get("caveat")
    return " ".join(str(caveat).split()) if caveat else None
