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
    """Counts behind the decision to fit, and the decision.

    ``ok`` is True with at least ``MIN_DROPOUTS`` dropouts and as many who stayed, in at
    least ``MIN_SCHOOLS`` schools; ``message`` says so in words (what a study prints instead
    of an unstable model); ``require()`` raises EstimationError with that message;
    ``to_results`` gives the two counts a study may publish.

    Examples
    --------
    >>> from evidence.dropout import Feasibility
    >>> few = Feasibility(n_labelled=300, n_dropouts=40, n_stayed=260, n_schools=12)
    >>> few.ok, few.message.startswith("too few dropouts to fit")
    (False, True)
    >>> try:
    ...     few.require()
    ... except Exception as error:
    ...     print(type(error).__name__)
    EstimationError
    >>> Feasibility(n_labelled=900, n_dropouts=150, n_stayed=750, n_schools=30).ok
    True
    """

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
    """Count labelled students, dropouts and schools in a linked frame (``link_levels``).

    A student counts when it has a label (not lost to follow-up) and a school.

    Parameters
    ----------
    linked : pandas.DataFrame
        The linked student frame (``link_levels(...).frame``) with the ``dropout`` label.
    group : str, default "school_id"
        Column of the school.

    Returns
    -------
    Feasibility
        The counts and whether the models can be fitted (``ok``, ``message``).

    Examples
    --------
    >>> import pandas as pd
    >>> from evidence.dropout import assess_feasibility
    >>> linked = pd.DataFrame({"school_id": ["S1", "S1", "S2", None],
    ...                        "dropout": [1.0, 0.0, None, 1.0]})
    >>> result = assess_feasibility(linked)
    >>> result.n_labelled, result.n_dropouts, result.n_schools, result.ok
    (2, 1, 1, False)
    """
    labelled = linked.loc[linked[LABEL].notna() & linked[group].notna()]
    dropouts = int((labelled[LABEL] == 1).sum())
    return Feasibility(
        n_labelled=len(labelled),
        n_dropouts=dropouts,
        n_stayed=len(labelled) - dropouts,
        n_schools=int(labelled[group].nunique()),
    )
