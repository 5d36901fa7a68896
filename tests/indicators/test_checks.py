"""require_columns names the fix: load the dataset for a contract's frame, give the columns
for a frame a function builds (a figure's input has no contract to load)."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.errors import ContractError
from evidence.indicators.checks import require_columns


def test_a_dataset_frame_is_sent_to_evidence_load() -> None:
    with pytest.raises(ContractError, match=r"evidence.load\('flow_counts'"):
        require_columns(pd.DataFrame({"site_id": []}), ["site_id", "date"], "flow_counts")


def test_a_built_frame_names_what_it_needs_and_has() -> None:
    frame = pd.DataFrame({"covariate": [], "smd_before": [], "smd_after": []})
    with pytest.raises(ContractError) as error:
        require_columns(frame, ["label", "before", "after"], "balance")
    text = str(error.value)
    assert "missing column(s) ['label', 'before', 'after']" in text
    assert "has ['covariate', 'smd_before', 'smd_after']" in text
    assert "evidence.load" not in text and "data_contracts" not in text


def test_nothing_is_raised_when_the_columns_are_there() -> None:
    require_columns(pd.DataFrame({"a": [1]}), ["a"], "anything")
