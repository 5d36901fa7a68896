"""Typed options of the survey estimators, checked where they enter the library.

Each option is a ``Literal`` type so mypy sees the allowed values, and
``evidence.options.check_option`` raises a named :class:`~evidence.errors.OptionError`
listing them when a caller passes anything else at run time.
"""

from __future__ import annotations

from typing import Literal, get_args

LonelyPSU = Literal["fail", "remove", "certainty", "adjust", "average"]
"""What to do with a stratum holding a single PSU; the values and their meaning are R
survey's ``options(survey.lonely.psu=)``."""

DeffReference = Literal["replace", "srswor"]
"""Reference simple random sample of the design effect: with replacement (R's
``svymean(deff="replace")``) or without replacement with N = sum of weights (R's
``deff=TRUE``)."""

MeanCI = Literal["t", "normal"]
"""Wald interval of means, totals and ratios with the t quantile on the design degrees of
freedom (``confint(x, df=degf(design))``) or the normal quantile (R's ``confint(x)``)."""

ProportionCI = Literal["logit", "wilson", "beta", "asin", "mean", "xlogit"]
"""Interval of proportions; all but ``wilson`` are R's ``svyciprop`` methods
(``beta`` is Korn and Graubard's)."""

QuantileRule = Literal["math", "school"]
"""How a weighted quantile is read off the weighted distribution function (R's ``qrule``)."""

QuantileCI = Literal["mean", "xlogit", "asin", "beta"]
"""Woodruff interval: how the interval of the distribution function at the quantile is made
(R's ``svyquantile(interval.type=)``)."""

ReplicateType = Literal["JK1", "JKn", "bootstrap"]

LONELY_PSU: tuple[str, ...] = get_args(LonelyPSU)
# The library's one default (README, "Survey estimates"). R's default is "fail"; a stratum
# with a single sampled PSU is common in a small country's survey, and "adjust" (centre it
# at the grand mean, conservative) keeps a study running where "fail" would stop it.
DEFAULT_LONELY_PSU: LonelyPSU = "adjust"
