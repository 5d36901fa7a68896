"""Hand-made three-level tables a reader can check line by line (used by the linkage tests).

Schools: E0001 (psychosocial support), E0002, E0003 (no students), E0004 twice (duplicate).
Caregivers: C000001..C000003 at E0001/E0002; C000004 at E0002 but its student is at E0001;
C000005 twice (duplicate); C000006 at a school that does not exist (E0099), no students.
Students:
  A0000001 E0001 C000001 dropout     A0000002 E0001 C000001 stayed
  A0000003 E0002 C000002 stayed      A0000004 E0002 C000003 (lost to follow-up)
  A0000005 E0001 C000004 stayed (caregiver recorded at E0002)
  A0000006 E0001 C000009 stayed (no such caregiver)
  A0000007 E0099 C000002 dropout (no such school)
  A0000008 E0004 C000005 stayed (duplicated school and caregiver)
  A0000009 twice at E0002 (duplicate student id)
  A0000010 E0005 C000001 stayed (no such school; the only student of E0005)
"""

from __future__ import annotations

import pandas as pd

RATINGS = [
    "rating_inclusion_climate",
    "rating_enrolment_process",
    "rating_teacher_training",
    "rating_family_engagement",
    "rating_resources",
    "rating_xenophobia_response",
]


def schools() -> pd.DataFrame:
    ids = ["PER-E0001", "PER-E0002", "PER-E0003", "PER-E0004", "PER-E0004"]
    frame = pd.DataFrame(
        {
            "school_id": ids,
            "admin1": "Lima",
            "zone": ["urban", "rural", "urban", "urban", "urban"],
            "sector": "public",
            "enrolment": [400, 100, 50, 80, 80],
            "migrant_enrolment": [40, 50, 0, 8, 8],
            "capacity": [500, 100, 60, 90, 90],
            "psychosocial_support": [True, False, False, True, False],
            "remedial_classes": [False, True, False, False, False],
        }
    )
    for column in RATINGS:
        frame[column] = pd.array([3, 4, 2, 3, 3], dtype="Int64")
    return frame


def caregivers() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "caregiver_id": [f"PER-C00000{i}" for i in (1, 2, 3, 4, 5, 5, 6)],
            "caregiver_name": "Ana Pérez",
            "school_id": [
                "PER-E0001",
                "PER-E0002",
                "PER-E0002",
                "PER-E0002",
                "PER-E0004",
                "PER-E0004",
                "PER-E0099",
            ],
            "relationship": "mother",
            "sex": "female",
            "age": 35,
            "migrant": [True, False, True, True, False, False, True],
            "migration_status": [
                "irregular",
                "not_applicable",
                "regular",
                "in_process",
                "not_applicable",
                "not_applicable",
                "irregular",
            ],
            "years_in_country": [3.0, None, 5.0, 1.0, None, None, 2.0],
            "education": "secondary",
            "household_size": 4,
            "monthly_income": [300.0, 500.0, None, 250.0, 400.0, 400.0, 100.0],
            "works": [True, True, False, True, True, True, False],
            "informal_work": pd.array([True, False, None, True, False, False, None], "boolean"),
            "receives_assistance": False,
            "intends_to_move": [
                "stay",
                "stay",
                "move_other_country",
                "stay",
                "stay",
                "stay",
                "dont_know",
            ],
        }
    )


def students() -> pd.DataFrame:
    rows = [
        ("A0000001", "E0001", "C000001", 10, 3, True),
        ("A0000002", "E0001", "C000001", 8, 3, False),
        ("A0000003", "E0002", "C000002", 12, 7, False),
        ("A0000004", "E0002", "C000003", 9, 4, None),
        ("A0000005", "E0001", "C000004", 14, 6, False),
        ("A0000006", "E0001", "C000009", 7, 2, False),
        ("A0000007", "E0099", "C000002", 11, 6, True),
        ("A0000008", "E0004", "C000005", 13, 8, False),
        ("A0000009", "E0002", "C000002", 6, 1, False),
        ("A0000009", "E0002", "C000002", 6, 1, False),
        ("A0000010", "E0005", "C000001", 15, 9, False),
    ]
    return pd.DataFrame(
        {
            "student_id": [f"PER-{r[0]}" for r in rows],
            "student_name": "Luis Gómez",
            "school_id": [f"PER-{r[1]}" for r in rows],
            "caregiver_id": [f"PER-{r[2]}" for r in rows],
            "sex": ["female", "male"] * 5 + ["female"],
            "age": [r[3] for r in rows],
            "grade": [r[4] for r in rows],
            "migrant": [True, True, False, True, True, False, True, False, False, False, True],
            "attendance_rate": [0.7, 0.95, 0.9, 0.85, 0.8, 0.99, 0.6, 0.9, 0.93, 0.93, 0.75],
            "repeated_grade": [True] + [False] * 10,
            "child_work": [
                True,
                False,
                False,
                False,
                True,
                False,
                True,
                False,
                False,
                False,
                False,
            ],
            "xenophobia_experienced": [
                "yes",
                "no",
                "no",
                "prefer_not_to_say",
                "yes",
                "no",
                "yes",
                "no",
                "no",
                "no",
                "no",
            ],
            "bullying": ["yes"] + ["no"] * 10,
            "dropout_followup": pd.array([r[5] for r in rows], dtype="boolean"),
        }
    )
