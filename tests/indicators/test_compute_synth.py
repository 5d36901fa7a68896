"""``compute`` on the embedded synthetic data (evidence.synth, in memory), end to end.

The numbers must equal direct survey-engine calls (tolerance 1e-12), and the relationships
planted in the synthetic data must show: migrants are employed less often than hosts
(evidence.synth.integration, migrant log-odds -1.2), and a regular status raises migrant
employment (+0.8 against irregular). Seeds are parameters; the checks hold for any seed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.indicators import catalogue_from_mapping, compute, load_catalogue
from evidence.synth import synthesize
from tests.indicators.engine_calls import as_float, compare, direct

SCALE = 0.5


@pytest.mark.parametrize("seed", [0, 5])
def test_integration_survey_from_synth(seed: int) -> None:
    frame = synthesize("integration_survey", "PER", "2023-12", seed=seed, scale=SCALE)
    result = compute(load_catalogue(), frame, country="PER", period="2023-12",
                     dataset="integration_survey")  # fmt: skip
    table = result.to_frame()
    employed = frame["employed"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    assert compare(table, "prop_employed", direct(frame, "proportion", as_float(frame["employed"])))
    income = np.where(employed, as_float(frame["monthly_income"]), np.nan)
    assert compare(table, "mean_monthly_income", direct(frame, "mean", income))
    assert compare(table, "median_monthly_income", direct(frame, "median", income))
    items = [(as_float(frame[f"ipl_social_{k}"]) - 1) / 4 for k in (1, 2)]
    assert compare(table, "mean_ipl_social", direct(frame, "mean", (items[0] + items[1]) / 2))

    rows = table[table["indicator"] == "prop_employed"].set_index("level")["estimate"]
    assert rows["migrant"] < rows["host"]
    assert result.mode == "design_based" and (table["ci_method"] != "none").all()
    # Quantiles have no design effect (R's svyquantile gives none either).
    has_deff = ~table["suppressed"] & ~table["indicator"].str.startswith("median_")
    assert (table.loc[has_deff, "deff"] > 0).all()


def test_a_catalogue_declared_in_a_study_recovers_the_planted_status_effect() -> None:
    catalogue = catalogue_from_mapping(
        {
            "version": 1,
            "indicators": [
                {
                    "id": "prop_migrants_employed",
                    "label": {"es": "Migrantes ocupados", "pt": "Migrantes ocupados",
                              "en": "Employed migrants"},
                    "dataset": "integration_survey",
                    "type": "proportion",
                    "variable": "employed",
                    "universe": [{"column": "group", "in": ["migrant"]}],
                    "disaggregations": ["total", "document_status"],
                    "hxl": "#indicator+migrant+employed+pct",
                    "version": 1,
                }
            ],
        }
    )  # fmt: skip
    frame = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=SCALE)
    table = compute(catalogue, frame, country="COL", period="2023-12").to_frame()
    by_status = table.set_index("level")["estimate"]
    assert by_status["regular"] > by_status["irregular"]
    # Hosts are outside the universe: their level of the codelist is a withheld row, never
    # an estimate (a domain with no observations is shown as withheld, not left out).
    withheld = table.set_index("level").loc["not_applicable"]
    assert pd.isna(withheld["estimate"]) and bool(withheld["suppressed"])
    assert "suppressed_no_observations" in str(withheld["flags"]).split()


def test_flow_survey_and_portal_from_synth() -> None:
    catalogue = load_catalogue()
    for dataset, country in (("flow_survey", "ECU"), ("portal_forms", "PER")):
        frame = synthesize(dataset, country, "2023-12", seed=2, scale=SCALE)
        table = compute(catalogue, frame, country=country, period="2023-12",
                        dataset=dataset).to_frame()  # fmt: skip
        assert all("indicative" in f.split() for f in table["flags"])
        food = frame["needs"].str.split().map(lambda chosen: "food" in chosen, na_action="ignore")
        key = "prop_needs_food" if dataset == "flow_survey" else "prop_portal_needs_food"
        total = table[table["analysis_key"] == f"{key} @/@ total %/% total"]
        assert total["estimate"].item() == pytest.approx(food.astype(float).mean(), abs=1e-12)
        assert total["n"].item() == food.notna().sum()
        assert table["analysis_key"].is_unique
        assert isinstance(table, pd.DataFrame) and len(table) > 100
