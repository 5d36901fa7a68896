"""Early-warning lists: per school, the students at or above a risk threshold, with reasons.

``early_warning_lists(linked, risk, threshold=..., logit=...)`` keeps the students whose risk
(the predictive model's calibrated probability) is at or above ``threshold`` and gives each
its top risk factors: the interpretable model's terms with the largest positive contribution
b_j·(x_ij − mean_j) to the student's log-odds of dropping out (the factors that raise this
student's risk most against the average student), in words a school can act on.

The list carries pseudonymous ids only: the school code, the student's pseudonym (HMAC, as
curated data hold it), the risk, the rank in the school and the factors. Raw student codes
(the contract's ``ISO3-A0000000`` form) are refused, so an unpseudonymised table cannot
become a list. The lists are restricted data: evidence.dropout.writer writes them under
data/restricted/, never under reports/; no study or results table carries them.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from evidence.dropout.interpretable import DropoutLogit
from evidence.errors import DisclosureError, OptionError

RAW_STUDENT_ID = re.compile(r"^[A-Z]{3}-A[0-9]{7}$")
LIST_COLUMNS: tuple[str, ...] = ("school_id", "student_id", "risk", "rank_in_school")
_YES_LABELS: dict[str, tuple[str, str]] = {
    "repeated_grade": ("repeated a grade", "has not repeated a grade"),
    "child_work": ("works (child work)", "does not work"),
    "xenophobia": ("experienced xenophobia", "no xenophobia reported"),
    "bullying": ("bullied", "not bullied"),
    "migrant": ("migrant student", "national student"),
    "female": ("female", "male"),
    "caregiver_irregular": ("caregiver in irregular status", "caregiver not irregular"),
    "caregiver_works": ("caregiver works", "caregiver without work"),
    "caregiver_intends_to_leave": ("family intends to move", "family intends to stay"),
    "school_psychosocial_support": (
        "school has psychosocial support",
        "no psychosocial support at school",
    ),
}


def factor_label(term: str, value: float) -> str:
    """The factor in words, for the student's value of the term."""
    if term in _YES_LABELS:
        yes, no = _YES_LABELS[term]
        return yes if value >= 0.5 else no
    if term == "attendance_per_10_points":
        return f"attendance {value * 10:.0f}%"
    if term == "overage_years":
        return f"over-age by {value:.0f} year(s)"
    return f"{term.replace('_', ' ')} = {value:g}"


def check_pseudonymous(ids: pd.Series) -> None:
    """DisclosureError if any id has the raw student-code form."""
    raw = ids.astype(str).str.match(RAW_STUDENT_ID.pattern)
    if raw.any():
        raise DisclosureError(
            f"{int(raw.sum())} student id(s) have the raw code form (e.g. ISO3-A0000000); "
            "early-warning lists carry pseudonymous ids only: use curated data (ingest "
            "pseudonymises student_id) or evidence.ingest.pseudonym.pseudonymise_values"
        )


@dataclass(frozen=True)
class EarlyWarningList:
    """Students at or above the threshold, by school, with their top risk factors.

    Restricted data (pseudonymous ids; written only by ``write_early_warning_lists``).
    ``frame``: school_id, student_id, risk, rank_in_school, factor_1..; ``for_school(id)``
    one school's list; ``schools`` the schools with a listed student.

    Examples
    --------
    >>> from evidence.dropout import (EarlyWarningList, early_warning_lists, example_students,
    ...                               fit_dropout_logit)
    >>> linked = example_students()  # 400 students in 20 schools, a planted risk
    >>> logit = fit_dropout_logit(linked, features=("attendance_per_10_points", "child_work"))
    >>> lists = early_warning_lists(linked, linked["risk"], threshold=0.5, logit=logit)
    >>> isinstance(lists, EarlyWarningList), lists.n_students
    (True, 400)
    >>> first = lists.schools[0]
    >>> int(lists.for_school(first)["rank_in_school"].iloc[0])
    1
    """

    frame: pd.DataFrame
    threshold: float
    n_students: int

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    def for_school(self, school_id: str) -> pd.DataFrame:
        return self.frame[self.frame["school_id"] == school_id].reset_index(drop=True)

    @property
    def schools(self) -> tuple[str, ...]:
        return tuple(sorted(self.frame["school_id"].unique()))

    def summary(self) -> str:
        return (
            f"Early-warning lists: {len(self.frame)} of {self.n_students} students at or above "
            f"risk {self.threshold:g}, in {len(self.schools)} schools (restricted data)"
        )

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.summary())}</p>"


