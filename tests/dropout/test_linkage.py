"""Three-level linkage on hand-made tables (tests/dropout/tables.py says what each row is)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from evidence.dropout import link_levels
from evidence.dropout.integrity import HANDLING
from evidence.errors import ContractError
from tests.dropout import tables


def test_integrity_report_counts_and_lists_every_problem() -> None:
    report = link_levels(tables.schools(), tables.caregivers(), tables.students()).integrity
    assert (report.n_schools, report.n_caregivers, report.n_students) == (5, 7, 11)
    assert report.n_linked == 9  # the two rows of the duplicated student are left out
    assert report.duplicate_school_ids == ("PER-E0004",)
    assert report.duplicate_caregiver_ids == ("PER-C000005",)
    assert report.duplicate_student_ids == ("PER-A0000009",)
    # A0000008's school and caregiver were both duplicated: both read as missing.
    assert report.students_school_missing == ("PER-A0000007", "PER-A0000008", "PER-A0000010")
    assert report.students_caregiver_missing == ("PER-A0000006", "PER-A0000008")
    assert report.students_caregiver_other_school == (
        "PER-A0000005",  # caregiver recorded at E0002, student at E0001
        "PER-A0000007",  # caregiver C000002 at E0002, student at E0099
        "PER-A0000010",  # caregiver C000001 at E0001, student at E0005
    )
    assert report.students_without_label == ("PER-A0000004",)
    assert report.caregivers_school_missing == ("PER-C000006",)
    assert report.caregivers_without_students == ("PER-C000006",)
    assert report.schools_without_students == ("PER-E0003",)
    assert report.schools_with_one_student == ("PER-E0004", "PER-E0005", "PER-E0099")
    assert report.schools_all_dropouts == ("PER-E0099",)
    assert report.schools_without_dropouts == ("PER-E0002", "PER-E0004", "PER-E0005")
    assert not report.clean
    frame = report.to_frame()
    assert list(frame["check"]) == list(HANDLING)
    assert frame.set_index("check").loc["students_school_missing", "count"] == 3
    listing = report.listing()
    assert len(listing) == sum(report.counts().values())
    assert "students_school_missing: 3" in report.summary()
    assert "<table>" in report._repr_html_()


def test_kept_students_carry_features_of_all_three_levels() -> None:
    frame = link_levels(tables.schools(), tables.caregivers(), tables.students()).frame
    row = frame.set_index("student_id").loc["PER-A0000001"]
    assert row["dropout"] == 1.0 and row["overage_years"] == 2.0  # 10 - 3 - 5
    assert row["attendance_per_10_points"] == pytest.approx(7.0)
    assert row["caregiver_irregular"] == 1.0 and row["caregiver_intends_to_leave"] == 0.0
    assert row["school_psychosocial_support"] == 1.0
    assert row["school_migrant_share"] == pytest.approx(0.1)
    assert row["school_occupancy"] == pytest.approx(0.8)
    assert row["xenophobia"] == 1.0 and row["bullying"] == 1.0 and row["female"] == 1.0
    # prefer_not_to_say is not a reported experience; a lost label stays empty.
    lost = frame.set_index("student_id").loc["PER-A0000004"]
    assert lost["xenophobia"] == 0.0 and np.isnan(lost["dropout"])
    # Missing levels stay visible as missing, never as "no".
    orphan = frame.set_index("student_id").loc["PER-A0000007"]
    assert not orphan["school_linked"] and np.isnan(orphan["school_psychosocial_support"])
    no_carer = frame.set_index("student_id").loc["PER-A0000006"]
    assert not no_carer["caregiver_linked"] and np.isnan(no_carer["caregiver_irregular"])
    assert "student_name" not in frame.columns and "caregiver_name" not in frame.columns


def test_inputs_are_not_changed() -> None:
    inputs = (tables.schools(), tables.caregivers(), tables.students())
    before = [t.copy() for t in inputs]
    link_levels(*inputs)
    for after, original in zip(inputs, before, strict=True):
        pd.testing.assert_frame_equal(after, original)


def test_a_clean_survey_has_a_clean_report(linked) -> None:  # type: ignore[no-untyped-def]
    result = linked("PER", 1, 0.3)
    assert result.integrity.clean
    assert result.integrity.n_linked == result.integrity.n_students


@pytest.mark.parametrize("bad", ["2", "maybe", "-1"])
def test_labels_that_are_not_0_or_1_are_named(bad: str) -> None:
    students = tables.students()
    students["dropout_followup"] = students["dropout_followup"].astype(object)
    students.loc[3, "dropout_followup"] = bad
    with pytest.raises(ContractError, match="not true/false or 0/1"):
        link_levels(tables.schools(), tables.caregivers(), students)


def test_labels_as_0_1_text_are_read() -> None:
    students = tables.students()
    students["dropout_followup"] = ["1", "0", "0", None, "0", "0", "1", "0", "0", "0", "0"]
    frame = link_levels(tables.schools(), tables.caregivers(), students).frame
    assert frame["dropout"].sum() == 2 and frame["dropout"].isna().sum() == 1


def test_a_feature_missing_for_a_whole_school_is_listed() -> None:
    students = tables.students()
    students.loc[students["school_id"] == "PER-E0002", "attendance_rate"] = np.nan
    report = link_levels(tables.schools(), tables.caregivers(), students).integrity
    assert ("PER-E0002", "attendance_rate") in report.features_missing_for_school


def test_missing_columns_are_named() -> None:
    with pytest.raises(ContractError, match="attendance_rate"):
        link_levels(
            tables.schools(), tables.caregivers(), tables.students().drop(columns="attendance_rate")
        )


@settings(max_examples=40, deadline=None)
@given(
    drop_schools=st.sets(st.integers(0, 4)),
    drop_caregivers=st.sets(st.integers(0, 6)),
    drop_students=st.sets(st.integers(0, 10)),
)
def test_every_student_is_linked_or_listed(
    drop_schools: set[int], drop_caregivers: set[int], drop_students: set[int]
) -> None:
    schools = tables.schools().drop(index=list(drop_schools))
    caregivers = tables.caregivers().drop(index=list(drop_caregivers))
    students = tables.students().drop(index=list(drop_students))
    result = link_levels(schools, caregivers, students)
    report, frame = result.integrity, result.frame
    duplicated_rows = students["student_id"].duplicated(keep=False).sum()
    assert report.n_linked == len(students) - duplicated_rows == len(frame)
    known_schools = set(schools["school_id"]) - set(report.duplicate_school_ids)
    missing = {s for s, sc in zip(frame["student_id"], frame["school_id"], strict=True)
               if sc not in known_schools}  # fmt: skip
    assert set(report.students_school_missing) == missing
    known_carers = set(caregivers["caregiver_id"]) - set(report.duplicate_caregiver_ids)
    assert set(report.students_caregiver_missing) == set(
        frame.loc[~frame["caregiver_id"].isin(known_carers), "student_id"]
    )
    assert report.n_linked == int(frame["school_linked"].sum()) + len(missing)


def test_the_text_repr_is_the_summary_not_every_id() -> None:
    """A notebook without HTML prints the repr: counts, not the frame or hundreds of ids."""
    linked = link_levels(tables.schools(), tables.caregivers(), tables.students())
    assert repr(linked) == linked.summary()
    assert repr(linked.integrity) == linked.integrity.summary()
    assert "PER-A0000009" not in repr(linked)
