"""complete_domains: a domain with no observations is a withheld row, not a missing one."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.disclosure import apply_disclosure, complete_domains
from evidence.errors import DisclosureError, OptionError
from tests.disclosure.rows import count_row, row, table


def key(indicator: str, disaggregation: str, level: str) -> str:
    return f"{indicator} @/@ {disaggregation} %/% {level}"


def proportions() -> pd.DataFrame:
    frame = table(
        row(disaggregation="total", level="total", numerator=500, unit="proportion"),
        row(level="female", numerator=500, unit="proportion"),
        row(indicator="mean_income", unit="mean", estimate=300.0, ci_method="wald"),
    )
    frame["analysis_key"] = [
        key(*r) for r in frame[["indicator", "disaggregation", "level"]].values
    ]
    return frame


def test_missing_levels_are_added_after_their_block_and_withheld() -> None:
    frame = proportions()
    before = frame.copy(deep=True)
    out = complete_domains(frame, {"sex": ["female", "male"]}, analysis_key=key)
    pd.testing.assert_frame_equal(frame, before)  # the input is not modified
    assert out["analysis_key"].tolist() == [
        "prop_needs_food @/@ total %/% total",
        "prop_needs_food @/@ sex %/% female",
        "prop_needs_food @/@ sex %/% male",
        "mean_income @/@ sex %/% female",
        "mean_income @/@ sex %/% male",
    ]
    added = out.iloc[[2, 4]]
    assert added["n"].tolist() == [0, 0] and added["n_weighted"].tolist() == [0.0, 0.0]
    assert added["ci_method"].tolist() == ["none", "none"]
    assert added["unit"].tolist() == ["proportion", "mean"]
    # A numerator of 0 where the indicator has numerators; none for a mean.
    assert added["numerator"].iloc[0] == 0 and pd.isna(added["numerator"].iloc[1])
    assert added["estimate"].isna().all()
    published = apply_disclosure(out)
    assert published.loc[[2, 4], "suppression_reason"].str.split().str[0].tolist() == [
        "no_observations",
        "no_observations",
    ]
    assert published.loc[[2, 4], "flags"].str.contains("suppressed_no_observations").all()
    assert out["n"].dtype == frame["n"].dtype


def test_nothing_missing_returns_the_table_unchanged() -> None:
    frame = proportions()
    out = complete_domains(frame, {"sex": ["female"], "age_group": ["18_24"]}, analysis_key=key)
    pd.testing.assert_frame_equal(out, frame)


def test_crossed_disaggregations_and_level_order() -> None:
    frame = table(
        row(disaggregation="sex x group", level="male x host", analysis_key="a"),
        row(disaggregation="sex x group", level="female x host", analysis_key="b"),
    )
    expected = ["female x migrant", "female x host", "male x migrant", "male x host"]
    out = complete_domains(frame, {"sex x group": expected}, analysis_key=key)
    # Existing rows keep their places; added rows follow their block in the expected order.
    assert out["level"].tolist() == [
        "male x host",
        "female x host",
        "female x migrant",
        "male x migrant",
    ]


def test_count_rows_get_a_published_zero() -> None:
    frame = table(count_row(12, level="north"))
    out = apply_disclosure(complete_domains(frame, {"site": ["north", "south"]}, analysis_key=key))
    south = out.iloc[1]
    assert south["level"] == "south" and not south["suppressed"]
    assert south["estimate"] == 0 and south["n"] == 0 and south["numerator"] == 0


def test_indicative_flag_travels_to_the_added_row() -> None:
    frame = table(row(flags="indicative imputed"))
    out = complete_domains(frame, {"sex": ["female", "male"]}, analysis_key=key)
    assert out["flags"].tolist() == ["indicative imputed", "indicative"]


def test_bad_arguments_raise() -> None:
    with pytest.raises(OptionError, match="level names"):
        complete_domains(proportions(), {"sex": "female"}, analysis_key=key)
    with pytest.raises(OptionError, match="must map"):
        complete_domains(proportions(), [("sex", ["female"])], analysis_key=key)  # type: ignore[arg-type]
    with pytest.raises(DisclosureError, match="missing column"):
        complete_domains(proportions().drop(columns="n"), {}, analysis_key=key)
