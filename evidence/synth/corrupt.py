"""Deliberate contract violations, so that the default data exercise ingestion's quarantine.

A share ``error_rate`` of the rows of each leaf dataset (nothing references their rows) gets
one bad cell, drawn from ``CORRUPTIONS``: a value out of range (age 250), a code outside the
codelist, a missing required value, a malformed date or identifier, or a key that names no
row of the referenced dataset (a student whose caregiver does not exist, a count at a site
not in the registry). Registries and the school and caregiver levels are left clean, so no
rejected row orphans another. Every corrupted cell is recorded (dataset, country, 1-based
data row, column, kind, value) so tests can check quarantine counts exactly.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from evidence.synth.seeding import rng_for

Kind = Literal[
    "out_of_range", "unknown_code", "missing_required", "bad_date", "bad_pattern", "orphan_key"
]
# dataset -> (column, kind, bad value); "{iso3}" is replaced by the country code.
BadValue = int | float | str | None
CORRUPTIONS: dict[str, tuple[tuple[str, Kind, BadValue], ...]] = {
    "flow_survey": (
        ("age", "out_of_range", 250),
        ("n_children", "out_of_range", -1),
        ("sex", "unknown_code", "mujer"),
        ("regular_status", "missing_required", None),
        ("interview_date", "bad_date", "2023-02-30"),
        ("site_id", "orphan_key", "{iso3}-S999"),
    ),
    "flow_counts": (
        ("entries", "out_of_range", -5),
        ("date", "bad_date", "2023-13-01"),
        ("site_id", "orphan_key", "{iso3}-S999"),
    ),
    "wifi_sessions": (
        ("connection_type", "unknown_code", "premium"),
        ("device_id", "bad_pattern", "unknown"),
        ("data_mb", "out_of_range", -1.0),
        ("site_id", "missing_required", None),
    ),
    "portal_forms": (
        ("age_group", "unknown_code", "18-24"),
        ("situation", "missing_required", None),
        ("device_id", "bad_pattern", "N/A"),
        ("site_id", "orphan_key", "{iso3}-S999"),
    ),
    "students": (
        ("age", "out_of_range", 250),
        ("attendance_rate", "out_of_range", 1.7),
        ("xenophobia_experienced", "unknown_code", "si"),
        ("sex", "missing_required", None),
        ("caregiver_id", "orphan_key", "{iso3}-C000000"),
    ),
    "integration_survey": (
        ("age", "out_of_range", 250),
        ("ipl_social_1", "out_of_range", 9),
        ("group", "unknown_code", "migrante"),
        ("employed", "missing_required", None),
        ("interview_date", "bad_date", "2023-12-32"),
    ),
}
INJECTED_COLUMNS = ["dataset", "country", "row", "column", "kind", "value"]


def corrupt(
    frame: pd.DataFrame,
    dataset: str,
    country: str,
    error_rate: float,
    seed: int,
    stream: tuple[object, ...],
    protected: np.ndarray | None = None,
    first_row: int = 1,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A copy of ``frame`` with bad cells, and the record of them.

    ``protected`` marks rows never to corrupt (planted surges); ``first_row`` is the file
    row number of the frame's first row (for data written in chunks). Caregiver codes are
    drawn from 1 upwards, so ``C000000`` never exists.
    """
    options = CORRUPTIONS.get(dataset, ())
    n_bad = round(error_rate * len(frame))
    if not options or n_bad == 0:
        return frame, pd.DataFrame(columns=INJECTED_COLUMNS)
    rng = rng_for(seed, "errors", dataset, country, *stream)
    allowed = np.flatnonzero(~protected) if protected is not None else np.arange(len(frame))
    rows = np.sort(rng.choice(allowed, min(n_bad, allowed.size), replace=False))
    which = rng.integers(0, len(options), rows.size)
    out = frame.copy()
    records = []
    for k, (column, kind, value) in enumerate(options):
        hit = rows[which == k]
        if hit.size == 0:
            continue
        if isinstance(value, str):
            value = value.replace("{iso3}", country)
        if out[column].dtype.kind in "iub":
            out[column] = (
                out[column].astype("Int64") if value is None else out[column].astype(object)
            )
        elif (
            (out[column].dtype.kind == "M" and value is not None)
            or str(out[column].dtype) in ("str", "string")
            or isinstance(out[column].dtype, pd.StringDtype)
        ):
            out[column] = out[column].astype(object)
        out.loc[out.index[hit], column] = value
        records.append(
            pd.DataFrame(
                {
                    "dataset": dataset,
                    "country": country,
                    "row": hit + first_row,
                    "column": column,
                    "kind": kind,
                    "value": "" if value is None else str(value),
                }
            )
        )
    injected = pd.concat(records, ignore_index=True).sort_values("row", ignore_index=True)
    return out, injected
