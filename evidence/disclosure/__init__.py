"""Disclosure control: what may be published from a results table, and its HDX export.

``apply_disclosure`` withholds small cells (denominator, numerator and its complement, counts),
domains with no observations and unreliable proportions (NCHS standard), flags estimates for
review and publishes the NCHS Korn-Graubard interval; ``complete_domains`` adds the rows of
domains nobody was observed in, so that they are withheld rather than missing; ``to_hxl_csv``
writes the result with HXL hashtags for HDX; ``write_datapackage`` describes the written tables in a
frictionless ``datapackage.json``.
"""

from __future__ import annotations

from evidence.disclosure.apply import apply_disclosure
from evidence.disclosure.columns import (
    CONTRACT_COLUMNS,
    FLAG_COLUMNS,
    RESULTS_COLUMNS,
    UNITS,
    check_results_columns,
)
from evidence.disclosure.datapackage import results_datapackage, write_datapackage
from evidence.disclosure.domains import complete_domains
from evidence.disclosure.hxl import read_hxl_csv, results_hashtags, to_hxl_csv
from evidence.disclosure.korn_graubard import korn_graubard_interval, nchs_effective_sample_size
from evidence.disclosure.options import DisclosureOptions

__all__ = [
    "CONTRACT_COLUMNS",
    "FLAG_COLUMNS",
    "RESULTS_COLUMNS",
    "UNITS",
    "DisclosureOptions",
    "apply_disclosure",
    "check_results_columns",
    "complete_domains",
    "korn_graubard_interval",
    "nchs_effective_sample_size",
    "read_hxl_csv",
    "results_datapackage",
    "results_hashtags",
    "to_hxl_csv",
    "write_datapackage",
]
