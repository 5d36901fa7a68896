"""Descriptive building blocks shared by the study families (movement, risks, integration).

A frozen result (:class:`DescriptiveTable`), indicative proportions in the results contract's
long form, 0/1 indicator blocks for multiple-choice, boolean and categorical answers, and the
minimum-count rule for count tables.
"""

from __future__ import annotations

from evidence.descriptive.context import analysis_key, indicator_code
from evidence.descriptive.present import (
    code_label,
    code_labels,
    questions_for_display,
    sentence_key,
    share_columns,
    share_of,
    shares_for_display,
)
from evidence.descriptive.proportions import RESULT_COLUMNS, indicative_proportions
from evidence.descriptive.result import DescriptiveTable
from evidence.descriptive.small_cells import DEFAULT_MIN_COUNT, disclose, mask_small_counts
from evidence.descriptive.variables import choice_columns, indicator_block

__all__ = [
    "DEFAULT_MIN_COUNT",
    "RESULT_COLUMNS",
    "DescriptiveTable",
    "analysis_key",
    "choice_columns",
    "code_label",
    "code_labels",
    "disclose",
    "indicative_proportions",
    "indicator_block",
    "indicator_code",
    "mask_small_counts",
    "questions_for_display",
    "sentence_key",
    "share_columns",
    "share_of",
    "shares_for_display",
]
