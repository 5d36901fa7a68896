"""Re-identification risk of a microdata release, with sdcMicro's definitions and the HDX rule.

Before a microdata file leaves the team (to HDX, to a partner), the key variables an intruder
could know (quasi-identifiers: sex, age group, nationality, admin1, ...) are declared and:

- ``fk``: per record, the number of sample records sharing its key combination;
- ``Fk``: per record, the sum of the sampling weights of those records (the estimated number
  of people in the population with that combination; ``Fk = fk`` without weights);
- individual risk ``r_k`` (sdcMicro ``measure_risk``/``indivRisk``, method "approx", the
  Benedetti-Franconi model), with ``p_k = fk / Fk``::

      fk = 1:  r = p/(1-p) * log(1/p)
      fk = 2:  r = p/(1-p) - (p/(1-p))^2 * log(1/p)
      fk > 2:  r = p / (fk - (1-p))

  When ``Fk <= fk`` (weights of 1 or less: the sample is the population) the formulas reach
  their limit ``1/fk``, which is used;
- expected re-identifications ``sum(r_k)`` and the global risk ``sum(r_k) / n``
  (sdcMicro ``global_risk_ER`` and ``global_risk``).

A missing key value matches every value of that key, as in sdcMicro's ``freqCalc``: a record
with an unknown age group could be anyone of its sex and region.

The release is refused when the global risk is above ``threshold`` (3 %, the HDX rule).
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evidence.errors import OptionError

HDX_THRESHOLD = 0.03
RECORD_COLUMNS: tuple[str, ...] = ("fk", "Fk", "risk")


@dataclass(frozen=True)
class ReidentificationRisk:
    """fk, Fk and individual risk per record; expected re-identifications and global risk."""

    keys: tuple[str, ...]
    weight: str | None
    records: pd.DataFrame  # RECORD_COLUMNS, index of the input frame
    expected_reidentifications: float
    global_risk: float
    threshold: float

    @property
    def n(self) -> int:
        return len(self.records)

    @property
    def refused(self) -> bool:
        """True when the global risk is above the threshold: the file must not be released."""
        return self.global_risk > self.threshold

    @property
    def sample_uniques(self) -> int:
        return int((self.records["fk"] == 1).sum())

    def to_frame(self) -> pd.DataFrame:
        return self.records.copy()

    def summary(self) -> str:
        verdict = "REFUSED" if self.refused else "may be released"
        lines = [
            f"re-identification risk on keys {', '.join(self.keys)} "
            f"(weight: {self.weight or 'none'}), {self.n} records:",
            f"  sample uniques (fk = 1): {self.sample_uniques}",
            f"  records with fk < 3: {int((self.records['fk'] < 3).sum())}",
            f"  highest individual risk: {self.records['risk'].max():.4f}"
            if self.n
            else "  no records",
            f"  expected re-identifications: {self.expected_reidentifications:.2f}",
            f"  global risk: {100 * self.global_risk:.2f} % "
            f"(threshold {100 * self.threshold:.2f} %): {verdict}",
        ]
        if self.refused:
            lines.append(
                "  recode or suppress key values of the riskiest combinations (coarser age "
                "groups, admin1 instead of sites) and check again"
            )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        rows = "".join(
            f"<li>{html.escape(line.strip())}</li>" for line in self.summary().splitlines()[1:]
        )
        return f"<p>{html.escape(self.summary().splitlines()[0])}</p><ul>{rows}</ul>"


def reidentification_risk(
    frame: pd.DataFrame,
    keys: Sequence[str],
    weight: str | None = None,
    threshold: float = HDX_THRESHOLD,
) -> ReidentificationRisk:
    """fk, Fk and sdcMicro's individual and global re-identification risk (input untouched)."""
    keys = tuple(keys)
    if not keys:
        raise OptionError("keys must name at least one key variable (quasi-identifier)")
    missing = [k for k in (*keys, *([weight] if weight else [])) if k not in frame.columns]
    if missing:
        raise OptionError(f"column(s) {missing} not in the data; columns: {list(frame.columns)}")
    if len(set(keys)) != len(keys) or (weight is not None and weight in keys):
        raise OptionError("keys must be distinct and must not include the weight")
    if isinstance(threshold, bool) or not isinstance(threshold, int | float):
        raise OptionError(f"threshold={threshold!r} is not allowed; use a number in (0, 1)")
    if not 0 < threshold < 1:
        raise OptionError(f"threshold={threshold!r} is not allowed; use a number in (0, 1)")
    weights = _weights(frame, weight)
    fk, big_fk = frequencies(frame[list(keys)], weights)
    risk = individual_risk(fk, big_fk)
    records = pd.DataFrame(
        {"fk": fk.astype("int64"), "Fk": big_fk, "risk": risk}, index=frame.index
    )
    expected = float(risk.sum())
    return ReidentificationRisk(
        keys=keys,
        weight=weight,
        records=records,
        expected_reidentifications=expected,
        global_risk=expected / len(frame) if len(frame) else 0.0,
        threshold=float(threshold),
    )


