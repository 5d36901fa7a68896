"""Smuggler use in the portal forms: the indicator engine's shares equal the shares among
those who answered in each group, the planted relationships show, older forms say nothing."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.indicators import compute, load_catalogue
from evidence.movement.groups import group_profiles
from evidence.risks import portal_smuggling
from evidence.risks.portal_smuggling import PORTAL_FACTORS
from evidence.synth import synthesize

PERIOD = "2023-12"


@pytest.mark.parametrize("seed", [0, 3])
def test_shares_equal_the_share_of_those_who_answered_in_each_group(seed: int) -> None:
    forms = synthesize("portal_forms", "COL", PERIOD, seed=seed, scale=0.5)
    before = forms.copy()
    result = portal_smuggling(forms, country="COL", period=PERIOD, min_count=1)
    pd.testing.assert_frame_equal(forms, before)
    rows = result.to_results("COL", PERIOD)
    answered = forms[forms["smuggler_used"].isin(["yes", "no"])]
    yes = answered["smuggler_used"] == "yes"
    total = rows[rows["disaggregation"] == "total"].iloc[0]
    assert total["estimate"] == pytest.approx(yes.mean(), abs=1e-12)
    assert total["n"] == len(answered) and total["numerator"] == yes.sum()
    for factor in PORTAL_FACTORS:
        expected = yes.groupby(answered[factor].astype(str)).mean()
        part = rows[rows["disaggregation"] == factor].set_index("level")["estimate"]
        part = part[part.notna()]
        pd.testing.assert_series_equal(
            part.sort_index(), expected.reindex(part.index).sort_index(), check_names=False,
            atol=1e-12,
        )  # fmt: skip
    # The same numbers as the indicator engine asked directly for the same domains.
    engine = compute(
        load_catalogue(), forms, country="COL", period=PERIOD, dataset="portal_forms",
        indicators=["prop_portal_smuggler_used"], disaggregations=[("regularisation",)],
    ).to_frame()  # fmt: skip
    mine = rows[rows["disaggregation"] == "regularisation"].set_index("level")["estimate"]
    theirs = engine.set_index("level")["estimate"]
    pd.testing.assert_series_equal(
        mine.sort_index(), theirs.reindex(mine.index).sort_index(), check_names=False
    )


@pytest.mark.parametrize("seed", [1, 2])
def test_planted_relationships_are_recovered(seed: int) -> None:
    forms = synthesize("portal_forms", "COL", PERIOD, seed=seed, scale=1.0)
    rows = portal_smuggling(forms, country="COL", period=PERIOD).to_results("COL", PERIOD)
    by = rows.set_index(["disaggregation", "level"])["estimate"]
    assert by[("regularisation", "irregular")] > 1.8 * by[("regularisation", "regular")]
    assert by[("travelling_with", "alone")] > 1.2 * by[("travelling_with", "family")]


def test_older_forms_without_the_question_give_no_rows() -> None:
    forms = synthesize("portal_forms", "ABW", PERIOD, seed=1, scale=0.1)
    for older in (forms.drop(columns="smuggler_used"), forms.assign(smuggler_used=None)):
        result = portal_smuggling(older, country="ABW", period=PERIOD)
        assert result.indicators == () and result.to_results("ABW", PERIOD).empty
        profiles = group_profiles(older, source="portal_forms", country="ABW", period=PERIOD)
        assert "prop_portal_smuggler_used" not in set(profiles.to_frame()["indicator"])
    profiles = group_profiles(forms, source="portal_forms", country="ABW", period=PERIOD)
    assert "prop_portal_smuggler_used" in set(profiles.to_frame()["indicator"])


def test_unknown_factor_is_refused() -> None:
    from evidence.errors import ContractError

    forms = synthesize("portal_forms", "ABW", PERIOD, seed=1, scale=0.1)
    with pytest.raises(ContractError, match="transport"):
        portal_smuggling(forms, factors=("transport",))
