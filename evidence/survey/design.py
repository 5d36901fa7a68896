"""The survey design: one object that says how a sample was drawn.

A :class:`SurveyDesign` is built from a DataFrame and the names of its design columns, as R's
``svydesign(id=~psu+ssu, strata=~stratum, weights=~w, fpc=~fpc1+fpc2)``: sampling weights,
strata, one or two stages of clusters, a finite population correction per stage (population
counts, or sampling fractions when every value is at most 1), a with-replacement switch, the
lonely-PSU policy of ``options(survey.lonely.psu=)`` and a non-probability (indicative) mode.
Everything is validated at construction, and every estimator takes the design, never loose
weight columns.

The variance follows R's ``svyrecvar``: with-replacement (ultimate cluster) at the first
stage unless a first-stage fpc is given; the second stage adds its own term only when fpc is
given for both stages (R does the same: without a first-stage fpc the later stages do not
enter the variance).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from evidence.errors import DesignError
from evidence.options import check_option
from evidence.survey.domains import compress, factorize
from evidence.survey.options import DEFAULT_LONELY_PSU, LONELY_PSU, LonelyPSU

if TYPE_CHECKING:
    from evidence.survey.calibrate import CalibrationStep

# R's onestrat: a stratum whose sampling fraction is (numerically) 1 is self-representing.
CERTAINTY_TOLERANCE = 1e-7


@dataclass(frozen=True)
class DesignStructure:
    """Integer codes and counts of a design, computed once from the frame."""

    n: int
    weights: np.ndarray
    stratum: np.ndarray  # (n,) stratum code of each row
    stratum_labels: tuple[str, ...]
    psu: np.ndarray  # (n,) PSU code of each row, unique across strata
    psu_labels: np.ndarray  # (n_psu,) value of each PSU in the PSU column (row number if none)
    psu_stratum: np.ndarray  # (n_psu,) stratum code of each PSU
    psu_count: np.ndarray  # (n_strata,) PSUs sampled in each stratum
    popsize1: np.ndarray  # (n_strata,) PSUs in the population; inf = with replacement
    ssu: np.ndarray | None  # (n,) SSU code, only when the second stage enters the variance
    ssu_psu: np.ndarray | None  # (n_ssu,) PSU code of each SSU
    ssu_count: np.ndarray | None  # (n_psu,) SSUs sampled in each PSU
    popsize2: np.ndarray | None  # (n_psu,) SSUs in the population of each PSU

    @property
    def n_strata(self) -> int:
        return len(self.stratum_labels)

    @property
    def n_psu(self) -> int:
        return len(self.psu_labels)

    @property
    def df(self) -> int:
        """Design degrees of freedom, R's ``degf``: PSUs minus strata."""
        return self.n_psu - self.n_strata

    @property
    def two_stage(self) -> bool:
        return self.ssu is not None


