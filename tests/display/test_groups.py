"""Display of the groups side by side and of protection risks: numbers looked up, never made."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from evidence.display import groups as groups_display
from evidence.display.figures.groups import groups_dot_figure
from evidence.movement.groups import group_profiles
from evidence.risks.protection import FACTORS, protection_risks
from evidence.synth import synthesize

PERIOD = "2023-12"


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return synthesize("flow_survey", "TTO", PERIOD, scale=0.1)


def test_profile_table_cells_are_published_estimates(survey: pd.DataFrame) -> None:
    profiles = group_profiles(survey, country="TTO", period=PERIOD)
    rows = profiles.to_results("TTO", PERIOD)
    table = groups_display.profiles_for_display(rows, profiles.sections, "en")
    assert list(table.columns[1:]) == ["All", "In transit", "Staying", "Returning"]
    assert len(table.attrs["row_units"]) == len(table)
    published = set(rows["estimate"].dropna().round(12))
    sections = 0
    for record in table.iloc[:, 1:].itertuples(index=False):
        if all(v == "" for v in record):  # a section's title row
            sections += 1
            continue
        for value in record:
            assert np.isnan(value) or round(float(value), 12) in published
    assert sections == len(profiles.sections) + 1  # and the destinations
    assert table.iloc[0, 0] == "People interviewed" and table.attrs["row_units"][0] == "count"


def test_protection_table_shows_withheld_cells_empty(survey: pd.DataFrame) -> None:
    rows = protection_risks(survey, country="TTO", period=PERIOD).to_results("TTO", PERIOD)
    table = groups_display.protection_for_display(rows, FACTORS, "es")
    assert table.iloc[0, 0] == "Total" and table.iloc[1, 0] == "Sexo"
    assert "VBG" in table.columns and "Personas (n)" in table.columns
    shares = table.drop(columns=[table.columns[0], "Personas (n)"])
    cells = shares[shares["VBG"] != ""].astype(float)
    assert cells.isna().to_numpy().any()  # TTO's small cells are withheld
    assert table.attrs["units"]["Personas (n)"] == "count"


def test_figure_draws_three_groups(survey: pd.DataFrame) -> None:
    rows = group_profiles(survey, country="TTO", period=PERIOD).to_results("TTO", PERIOD)
    shares = groups_display.profile_shares(rows, "pt")
    figure = groups_dot_figure(
        shares,
        groups=["transit", "stay", "return"],
        group_labels=groups_display.group_names("pt"),
        row_labels=list(shares["label"]),
        xlabel="%",
    )
    assert isinstance(figure, Figure)
    assert figure.axes[0].get_xlim() == (0.0, 1.0)
