"""SynthReport: what ``write_synthetic`` wrote, where, how big, and what it corrupted."""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd


@dataclass(frozen=True)
class SynthReport:
    """Files written by one run of the generator.

    ``files`` has one row per dataset × country (dataset, country, rows, path, file_format,
    choice_layout, encoding); ``injected`` one row per deliberately corrupted cell (dataset,
    country, row, column, kind, value; row is the 1-based data row of the file); ``surges``
    the planted flow surges (country, site_id, date, multiplier); ``risk_jumps`` the planted
    jumps in reported risks (country, site_id, start, end, kind; evidence.synth.risk_jumps).
    With ``months`` > 1 the files of every period are listed and injected errors are counted
    per dataset × country over the periods.

    ``to_frame()`` joins the files to their injected-error counts; ``summary()`` (also the
    ``repr``) and ``_repr_html_`` show one line per dataset.

    Examples
    --------
    >>> import tempfile
    >>> from evidence.synth import SynthReport, write_synthetic
    >>> report = write_synthetic("2023-12", seed=1, scale=0.02, countries=["ABW"],
    ...                          root=tempfile.mkdtemp())
    >>> isinstance(report, SynthReport), report.period, report.seed
    (True, '2023-12', 1)
    >>> {"dataset", "country", "rows", "path", "injected_errors"} <= set(report.to_frame())
    True
    >>> report.summary().splitlines()[0].startswith("evidence synth: period 2023-12")
    True
    """

    period: str
    seed: int
    scale: float
    error_rate: float
    root: Path
    seconds: float
    files: pd.DataFrame
    injected: pd.DataFrame
    surges: pd.DataFrame
    risk_jumps: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=["country", "site_id", "start", "end", "kind"])
    )

    def to_frame(self) -> pd.DataFrame:
        """One row per dataset × country with its row count, file and injected errors."""
        errors = self.injected.groupby(["dataset", "country"]).size().rename("injected_errors")
        out = self.files.join(errors, on=["dataset", "country"])
        return out.assign(injected_errors=out["injected_errors"].fillna(0).astype(int))

    def by_dataset(self) -> pd.DataFrame:
        frame = self.to_frame()
        return (
            frame.groupby("dataset", sort=False)
            .agg(
                files=("path", "size"),
                rows=("rows", "sum"),
                injected_errors=("injected_errors", "sum"),
            )
            .reset_index()
        )

    def __repr__(self) -> str:
        # The summary, not every row: a notebook prints this when HTML is off.
        return self.summary()

    def summary(self) -> str:
        table = self.by_dataset()
        width = max(len(name) for name in table["dataset"])
        lines = [
            f"evidence synth: period {self.period}, seed {self.seed}, scale {self.scale:g}, "
            f"error rate {self.error_rate:g}, {self.files['country'].nunique()} countries, "
            f"{self.seconds:.1f} s",
            f"written under {self.root}",
            f"{'dataset':<{width}}  {'files':>5}  {'rows':>12}  {'injected errors':>15}",
        ]
        lines += [
            f"{row.dataset:<{width}}  {row.files:>5}  {row.rows:>12,}  {row.injected_errors:>15,}"
            for row in table.itertuples(index=False)
        ]
        lines.append(
            f"{'total':<{width}}  {table['files'].sum():>5}  {table['rows'].sum():>12,}  "
            f"{table['injected_errors'].sum():>15,}"
        )
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = html.escape(self.summary().splitlines()[0])
        return f"<p>{head}</p>" + self.by_dataset().to_html(index=False)
