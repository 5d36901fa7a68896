"""Whether a country's linked students hold enough dropouts to fit the dropout models.

A model is fitted only when the labelled students include at least ``MIN_DROPOUTS`` dropouts
and as many who stayed, in at least ``MIN_SCHOOLS`` schools. 100 events is ten per parameter
of the interpretable model's default covariates (ten plus the intercept, the usual
events-per-variable rule); ten schools is the least for school-clustered standard errors and
for five school-grouped folds with two schools each. Below that the study says "too few
dropouts to fit" (``Feasibility.message``) instead of printing an unstable model, and the
fitting functions raise EstimationError with the same message.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

import pandas as pd

from evidence.dropout.features import LABEL
from evidence.dropout.results import ResultRow, results_frame
from evidence.errors import EstimationError

MIN_DROPOUTS = 100
MIN_SCHOOLS = 10


@dataclass(frozen=True)
class Feasibility:
    """Counts behind the decision to fit, and the decision."""

    n_labelled: int
    n_dropouts: int
    n_stayed: int
    n_schools: int

    @property
    def ok(self) -> bool:
        return (
            self.n_dropouts >= MIN_DROPOUTS
            and self.n_stayed >= MIN_DROPOUTS
            and self.n_schools >= MIN_SCHOOLS
        )

    @property
    def message(self) -> str:
        if self.ok:
            return (
                f"{self.n_dropouts} dropouts among {self.n_labelled} students in "
                f"{self.n_schools} schools: enough to fit the dropout models"
            )
        return (
            f"too few dropouts to fit: {self.n_dropouts} dropouts and {self.n_stayed} who "
            f"stayed in {self.n_schools} schools; the models need at least {MIN_DROPOUTS} of "
            f"each in at least {MIN_SCHOOLS} schools"
        )

    def require(self) -> None:
        """Raise EstimationError (with ``message``) unless the models can be fitted."""
        if not self.ok:
            raise EstimationError(self.message)

    def to_frame(self) -> pd.DataFrame:
        return pd.DataFrame([{**self.__dict__, "ok": self.ok, "message": self.message}])

    def summary(self) -> str:
        return self.message

    def _repr_html_(self) -> str:
        return f"<p>{html.escape(self.message)}</p>"

    def to_results(self, country: str, period: str) -> pd.DataFrame:
        """Counts the study can publish beside the decision (labelled students, dropouts)."""
        rows = [
            ResultRow("dropout_model_students", float(self.n_labelled), "count", self.n_labelled),
            ResultRow("dropout_model_dropouts", float(self.n_dropouts), "count", self.n_labelled),
        ]
        return results_frame(rows, country, period)


def assess_feasibility(linked: pd.DataFrame, *, group: str = "school_id") -> Feasibility:
    """Count labelled students, dropouts and schools in a linked frame (``link_levels``)."""
    labelled = linked.loc[linked[LABEL].notna() & linked[group].notna()]
    dropouts = int((labelled[LABEL] == 1).sum())
    return Feasibility(
        n_labelled=len(labelled),
        n_dropouts=dropouts,
        n_stayed=len(labelled) - dropouts,
        n_schools=int(labelled[group].nunique()),
    )
