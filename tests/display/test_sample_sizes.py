"""Sample sizes under the tables of models (evidence.display.sample_sizes): each model table
says the observations its numbers rest on, every size is the ``n`` (or, for a group, the
published count) of a row the table reads, and the note is written in the study language."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from evidence.display import education as ed
from evidence.display import models as shown
from evidence.display.readers import SAMPLE_SIZES, reader_notes
from evidence.display.sample_sizes import n_column, n_range, published_n, with_sample_sizes
from evidence.errors import OptionError
from evidence.indicators.publish import publish
from evidence.integration.models.study import integration_models
from evidence.synth import synthesize
from tests.display.test_education import model_rows, rate_rows


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    survey = synthesize("integration_survey", "COL", "2023-12", seed=7, scale=0.3)
    return publish(integration_models(survey).to_results("COL", "2023-12"))


def sizes(table: pd.DataFrame) -> list[tuple[str, float]]:
    return list(table.attrs[SAMPLE_SIZES])


def published(rows: pd.DataFrame) -> set[float]:
    """Every n and count estimate the rows publish (what a size may be)."""
    counts = rows.loc[rows["unit"] == "count", "estimate"]
    return {float(v) for v in pd.concat([rows["n"], counts]).dropna()}


def test_published_n_and_ranges() -> None:
    rows = pd.DataFrame(
        {
            "indicator": ["a", "a", "b"],
            "disaggregation": ["group", "group", "total"],
            "level": ["x", "y", "total"],
            "n": [10, 30, np.nan],
        }
    )
    assert published_n(rows, "a") == 30.0
    assert published_n(rows, "a", "x") == 10.0
    assert published_n(rows, "a", "x", disaggregation="total") != published_n(rows, "a", "x")
    assert np.isnan(published_n(rows, "b")) and np.isnan(published_n(rows, "c"))
    assert n_range([5.0, 5.0]) == 5.0 and n_range([9.0, np.nan, 3.0]) == (3.0, 9.0)
    assert np.isnan(n_range([np.nan]))  # type: ignore[arg-type]


def test_notes_name_what_n_counts_in_each_language_and_drop_unknown_sizes() -> None:
    table = with_sample_sizes(pd.DataFrame({"a": [1]}), [("Migrants", 1234.0), ("Hosts", np.nan)])
    assert reader_notes(table, "es") == ["n (observaciones usadas por el modelo): Migrants 1.234."]
    assert reader_notes(table, "en") == ["n (observations used by the model): Migrants 1,234."]
    table = with_sample_sizes(table, [("", 5.0)], "table_n.students")
    assert reader_notes(table, "pt") == ["n (estudantes na avaliação do modelo): 5."]
    with pytest.raises(OptionError, match="note"):
        with_sample_sizes(table, [], "table_n.people")


def test_the_share_tables_note_is_unchanged() -> None:
    from evidence.display.readers import attach_sample_sizes

    table = attach_sample_sizes(pd.DataFrame({"a": [1]}), [("Needs", 812.0)])
    assert reader_notes(table, "en") == ["n (people who answered): Needs 812."]


def test_every_integration_model_table_says_its_n_from_published_rows(rows: pd.DataFrame) -> None:
    before = rows.copy()
    allowed = published(rows)
    effects = shown.effects_table(rows, "employed", "es")
    model_n = published_n(rows, "or_employed")
    assert sizes(effects) == [("", model_n)]
    decomposition = shown.decomposition_table(
        rows, {"employed": "points", "monthly_income": "mean"}, "en"
    )
    labels = [label for label, _ in sizes(decomposition)]
    assert labels == [
        "Employment: Migrants", "Employment: Host community",
        "Monthly income (USD): Migrants", "Monthly income (USD): Host community",
    ]  # fmt: skip
    # the groups' observations add up to the model's
    employment = [n for label, n in sizes(decomposition) if label.startswith("Employment")]
    assert sum(employment) == published_n(rows, "oaxaca_employed")
    top = shown.top_covariates(rows, "employed", "en", kind="points")
    effect = shown.effect_table(rows, "effect_regular_on_employed_att", "en")
    balance = shown.balance_table(rows, "regular", "en")
    assert [label for label, _ in sizes(effect)] == ["Regular status", "Other status"]
    assert sizes(balance) == sizes(effect)
    assert sum(n for _, n in sizes(effect)) == published_n(rows, "effect_regular_on_employed_att")
    for table in (effects, decomposition, top, effect, balance):
        assert sizes(table) and {n for _, n in sizes(table)} <= allowed
        assert reader_notes(table, "es")[0].startswith("n (observaciones usadas por el modelo)")
    pd.testing.assert_frame_equal(rows, before)


def test_a_model_without_group_rows_says_the_observations_it_used(rows: pd.DataFrame) -> None:
    older = rows[~rows["indicator"].str.endswith("_sample")]
    table = shown.decomposition_table(older, {"employed": "points"}, "en")
    assert sizes(table) == [("Employment", published_n(rows, "oaxaca_employed"))]
    assert sizes(shown.balance_table(older, "regular", "en")) == [
        ("", published_n(rows, "smd_regular_before"))
    ]


def test_withheld_group_counts_fall_back_to_the_model_n(rows: pd.DataFrame) -> None:
    withheld = rows.copy()
    sample = withheld["indicator"] == "oaxaca_employed_sample"
    withheld.loc[sample & (withheld["level"] == "host"), "estimate"] = np.nan
    table = shown.top_covariates(withheld, "employed", "en", kind="points")
    assert sizes(table) == [("", published_n(rows, "oaxaca_employed"))]


def test_regional_decompositions_show_n_by_country(rows: pd.DataFrame) -> None:
    other = rows.assign(country="PER")
    other["n"] = other["n"] // 2
    both = pd.concat([rows, other], ignore_index=True)
    table = shown.country_decompositions(both, "employed", "en")
    assert table.columns[-1] == "Households"
    n = table.set_index(table.columns[0])["Households"]
    assert n["Colombia"] == published_n(rows, "oaxaca_employed")
    assert n["Peru"] == published_n(other, "oaxaca_employed")
    assert n.drop(["Colombia", "Peru"]).isna().all()
    assert table.attrs["units"]["Households"] == "count"
    assert n_column(both, "oaxaca_employed", ["COL", "ARG"])[1] != n["Colombia"]


def test_dropout_tables_show_the_students_of_each_group() -> None:
    models, rates = model_rows(), rate_rows()
    quality = ed.quality_for_display(models, "en")
    auc = models[models["indicator"] == "dropout_model_roc_auc"]
    expected = dict(zip(auc["level"].astype(str), auc["n"].astype(float), strict=True))
    assert [n for _, n in sizes(quality)] == [expected[level] for _, level, _ in ed.QUALITY_DOMAINS]
    assert reader_notes(quality, "en")[0].startswith("n (students in the model's evaluation)")
    gaps = ed.quality_gaps_for_display(models, "en")
    assert sizes(gaps) == sizes(quality)[1:]  # gaps compare the groups
    factors = ed.factors_for_display(models, "en")
    assert sizes(factors) == [("", published_n(models, "dropout_odds_ratio"))]
    gap = ed.migrant_gap_for_display(rates, models, "en")
    assert [n for _, n in sizes(gap)] == [1200.0, 800.0, published_n(models, "dropout_odds_ratio")]


def test_regional_dropout_table_shows_the_students_in_each_model() -> None:
    models = model_rows()
    table = ed.regional_table(models, "en")
    assert table.columns[1] == "Students"
    students = models.loc[models["indicator"] == "dropout_model_students", "estimate"]
    assert table["Students"].tolist() == students.tolist()


def test_comparison_tables_give_each_groups_n_from_its_published_rows() -> None:
    from evidence.display import integration as shown_integration
    from evidence.integration import migrant_host_comparison

    data = synthesize("integration_survey", "COL", "2023-12", seed=3, scale=0.2)
    comparison = migrant_host_comparison(data, country="COL", period="2023-12")
    group_rows = comparison.results[comparison.results["disaggregation"] == "group"]
    for shares in (True, False):
        table = shown_integration.gaps_for_display(comparison, "en", shares=shares)
        (host, host_n), (migrant, migrant_n) = sizes(table)
        assert (host, migrant) == ("Host community", "Migrants")
        for label, n, level in ((host, host_n, "host"), (migrant, migrant_n, "migrant")):
            mine = group_rows[group_rows["level"] == level]
            shown_ns = {n} if not isinstance(n, tuple) else set(n)
            assert shown_ns <= set(mine["n"].astype(float)), label
        assert reader_notes(table, "en")[0].startswith("n (observations of each group")
    documents = shown_integration.documents_for_display(comparison, "es")
    status = comparison.results[
        comparison.results["indicator"] == "prop_document_status_regular"
    ].set_index("level")
    assert sizes(documents) == [
        ("Total", status.loc["total", "n"]),
        ("Mujeres", status.loc["female", "n"]),
        ("Hombres", status.loc["male", "n"]),
    ]


def test_schools_table_gives_the_institutions_of_each_domain() -> None:
    from evidence.display import integration as shown_integration
    from evidence.integration import school_overview

    schools = synthesize("schools", "COL", "2023-12", seed=3, scale=0.2)
    overview = school_overview(schools, country="COL", period="2023-12")
    rows = publish(overview.to_results("COL", "2023-12"))
    table = shown_integration.schools_for_display(overview.view, "en", rows)
    n = dict(sizes(table))
    assert n["Total"] == len(schools)
    assert n["Urban"] + n["Rural"] == len(schools)
    assert reader_notes(table, "pt")[0].startswith("n (instituições de ensino)")
    assert SAMPLE_SIZES not in shown_integration.schools_for_display(overview.view, "en").attrs


def test_regional_survey_table_shows_the_households_of_the_employment_gap() -> None:
    from evidence.display import regional as shown_regional

    rows = pd.DataFrame(
        {
            "indicator": ["diff_prop_employed", "count_respondents", "diff_prop_employed"],
            "country": ["COL", "COL", "PER"],
            "level": "total",
            "estimate": [-0.1, 900.0, np.nan],
            "n": [5988.0, 900.0, 40.0],
        }
    )
    table = shown_regional.survey_table(rows, "en")
    column = table.set_index(table.columns[0])["Households (employment gap)"]
    assert column["Colombia"] == 5988 and column["Peru"] == 40
    assert column.drop(["Colombia", "Peru"]).isna().all()
    assert table.attrs["units"]["Households (employment gap)"] == "count"
