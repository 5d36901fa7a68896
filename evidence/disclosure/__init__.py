"""Disclosure control: what may be published from a results table, and its HDX export.

``apply_disclosure`` suppresses small cells and unreliable proportions (NCHS standard) and
flags estimates for review; ``to_hxl_csv`` writes the result with HXL hashtags for HDX.
"""

from __future__ import annotations

from evidence.disclosure.apply import apply_disclosure
from evidence.disclosure.columns import FLAG_COLUMNS, RESULTS_COLUMNS, check_results_columns
from evidence.disclosure.hxl import read_hxl_csv, results_hashtags, to_hxl_csv
from evidence.disclosure.korn_graubard import korn_graubard_interval, nchs_effective_sample_size
from evidence.disclosure.options import DisclosureOptions

__all__ = [
    "FLAG_COLUMNS",
    "RESULTS_COLUMNS",
    "DisclosureOptions",
    "apply_disclosure",
    "check_results_columns",
    "korn_graubard_interval",
    "nchs_effective_sample_size",
    "read_hxl_csv",
    "results_hashtags",
    "to_hxl_csv",
]
