"""Builders of results-table rows for the disclosure tests (not a test module)."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd


def row(**overrides: Any) -> dict[str, Any]:
    """A design-based proportion row that passes every rule unless overridden.

    p = 0.5 with n_eff = 400 (se = 0.025), a Korn-Graubard CI of width 0.1 and df = 30.
    ``n_eff=`` sets se so that p(1-p)/se^2 equals it.
    """
    base: dict[str, Any] = {
        "indicator": "prop_needs_food",
        "country": "COL",
        "period": "2023-12",
        "disaggregation": "sex",
        "level": "female",
        "estimate": 0.5,
        "se": 0.025,
        "ci_low": 0.45,
        "ci_high": 0.55,
        "ci_method": "korn_graubard",
        "n": 1000,
        "n_weighted": 25000.0,
        "deff": 2.5,
        "flags": "",
        "analysis_key": "prop_needs_food @/@ sex %/% female",
        "df": 30.0,
        "n_effective": 400.0,
    }
    n_eff = overrides.pop("n_eff", None)
    base.update(overrides)
    if n_eff is not None:
        p = base["estimate"]
        base["se"] = math.sqrt(p * (1 - p) / n_eff)
    return base


def table(*rows: dict[str, Any]) -> pd.DataFrame:
    return pd.DataFrame(list(rows))


def count_row(count: int, **overrides: Any) -> dict[str, Any]:
    """A count row (unit count): estimate = n = numerator = ``count``, no interval."""
    base = row(
        indicator="respondents",
        disaggregation="site",
        level="border_north",
        estimate=float(count),
        se=float("nan"),
        ci_low=float("nan"),
        ci_high=float("nan"),
        ci_method="none",
        n=count,
        n_weighted=float(count),
        deff=float("nan"),
        analysis_key="respondents @/@ site %/% border_north",
        df=float("nan"),
        n_effective=float("nan"),
        unit="count",
        numerator=count,
    )
    base.update(overrides)
    return base
