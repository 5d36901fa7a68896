"""The integrity report of the three-level linkage: every problem counted and listed.

Each check is one field holding the identifiers it concerns (pseudonymous ids after ingest),
so a reader can count them and look them up. ``to_frame`` gives one row per check with its
count and the stated handling; ``listing`` gives one row per (check, id). The report is for
the research team: it lists identifiers, so it is never published (it has no
``to_results``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass, fields

import pandas as pd

# Check -> (level it concerns, what link_levels and the models do about it).
HANDLING: dict[str, tuple[str, str]] = {
    "duplicate_school_ids": ("schools", "every row with the id left out of the join"),
    "duplicate_caregiver_ids": ("caregivers", "every row with the id left out of the join"),
    "duplicate_student_ids": ("students", "every row with the id left out"),
    "students_school_missing": ("students", "kept; school features empty"),
    "students_caregiver_missing": ("students", "kept; caregiver features empty"),
    "students_caregiver_other_school": ("students", "kept; the student's own school counts"),
    "students_without_label": ("students", "kept; left out of fitting and evaluation"),
    "caregivers_school_missing": ("caregivers", "kept for their students"),
    "caregivers_without_students": ("caregivers", "not in the student frame"),
    "schools_without_students": ("schools", "not in the student frame"),
    "schools_with_one_student": ("schools", "kept; a cluster of one in the clustered SEs"),
    "schools_without_dropouts": ("schools", "kept (a normal outcome in small schools)"),
    "schools_all_dropouts": ("schools", "kept (a normal outcome in small schools)"),
    "features_missing_for_school": (
        "schools",
        "kept; the predictive model reads the gap as missing, the interpretable model "
        "leaves incomplete students out and counts them",
    ),
}


@dataclass(frozen=True)
class IntegrityReport:
    """Counts of input and linked rows, and the ids behind every integrity check.

    One field per check (``HANDLING`` states what ``link_levels`` does about each): duplicate
    ids, students whose school or caregiver is missing, caregivers recorded at another school,
    students lost to follow-up, schools without students or dropouts, features empty for a
    whole school. ``counts()`` and ``to_frame()`` count them; ``listing()`` lists the ids
    (restricted: it is never published); ``clean`` is True without duplicate, orphan or
    missing links.

    Examples
    --------
    >>> from evidence.dropout import IntegrityReport
    >>> report = IntegrityReport(n_schools=2, n_caregivers=3, n_students=4, n_linked=4,
    ...                          students_caregiver_missing=("p0003",),
    ...                          students_without_label=("p0001",))
    >>> report.clean, report.counts()["students_without_label"]
    (False, 1)
    >>> report.listing().values.tolist()
    [['students_caregiver_missing', 'p0003'], ['students_without_label', 'p0001']]
    >>> report.to_frame().columns.tolist()
    ['check', 'level', 'count', 'handling']
    """

    n_schools: int
    n_caregivers: int
    n_students: int
    n_linked: int
    duplicate_school_ids: tuple[str, ...] = ()
    duplicate_caregiver_ids: tuple[str, ...] = ()
    duplicate_student_ids: tuple[str, ...] = ()
    students_school_missing: tuple[str, ...] = ()
    students_caregiver_missing: tuple[str, ...] = ()
    students_caregiver_other_school: tuple[str, ...] = ()
    students_without_label: tuple[str, ...] = ()
    caregivers_school_missing: tuple[str, ...] = ()
    caregivers_without_students: tuple[str, ...] = ()
    schools_without_students: tuple[str, ...] = ()
    schools_with_one_student: tuple[str, ...] = ()
    schools_without_dropouts: tuple[str, ...] = ()
    schools_all_dropouts: tuple[str, ...] = ()
    features_missing_for_school: tuple[tuple[str, str], ...] = ()

    def counts(self) -> dict[str, int]:
        """Number of ids (or school × feature pairs) per check."""
        return {name: len(getattr(self, name)) for name in HANDLING}

    def to_frame(self) -> pd.DataFrame:
        """One row per check: check, level, count, handling."""
        counts = self.counts()
        return pd.DataFrame(
            {
                "check": list(HANDLING),
                "level": [HANDLING[c][0] for c in HANDLING],
                "count": [counts[c] for c in HANDLING],
                "handling": [HANDLING[c][1] for c in HANDLING],
            }
        )

    def listing(self) -> pd.DataFrame:
        """One row per problem: check, id (``school / feature`` for missing features)."""
        rows: list[tuple[str, str]] = []
        for item in fields(self):
            if item.name not in HANDLING:
                continue
            for value in getattr(self, item.name):
                shown = " / ".join(value) if isinstance(value, tuple) else value
                rows.append((item.name, shown))
        return pd.DataFrame(rows, columns=["check", "id"])

    @property
    def clean(self) -> bool:
        """No duplicate, orphan or missing link (outcome-only checks do not count)."""
        outcome_only = {
            "students_without_label",
            "schools_with_one_student",
            "schools_without_dropouts",
            "schools_all_dropouts",
            "features_missing_for_school",
        }
        return all(n == 0 for c, n in self.counts().items() if c not in outcome_only)

    def __repr__(self) -> str:
        # The summary, not every id or array: a notebook prints this when HTML is off.
        return self.summary()

    def summary(self) -> str:
        lines = [
            f"Linkage: {self.n_students} students, {self.n_caregivers} caregivers, "
            f"{self.n_schools} schools in; {self.n_linked} students linked",
        ]
        lines += [f"  {c}: {n}" for c, n in self.counts().items() if n]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        counts = self.counts()
        rows = "".join(
            f"<tr><td>{html.escape(check)}</td><td>{counts[check]}</td>"
            f"<td>{html.escape(handling)}</td></tr>"
            for check, (_, handling) in HANDLING.items()
        )
        return (
            f"<p>{self.n_linked} of {self.n_students} students linked</p>"
            f"<table><tr><th>check</th><th>count</th><th>handling</th></tr>{rows}</table>"
        )