@dataclass(frozen=True)
class SurveyDesign:
    """A survey design over ``frame``; see the module docstring for the meaning of each field.

    ``fpc`` is one column (first stage) or two (first and second stage) of population counts,
    or of sampling fractions when every value is at most 1. ``nest=True`` says PSU codes are
    only unique within strata. ``probability=False`` marks a non-probability sample: estimators
    then give point estimates and counts only, flagged as indicative.

    The counterpart of R's ``svydesign(ids=~psu, strata=~stratum, weights=~weight, fpc=,
    nest=)``; ``lonely_psu`` is ``options(survey.lonely.psu=)``.

    Parameters
    ----------
    frame : pandas.DataFrame
        The sample, one row per respondent. Not modified.
    weights, strata, psu, ssu : str, optional
        Columns of sampling weights, strata, first- and second-stage units.
    fpc : str or tuple of str, optional
        Finite population correction column(s).
    with_replacement : bool, default False
    lonely_psu : {"fail", "remove", "adjust", "average", "certainty"}
    nest : bool, default False
    probability : bool, default True

    Raises
    ------
    DesignError
        A design column missing, negative or missing weights, a lonely PSU under ``"fail"``.

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.survey import SurveyDesign, estimate_mean
    >>> frame = pd.DataFrame({
    ...     "stratum": [1, 1, 1, 1, 2, 2, 2, 2], "psu": [1, 1, 2, 2, 3, 3, 4, 4],
    ...     "weight": [10.0, 10, 12, 12, 8, 8, 9, 9],
    ...     "income": [300.0, 420, 380, 510, 250, 270, 330, 290], "sex": list("fmfmfmfm")})
    >>> design = SurveyDesign(frame, weights="weight", strata="stratum", psu="psu")
    >>> design.summary()[:46]
    'SurveyDesign: 8 rows, 2 strata, 4 PSUs, df=2; '
    >>> estimate_mean("income", design).se.round(4).tolist()
    [27.9859]
    """

    frame: pd.DataFrame = field(repr=False)
    weights: str | None = None
    strata: str | None = None
    psu: str | None = None
    ssu: str | None = None
    fpc: str | tuple[str, ...] | None = None
    with_replacement: bool = False
    lonely_psu: LonelyPSU = DEFAULT_LONELY_PSU
    nest: bool = False
    probability: bool = True
    calibration: tuple[CalibrationStep, ...] = field(default=(), repr=False)
    weight_values: np.ndarray | None = field(default=None, repr=False, compare=False)
    structure: DesignStructure = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        check_option("lonely_psu", self.lonely_psu, LONELY_PSU)
        fpc = (self.fpc,) if isinstance(self.fpc, str) else tuple(self.fpc or ())
        object.__setattr__(self, "fpc", fpc or None)
        object.__setattr__(self, "structure", _build_structure(self))

    # -- convenience -------------------------------------------------------------------------
    @property
    def n(self) -> int:
        return self.structure.n

    @property
    def df(self) -> int:
        return self.structure.df

    def weight_array(self) -> np.ndarray:
        """The analysis weights (after any calibration), as a read-only array."""
        w = self.structure.weights.view()
        w.flags.writeable = False
        return w

    def with_weights(self, weights: np.ndarray, step: CalibrationStep) -> SurveyDesign:
        """A copy with calibrated ``weights`` and ``step`` recorded for the variance."""
        return replace(
            self,
            weight_values=np.asarray(weights, dtype=float),
            calibration=(*self.calibration, step),
        )

    def summary(self) -> str:
        s = self.structure
        kind = "probability" if self.probability else "non-probability (indicative estimates only)"
        stages = "two-stage" if s.two_stage else "one-stage (ultimate cluster)"
        fpc = "with replacement" if self.fpc is None else f"fpc={', '.join(self.fpc)}"
        cal = f", {len(self.calibration)} calibration step(s)" if self.calibration else ""
        return (
            f"SurveyDesign: {s.n} rows, {s.n_strata} strata, {s.n_psu} PSUs, df={s.df}; "
            f"{kind}; {stages}; {fpc}; lonely_psu={self.lonely_psu!r}{cal}"
        )

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        from html import escape

        return f"<pre>{escape(self.summary())}</pre>"


def _column(frame: pd.DataFrame, name: str, role: str) -> pd.Series:
    if name not in frame.columns:
        raise DesignError(
            f"{role} column {name!r} is not in the data; columns are: "
            f"{', '.join(map(str, frame.columns))}"
        )
    col = frame[name]
    missing = np.flatnonzero(col.isna().to_numpy())
    if missing.size:
        raise DesignError(
            f"{role} column {name!r} has {missing.size} missing value(s) (first at row "
            f"{missing[0]}); "
            f"every row needs a {role.lower()}"
        )
    return col


def _numeric(frame: pd.DataFrame, name: str, role: str) -> np.ndarray:
    col = _column(frame, name, role)
    values = pd.to_numeric(col, errors="coerce").to_numpy(dtype=float)
    bad = np.flatnonzero(~np.isfinite(values))
    if bad.size:
        raise DesignError(
            f"{role} column {name!r} is not a finite number at row {bad[0]} (value "
            f"{col.iloc[bad[0]]!r})"
        )
    return values


