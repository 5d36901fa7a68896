"""Design-based standard error of a difference between two domains that share the design.

The difference of two domain means (or ratios) d = R_f - R_r is linearised as R's
``svycontrast(svyby(..., covmat = TRUE))`` does: each domain's ratio R_g = Σ w·num / Σ w·den
over the rows of g where the variable is observed has influence

    z_g,i = 1[i ∈ g] · (num_i - R_g · den_i) / Σ_{j ∈ g} w_j · den_j

(den = 1 for a mean or a proportion), and Var(d) is the design variance of the weighted
total of z_f - z_r, which ``evidence.survey.estimate_total`` gives over the same strata,
PSUs and fpc. Unlike √(se_f² + se_r²) this keeps the covariance of the two domains, which is
not zero when both groups are sampled in the same PSUs (students of both groups in the same
schools). Tested against R (tests/integration/reference/gap_reference.R).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evidence.survey import SurveyDesign, estimate_total


@dataclass(frozen=True)
class Contrast:
    """One difference to linearise: ``key`` names it; the masks select each domain's rows.

    ``numerator`` holds the variable over every row of the design (NaN where unobserved),
    ``denominator`` the ratio's denominator (None for a mean or a proportion); ``focus`` and
    ``reference`` are boolean masks of the two domains; the difference is focus - reference.
    ``key`` is usually (indicator, level), as :func:`group_gaps` reads ``gap_se``.

    Examples
    --------
    >>> import numpy as np
    >>> from evidence.integration import Contrast
    >>> migrant = np.array([True, True, False, False])
    >>> c = Contrast(("prop_employed", "total"), np.array([1.0, 0.0, 1.0, 1.0]), None,
    ...              migrant, ~migrant)
    >>> c.key, int(c.focus.sum()), c.denominator is None
    (('prop_employed', 'total'), 2, True)
    """

    key: tuple[str, str]
    numerator: np.ndarray
    denominator: np.ndarray | None
    focus: np.ndarray
    reference: np.ndarray


def influence(contrast: Contrast, weights: np.ndarray) -> np.ndarray:
    """z_f - z_r over every row of the design (zero outside both domains)."""
    num = contrast.numerator
    den = np.ones_like(num) if contrast.denominator is None else contrast.denominator
    observed = ~(np.isnan(num) | np.isnan(den))
    z = np.zeros(len(num))
    for mask, sign in ((contrast.focus, 1.0), (contrast.reference, -1.0)):
        rows = mask & observed
        total_den = float(np.sum(weights[rows] * den[rows]))
        if total_den <= 0:
            return np.full(len(num), np.nan)
        ratio = float(np.sum(weights[rows] * num[rows])) / total_den
        z[rows] += sign * (num[rows] - ratio * den[rows]) / total_den
    return z


def difference_se(
    design: SurveyDesign, contrasts: Sequence[Contrast]
) -> dict[tuple[str, str], float]:
    """Standard error of each contrast's difference, in one call of the survey engine.

    Each difference of domain means or ratios is linearised (influence z_f - z_r, see the
    module) and its variance is the design variance of the weighted total of the influence,
    over the design's strata, PSUs and fpc: unlike √(se_f² + se_r²) it keeps the
    covariance of two groups sampled in the same PSUs.

    Parameters
    ----------
    design : SurveyDesign
        The design of the rows the contrasts' arrays follow (same length and order).
    contrasts : sequence of Contrast

    Returns
    -------
    dict of (str, str) to float
        Contrast key -> standard error; NaN where a domain has no observed row (or no
        positive total denominator).

    See Also
    --------
    group_gaps : uses these as ``gap_se``.

    References
    ----------
    R: ``svycontrast(svyby(~y, ~group, design, svymean, covmat = TRUE), ...)`` gives the same
    standard error (tests/integration/reference/gap_reference.R).

    Examples
    --------
    >>> import numpy as np, pandas as pd
    >>> from evidence.survey import SurveyDesign
    >>> from evidence.integration import Contrast, difference_se
    >>> frame = pd.DataFrame({"psu": [1, 1, 2, 2, 3, 3, 4, 4],
    ...                       "y": [1.0, 0.0, 1.0, 1.0, 0.0, 0.0, 1.0, 0.0],
    ...                       "migrant": [True, False] * 4, "w": [10.0] * 8})
    >>> design = SurveyDesign(frame, weights="w", psu="psu")
    >>> m = frame["migrant"].to_numpy()
    >>> se = difference_se(design, [Contrast(("y", "total"), frame["y"].to_numpy(), None,
    ...                                      m, ~m)])
    >>> list(se), bool(se[("y", "total")] > 0)
    ([('y', 'total')], True)
    >>> difference_se(design, [])
    {}
    """
    if not contrasts:
        return {}
    weights = np.asarray(design.weight_array(), dtype=float)
    names = [f"__gap_{k}" for k in range(len(contrasts))]
    values = {name: influence(c, weights) for name, c in zip(names, contrasts, strict=True)}
    usable = [n for n in names if np.isfinite(values[n]).all()]
    out = {c.key: float("nan") for c in contrasts}
    if not usable:
        return out
    frame = pd.concat(
        [design.frame, pd.DataFrame({n: values[n] for n in usable}, index=design.frame.index)],
        axis=1,
    )
    # Same rows, strata, PSUs and weights (calibration included): only the columns change.
    totals = estimate_total(usable, dataclasses.replace(design, frame=frame)).to_frame()
    se = dict(zip(totals["variable"], totals["se"], strict=True))
    for name, contrast in zip(names, contrasts, strict=True):
        if name in se:
            out[contrast.key] = float(se[name])
    return out
