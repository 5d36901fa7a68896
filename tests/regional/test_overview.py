"""Regional overview: every country, in stock order, with figures equal to per-country ones."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.countries import COUNTRIES
from evidence.errors import OptionError
from evidence.movement import detect_surges
from evidence.regional import regional_overview
from tests.curated_frames import curated_like


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    from evidence.synth import synthesize_country

    out: dict[str, list[pd.DataFrame]] = {"flow_counts": [], "flow_survey": []}
    for country in ("URY", "ABW"):
        data = synthesize_country(country, "2024-01", 1, scale=0.2, datasets=tuple(out))
        for name in out:
            out[name].append(curated_like(data[name], name, country, "2024-01"))
    return {name: pd.concat(parts, ignore_index=True) for name, parts in out.items()}


def test_one_row_per_country_in_stock_order(frames: dict[str, pd.DataFrame]) -> None:
    before = {k: v.copy() for k, v in frames.items()}
    table = regional_overview(**frames, language="pt").to_frame()
    for name, frame in frames.items():
        pd.testing.assert_frame_equal(frame, before[name])
    assert len(table) == len(COUNTRIES)
    assert table["stock_2023"].is_monotonic_decreasing
    assert table.loc[table["country"] == "COL", "name"].iloc[0] == "Colômbia"
    assert table["share_of_regional_stock"].sum() == pytest.approx(1)
    uruguay = table.set_index("country").loc["URY"]
    counts = frames["flow_counts"][frames["flow_counts"]["country"] == "URY"]
    assert uruguay["people_observed"] == counts[["entries", "exits", "transit"]].sum().sum()
    assert uruguay["surge_events"] == len(detect_surges(counts).events)
    survey = frames["flow_survey"][frames["flow_survey"]["country"] == "URY"]
    assert uruguay["interviews"] == len(survey)
    assert uruguay["share_women"] == pytest.approx((survey["sex"] == "female").mean())
    # Countries without data are listed, their columns empty.
    assert table.set_index("country").loc["BRA", ["people_observed", "interviews"]].isna().all()


def test_small_counts_withheld_and_options_checked(frames: dict[str, pd.DataFrame]) -> None:
    survey = frames["flow_survey"]
    few = survey[survey["country"] == "URY"].head(3)
    table = regional_overview(flow_survey=few).to_frame().set_index("country")
    assert pd.isna(table.loc["URY", "interviews"]) and pd.isna(table.loc["URY", "share_women"])
    with pytest.raises(OptionError, match="language"):
        regional_overview(flow_survey=few, language="fr")  # type: ignore[arg-type]
