"""Checks at the entry of every descriptive function: columns present."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from evidence.errors import ContractError


def require_columns(frame: pd.DataFrame, columns: Sequence[str], dataset: str) -> None:
    """ContractError naming every column of ``dataset`` the frame lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ContractError(
            f"{dataset}: missing column(s) {missing} (rule: required column, "
            f"data_contracts/{dataset}.yaml); load the data with evidence.load('{dataset}', ...) "
            "or add the columns"
        )
