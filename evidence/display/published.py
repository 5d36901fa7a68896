"""What a study has published: every results row it shows, gathered as the notebook runs.

A study shows numbers only from published results (``evidence.indicators.publish``: the
results contract, disclosure applied last). ``Study.results`` adds each result's rows here;
the last cell of a notebook shows :class:`ResultsOutput`, which carries the whole table in a
display output of its own type (``application/vnd.evidence.results+json``). The study runner
writes it beside the study as ``<study>.results.csv`` with the HXL row (what HDX users
download), lists it in the manifest and links it from the index; the reader sees a link.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from evidence.errors import ContractError

RESULTS_MIME = "application/vnd.evidence.results+json"


@dataclass
class PublishedResults:
    """The results rows a study has shown so far, one per country and analysis key."""

    frames: list[pd.DataFrame] = field(default_factory=list)

    def add(self, rows: pd.DataFrame) -> None:
        """Add published rows; the same key twice must carry the same estimate."""
        if "suppressed" not in rows.columns:
            raise ContractError(
                "only published results can be shown: pass the rows through "
                "evidence.indicators.publish (Study.results does) first"
            )
        self.frames.append(rows.copy())
        self.to_frame()  # fails now, at the cell that added a conflicting row

    def to_frame(self) -> pd.DataFrame:
        if not self.frames:
            return pd.DataFrame()
        table = pd.concat(self.frames, ignore_index=True)
        keys = ["country", "period", "analysis_key"]
        estimates = table.groupby(keys, sort=False)["estimate"]
        conflicting = estimates.nunique(dropna=False) > 1
        if conflicting.any():
            key = str(conflicting[conflicting].index[0][-1])
            raise ContractError(
                f"two results published under the key {key!r} disagree; give each indicator "
                "its own code"
            )
        return table.drop_duplicates(keys, keep="first").reset_index(drop=True)


@dataclass(frozen=True)
class ResultsOutput:
    """The study's results table as a notebook output: data for the runner, a link for
    the reader."""

    table: pd.DataFrame = field(repr=False)
    file_name: str
    link_text: str

    def payload(self) -> dict[str, Any]:
        return dict(json.loads(self.table.to_json(orient="split", index=False)))

    def markdown(self) -> str:
        return f"[{self.link_text}]({self.file_name})"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {
            RESULTS_MIME: self.payload(),
            "text/markdown": self.markdown(),
            "text/html": (
                f'<p><a href="{html.escape(self.file_name)}">{html.escape(self.link_text)}</a>'
                f" ({len(self.table)} rows)</p>"
            ),
            "text/plain": f"{self.link_text}: {len(self.table)} rows",
        }


def results_from_payload(payload: dict[str, Any]) -> pd.DataFrame:
    """The results table a ``ResultsOutput`` carried (inverse of ``payload``)."""
    return pd.DataFrame(payload["data"], columns=payload["columns"])
