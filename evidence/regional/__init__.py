"""Regional: the 17 response countries side by side for the regional study, as published
results rows (one block per country) from the same model functions as the country studies."""

from __future__ import annotations

from evidence.regional.decompositions import decomposition_rows
from evidence.regional.results import country_rows, regional_results, stock_rows


def __getattr__(name: str) -> object:
    # The dropout comparison pulls in scikit-learn and statsmodels (about a second to
    # import): loaded when a regional study asks for it, not by `import evidence`.
    if name == "dropout_results":
        from evidence.regional.dropout import dropout_results

        return dropout_results
    raise AttributeError(f"module 'evidence.regional' has no attribute {name!r}")


__all__ = [
    "country_rows",
    "decomposition_rows",
    "dropout_results",
    "regional_results",
    "stock_rows",
]