def _per_group_constant(
    values: np.ndarray,
    group: np.ndarray,
    n_groups: int,
    what: str,
    labels: Sequence[str] | np.ndarray,
) -> np.ndarray:
    first = np.full(n_groups, np.nan)
    first[group[::-1]] = values[::-1]
    varies = np.flatnonzero(~np.isclose(values, first[group], rtol=1e-12, atol=0))
    if varies.size:
        g = group[varies[0]]
        raise DesignError(
            f"{what} varies within {labels[g]!r} (row {varies[0]}): give one value per unit"
        )
    return first


def _popsize(
    values: np.ndarray, sampled: np.ndarray, name: str, labels: Sequence[str] | np.ndarray
) -> np.ndarray:
    """Population counts from an fpc column, reading fractions as R's as.fpc does."""
    if np.any(values <= 0):
        raise DesignError(
            f"fpc column {name!r} has a value <= 0; give population counts or sampling fractions"
        )
    if np.any(values > 1) and not np.all(values >= 1):
        raise DesignError(
            f"fpc column {name!r} mixes fractions (<1) and counts (>1); use one or the other"
        )
    popsize = values.copy() if np.any(values > 1) else sampled / values
    too_small = np.flatnonzero(popsize < sampled - 1e-9)
    if too_small.size:
        i = too_small[0]
        raise DesignError(
            f"fpc column {name!r} implies more than 100% sampling in {labels[i]!r}: "
            f"{sampled[i]:g} sampled units but a population of {popsize[i]:g}"
        )
    return popsize


def _build_structure(design: SurveyDesign) -> DesignStructure:
    frame = design.frame
    if not isinstance(frame, pd.DataFrame):
        raise DesignError(f"frame must be a pandas DataFrame, not {type(frame).__name__}")
    n = len(frame)
    if n == 0:
        raise DesignError("the data have no rows")
    fpc: tuple[str, ...] = design.fpc or ()  # type: ignore[assignment]
    if design.with_replacement and fpc:
        raise DesignError(
            "with_replacement=True takes no fpc: drop fpc= or set with_replacement=False"
        )
    if len(fpc) > 2:
        raise DesignError(f"fpc gives {len(fpc)} stages; at most two (PSU, SSU) are supported")
    if len(fpc) == 2 and design.ssu is None:
        raise DesignError("fpc has a second-stage column but no ssu= column was given")

    if design.strata is not None:
        stratum, strata_values = factorize(_column(frame, design.strata, "Strata"))
        stratum_labels = tuple(str(v) for v in strata_values)
    else:
        stratum, stratum_labels = np.zeros(n, dtype=np.int64), ("(all)",)
    n_strata = len(stratum_labels)

    if design.psu is not None:
        psu, psu_values = factorize(_column(frame, design.psu, "PSU"))
        psu_labels = np.asarray(psu_values, dtype=object)
        if design.nest:
            keys, psu = compress(stratum * len(psu_values) + psu)
            psu_labels = psu_labels[keys % len(psu_values)]
    else:
        psu, psu_labels = np.arange(n, dtype=np.int64), np.arange(n)
    n_psu = len(psu_labels)
    psu_stratum = np.full(n_psu, -1, dtype=np.int64)
    psu_stratum[psu] = stratum
    crossing = np.flatnonzero(psu_stratum[psu] != stratum)
    if crossing.size:
        i = crossing[0]
        raise DesignError(
            f"PSU {str(psu_labels[psu[i]])!r} (column {design.psu!r}) lies in more than one "
            "stratum "
            f"(row {i} is in {stratum_labels[stratum[i]]!r}); PSUs must be nested in strata, "
            "or pass nest=True if PSU codes repeat across strata"
        )
    if n_psu == 1:
        raise DesignError(
            "the design has only one primary sampling unit; no variance can be estimated"
        )
    psu_count = np.bincount(psu_stratum, minlength=n_strata).astype(float)

    weights = _numeric(frame, design.weights, "Weights") if design.weights is not None else None
    if design.weight_values is not None:
        weights = np.asarray(design.weight_values, dtype=float)
        if weights.shape != (n,):
            raise DesignError(f"weight_values has shape {weights.shape}; expected ({n},)")

    popsize1 = np.full(n_strata, np.inf)
    ssu = ssu_psu = ssu_count = popsize2 = None
    if fpc:
        raw1 = _per_group_constant(
            _numeric(frame, fpc[0], "FPC"), stratum, n_strata, f"fpc {fpc[0]!r}", stratum_labels
        )
        popsize1 = _popsize(raw1, psu_count, fpc[0], stratum_labels)
    if design.ssu is not None and fpc:
        if len(fpc) < 2:
            raise DesignError(
                f"ssu={design.ssu!r} with a first-stage fpc needs a second-stage fpc too "
                "(fpc=(psu_fpc, ssu_fpc)), or leave ssu out for an ultimate-cluster variance"
            )
        ssu_code, ssu_values = factorize(_column(frame, design.ssu, "SSU"))
        _, ssu = compress(psu * len(ssu_values) + ssu_code)
        ssu_psu = np.full(int(ssu.max()) + 1, -1, dtype=np.int64)
        ssu_psu[ssu] = psu
        ssu_count = np.bincount(ssu_psu, minlength=n_psu).astype(float)
        raw2 = _per_group_constant(
            _numeric(frame, fpc[1], "FPC"), psu, n_psu, f"fpc {fpc[1]!r}", psu_labels
        )
        popsize2 = _popsize(raw2, ssu_count, fpc[1], psu_labels)
    elif design.ssu is not None:
        _column(frame, design.ssu, "SSU")

    if weights is None:
        if not design.probability:
            weights = np.ones(n)
        elif fpc and (ssu is None) == (len(fpc) == 1):
            # R's weights.survey_fpc: product over stages of population / sample counts.
            weights = (popsize1 / psu_count)[stratum]
            if ssu is not None and popsize2 is not None and ssu_count is not None:
                weights = weights * (popsize2 / ssu_count)[psu]
        else:
            raise DesignError(
                "no weights= column given and none can be computed from fpc; name the weight column"
            )
    bad = np.flatnonzero(~(weights > 0))
    if bad.size:
        raise DesignError(
            f"weights must be positive: row {bad[0]} has weight {float(weights[bad[0]])!r} "
            f"in column {design.weights!r} "
            f"({bad.size} row(s) in all); drop those rows or fix the weights"
        )

    structure = DesignStructure(
        n=n,
        weights=weights,
        stratum=stratum,
        stratum_labels=stratum_labels,
        psu=psu,
        psu_labels=psu_labels,
        psu_stratum=psu_stratum,
        psu_count=psu_count,
        popsize1=popsize1,
        ssu=ssu,
        ssu_psu=ssu_psu,
        ssu_count=ssu_count,
        popsize2=popsize2,
    )
    if design.probability and design.lonely_psu == "fail":
        _fail_on_lonely(structure, design)
    return structure


