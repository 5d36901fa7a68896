"""3-5 key messages for Colombia on the embedded default data (scale 1), for each country
study: the results the messages are chosen from (the models each study publishes) are
computed in memory and published through a Study, as the notebooks do."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence import integration, movement, risks
from evidence.display import open_study
from evidence.display.format import result_strings
from evidence.display.key_message_rules import STUDY_RULES
from evidence.display.key_messages import select_key_messages, usable
from evidence.display.key_messages_view import message_text
from evidence.integration.models.study import integration_models
from evidence.movement.flag_report import flag_report
from evidence.synth import synthesize_country
from tests.curated_frames import curated_like

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def colombia() -> dict[str, pd.DataFrame]:
    # In the curated form evidence.load gives (tests.curated_frames).
    data = synthesize_country("COL", "2023-12", seed=0)
    return {name: curated_like(frame, name, "COL", "2023-12") for name, frame in data.items()}


def _sources(study: str, data: dict[str, pd.DataFrame]) -> list[object]:
    survey = data["flow_survey"]
    if study == "movement":
        counts = data["flow_counts"]
        return [
            movement.flow_headline(counts),
            movement.route_profile(survey),
            flag_report(flow_counts=counts, portal_forms=data["portal_forms"]),
        ]
    if study == "risks":
        return [
            risks.needs_and_risks(survey),
            risks.vulnerability_profile(survey),
            risks.any_risk(survey),
        ]
    households = data["integration_survey"]
    return [
        integration.migrant_host_comparison(households, language="es"),
        integration_models(households),
    ]


@pytest.mark.parametrize("study_name", ["movement", "risks", "integration"])
def test_colombia_default_data_gives_three_to_five_messages(
    colombia: dict[str, pd.DataFrame], study_name: str
) -> None:
    study = open_study(study_name, country="COL", period="2023-12")
    for source in _sources(study_name, colombia):
        study.results(source)
    rows = study.published.to_frame()
    messages = select_key_messages(rows, STUDY_RULES[study_name])
    assert 3 <= len(messages) <= 5, [m.key for m in messages]
    fields = {"place": "Colombia", "period_label": "diciembre de 2023", "previous": "2023-11",
              "year_earlier": "2022-12"}  # fmt: skip
    for message in messages:
        for country, key in message.cites:
            cited = rows[(rows["country"] == country) & (rows["analysis_key"] == key)]
            assert len(cited) == 1 and usable(cited).all()
        row = cited.iloc[0].to_dict()
        text = message_text(message, "es", **fields)
        assert any(number in text for number in result_strings(row, "es")), text
