"""The ingest report: one row per raw file with rows in, accepted and quarantined.

The invariant rows_in == accepted + quarantined holds for every file (checked when a result is
made); an unreadable file has rows_in 0 and its error.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Literal

import pandas as pd

FileStatus = Literal["ok", "partial", "failed"]
REPORT_COLUMNS: tuple[str, ...] = (
    "dataset",
    "country",
    "file",
    "rows_in",
    "accepted",
    "quarantined",
    "status",
    "error",
)


@dataclass(frozen=True)
class FileResult:
    """What happened to one raw file. status: ok (all accepted), partial, failed (as a whole).

    One row of the IngestReport. Nothing may disappear: ``rows_in == accepted + quarantined``
    is checked when a result is made.

    Parameters
    ----------
    dataset, country, file : str
    rows_in : int
        Data rows read (ragged lines included); 0 for an unreadable file.
    accepted : int
        Rows written to curated data.
    quarantined : int
        Rows written to quarantine with their reasons.
    status : {"ok", "partial", "failed"}
        ok: all accepted; partial: some quarantined; failed: refused as a whole.
    error : str, optional
        Names the error of a failed file, or carries a note for one that was ingested.

    Raises
    ------
    AssertionError
        ``rows_in`` differs from ``accepted + quarantined``.

    Examples
    --------
    >>> result = FileResult("flow_counts", "COL", "COL.csv", 10, 9, 1, "partial")
    >>> result.status, result.rows_in == result.accepted + result.quarantined
    ('partial', True)
    >>> try:
    ...     FileResult("flow_counts", "COL", "COL.csv", 10, 9, 0, "partial")
    ... except AssertionError:
    ...     print("a row went missing")
    a row went missing
    """

    dataset: str
    country: str
    file: str
    rows_in: int
    accepted: int
    quarantined: int
    status: FileStatus
    error: str = ""

    def __post_init__(self) -> None:
        # Nothing may disappear: every row read is either curated or quarantined.
        if self.rows_in != self.accepted + self.quarantined:
            raise AssertionError(
                f"{self.file}: rows_in {self.rows_in} != accepted {self.accepted} + "
                f"quarantined {self.quarantined}"
            )


@dataclass(frozen=True)
class IngestReport:
    """What ingest_period did to a period's raw files: one FileResult per file.

    ``ok`` is True when no file failed as a whole (quarantined rows alone do not fail a run);
    ``to_frame()`` gives one row per file (REPORT_COLUMNS), ``by_dataset()`` the totals per
    dataset, ``summary()`` a text summary with the error of every failed file.

    Parameters
    ----------
    period : str
        ``YYYY-MM``.
    root : str
        The data root ingested.
    files : tuple of FileResult

    Examples
    --------
    >>> report = IngestReport("2023-12", "data", (
    ...     FileResult("sites", "COL", "sites/COL.csv", 3, 3, 0, "ok"),
    ...     FileResult("flow_counts", "COL", "flow_counts/COL.csv", 10, 9, 1, "partial"),
    ...     FileResult("flow_counts", "PER", "flow_counts/PER.csv", 0, 0, 0, "failed",
    ...                "UnreadableFileError: the file is empty"),
    ... ))
    >>> report.ok, [f.country for f in report.failed]
    (False, ['PER'])
    >>> report.to_frame()["accepted"].tolist()
    [3, 9, 0]
    >>> report.by_dataset()[["dataset", "files", "quarantined", "failed_files"]].values.tolist()
    [['flow_counts', 2, 1, 1], ['sites', 1, 0, 0]]
    """

    period: str
    root: str
    files: tuple[FileResult, ...]

    @property
    def ok(self) -> bool:
        """True when no file failed as a whole (quarantined rows alone do not fail a run)."""
        return all(f.status != "failed" for f in self.files)

    @property
    def failed(self) -> tuple[FileResult, ...]:
        return tuple(f for f in self.files if f.status == "failed")

    def to_frame(self) -> pd.DataFrame:
        frame = pd.DataFrame(
            [[getattr(f, c) for c in REPORT_COLUMNS] for f in self.files],
            columns=list(REPORT_COLUMNS),
        )
        return frame.astype({"rows_in": "int64", "accepted": "int64", "quarantined": "int64"})

    def by_dataset(self) -> pd.DataFrame:
        """Rows in, accepted and quarantined per dataset, with the number of files."""
        frame = self.to_frame()
        grouped = frame.groupby("dataset", sort=True)
        out = grouped[["rows_in", "accepted", "quarantined"]].sum()
        out.insert(0, "files", grouped.size())
        out["failed_files"] = grouped["status"].agg(lambda s: int((s == "failed").sum()))
        return out.reset_index()

    def __repr__(self) -> str:
        # The summary, not every row: a notebook prints this when HTML is off.
        return self.summary()

    def summary(self) -> str:
        if not self.files:
            return f"ingest {self.period}: no raw files under {self.root}/raw/*/{self.period}/"
        frame = self.to_frame()
        totals = frame[["rows_in", "accepted", "quarantined"]].sum()
        head = (
            f"ingest {self.period} ({self.root}): {len(frame)} file(s), "
            f"{totals['rows_in']} rows in, {totals['accepted']} accepted, "
            f"{totals['quarantined']} quarantined, {len(self.failed)} file(s) failed"
        )
        table = frame.drop(columns=["error"]).to_string(index=False)
        lines = [head, table]
        for result in self.files:
            if result.status == "failed":
                lines.append(f"FAILED {result.file}: {result.error}")
            elif result.error:  # a note, e.g. columns left out under unknown_columns="drop"
                lines.append(f"NOTE {result.file}: {result.error}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = html.escape(self.summary().splitlines()[0])
        return f"<p>{head}</p>\n{self.to_frame().to_html(index=False, escape=True)}"
