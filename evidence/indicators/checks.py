"""Checks at the entry of every descriptive function and figure: columns present."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence.errors import ContractError
from evidence.paths import CONTRACTS_DIR


def require_columns(frame: pd.DataFrame, columns: Sequence[str], dataset: str) -> None:
    """ContractError naming every column of ``dataset`` the frame lacks.

    ``dataset`` is a data contract's name (flow_counts) or, for a frame a function builds
    (a figure's input), the name of the argument: then the fix is to give those columns,
    not to load a dataset that does not exist.
    """
    missing = [c for c in columns if c not in frame.columns]
    if not missing:
        return
    if (CONTRACTS_DIR / f"{dataset}.yaml").is_file():
        raise ContractError(
            f"{dataset}: missing column(s) {missing} (rule: required column, "
            f"data_contracts/{dataset}.yaml); load the data with evidence.load('{dataset}', ...) "
            "or add the columns"
        )
    raise ContractError(
        f"{dataset}: missing column(s) {missing}; it needs {list(columns)} and has "
        f"{list(map(str, frame.columns))[:12]}: rename or add the columns (the function's "
        "docstring says which frame gives them)"
    )
