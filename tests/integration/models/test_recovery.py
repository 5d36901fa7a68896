"""Recovery of what the embedded default data plant (evidence.synth.integration):

- employment is logistic with migrant -1.2, +0.8 regular, +0.4 in process, +0.06 per year in
  the country (capped at 10), female -0.9: ``fit_glm`` recovers each within 4 design SEs
  plus 5% (the census-segment effect, sd 0.35, attenuates marginal coefficients by ~2%);
- the share of the migrant-host employment gap explained by regular status and years
  (Yun's logistic decomposition, pooled reference with the group indicator): the planted
  share, computed on the same sample from the planted coefficients, within 4 summed SEs
  plus 0.05;
- IPW of regular status among migrants (trimming rule [0.1, 0.9]): |SMD| < 0.1 for every
  covariate after weighting, and the ATT within 4 SEs plus 0.02 of the planted ATT.

Seeds are parameters (COL and PER, about 6,000 households each at scale 1)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from evidence.integration.models import fit_glm, oaxaca, regularisation_effect
from evidence.survey import SurveyDesign
from evidence.synth import EMPLOYMENT_COEFFICIENTS as B
from evidence.synth import synthesize
from evidence.synth.integration import EDUCATION_EFFECT

SEEDS = [0, 1, 2, 3]
SEGMENT_ATTENUATION = 0.05


def prepared(seed: int, country: str = "COL") -> pd.DataFrame:
    data = synthesize("integration_survey", country, "2023-12", seed=seed, scale=1.0)
    return data.assign(
        female=(data["sex"] == "female").astype(float),
        migrant=(data["group"] == "migrant").astype(float),
        regular=(data["document_status"] == "regular").astype(float),
        in_process=(data["document_status"] == "in_process").astype(float),
        years10=np.minimum(data["years_in_country"].fillna(0), 10),
        age_c=data["age"] - 35,
        age_c2=(data["age"] - 35) ** 2,
    )


def design(data: pd.DataFrame) -> SurveyDesign:
    return SurveyDesign(data, weights="weight", strata="stratum", psu="psu", fpc="fpc")


def planted_eta(data: pd.DataFrame, *, with_migrant: bool = True) -> np.ndarray:
    eta = (
        B["intercept"] + B["female"] * data["female"] + B["age_minus_35"] * data["age_c"]
        + B["age_minus_35_squared"] * data["age_c2"]
        + data["education"].map(EDUCATION_EFFECT).astype(float)
        + B["migrant_x_regular"] * data["regular"] + B["migrant_x_in_process"] * data["in_process"]
        + B["migrant_x_years_capped_10"] * data["years10"]
    )  # fmt: skip
    return np.asarray(eta + (B["migrant"] * data["migrant"] if with_migrant else 0.0))


@pytest.mark.parametrize("seed", SEEDS)
def test_planted_employment_coefficients_are_recovered(seed: int) -> None:
    data = prepared(seed)
    result = fit_glm(
        "employed ~ female + age_c + age_c2 + C(education, Treatment('secondary')) + migrant"
        " + regular + in_process + years10",
        data,
        design(data),
    )
    planted = {"migrant": B["migrant"], "regular": B["migrant_x_regular"],
               "years10": B["migrant_x_years_capped_10"], "female": B["female"]}  # fmt: skip
    for term, value in planted.items():
        tolerance = 4 * result.bse[term] + SEGMENT_ATTENUATION * abs(value)
        assert abs(result.params[term] - value) < tolerance, (term, result.params[term])
    assert result.odds_ratios().loc["regular", "odds_ratio"] > 1


@pytest.mark.parametrize("seed", SEEDS)
def test_share_of_the_gap_explained_by_status_and_years(seed: int) -> None:
    data = prepared(seed)
    covariates = ["female", "age_c", "age_c2", "education", "regular", "in_process", "years10"]
    result = oaxaca(data, "employed", "group", covariates, design=design(data),
                    model="logistic", reference="pooled")  # fmt: skip
    detail = result.detailed()
    status = ["regular", "in_process", "years10"]
    gap = result.gap
    share = detail.loc[status, "explained"].sum() / gap
    tolerance = 4 * detail.loc[status, "explained_se"].sum() / abs(gap) + 0.05
    # The planted share on the same sample: Yun's weights with the planted coefficients.
    w = data["weight"].to_numpy()
    host = (data["group"] == "host").to_numpy()
    eta = planted_eta(data, with_migrant=False)
    explained = (w[host] @ expit(eta[host]) / w[host].sum()
                 - w[~host] @ expit(eta[~host]) / w[~host].sum())  # fmt: skip
    coefficient = {"female": B["female"], "age_c": B["age_minus_35"],
                   "age_c2": B["age_minus_35_squared"], "regular": B["migrant_x_regular"],
                   "in_process": B["migrant_x_in_process"],
                   "years10": B["migrant_x_years_capped_10"]}  # fmt: skip

    def mean(column: pd.Series, member: np.ndarray) -> float:
        return float(w[member] @ column.to_numpy(dtype=float)[member] / w[member].sum())

    terms = {k: (mean(data[k], host) - mean(data[k], ~host)) * b for k, b in coefficient.items()}
    for level, b in EDUCATION_EFFECT.items():
        dummy = (data["education"] == level).astype(float)
        terms[f"education={level}"] = (mean(dummy, host) - mean(dummy, ~host)) * b
    planted_share = explained * sum(terms[k] for k in status) / sum(terms.values()) / gap
    assert abs(share - planted_share) < tolerance, (share, planted_share)
    assert share < 0  # regular status and years narrow the gap: without them it would be wider


@pytest.mark.parametrize("country", ["COL", "PER"])
@pytest.mark.parametrize("seed", SEEDS)
def test_ipw_balances_and_recovers_the_effect_of_regular_status(seed: int, country: str) -> None:
    data = prepared(seed, country)
    covariates = ["years_in_country", "sex", "age"]
    migrants = data["group"] == "migrant"
    result = regularisation_effect(
        data, "employed", "regular", covariates, design(data), "ATT", domain=migrants
    )
    assert (result.balance["smd_after"].abs() < 0.1).all(), result.balance
    assert result.balance.loc[0, "smd_before"] > 0.3  # years confound status and employment
    # Planted ATT: F(eta) - F(eta without regular status; 20% of non-regular are in process).
    treated = (data["group"] == "migrant") & (data["regular"] == 1)
    eta = planted_eta(data)[treated.to_numpy()]
    w = data.loc[treated, "weight"].to_numpy()
    shift = B["migrant_x_regular"]
    counterfactual = 0.8 * expit(eta - shift) + 0.2 * expit(eta - shift + B["migrant_x_in_process"])
    planted = w @ (expit(eta) - counterfactual) / w.sum()
    for _, row in result.effects.iterrows():
        assert abs(row["estimate"] - planted) < 4 * row["se"] + 0.02, (row["method"], planted)
