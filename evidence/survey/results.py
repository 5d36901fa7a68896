"""The results object every survey estimator returns: one long table, frozen.

``SurveyEstimates.to_frame()`` is the single source of truth, one row per estimate with the
columns of the project's results contract: variable, level (category or choice), the
disaggregation and domain (``"sex=F"``; raw by-values in their own columns), estimate, se,
ci_low, ci_high, ci_method, df, deff, cv, n (unweighted), n_weighted, n_effective (n/deff)
and flags. Flags (``;``-separated):

- ``indicative``: non-probability sample; point estimate and counts only, no SE or CI;
- ``no_observations``: the domain holds no observed value of the variable;
- ``variance_undefined``: a probability design gives no finite SE (e.g. lonely PSUs under
  ``average`` with nothing to average over);
- ``df_below_1``: fewer than one design degree of freedom, so no t interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import numpy as np
import pandas as pd

INDICATIVE_CAVEAT = (
    "Indicative estimates from a non-probability sample: they describe the people interviewed, "
    "not a population, and carry no standard errors or confidence intervals."
)

COLUMNS = (
    "variable",
    "level",
    "disaggregation",
    "domain",
    "estimate",
    "se",
    "ci_low",
    "ci_high",
    "ci_method",
    "df",
    "deff",
    "cv",
    "n",
    "n_weighted",
    "n_effective",
    "flags",
)


def make_flags(frame: pd.DataFrame, indicative: bool) -> pd.Series:
    n = len(frame)
    parts: list[np.ndarray] = []
    if indicative:
        parts.append(np.full(n, "indicative", dtype=object))
    parts.append(np.where(frame["n"].to_numpy() == 0, "no_observations", ""))
    if not indicative:
        parts.append(
            np.where(~np.isfinite(frame["se"].to_numpy(dtype=float)), "variance_undefined", "")
        )
        parts.append(np.where(~(frame["df"].to_numpy(dtype=float) >= 1), "df_below_1", ""))
    joined = [";".join(p for p in row if p) for row in zip(*parts, strict=True)]
    return pd.Series(joined, index=frame.index, dtype=object)


def _fmt(value: float) -> str:
    return f"{value:.4g}"


@dataclass(frozen=True)
class SurveyEstimates:
    """Estimates of one estimator call; see the module docstring for the columns.

    ``to_frame()`` is the long table (one row per variable × level × domain); ``coef``,
    ``se`` and ``confint()`` follow R's ``coef``, ``SE`` and ``confint``; ``summary()`` and
    ``_repr_html_`` show it in a notebook.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.survey import SurveyDesign, estimate_mean
    >>> frame = pd.DataFrame({
    ...     "stratum": [1, 1, 1, 1, 2, 2, 2, 2], "psu": [1, 1, 2, 2, 3, 3, 4, 4],
    ...     "weight": [10.0, 10, 12, 12, 8, 8, 9, 9],
    ...     "income": [300.0, 420, 380, 510, 250, 270, 330, 290], "sex": list("fmfmfmfm")})
    >>> design = SurveyDesign(frame, weights="weight", strata="stratum", psu="psu")
    >>> estimates = estimate_mean("income", design, by="sex")
    >>> estimates.coef.round(2).tolist()
    [354.1, 321.28, 386.92]
    >>> list(estimates.confint().columns)
    ['ci_low', 'ci_high']
    """

    table: pd.DataFrame
    statistic: str
    level: float
    design: str
    caveat: str | None = None

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    @property
    def _index(self) -> pd.MultiIndex:
        t = self.table
        return pd.MultiIndex.from_arrays(
            [t["variable"], t["level"], t["domain"]], names=["variable", "level", "domain"]
        )

    @property
    def coef(self) -> pd.Series:
        """Point estimates indexed by (variable, level, domain), as R's ``coef``."""
        return pd.Series(self.table["estimate"].to_numpy(), index=self._index, name="estimate")

    @property
    def se(self) -> pd.Series:
        """Standard errors, as R's ``SE``."""
        return pd.Series(self.table["se"].to_numpy(), index=self._index, name="se")

    def confint(self) -> pd.DataFrame:
        """Confidence intervals at ``level``, as R's ``confint``."""
        return pd.DataFrame(
            {
                "ci_low": self.table["ci_low"].to_numpy(),
                "ci_high": self.table["ci_high"].to_numpy(),
            },
            index=self._index,
        )

    def summary(self) -> str:
        cols = [
            "variable",
            "level",
            "domain",
            "estimate",
            "se",
            "ci_low",
            "ci_high",
            "n",
            "deff",
            "flags",
        ]
        shown = self.table[cols].copy()
        shown["level"] = shown["level"].fillna("")
        head = f"{self.statistic} ({self.level:.0%} CI) — {self.design}"
        lines = [head, shown.to_string(index=False, float_format=lambda v: f"{v:.4g}")]
        if self.caveat:
            lines.append(self.caveat)
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"SurveyEstimates({self.statistic}, {len(self.table)} estimates)"

    def _repr_html_(self) -> str:
        caveat = f"<p><em>{escape(self.caveat)}</em></p>" if self.caveat else ""
        return (
            f"<p><strong>{escape(self.statistic)}</strong> ({self.level:.0%} CI) — "
            f"{escape(self.design)}</p>"
            f"{caveat}{self.table.to_html(index=False, float_format=_fmt, na_rep='')}"
        )
