"""Three-level linkage of the school survey: students → caregivers → schools.

``link_levels(schools, caregivers, students)`` joins each student to its caregiver and its
school and returns the linked student frame with the model features of all three levels
(evidence.dropout.features), beside an :class:`~evidence.dropout.integrity.IntegrityReport`
that counts and lists every problem found. Nothing is dropped silently; the handling is
stated here once:

- a key that occurs more than once in its level (school, caregiver or student) is ambiguous:
  every row carrying it is left out of the join and listed (students then read as having a
  missing school or caregiver, and are counted there too);
- a student whose school or caregiver is missing (empty key, or no such row) is kept, with
  that level's features empty (``school_linked`` / ``caregiver_linked`` say so); the
  interpretable model's complete-case rule then leaves the student out and counts it, the
  predictive model uses what is there;
- a student whose caregiver is recorded at another school is kept with both links, and listed;
- a student lost to follow-up (empty dropout) is kept with an empty label and counted;
- a dropout label that is not true/false or 0/1 raises ContractError naming the values.

Personal names (``student_name``, ``caregiver_name``) never enter the linked frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from evidence.dropout.features import LABEL, NUMERIC_FEATURES, derive_features
from evidence.dropout.integrity import IntegrityReport
from evidence.errors import ContractError

SCHOOL_KEY = "school_id"
CAREGIVER_KEY = "caregiver_id"
STUDENT_KEY = "student_id"
_NAMES = ("student_name", "caregiver_name")
_SCHOOL_COLUMNS = (
    "zone",
    "sector",
    "enrolment",
    "migrant_enrolment",
    "capacity",
    "psychosocial_support",
    "remedial_classes",
    "rating_inclusion_climate",
    "rating_enrolment_process",
    "rating_teacher_training",
    "rating_family_engagement",
    "rating_resources",
    "rating_xenophobia_response",
)
_CAREGIVER_COLUMNS = (
    "school_id",
    "relationship",
    "sex",
    "age",
    "migrant",
    "migration_status",
    "years_in_country",
    "education",
    "household_size",
    "monthly_income",
    "works",
    "informal_work",
    "receives_assistance",
    "intends_to_move",
)
_STUDENT_COLUMNS = (
    "student_id",
    "school_id",
    "caregiver_id",
    "sex",
    "age",
    "grade",
    "migrant",
    "attendance_rate",
    "repeated_grade",
    "child_work",
    "xenophobia_experienced",
    "bullying",
    "dropout_followup",
)
_TRUE = {"true", "1", "1.0", "yes"}
_FALSE = {"false", "0", "0.0", "no"}


@dataclass(frozen=True)
class LinkedStudents:
    """The linked student frame (one row per student kept) and its integrity report.

    ``frame`` holds the student columns, the caregiver's (prefixed ``caregiver_``) and the
    school's (``school_``), ``school_linked`` and ``caregiver_linked``, and the derived
    model features (evidence.dropout.features), without personal names; ``integrity`` is the
    :class:`IntegrityReport`.

    Examples
    --------
    >>> from evidence.dropout import LinkedStudents, link_levels
    >>> from evidence.synth import synthesize_country
    >>> data = synthesize_country("COL", "2023-12", seed=1, scale=0.1,
    ...                           datasets=("schools", "caregivers", "students"))
    >>> linked = link_levels(data["schools"], data["caregivers"], data["students"])
    >>> isinstance(linked, LinkedStudents), len(linked.frame) == len(data["students"])
    (True, True)
    >>> {"dropout", "caregiver_sex", "school_zone"} <= set(linked.to_frame().columns)
    True
    >>> linked.summary().splitlines()[0].endswith("linked students")
    True
    """

    frame: pd.DataFrame
    integrity: IntegrityReport

    def to_frame(self) -> pd.DataFrame:
        return self.frame.copy()

    def __repr__(self) -> str:
        # The summary, not every id or array: a notebook prints this when HTML is off.
        return self.summary()

    def summary(self) -> str:
        return f"{len(self.frame)} linked students\n{self.integrity.summary()}"

    def _repr_html_(self) -> str:
        return f"<p>{len(self.frame)} linked students</p>" + self.integrity._repr_html_()


def _require(frame: pd.DataFrame, level: str, columns: tuple[str, ...]) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ContractError(
            f"{level} lacks column(s) {missing} (data_contracts/{level}.yaml); "
            "load the curated table or synthesize it with evidence.synth"
        )


def _ids(values: pd.Series | pd.Index) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(str(v) for v in values if pd.notna(v))))


def _member(values: pd.Series, pool: pd.Series | pd.Index) -> np.ndarray:
    """``values.isin(pool)`` as a boolean array, fast for Arrow-backed strings too."""
    keys = pd.Index(pd.unique(np.asarray(pool.dropna(), dtype=object)))
    return np.asarray(keys.get_indexer(np.asarray(values, dtype=object)) >= 0)


def _duplicated(frame: pd.DataFrame, key: str) -> pd.Series:
    keys = frame[key]
    return keys.notna() & keys.duplicated(keep=False)


def dropout_label(values: pd.Series) -> pd.Series:
    """The dropout label as a nullable boolean; ContractError if any value is not 0/1."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return values.astype("boolean")
    text = values.astype("string").str.strip().str.lower()
    bad = text.notna() & ~text.isin(_TRUE | _FALSE)
    if bad.any():
        shown = sorted(set(values[bad].astype(str)))[:10]
        raise ContractError(
            f"dropout_followup holds {int(bad.sum())} value(s) that are not true/false or 0/1 "
            f"(e.g. {shown}); recode them, or leave the label empty for students lost to "
            "follow-up"
        )
    return text.isin(_TRUE).astype("boolean").where(text.notna(), pd.NA)


