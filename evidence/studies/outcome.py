"""The outcome of a run: one record per study asked for, and the summary the CLI prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from evidence.studies.manifest import StudyRecord


@dataclass(frozen=True)
class RunReport:
    """What a run did: one record per study asked for (built, skipped or failed).

    Returned by :func:`run_period`; ``summary()`` is what ``evidence run`` prints, and
    ``to_frame()`` has one row per study with its status and the seconds of each stage.

    Parameters
    ----------
    period : str
        Reporting period, ``YYYY-MM``.
    records : tuple of StudyRecord
        One record per study of the run.
    seconds : float
        Wall time of the run.
    reports_dir : pathlib.Path
        The period's reports folder.
    log_file : pathlib.Path, optional
        The run's log.
    engine : str, optional
        Render engine used.
    failed_keys : tuple of str, optional
        Keys of the studies that failed (``ok`` is True when there are none).

    Examples
    --------
    >>> from pathlib import Path
    >>> from evidence.studies import RunReport, StudyRecord
    >>> record = StudyRecord(
    ...     key="COL/movement", study="movement", country="COL", period="2023-12",
    ...     status="failed", parameters={}, inputs={}, notebook="movement.ipynb",
    ...     notebook_hash="ab12", library_version="0.1", library_hash="cd34",
    ...     engine="pandoc+typst", formats=("html",), fingerprint="ef56",
    ...     durations={"total": 3.0}, error="no curated flow_survey")
    >>> report = RunReport(period="2023-12", records=(record,), seconds=3.2,
    ...                    reports_dir=Path("reports/2023-12"), failed_keys=("COL/movement",))
    >>> report.ok
    False
    >>> report.to_frame()[["study", "status", "total_s", "error"]].values.tolist()
    [['COL/movement', 'failed', 3.0, 'no curated flow_survey']]
    >>> "COL/movement: no curated flow_survey" in report.summary()
    True
    """

    period: str
    records: tuple[StudyRecord, ...]
    seconds: float
    reports_dir: Path
    log_file: Path | None = None
    engine: str = ""
    failed_keys: tuple[str, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.failed_keys

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame(
            [
                {
                    "study": r.key,
                    "status": r.status,
                    "kernel_start_s": r.durations.get("kernel_start"),
                    "execution_s": r.durations.get("execution"),
                    "render_s": r.durations.get("render"),
                    "total_s": r.durations.get("total"),
                    "error": r.error or "",
                }
                for r in sorted(self.records, key=lambda r: r.key)
            ],
            columns=[
                "study",
                "status",
                "kernel_start_s",
                "execution_s",
                "render_s",
                "total_s",
                "error",
            ],
        )

    def summary(self) -> str:
        frame = self.to_frame()
        counts = frame["status"].value_counts()
        lines = [
            f"evidence run {self.period}: {len(frame)} studies in {self.seconds:.1f} s "
            f"({self.engine}) - built {counts.get('built', 0)}, skipped (up to date) "
            f"{counts.get('skipped', 0)}, failed {counts.get('failed', 0)}",
        ]
        shown = frame.drop(columns="error")
        lines.append(shown.to_string(index=False, float_format=lambda v: f"{v:.1f}", na_rep=""))
        if self.failed_keys:
            lines.append("failed studies:")
            lines += [f"  {r.key}: {r.error}" for r in self.records if r.status == "failed"]
        lines.append(f"index: {self.reports_dir / 'index.html'}")
        if self.log_file is not None:
            lines.append(f"log: {self.log_file}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        return self.to_frame().to_html(index=False)
