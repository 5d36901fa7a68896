"""Early-warning lists: threshold, reasons, pseudonymous ids, restricted destination only.

Canary: a planted student (pseudonym CANARY...) at the top of the risk ranking appears in the
restricted list, and in no results table, frame or summary that the dropout models publish.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from evidence import paths
from evidence.dropout import (
    DropoutRiskModel,
    assess_feasibility,
    cross_validate_risk,
    early_warning_lists,
    evaluate,
    explain_risk_model,
    fit_dropout_logit,
    training_data,
    write_early_warning_lists,
)
from evidence.dropout.early_warning import factor_label
from evidence.errors import DisclosureError, OptionError
from evidence.ingest.pseudonym import pseudonymise_values

CANARY = "canary0000000000000000000000000f"
KEY = b"test-key"


@pytest.fixture(scope="module")
def setting(linked):  # type: ignore[no-untyped-def]
    frame = linked("PER", 5, 0.3).frame.copy()
    frame["student_id"] = pseudonymise_values(frame["student_id"], KEY)
    labelled = frame[frame["dropout"].notna()].reset_index(drop=True)
    # The canary: a student with every planted risk factor.
    canary = labelled.index[0]
    labelled.loc[canary, "student_id"] = CANARY
    labelled.loc[canary, ["attendance_rate", "attendance_per_10_points"]] = [0.4, 4.0]
    labelled.loc[canary, ["child_work", "xenophobia", "caregiver_irregular"]] = 1.0
    labelled.loc[canary, "overage_years"] = 4.0
    logit = fit_dropout_logit(labelled)
    x, y, groups = training_data(labelled)
    model = DropoutRiskModel(max_iter=30, random_state=0).fit(x, y, groups=groups)
    return labelled, logit, model, model.risk(x)


def test_lists_hold_students_at_or_above_the_threshold_with_reasons(setting) -> None:  # type: ignore[no-untyped-def]
    labelled, logit, _, risk = setting
    threshold = float(np.quantile(risk, 0.9))
    lists = early_warning_lists(labelled, risk, threshold=threshold, logit=logit)
    frame = lists.to_frame()
    assert len(frame) == int((risk >= threshold).sum())
    assert (frame["risk"] >= round(threshold, 4) - 1e-4).all()
    assert list(frame.columns[:4]) == ["school_id", "student_id", "risk", "rank_in_school"]
    for _, school in frame.groupby("school_id"):
        assert school["risk"].is_monotonic_decreasing
        assert list(school["rank_in_school"]) == list(range(1, len(school) + 1))
    canary = frame[frame["student_id"] == CANARY].iloc[0]
    factors = set(canary[["factor_1", "factor_2", "factor_3"]])
    assert "attendance 40%" in factors and "works (child work)" in factors
    assert set(frame.columns) <= {"school_id", "student_id", "risk", "rank_in_school",
                                  "factor_1", "factor_2", "factor_3"}  # fmt: skip
    assert pd.Series(labelled["student_id"]).equals(setting[0]["student_id"])  # unchanged


def test_raw_student_codes_are_refused(setting, linked) -> None:  # type: ignore[no-untyped-def]
    _, logit, _, _ = setting
    raw = linked("PER", 5, 0.3).frame
    with pytest.raises(DisclosureError, match="pseudonymous"):
        early_warning_lists(raw, np.full(len(raw), 0.5), threshold=0.3, logit=logit)
    with pytest.raises(OptionError, match="threshold"):
        early_warning_lists(setting[0], setting[3], threshold=1.5, logit=logit)


def test_writer_writes_one_restricted_file_per_school(setting, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    labelled, logit, _, risk = setting
    lists = early_warning_lists(labelled, risk, threshold=0.3, logit=logit)
    written = write_early_warning_lists(lists, country="PER", period="2023-12", root=tmp_path)
    folder = tmp_path / "restricted" / "early_warning" / "2023-12" / "PER"
    assert folder == paths.early_warning_dir("2023-12", "PER", tmp_path)
    assert sorted(written) == sorted(folder / f"{s}.csv" for s in lists.schools)
    school = lists.schools[0]
    back = pd.read_csv(folder / f"{school}.csv")
    assert list(back["student_id"]) == list(lists.for_school(school)["student_id"])
    assert not list(folder.glob("*.tmp"))


def test_writer_refuses_any_destination_under_the_reports_folder(
    setting, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    labelled, logit, _, risk = setting
    lists = early_warning_lists(labelled, risk, threshold=0.3, logit=logit)
    reports = tmp_path / "reports"
    monkeypatch.setattr(paths, "REPORTS_DIR", reports)
    for root in (reports, reports / "2023-12" / "PER", reports / "data"):
        with pytest.raises(DisclosureError, match="reports folder"):
            write_early_warning_lists(lists, country="PER", period="2023-12", root=root)
    monkeypatch.setenv("EVIDENCE_DATA", str(reports / "x"))
    with pytest.raises(DisclosureError, match="reports folder"):
        write_early_warning_lists(lists, country="PER", period="2023-12")
    assert not reports.exists() or not any(reports.rglob("*.csv"))
    # The real reports folder is refused too.
    monkeypatch.undo()
    with pytest.raises(DisclosureError):
        write_early_warning_lists(lists, country="PER", period="2023-12", root=paths.REPORTS_DIR)


def test_writer_refuses_a_school_id_that_cannot_name_a_file_before_making_any_folder(
    setting, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    labelled, logit, _, risk = setting
    lists = early_warning_lists(labelled, risk, threshold=0.3, logit=logit)
    unsafe = replace(lists, frame=lists.frame.assign(school_id="../elsewhere"))
    with pytest.raises(DisclosureError, match="cannot name a file"):
        write_early_warning_lists(unsafe, country="PER", period="2023-12", root=tmp_path)
    assert not (tmp_path / "restricted").exists()


def test_the_canary_is_in_no_published_output(setting) -> None:  # type: ignore[no-untyped-def]
    labelled, logit, _model, risk = setting
    x, y, groups = training_data(labelled)
    cv = cross_validate_risk(DropoutRiskModel(max_iter=10, random_state=0), x, y, groups)
    by = {"group": np.where(x["migrant"] == 1, "migrant", "national")}
    evaluation = evaluate(y, cv.risk, groups=groups, by=by, n_boot=5)
    explanation = explain_risk_model(DropoutRiskModel(max_iter=10, random_state=0), x, y, groups,
                                     n_splits=2, n_repeats=1, pd_sample=200)  # fmt: skip
    outputs = [
        logit.to_results("PER", "2023-12"), logit.to_frame(),
        evaluation.to_results("PER", "2023-12"), evaluation.to_frame(), evaluation.reliability,
        explanation.to_results("PER", "2023-12"), explanation.partial_dependence,
        assess_feasibility(labelled).to_results("PER", "2023-12"),
    ]  # fmt: skip
    texts = [o.to_csv() for o in outputs] + [logit.summary(), evaluation.summary(),
                                              explanation.summary(), cv.summary()]  # fmt: skip
    assert (
        CANARY
        in early_warning_lists(labelled, risk, threshold=0.01, logit=logit)
        .frame["student_id"]
        .to_numpy()
    )
    for text in texts:
        assert CANARY not in text
        assert "student_id" not in text


def test_factor_labels_read_as_words() -> None:
    assert factor_label("school_psychosocial_support", 0.0) == "no psychosocial support at school"
    assert factor_label("attendance_per_10_points", 7.25) == "attendance 72%"
    assert factor_label("overage_years", 2.0) == "over-age by 2 year(s)"