def link_levels(
    schools: pd.DataFrame, caregivers: pd.DataFrame, students: pd.DataFrame
) -> LinkedStudents:
    """Link students to caregivers and schools; features of all three levels; integrity.

    The first step of the dropout models: one row per student with what its caregiver and
    its school say, and the problems of the linkage counted and listed instead of dropped
    silently (the handling of each is stated in the module docstring).

    Parameters
    ----------
    schools, caregivers, students : pandas.DataFrame
        The three levels of the school survey (data_contracts/schools.yaml,
        caregivers.yaml, students.yaml). Not modified.

    Returns
    -------
    LinkedStudents
        The linked frame (``frame``) and the :class:`IntegrityReport` (``integrity``).

    Raises
    ------
    ContractError
        A level lacks a contract column, or ``dropout_followup`` holds a value that is not
        true/false or 0/1.

    Examples
    --------
    >>> from evidence.dropout import link_levels
    >>> from evidence.synth import synthesize_country
    >>> data = synthesize_country("COL", "2023-12", seed=1, scale=0.1,
    ...                           datasets=("schools", "caregivers", "students"))
    >>> linked = link_levels(data["schools"], data["caregivers"], data["students"])
    >>> linked.integrity.n_linked == linked.integrity.n_students, linked.integrity.clean
    (True, True)
    >>> "student_name" in linked.frame.columns
    False
    >>> try:
    ...     link_levels(data["schools"], data["caregivers"], data["students"].drop(columns="sex"))
    ... except Exception as error:
    ...     print(type(error).__name__)
    ContractError
    """
    _require(schools, "schools", (SCHOOL_KEY, *_SCHOOL_COLUMNS))
    _require(caregivers, "caregivers", (CAREGIVER_KEY, *_CAREGIVER_COLUMNS))
    _require(students, "students", _STUDENT_COLUMNS)
    label = dropout_label(students["dropout_followup"])

    school_dup = _duplicated(schools, SCHOOL_KEY)
    caregiver_dup = _duplicated(caregivers, CAREGIVER_KEY)
    student_dup = _duplicated(students, STUDENT_KEY)
    school_rows = schools.loc[~school_dup & schools[SCHOOL_KEY].notna()]
    caregiver_rows = caregivers.loc[~caregiver_dup & caregivers[CAREGIVER_KEY].notna()]
    kept = students.loc[~student_dup, list(_STUDENT_COLUMNS)].assign(
        dropout_followup=label[~student_dup]
    )

    school_table = school_rows.set_index(SCHOOL_KEY)[list(_SCHOOL_COLUMNS)].add_prefix("school_")
    caregiver_table = caregiver_rows.set_index(CAREGIVER_KEY)[list(_CAREGIVER_COLUMNS)]
    caregiver_table = caregiver_table.add_prefix("caregiver_")
    linked = kept.join(caregiver_table, on=CAREGIVER_KEY).join(school_table, on=SCHOOL_KEY)
    linked["school_linked"] = _member(kept[SCHOOL_KEY], school_table.index)
    linked["caregiver_linked"] = _member(kept[CAREGIVER_KEY], caregiver_table.index)
    other_school = (
        linked["caregiver_linked"]
        & linked[SCHOOL_KEY].notna()
        & (linked["caregiver_school_id"].astype("string") != linked[SCHOOL_KEY].astype("string"))
    ).fillna(False)
    linked = linked.drop(columns=[c for c in _NAMES if c in linked.columns]).reset_index(drop=True)
    features = derive_features(linked)

    labelled = features[features[LABEL].notna() & features[SCHOOL_KEY].notna()]
    per_school = labelled.groupby(SCHOOL_KEY)[LABEL].agg(["size", "sum"])
    students_per_school = features.groupby(SCHOOL_KEY).size()
    missing_for_school = _features_missing_for_school(features)
    integrity = IntegrityReport(
        n_schools=len(schools),
        n_caregivers=len(caregivers),
        n_students=len(students),
        n_linked=len(features),
        duplicate_school_ids=_ids(schools.loc[school_dup, SCHOOL_KEY]),
        duplicate_caregiver_ids=_ids(caregivers.loc[caregiver_dup, CAREGIVER_KEY]),
        duplicate_student_ids=_ids(students.loc[student_dup, STUDENT_KEY]),
        students_school_missing=_ids(features.loc[~features["school_linked"], STUDENT_KEY]),
        students_caregiver_missing=_ids(features.loc[~features["caregiver_linked"], STUDENT_KEY]),
        students_caregiver_other_school=_ids(features.loc[other_school.to_numpy(), STUDENT_KEY]),
        students_without_label=_ids(features.loc[features[LABEL].isna(), STUDENT_KEY]),
        caregivers_school_missing=_ids(
            caregiver_rows.loc[
                ~_member(caregiver_rows[SCHOOL_KEY], school_table.index), CAREGIVER_KEY
            ]
        ),
        caregivers_without_students=_ids(
            caregiver_rows.loc[
                ~_member(caregiver_rows[CAREGIVER_KEY], kept[CAREGIVER_KEY]), CAREGIVER_KEY
            ]
        ),
        schools_without_students=_ids(
            school_rows.loc[~_member(school_rows[SCHOOL_KEY], kept[SCHOOL_KEY]), SCHOOL_KEY]
        ),
        schools_with_one_student=_ids(students_per_school.index[students_per_school == 1]),
        schools_without_dropouts=_ids(per_school.index[per_school["sum"] == 0]),
        schools_all_dropouts=_ids(per_school.index[per_school["sum"] == per_school["size"]]),
        features_missing_for_school=missing_for_school,
    )
    return LinkedStudents(frame=features, integrity=integrity)


def _features_missing_for_school(features: pd.DataFrame) -> tuple[tuple[str, str], ...]:
    """(school, feature) where a feature is empty for every student of the school.

    ``caregiver_years_in_country`` is left out (empty for nationals by design), and so are
    school-level features of a school that is not in the schools table (that student is
    already counted as having a missing school)."""
    checked = [c for c in NUMERIC_FEATURES if c != "caregiver_years_in_country"]
    rows = features.loc[features[SCHOOL_KEY].notna()]
    all_missing = rows[checked].isna().groupby(rows[SCHOOL_KEY]).all()
    linked_school = rows.groupby(SCHOOL_KEY)["school_linked"].any()
    pairs = []
    for i, j in np.argwhere(all_missing.to_numpy()):
        school, feature = str(all_missing.index[i]), checked[j]
        if feature.startswith("school_") and not linked_school.iloc[i]:
            continue
        pairs.append((school, feature))
    return tuple(sorted(pairs))