def early_warning_lists(
    linked: pd.DataFrame,
    risk: np.ndarray | pd.Series,
    *,
    threshold: float,
    logit: DropoutLogit,
    top_factors: int = 3,
) -> EarlyWarningList:
    """Lists of the students of ``linked`` (one risk per row) at or above ``threshold``.

    Each student's top factors are the interpretable model's terms with the largest positive
    contribution b_j·(x_ij − mean_j) to its log-odds, in words (``attendance 55%``).

    Parameters
    ----------
    linked : pandas.DataFrame
        Linked students with pseudonymous ``student_id``, ``school_id`` and the logit's terms.
    risk : array-like
        One risk per row of ``linked`` (the predictive model's calibrated probability).
    threshold : float
        In (0, 1).
    logit : DropoutLogit
    top_factors : int, default 3

    Returns
    -------
    EarlyWarningList

    Raises
    ------
    OptionError
        ``threshold`` not in (0, 1), or not one risk per student.
    DisclosureError
        A student id has the raw code form (``ISO3-A0000000``).

    Examples
    --------
    >>> from evidence.dropout import early_warning_lists, fit_dropout_logit, example_students
    >>> linked = example_students()  # 400 students in 20 schools, a planted risk
    >>> logit = fit_dropout_logit(linked, features=("attendance_per_10_points", "child_work"))
    >>> lists = early_warning_lists(linked, linked["risk"], threshold=0.5, logit=logit)
    >>> frame = lists.to_frame()
    >>> bool((frame["risk"] >= 0.5).all()), frame.columns[:4].tolist()
    (True, ['school_id', 'student_id', 'risk', 'rank_in_school'])
    >>> raw = linked.assign(student_id=[f"COL-A{i:07d}" for i in range(400)])
    >>> try:
    ...     early_warning_lists(raw, linked["risk"].to_numpy(), threshold=0.5, logit=logit)
    ... except Exception as error:
    ...     print(type(error).__name__)
    DisclosureError
    """
    if not 0 < threshold < 1:
        raise OptionError(f"threshold={threshold!r} is not allowed; use a probability in (0, 1)")
    risk_array = np.asarray(risk, dtype=float)
    if risk_array.shape != (len(linked),):
        raise OptionError(f"risk must hold one value per student ({len(linked)})")
    check_pseudonymous(linked["student_id"])
    terms = list(logit.features)
    values = linked[terms].astype(float)
    contribution = (values - values.mean()) * logit.coef[terms]
    flagged = np.flatnonzero(risk_array >= threshold)
    out = pd.DataFrame(
        {
            "school_id": linked["school_id"].to_numpy()[flagged],
            "student_id": linked["student_id"].to_numpy()[flagged],
            "risk": np.round(risk_array[flagged], 4),
        }
    )
    chosen = contribution.iloc[flagged].to_numpy()
    raw = values.iloc[flagged].to_numpy()
    columns = [f"factor_{i + 1}" for i in range(top_factors)]
    labels: list[list[str]] = []
    for row, x in zip(chosen, raw, strict=True):
        ranked = [j for j in np.argsort(-np.nan_to_num(row, nan=-np.inf)) if row[j] > 0]
        names = [factor_label(terms[j], x[j]) for j in ranked[:top_factors]]
        labels.append(names + [""] * (top_factors - len(names)))
    out[columns] = pd.DataFrame(labels, columns=columns, index=out.index)
    out = out.sort_values(["school_id", "risk"], ascending=[True, False], kind="stable")
    out.insert(3, "rank_in_school", out.groupby("school_id").cumcount() + 1)
    return EarlyWarningList(
        frame=out.reset_index(drop=True), threshold=threshold, n_students=len(linked)
    )
