"""Regional: the 17 response countries side by side for the regional study, as published
results rows (one block per country) from the same model functions as the country studies."""

from __future__ import annotations

from evidence.regional.decompositions import decomposition_rows
from evidence.regional.dropout import dropout_results
from evidence.regional.results import country_rows, regional_results, stock_rows

__all__ = [
    "country_rows",
    "decomposition_rows",
    "dropout_results",
    "regional_results",
    "stock_rows",
]
