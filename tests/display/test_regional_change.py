"""The regional study's change over time (``evidence.display.change_results.regional_change``):
curated flows and flow surveys of two months, one country only in the later one. Change rows
exist for the countries with earlier data only, each equal to the difference of the two
periods' published regional rows; the regional tables show them as columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from evidence.display import open_study
from evidence.display.change_results import change_sentence, regional_change, with_change
from evidence.display.regional import movement_table, survey_table
from evidence.regional import regional_results
from tests.curated_frames import curated_like

DATASETS = ("flow_counts", "flow_survey")
PERIODS = {"2023-11": ("URY", "ABW"), "2023-12": ("URY", "ABW", "GUY")}
INDICATORS = ["rate_people_per_day", "prop_any_risk"]


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from evidence.synth import synthesize_country

    base = tmp_path_factory.mktemp("regional-months")
    for seed, (period, countries) in enumerate(PERIODS.items(), start=1):
        for country in countries:
            data = synthesize_country(country, period, seed, scale=0.2, datasets=DATASETS)
            for name in DATASETS:
                folder = base / "curated" / name / f"period={period}" / f"country={country}"
                folder.mkdir(parents=True)
                frame = curated_like(data[name], name, country, period)
                frame.to_parquet(folder / "part-0.parquet", index=False)
    return base


def _rows(study, period: str) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    return regional_results(
        period, **{name: study.load_all(name, period=period) for name in DATASETS}
    )


def test_change_rows_for_the_countries_with_earlier_data_only(root: Path) -> None:
    study = open_study("regional", period="2023-12", data_root=root)
    countries = study.results(_rows(study, "2023-12"))
    before = countries.copy()
    changes = regional_change(study, countries, INDICATORS)
    pd.testing.assert_frame_equal(countries, before)
    assert set(changes["country"]) == {"URY", "ABW"}  # GUY has no 2023-11 data, 2022-12 none
    assert changes["indicator"].str.endswith("_change_prev_period").all()
    earlier = _rows(study, "2023-11")
    shown = changes[changes["estimate"].notna()]
    assert len(shown) >= 2
    for _, change in shown.iterrows():
        code = change["indicator"].removesuffix("_change_prev_period")

        def pick(rows: pd.DataFrame, change: pd.Series = change, code: str = code) -> float:
            hit = rows[
                (rows["country"] == change["country"])
                & (rows["indicator"] == code)
                & (rows["level"] == change["level"])
            ]
            return float(hit["estimate"].item())

        assert change["estimate"] == pytest.approx(pick(countries) - pick(earlier), abs=1e-12)
    published = study.published.to_frame()
    assert set(changes["analysis_key"]) <= set(published["analysis_key"])

    per_day = study.t("content.column.per_day")
    table = with_change(study, movement_table(countries, study.language), column=per_day)
    header = study.t("change.column.prev_period", previous="2023-11", year_earlier="2022-12")
    assert list(table.columns).index(header) == list(table.columns).index(per_day) + 1
    assert study.t("change.column.prev_year", previous="", year_earlier="2022-12") not in table
    names = table[study.t("content.column.country")].tolist()
    guyana = table[header].iloc[names.index("Guyana")]
    assert guyana == "–"
    code = "rate_people_per_day_change_prev_period"
    uruguay = changes[(changes["country"] == "URY") & (changes["indicator"] == code)]
    uruguay = uruguay["estimate"].item()
    cell = table[header].iloc[names.index("Uruguay")]
    assert cell.lstrip("+") == study.number(uruguay, "rate").lstrip("+")
    risk = study.t("content.column.share_any_risk")
    survey = with_change(study, survey_table(countries, study.language), column=risk)
    assert header in survey.columns
    assert "2023-11" in change_sentence(study).markdown


def test_no_earlier_period_no_change(root: Path) -> None:
    study = open_study("regional", period="2023-11", data_root=root)
    countries = study.results(_rows(study, "2023-11"))
    assert regional_change(study, countries, INDICATORS).empty
    table = with_change(study, movement_table(countries, study.language))
    assert list(table.columns) == list(movement_table(countries, study.language).columns)
