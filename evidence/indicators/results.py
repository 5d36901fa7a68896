"""``ResultsTable``: what ``compute`` returns, one frozen object around the long results table.

``to_frame()`` is the single source of truth: the columns of data_contracts/results.yaml, then
the survey engine's ``df``, ``n_effective`` and ``cv``, then disclosure control's columns
(``suppressed``, ``suppression_reason``, ``flag_*``). ``labelled(language)`` adds the
indicator labels in es, pt or en for a study.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Literal

import pandas as pd

from evidence.countries import LANGUAGES
from evidence.indicators.catalogue import Labels
from evidence.indicators.plan import EstimationPlan
from evidence.options import check_option

Mode = Literal["design_based", "indicative"]


@dataclass(frozen=True, eq=False)
class ResultsTable:
    """Indicators of one dataset for one country and period, after disclosure control.

    Returned by :func:`evidence.compute`. ``to_frame()`` is the long results table (the
    results contract, data_contracts/results.yaml, plus disclosure's columns);
    ``labelled(language)`` adds the indicator labels; ``summary()`` and ``_repr_html_`` say
    how many estimates were published and suppressed.

    Attributes
    ----------
    table : pandas.DataFrame
        The results rows.
    dataset, country, period : str
        What was estimated.
    mode : {"design_based", "indicative"}
        Design-based estimates with intervals, or indicative ones (non-probability sample).
    caveat : str or None
        The contract's caveat for indicative results.
    plan : EstimationPlan
        How the indicators were batched into estimator calls.
    skipped : tuple of (str, str)
        Indicators not estimated and why.

    Examples
    --------
    >>> import evidence as ev
    >>> from evidence.synth import synthesize
    >>> data = synthesize("flow_survey", "COL", "2023-12", seed=1, scale=0.05)
    >>> results = ev.compute(ev.load_catalogue(), data, country="COL", period="2023-12",
    ...                      dataset="flow_survey", indicators=["prop_sex_female"])
    >>> results.mode, results.to_frame()["flags"].iloc[0]
    ('indicative', 'indicative')
    >>> results.summary().splitlines()[0]
    'flow_survey COL 2023-12 (indicative): 1 indicators, 6 estimates, 5 published, 1 suppressed'
    """

    table: pd.DataFrame
    dataset: str
    country: str
    period: str
    mode: Mode
    caveat: str | None
    catalogue_version: int
    plan: EstimationPlan
    labels: tuple[tuple[str, Labels], ...] = ()
    skipped: tuple[tuple[str, str], ...] = ()  # (indicator, why it was not estimated)

    def to_frame(self) -> pd.DataFrame:
        return self.table.copy()

    def labelled(self, language: str) -> pd.DataFrame:
        """The table with a ``label`` column in ``language`` (es, pt or en) after ``indicator``."""
        check_option("language", language, LANGUAGES)
        names = {indicator: labels.get(language) for indicator, labels in self.labels}
        frame = self.to_frame()
        frame.insert(1, "label", frame["indicator"].map(names).astype("string"))
        return frame

    def summary(self) -> str:
        t = self.table
        published = int((~t["suppressed"]).sum()) if "suppressed" in t else len(t)
        lines = [
            f"{self.dataset} {self.country} {self.period} ({self.mode.replace('_', '-')}): "
            f"{t['indicator'].nunique()} indicators, {len(t)} estimates, "
            f"{published} published, {len(t) - published} suppressed",
            self.plan.summary().splitlines()[0],
        ]
        if self.caveat:
            lines.append(f"Caveat: {self.caveat}")
        lines += [f"Not estimated: {indicator} ({why})" for indicator, why in self.skipped]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"ResultsTable({self.dataset}, {self.country}, {self.period}, {len(self.table)} rows)"
        )

    def _repr_html_(self) -> str:
        head, *rest = self.summary().splitlines()
        notes = "".join(f"<br><em>{escape(line)}</em>" for line in rest)
        shown = self.table.drop(columns=["analysis_key"], errors="ignore")
        body = shown.to_html(index=False, na_rep="", float_format=lambda v: f"{v:.4g}")
        return f"<p><strong>{escape(head)}</strong>{notes}</p>{body}"
