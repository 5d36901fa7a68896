"""A small labelled school sample with a planted risk, for the dropout examples and tutorials.

``example_students()`` is what every docstring example of ``evidence.dropout`` starts from, so
each shows its own call and not the same lines that make the data. For real data use
``link_levels`` on the school survey (or ``evidence.synth`` for the embedded default data).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from evidence.options import check_non_negative_int, check_positive_int


def example_students(n_schools: int = 20, per_school: int = 20, seed: int = 0) -> pd.DataFrame:
    """Students of ``n_schools`` schools with two risk factors, a planted risk and a dropout.

    The risk is ``1 / (1 + exp(-(3 - 6 * attendance_rate + child_work)))``: lower attendance
    and child work raise it. ``dropout`` is drawn from it (the labels a model learns).

    Parameters
    ----------
    n_schools : int, default 20
        Number of schools (``S00``, ``S01``, ...).
    per_school : int, default 20
        Students per school.
    seed : int, default 0
        Seed of the draws (``numpy.random.default_rng``).

    Returns
    -------
    pandas.DataFrame
        One row per student: ``school_id``, ``student_id`` (pseudonymous form ``p0000``),
        ``attendance_rate`` (0.5-1), ``attendance_per_10_points``, ``child_work`` (0/1),
        ``risk`` (the planted probability) and ``dropout`` (0/1, float as in linked data).

    Examples
    --------
    >>> from evidence.dropout import example_students
    >>> linked = example_students()
    >>> linked.shape, linked["school_id"].nunique(), int(linked["dropout"].sum())
    ((400, 7), 20, 120)
    """
    check_positive_int("n_schools", n_schools)
    check_positive_int("per_school", per_school)
    check_non_negative_int("seed", seed)
    n = n_schools * per_school
    rng = np.random.default_rng(seed)
    attendance = rng.uniform(0.5, 1.0, n)
    child_work = rng.integers(0, 2, n).astype(float)
    risk = 1 / (1 + np.exp(-(3 - 6 * attendance + child_work)))
    dropout = (rng.random(n) < risk).astype(float)
    return pd.DataFrame(
        {
            "school_id": np.repeat([f"S{i:02d}" for i in range(n_schools)], per_school),
            "student_id": [f"p{i:04d}" for i in range(n)],
            "attendance_rate": attendance,
            "attendance_per_10_points": 10 * attendance,
            "child_work": child_work,
            "risk": risk,
            "dropout": dropout,
        }
    )
