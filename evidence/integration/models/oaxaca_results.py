"""Results of an Oaxaca-Blinder decomposition: twofold, threefold and detailed parts with
design-based standard errors and t intervals on the design degrees of freedom."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from evidence.integration.models.rows import code, result_rows, sample_rows
from evidence.integration.models.show import Section, summary_html, summary_text
from evidence.options import check_level, check_option

TWOFOLD = ("gap", "explained", "unexplained", "share_explained")
THREEFOLD = ("gap", "endowments", "coefficients", "interaction")


@dataclass(frozen=True)
class OaxacaResults:
    """A decomposition of ``mean_a - mean_b``; ``to_frame()`` holds every component.

    Returned by :func:`oaxaca`.

    Examples
    --------
    >>> from evidence.synth import synthesize
    >>> from evidence.survey import SurveyDesign
    >>> from evidence.integration import oaxaca
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.05)
    >>> design = SurveyDesign(data, weights="weight", strata="stratum", psu="psu", fpc="fpc")
    >>> result = oaxaca(data, "monthly_income", "group", ["sex", "age"], design=design)
    >>> print(result.summary().splitlines()[0][:62])
    Oaxaca-Blinder decomposition (linear) of monthly_income: host
    """

    outcome: str
    group: str
    groups: tuple[str, str]
    covariates: tuple[str, ...]
    reference: str
    model: str
    normalized: tuple[str, ...]
    components: tuple[str, ...] = field(repr=False)
    estimate: np.ndarray = field(repr=False)
    se: np.ndarray = field(repr=False)
    df: int
    n: tuple[int, int]
    n_weighted: tuple[float, float]
    n_dropped: int
    variance_method: str
    notes: tuple[str, ...]

    def to_frame(self, level: float = 0.95) -> pd.DataFrame:
        """One row per component: part, by (summary, term or variable), term, estimate, se,
        ci_low, ci_high, df."""
        level = check_level(level)
        parts = [name.split("|") for name in self.components]
        from scipy import stats

        half = stats.t.ppf(0.5 + level / 2, self.df) * self.se
        return pd.DataFrame(
            {
                "part": [p[0] for p in parts],
                "by": [p[1] if len(p) > 1 else "summary" for p in parts],
                "term": [p[2] if len(p) > 1 else "" for p in parts],
                "estimate": self.estimate,
                "se": self.se,
                "ci_low": self.estimate - half,
                "ci_high": self.estimate + half,
                "df": self.df,
            }
        )

    def _summary_parts(self, names: tuple[str, ...], level: float) -> pd.DataFrame:
        frame = self.to_frame(level)
        frame = frame[frame["by"] == "summary"].set_index("part")
        return frame.loc[list(names), ["estimate", "se", "ci_low", "ci_high"]]

    def twofold(self, level: float = 0.95) -> pd.DataFrame:
        return self._summary_parts(TWOFOLD, level)

    def threefold(self, level: float = 0.95) -> pd.DataFrame:
        return self._summary_parts(THREEFOLD, level)

    def detailed(
        self,
        by: Literal["term", "variable"] = "variable",
        level: float = 0.95,
        *,
        fold: Literal["twofold", "threefold"] = "twofold",
    ) -> pd.DataFrame:
        """Contribution of each covariate (or dummy term) to the twofold parts (explained,
        unexplained) or the threefold ones (endowments, coefficients, interaction)."""
        check_option("by", by, ("term", "variable"))
        check_option("fold", fold, ("twofold", "threefold"))
        parts = THREEFOLD[1:] if fold == "threefold" else TWOFOLD[1:3]
        frame = self.to_frame(level)
        frame = frame[frame["by"] == by]
        wide = frame.pivot(index="term", columns="part", values=["estimate", "se"])
        columns: dict[str, pd.Series] = {}
        for part in parts:
            columns[part] = wide[("estimate", part)]
            columns[f"{part}_se"] = wide[("se", part)]
        out = pd.DataFrame(columns)
        order = list(dict.fromkeys(frame["term"]))
        return out.loc[order]

    @property
    def gap(self) -> float:
        return float(self.estimate[self.components.index("gap")])

    def to_results(self, country: str, period: str, *, level: float = 0.95) -> pd.DataFrame:
        """Rows of the results contract: the parts, the explained share, the detail and the
        observations of each group (``oaxaca_<outcome>_sample``, by group; unit count)."""
        frame = self.to_frame(level)
        base = code(f"oaxaca_{self.outcome}")
        common = {
            "country": country,
            "period": period,
            "n": sum(self.n),
            "n_weighted": sum(self.n_weighted),
            "df": self.df,
        }
        summary = frame[frame["by"] == "summary"].set_index("part")
        parts = ["gap", "explained", "unexplained", "endowments", "coefficients", "interaction"]
        tables = []
        for indicator, unit, names in (
            (base, "difference", parts),
            (f"{base}_share_explained", "ratio", ["share_explained"]),
        ):
            sub = summary.loc[names]
            tables.append(
                result_rows(
                    indicator=indicator, disaggregation="part" if unit == "difference" else
                    "total", levels=names if unit == "difference" else ["total"],
                    estimate=sub["estimate"].to_numpy(), se=sub["se"].to_numpy(),
                    ci_low=sub["ci_low"].to_numpy(), ci_high=sub["ci_high"].to_numpy(),
                    unit=unit, **common,  # type: ignore[arg-type]
                )
            )  # fmt: skip
        detail = frame[frame["by"] == "variable"]
        for part in ("explained", "unexplained"):
            sub = detail[detail["part"] == part]
            tables.append(
                result_rows(
                    indicator=f"{base}_{part}", disaggregation="covariate",
                    levels=[code(t) for t in sub["term"]], estimate=sub["estimate"].to_numpy(),
                    se=sub["se"].to_numpy(), ci_low=sub["ci_low"].to_numpy(),
                    ci_high=sub["ci_high"].to_numpy(), unit="difference",
                    **common,  # type: ignore[arg-type]
                )
            )  # fmt: skip
        tables.append(
            sample_rows(
                indicator=f"{base}_sample", country=country, period=period,
                disaggregation=code(self.group), levels=[code(g) for g in self.groups],
                counts=self.n, n_weighted=self.n_weighted,
            )
        )  # fmt: skip
        return pd.concat(tables, ignore_index=True)

    def summary(self) -> str:
        a, b = self.groups
        head = (
            f"Oaxaca-Blinder decomposition ({self.model}) of {self.outcome}: "
            f"{a} (n={self.n[0]}) minus {b} (n={self.n[1]}); reference coefficients: "
            f"{self.reference}; normalised: {', '.join(self.normalized) or 'none'}; "
            f"SEs by {self.variance_method}, df {self.df}"
        )
        return summary_text(head, self.notes, self._sections())

    def _sections(self) -> list[Section]:
        return [
            ("Twofold", self.twofold(), True),
            ("Threefold", self.threefold(), True),
            ("Detailed", self.detailed(), True),
        ]

    def __repr__(self) -> str:
        return self.summary()

    def _repr_html_(self) -> str:
        return summary_html(self.summary(), self.notes, self._sections())
