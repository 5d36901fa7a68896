"""The stated minimum sample rules and the "too small" outcome a study can show."""

from __future__ import annotations

import pytest

from evidence.errors import EstimationError, SampleSizeError
from evidence.integration.models import (
    MIN_ROWS_PER_CELL,
    MIN_ROWS_PER_GROUP,
    MIN_ROWS_PER_PARAMETER,
    sample_adequacy,
)


def test_each_rule_gives_its_reason() -> None:
    enough = MIN_ROWS_PER_PARAMETER * 4
    assert sample_adequacy({"group 'a'": max(enough, MIN_ROWS_PER_GROUP)}, 4).adequate
    small = sample_adequacy({"group 'a'": MIN_ROWS_PER_GROUP - 1}, 2)
    assert not small.adequate and f"minimum {MIN_ROWS_PER_GROUP}" in small.reasons[0]
    per_parameter = sample_adequacy({"group 'a'": 40}, 10)
    assert "40 rows for 10 parameters" in per_parameter.reasons[0]
    cells = sample_adequacy({"group 'a'": 100}, 3, {"group 'a'": {"x=rare": MIN_ROWS_PER_CELL - 1}})
    assert "x=rare" in cells.reasons[0] and "merge categories" in cells.reasons[0]
    with pytest.raises(SampleSizeError, match="too small") as raised:
        small.raise_if_too_small()
    assert isinstance(raised.value, EstimationError)  # callers catching EstimationError see it
