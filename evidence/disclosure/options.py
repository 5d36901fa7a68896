"""Options of disclosure control, as one frozen, validated object.

Defaults are the project's publication rules: a minimum unweighted count of 5 (DOMAIN.md) and
the thresholds of the NCHS Data Presentation Standards for Proportions (Parker JD, Talih M,
Malec DJ, et al. Vital Health Stat 2(175), 2017). Thresholds other than ``min_count`` are
exposed so that a study can state them, not so that they are tuned per table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal, get_args

from evidence.errors import OptionError

ProportionStandard = Literal["nchs", "none"]


@dataclass(frozen=True)
class DisclosureOptions:
    """How a results table is checked before publication.

    min_count: cells whose unweighted count ``n`` is below this are suppressed (primary
        suppression). Applies to every row, indicative ones included.
    proportion_standard: ``"nchs"`` applies the NCHS standard to design-based proportions;
        ``"none"`` applies only the minimum count.
    min_effective_n: NCHS step 1, suppress when the effective sample size is below this.
    max_ci_width: NCHS step 2, suppress when the Korn-Graubard CI is at least this wide.
    small_ci_width: NCHS step 3, a CI at most this wide is presented whatever its relative width.
    max_relative_ci_width: NCHS step 3, suppress when width / estimate exceeds this.
    min_df: NCHS, flag for statistical review when degrees of freedom are below this.
    confidence_level: level of the Korn-Graubard interval computed where the table's own
        interval is not Korn-Graubard.

    The defaults are the NCHS Data Presentation Standards for Proportions (Parker et al.
    2017, Vital Health Stat 2(175)) with a minimum cell of 5.

    Raises
    ------
    OptionError
        When a threshold is negative, not finite, or ``proportion_standard`` is unknown.

    Examples
    --------
    >>> import evidence as ev
    >>> ev.DisclosureOptions().min_count, ev.DisclosureOptions(min_count=10).min_count
    (5, 10)
    >>> ev.DisclosureOptions(proportion_standard="strict")
    Traceback (most recent call last):
    ...
    evidence.errors.OptionError: proportion_standard must be one of ('nchs', 'none'), got 'strict'
    """

    min_count: int = 5
    proportion_standard: ProportionStandard = "nchs"
    min_effective_n: float = 30.0
    max_ci_width: float = 0.30
    small_ci_width: float = 0.05
    max_relative_ci_width: float = 1.30
    min_df: float = 8.0
    confidence_level: float = 0.95

    def __post_init__(self) -> None:
        if isinstance(self.min_count, bool) or not isinstance(self.min_count, int):
            raise OptionError(f"min_count must be an integer >= 0, got {self.min_count!r}")
        if self.min_count < 0:
            raise OptionError(f"min_count must be >= 0, got {self.min_count}")
        allowed = get_args(ProportionStandard)
        if self.proportion_standard not in allowed:
            raise OptionError(
                f"proportion_standard must be one of {allowed}, got {self.proportion_standard!r}"
            )
        for name in ("min_effective_n", "max_ci_width", "small_ci_width", "max_relative_ci_width"):
            value = getattr(self, name)
            if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
                raise OptionError(f"{name} must be a finite number >= 0, got {value!r}")
        if not isinstance(self.min_df, int | float) or self.min_df < 0:
            raise OptionError(f"min_df must be a number >= 0, got {self.min_df!r}")
        if self.small_ci_width > self.max_ci_width:
            raise OptionError(
                f"small_ci_width ({self.small_ci_width}) must not exceed "
                f"max_ci_width ({self.max_ci_width})"
            )
        if not isinstance(self.confidence_level, float) or not 0 < self.confidence_level < 1:
            raise OptionError(
                f"confidence_level must be strictly between 0 and 1, got {self.confidence_level!r}"
            )