def sampling_fraction(count: np.ndarray, popsize: np.ndarray) -> np.ndarray:
    """R's ``(fpc - nPSU)/fpc``: 1 - n/N, and 1 when sampled with replacement."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(np.isinf(popsize), 1.0, (popsize - count) / popsize)


def _fail_on_lonely(s: DesignStructure, design: SurveyDesign) -> None:
    f1 = sampling_fraction(s.psu_count, s.popsize1)
    lonely = np.flatnonzero((s.psu_count == 1) & (f1 >= CERTAINTY_TOLERANCE))
    if lonely.size:
        names = ", ".join(repr(s.stratum_labels[h]) for h in lonely)
        raise DesignError(
            f"stratum {names} (column {design.strata!r}) has only one PSU at stage 1 and "
            "lonely_psu='fail'; "
            "choose lonely_psu='certainty', 'remove', 'adjust' or 'average', or collapse strata"
        )
    if s.ssu_count is not None and s.popsize2 is not None:
        f2 = sampling_fraction(s.ssu_count, s.popsize2)
        lonely = np.flatnonzero((s.ssu_count == 1) & (f2 >= CERTAINTY_TOLERANCE))
        if lonely.size:
            names = ", ".join(repr(str(s.psu_labels[j])) for j in lonely)
            raise DesignError(
                f"PSU {names} (column {design.psu!r}) has only one SSU at stage 2 and "
                "lonely_psu='fail'; "
                "choose another lonely_psu policy"
            )