def _weights(frame: pd.DataFrame, weight: str | None) -> np.ndarray:
    if weight is None:
        return np.ones(len(frame))
    values = pd.to_numeric(frame[weight], errors="coerce").to_numpy(
        dtype="float64", na_value=np.nan
    )
    if not np.isfinite(values).all() or (values <= 0).any():
        raise OptionError(
            f"weight {weight!r} must be a finite number > 0 on every record; "
            f"{int((~np.isfinite(values) | (values <= 0)).sum())} record(s) are not"
        )
    return values


def frequencies(keys: pd.DataFrame, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(fk, Fk) per record; a missing key value matches every value of its key."""
    codes = (
        np.column_stack([pd.factorize(keys[c], use_na_sentinel=True)[0] for c in keys.columns])
        if len(keys.columns)
        else np.zeros((len(keys), 0), dtype=int)
    )
    names = [f"k{i}" for i in range(codes.shape[1])]
    table = pd.DataFrame(codes, columns=names)
    table["_w"] = weights
    table["_n"] = 1.0
    groups = table.groupby(names, sort=False, dropna=False).agg(n=("_n", "sum"), w=("_w", "sum"))
    groups = groups.reset_index()
    present = groups[names].to_numpy() >= 0
    patterns = {tuple(row) for row in present}
    fk_group = np.zeros(len(groups))
    big_fk_group = np.zeros(len(groups))
    for mine in patterns:
        mine_rows = (present == np.array(mine)).all(axis=1)
        for theirs in patterns:
            theirs_rows = (present == np.array(theirs)).all(axis=1)
            common = [n for n, a, b in zip(names, mine, theirs, strict=True) if a and b]
            other = groups.loc[theirs_rows]
            if not common:
                fk_group[mine_rows] += other["n"].sum()
                big_fk_group[mine_rows] += other["w"].sum()
                continue
            totals = other.groupby(common, sort=False)[["n", "w"]].sum()
            matched = groups.loc[mine_rows, common].merge(
                totals, left_on=common, right_index=True, how="left"
            )
            fk_group[mine_rows] += matched["n"].fillna(0).to_numpy()
            big_fk_group[mine_rows] += matched["w"].fillna(0).to_numpy()
    # Back from groups to records.
    record_keys = pd.MultiIndex.from_frame(table[names])
    group_keys = pd.MultiIndex.from_frame(groups[names])
    position = group_keys.get_indexer(record_keys)
    return fk_group[position], big_fk_group[position]


def individual_risk(fk: np.ndarray, big_fk: np.ndarray) -> np.ndarray:
    """sdcMicro's individual risk (indivRisk, method "approx") per record."""
    fk = np.asarray(fk, dtype="float64")
    p = np.minimum(fk / np.asarray(big_fk, dtype="float64"), 1.0)
    risk = 1.0 / fk  # the limit as p -> 1 (the sample is the population)
    below = p < 1
    q = np.where(below, p / np.where(below, 1 - p, 1.0), 0.0)
    log_inverse = -np.log(np.where(below, p, 1.0))
    one, two, more = below & (fk == 1), below & (fk == 2), below & (fk > 2)
    risk = np.where(one, q * log_inverse, risk)
    risk = np.where(two, q - q**2 * log_inverse, risk)
    risk = np.where(more, p / (fk - (1 - p)), risk)
    return risk
