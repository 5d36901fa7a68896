"""Replicate-weight designs: jackknife (JK1, JKn) and bootstrap, built from a design as R's
``as.svrepdesign`` builds them, or read from replicate-weight columns delivered with data.

Replicate weights are stored compressed, as R does: one row of *factors* per replicate unit
(the PSU), so that replicate r weighs row i by ``weights[i] * factors[unit[i], r]``. The
variance of an estimate is ``scale * sum_r rscales[r] * (theta_r - centre)^2`` with the
centre the mean of the replicates, or the full-sample estimate when ``mse=True`` (R's
``svrVar``).

- JK1 (unstratified): drop one PSU per replicate, the others times n/(n-1);
  scale (1-f)(n-1)/n.
- JKn (stratified): drop one PSU of stratum h per replicate, the rest of h times
  n_h/(n_h-1); rscales (1-f_h)(n_h-1)/n_h. Lonely strata follow ``lonely_psu`` as R's
  ``jknweights``.
- bootstrap: R's ``bootweights``: in each stratum draw n_h PSUs with replacement (without
  replacement from the population when an fpc is given); the factor is the number of draws;
  scale = n̄/((n̄-1)(R-1)) with n̄ the harmonic mean of PSUs per stratum. The draws come
  from ``numpy.random.default_rng(seed)``, so they differ from R's for the same seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from evidence.errors import DesignError
from evidence.options import check_option
from evidence.survey.design import SurveyDesign, sampling_fraction
from evidence.survey.options import ReplicateType


@dataclass(frozen=True)
class ReplicateDesign:
    """A design with replicate weights; see the module docstring.

    Made by :func:`replicate_design` or, from published replicate-weight columns, by
    ``ReplicateDesign.from_weights`` (R's ``svrepdesign``).

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.survey import SurveyDesign, replicate_design
    >>> frame = pd.DataFrame({
    ...     "stratum": [1, 1, 1, 1, 2, 2, 2, 2], "psu": [1, 1, 2, 2, 3, 3, 4, 4],
    ...     "weight": [10.0, 10, 12, 12, 8, 8, 9, 9],
    ...     "income": [300.0, 420, 380, 510, 250, 270, 330, 290], "sex": list("fmfmfmfm")})
    >>> design = SurveyDesign(frame, weights="weight", strata="stratum", psu="psu")
    >>> replicate_design(design, "JKn").summary()[:38]
    'ReplicateDesign: JKn, 4 replicates, 8 '
    """

    frame: pd.DataFrame = field(repr=False)
    weights: np.ndarray = field(repr=False)
    unit: np.ndarray = field(repr=False)  # (n,) replicate unit of each row
    factors: np.ndarray = field(repr=False)  # (n_units, R)
    scale: float
    rscales: np.ndarray = field(repr=False)
    mse: bool = False
    type: str = "JK1"
    df: int = field(init=False)

    def __post_init__(self) -> None:
        if self.factors.shape[0] != int(self.unit.max()) + 1:
            raise DesignError("replicate factors must have one row per replicate unit")
        if len(self.rscales) != self.factors.shape[1]:
            raise DesignError("rscales needs one value per replicate")
        object.__setattr__(self, "df", replicate_df(self.factors))

    probability = True
    calibration = ()

    @property
    def replicates(self) -> int:
        return self.factors.shape[1]

    @property
    def n(self) -> int:
        return len(self.weights)

    def replicate_weights(self) -> np.ndarray:
        """The (n, R) analysis weights of every replicate (memory: n × R floats)."""
        return self.weights[:, None] * self.factors[self.unit]

    def summary(self) -> str:
        centre = "full-sample estimate (mse)" if self.mse else "mean of replicates"
        return (
            f"ReplicateDesign: {self.type}, {self.replicates} replicates, {self.n} rows, "
            f"df={self.df}; centre={centre}"
        )

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        from html import escape

        return f"<pre>{escape(self.summary())}</pre>"

    @classmethod
    def from_weights(
        cls,
        frame: pd.DataFrame,
        weights: str,
        replicate_weights: Sequence[str],
        *,
        scale: float,
        rscales: Sequence[float] | None = None,
        mse: bool = False,
        type: str = "other",
    ) -> ReplicateDesign:
        """From replicate-weight columns (full replicate weights, not factors)."""
        missing = [c for c in [weights, *replicate_weights] if c not in frame.columns]
        if missing:
            raise DesignError(f"replicate weight column(s) {missing} not in the data")
        w = frame[weights].to_numpy(dtype=float)
        if not np.all(w > 0):
            raise DesignError(f"weights column {weights!r} must be positive in every row")
        reps = frame[list(replicate_weights)].to_numpy(dtype=float)
        factors, unit = np.unique(reps / w[:, None], axis=0, return_inverse=True)
        r = np.ones(reps.shape[1]) if rscales is None else np.asarray(rscales, dtype=float)
        return cls(frame, w, unit.ravel().astype(np.int64), factors, float(scale), r, mse, type)


def replicate_df(factors: np.ndarray) -> int:
    """R's ``degf`` of a replicate design: rank of the replicate weights minus one."""
    return (
        int(np.linalg.matrix_rank(factors, tol=1e-5 * max(1.0, float(np.abs(factors).max())))) - 1
    )


def replicate_design(
    design: SurveyDesign,
    type: ReplicateType = "JKn",
    *,
    replicates: int = 50,
    seed: int | None = None,
    mse: bool = False,
) -> ReplicateDesign:
    """Replicate weights for ``design``, as R's ``as.svrepdesign(design, type=)``.

    Only the first-stage fpc is used (R drops later stages too). ``seed`` drives the
    bootstrap draws.

    Parameters
    ----------
    design : SurveyDesign
        An uncalibrated design (calibrate the replicate design afterwards).
    type : {"JK1", "JKn", "bootstrap"}, default "JKn"
        Jackknife (one stratum / stratified) or Rao-Wu bootstrap.
    replicates : int, default 50
        Bootstrap replicates.
    seed : int, optional
        Seed of the bootstrap draws.
    mse : bool, default False
        Variances around the full-sample estimate rather than the replicates' mean.

    Returns
    -------
    ReplicateDesign

    Raises
    ------
    DesignError
        A calibrated design, or JK1 on a stratified design.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.survey import SurveyDesign, estimate_mean, replicate_design
    >>> frame = pd.DataFrame({
    ...     "stratum": [1, 1, 1, 1, 2, 2, 2, 2], "psu": [1, 1, 2, 2, 3, 3, 4, 4],
    ...     "weight": [10.0, 10, 12, 12, 8, 8, 9, 9],
    ...     "income": [300.0, 420, 380, 510, 250, 270, 330, 290], "sex": list("fmfmfmfm")})
    >>> design = SurveyDesign(frame, weights="weight", strata="stratum", psu="psu")
    >>> jackknife = replicate_design(design, "JKn")
    >>> round(float(estimate_mean("income", jackknife).se.iloc[0]), 3)
    28.065

    R: ``svymean(~income, as.svrepdesign(design, type="JKn"))`` gives SE 28.065.
    """
    check_option("type", type, ("JK1", "JKn", "bootstrap"))
    if design.calibration:
        raise DesignError(
            "build replicate weights before calibrating: the design is already calibrated"
        )
    s = design.structure
    f = sampling_fraction(s.psu_count, s.popsize1)
    if type == "JK1":
        if s.n_strata > 1:
            raise DesignError(
                "JK1 is for unstratified designs; use type='JKn' for a stratified one"
            )
        n = s.n_psu
        factors = np.full((n, n), n / (n - 1))
        np.fill_diagonal(factors, 0.0)
        return ReplicateDesign(
            design.frame,
            s.weights,
            s.psu,
            factors,
            float(f[0] * (n - 1) / n),
            np.ones(n),
            mse,
            "JK1",
        )
    if type == "JKn":
        return _jkn(design, f, mse)
    return _bootstrap(design, replicates, seed, mse)


def _jkn(design: SurveyDesign, f: np.ndarray, mse: bool) -> ReplicateDesign:
    s = design.structure
    n_strata = s.n_strata
    columns: list[np.ndarray] = []
    rscales: list[float] = []
    for h in range(n_strata):
        members = np.flatnonzero(s.psu_stratum == h)
        n_h = len(members)
        if n_h == 1:
            if design.lonely_psu == "fail":
                raise DesignError(
                    f"stratum {s.stratum_labels[h]!r} has only one PSU and lonely_psu='fail'"
                )
            if design.lonely_psu == "adjust":
                col = np.full(s.n_psu, n_strata / (n_strata - 1))
                col[members] = 0.0
                columns.append(col)
                rscales.append((n_strata - 1) / n_strata)
            continue
        for j in members:
            col = np.ones(s.n_psu)
            col[members] = n_h / (n_h - 1)
            col[j] = 0.0
            columns.append(col)
            rscales.append(f[h] * (n_h - 1) / n_h)
    if not columns:
        raise DesignError("every stratum has a single PSU: no jackknife replicate can be formed")
    scale = 1.0
    if len(columns) < s.n_psu and design.lonely_psu == "average":
        scale = s.n_psu / len(columns)
    factors = np.column_stack(columns)
    return ReplicateDesign(
        design.frame, s.weights, s.psu, factors, scale, np.array(rscales), mse, "JKn"
    )


def _bootstrap(
    design: SurveyDesign, replicates: int, seed: int | None, mse: bool
) -> ReplicateDesign:
    if replicates < 2:
        raise DesignError("the bootstrap needs at least 2 replicates")
    s = design.structure
    rng = np.random.default_rng(seed)
    factors = np.zeros((s.n_psu, replicates))
    for h in range(s.n_strata):
        members = np.flatnonzero(s.psu_stratum == h)
        n_h = len(members)
        for r in range(replicates):
            if np.isinf(s.popsize1[h]):
                draws = rng.integers(0, n_h, size=n_h)
            else:
                # Without replacement from the PSUs repeated up to the population size (R).
                pool = np.resize(np.arange(n_h), round(s.popsize1[h]))
                draws = rng.choice(pool, size=n_h, replace=False)
            factors[members, r] = np.bincount(draws, minlength=n_h)
    per_stratum = 1.0 / np.mean(1.0 / s.psu_count)
    scale = per_stratum / ((per_stratum - 1) * (replicates - 1))
    return ReplicateDesign(
        design.frame, s.weights, s.psu, factors, float(scale), np.ones(replicates), mse, "bootstrap"
    )
