"""The results contract's codelists, and the one map from the survey engine's labels to them.

``evidence.survey`` labels interval methods and flags in its own words (R's, mostly); the
results contract (data_contracts/results.yaml) has codelists for ``ci_method``, ``flags`` and
``unit``. Every path that turns estimates into results rows maps them here, so the same
estimate gets the same codes whichever study publishes it.
"""

from __future__ import annotations

import pandas as pd

from evidence.disclosure.columns import Unit

# Engine interval label → results ``ci_method``. ``beta`` is Korn and Graubard's interval,
# the one the NCHS presentation standard judges.
CI_METHODS: dict[str, str] = {
    "beta": "korn_graubard",
    "wald-t(design df)": "wald",
    "wald-normal": "wald",
    "mean": "wald",
    "logit": "logit",
    "xlogit": "logit",
    "wilson": "wilson",
    "woodruff-mean": "woodruff",
    "none": "none",
}
CONTRACT_CI_METHODS: tuple[str, ...] = (
    "wald",
    "logit",
    "wilson",
    "korn_graubard",
    "clopper_pearson",
    "bootstrap",
    "woodruff",
    # prediction: the 95% prediction interval of a forecast (where a future value falls).
    "prediction",
    "none",
)

# Engine flag → results flag. ``no_observations`` needs no code of its own: such a row has
# n = 0 and disclosure control withholds it as a small cell.
FLAGS: dict[str, str] = {
    "indicative": "indicative",
    "df_below_1": "unreliable_low_df",
    "variance_undefined": "unreliable_no_variance",
}

# What an estimate measures (results.yaml ``unit``): shares (proportion, ratio of parts) are
# written as percentages with one decimal, counts and totals as whole numbers, rates (per
# day) with one decimal, means, indices and model effects as evidence.display.format says.

# Indicator-code prefix → unit, for rows built from the catalogue or the engine.
STATISTIC_UNITS: dict[str, Unit] = {
    "proportion": "proportion",
    "mean": "mean",
    "total": "total",
    "ratio": "ratio",
    "quantile": "quantile",
}


def contract_ci_method(label: object) -> str:
    """The results ``ci_method`` of an engine interval label (unknown labels pass through)."""
    return CI_METHODS.get(str(label), str(label))


def contract_flags(text: object) -> str:
    """Space-separated results flags from the engine's ``;``-separated flags."""
    codes = [c for c in str(text or "").split(";") if c]
    return " ".join(dict.fromkeys(FLAGS[c] for c in codes if c in FLAGS))


def contract_flag_series(flags: pd.Series) -> pd.Series:
    return flags.map(contract_flags)
