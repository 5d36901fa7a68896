"""Re-identification risk (fk, Fk, sdcMicro's individual and global risk) and release-check.

Reference values are computed by hand from sdcMicro's definitions (R/indivRisk.R, method
"approx"; R/measure_risk.R: global_risk_ER = sum(r), global_risk = sum(r)/n), tolerance 1e-6:

    records  sex age    w    fk  Fk  p=fk/Fk  r
    1, 2     F   20-29  10,30  2  40  0.05    q - q^2 ln(1/p), q = p/(1-p) = 0.0526316:
                                              0.0526316 - 0.00277008 * 2.9957323 = 0.0443332
    3        M   30-39  50     1  50  0.02    q ln(1/p) = 0.0204082 * 3.9120230 = 0.0798372
    4, 5, 6  M   40-49  20 each 3  60  0.05   p / (fk - (1-p)) = 0.05 / 2.05 = 0.0243902

Expected re-identifications 2*0.0443332 + 0.0798372 + 3*0.0243902 = 0.2416742; global risk
0.2416742 / 6 = 0.0402790 > 3 %: refused. A seventh record (F, age missing, w 40) matches both
F records and itself (a missing key matches any value, as sdcMicro's freqCalc): fk 3, Fk 80,
p 0.0375, r = 0.0375 / 2.0375 = 0.0184049 for records 1, 2 and 7; global risk
(3*0.0184049 + 0.0798372 + 3*0.0243902) / 7 = 0.0297465: released.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from evidence.cli import app
from evidence.disclosure.reidentification import individual_risk, reidentification_risk
from evidence.errors import OptionError

TOLERANCE = 1e-6


def sample() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "sex": ["F", "F", "M", "M", "M", "M"],
            "age": ["20-29", "20-29", "30-39", "40-49", "40-49", "40-49"],
            "w": [10.0, 30.0, 50.0, 20.0, 20.0, 20.0],
        }
    )


def test_fk_Fk_and_risk_match_hand_computed_values() -> None:
    frame = sample()
    before = frame.copy()
    result = reidentification_risk(frame, ["sex", "age"], weight="w")
    pd.testing.assert_frame_equal(frame, before)  # input untouched
    records = result.to_frame()
    assert records["fk"].tolist() == [2, 2, 1, 3, 3, 3]
    assert records["Fk"].tolist() == [40, 40, 50, 60, 60, 60]
    expected = [0.0443332, 0.0443332, 0.0798372, 0.0243902, 0.0243902, 0.0243902]
    np.testing.assert_allclose(records["risk"], expected, atol=TOLERANCE)
    assert result.expected_reidentifications == pytest.approx(0.2416742, abs=TOLERANCE)
    assert result.global_risk == pytest.approx(0.0402790, abs=TOLERANCE)
    assert result.refused
    assert result.sample_uniques == 1
    assert "REFUSED" in result.summary()


def test_a_missing_key_value_matches_every_value() -> None:
    frame = pd.concat(
        [sample(), pd.DataFrame({"sex": ["F"], "age": [None], "w": [40.0]})], ignore_index=True
    )
    result = reidentification_risk(frame, ["sex", "age"], weight="w")
    records = result.to_frame()
    assert records["fk"].tolist() == [3, 3, 1, 3, 3, 3, 3]
    assert records["Fk"].tolist() == [80, 80, 50, 60, 60, 60, 80]
    np.testing.assert_allclose(records.loc[[0, 1, 6], "risk"], 0.0184049, atol=TOLERANCE)
    assert result.global_risk == pytest.approx(0.0297465, abs=TOLERANCE)
    assert not result.refused


def test_without_weights_the_risk_is_one_over_fk() -> None:
    result = reidentification_risk(sample(), ["sex", "age"])
    np.testing.assert_allclose(result.to_frame()["risk"], [0.5, 0.5, 1, 1 / 3, 1 / 3, 1 / 3])
    assert result.global_risk == pytest.approx(3 / 6)


@settings(max_examples=50, deadline=None)
@given(st.integers(1, 50), st.floats(1e-6, 1 - 1e-6))
def test_risk_lies_in_0_1_and_tends_to_one_over_fk(fk: int, p: float) -> None:
    risk = individual_risk(np.array([fk]), np.array([fk / p]))[0]
    assert 0 <= risk <= 1 + 1e-9
    near_one = individual_risk(np.array([fk]), np.array([fk / (1 - 1e-7)]))[0]
    assert near_one == pytest.approx(1 / fk, rel=1e-3)


def test_options_are_checked() -> None:
    with pytest.raises(OptionError, match="keys"):
        reidentification_risk(sample(), [])
    with pytest.raises(OptionError, match="not in the data"):
        reidentification_risk(sample(), ["nationality"])
    with pytest.raises(OptionError, match="finite number > 0"):
        reidentification_risk(sample().assign(w=[1, 0, 1, 1, 1, 1]), ["sex"], weight="w")
    with pytest.raises(OptionError, match="threshold"):
        reidentification_risk(sample(), ["sex"], threshold=3)


def test_release_check_command_refuses_above_three_percent(tmp_path: Path) -> None:
    path = tmp_path / "release.csv"
    sample().to_csv(path, index=False)
    report = tmp_path / "risk.csv"
    runner = CliRunner()
    refused = runner.invoke(
        app,
        ["release-check", str(path), "--keys", "sex,age", "--weight", "w", "--report", str(report)],
    )
    assert refused.exit_code == 1, refused.output
    assert "4.03 %" in refused.output and "REFUSED" in refused.output
    table = pd.read_csv(report)
    assert table.loc[0, ["sex", "age", "fk"]].tolist() == ["M", "30-39", 1]  # riskiest first
    assert table["records"].sum() == 6
    safe = tmp_path / "safe.csv"
    sample().assign(w=[1000.0] * 6).to_csv(safe, index=False)
    released = runner.invoke(
        app, ["release-check", str(safe), "--keys", "sex,age", "--weight", "w"]
    )
    assert released.exit_code == 0, released.output
    assert "may be released" in released.output
    bad = runner.invoke(app, ["release-check", str(path), "--keys", ""])
    assert bad.exit_code == 2 and "OptionError" in bad.output


REFERENCE = Path(__file__).parent / "reference"


def test_fk_Fk_and_risk_match_a_brute_force_r_implementation() -> None:
    """300 records, 3 keys with missing values, random weights; reference from
    tests/disclosure/reference/reidentification.R (base R, record by record: sdcMicro's
    freqCalc wildcard matching, indivRisk "approx", measure_risk global risk), tolerance 1e-9
    relative."""
    data = pd.read_csv(REFERENCE / "reidentification_data.csv")
    expected = pd.read_csv(REFERENCE / "reidentification_r.csv")
    assert data[["age_group", "admin1"]].isna().any().all()  # the wildcard is exercised
    result = reidentification_risk(data, ["sex", "age_group", "admin1"], weight="weight")
    records = result.to_frame()
    np.testing.assert_array_equal(records["fk"], expected["fk"])
    np.testing.assert_allclose(records["Fk"], expected["Fk"], rtol=1e-9)
    np.testing.assert_allclose(records["risk"], expected["risk"], rtol=1e-9)
    assert result.global_risk == pytest.approx(expected.loc[0, "global_risk"], rel=1e-9)
    assert result.expected_reidentifications == pytest.approx(
        expected.loc[0, "global_risk_ER"], rel=1e-9
    )
