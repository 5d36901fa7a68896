"""A question older curated data did not ask is said "not asked", never "withheld"."""

from __future__ import annotations

import pandas as pd
import pytest

from evidence.display import groups as groups_display
from evidence.i18n import translate
from evidence.indicators.publish import publish
from evidence.risks.protection import protection_risks
from evidence.synth import synthesize

PERIOD = "2023-12"


@pytest.fixture(scope="module")
def survey() -> pd.DataFrame:
    return synthesize("flow_survey", "COL", PERIOD, seed=5, scale=0.1)


def rows_of(survey: pd.DataFrame) -> pd.DataFrame:
    return publish(protection_risks(survey, country="COL", period=PERIOD).to_results("COL", PERIOD))


def test_older_data_without_the_questions_say_not_asked(survey: pd.DataFrame) -> None:
    older = survey.drop(columns=["smuggler_used", "separated_children"])
    rows = rows_of(older)
    assert not groups_display.asked(rows, "prop_separated_children")
    assert not groups_display.asked(rows, "prop_smuggler_used")
    key = groups_display.children_sentence_key(rows)
    assert key.startswith("details.protection.children.not_asked")
    for language in ("es", "pt", "en"):
        text = translate(key, language, children="10 %", separated="–", min_count=5)
        assert "withheld" not in text and "retien" not in text and "retido" not in text
    assert "not asked in this period's data" in translate(key, "en", children="1 %", min_count=5)


def test_data_with_the_questions_keep_the_published_sentence(survey: pd.DataFrame) -> None:
    rows = rows_of(survey)
    assert groups_display.asked(rows, "prop_separated_children")
    assert groups_display.asked(rows, "prop_smuggler_used")
    assert groups_display.children_sentence_key(rows).startswith("protection.children.sentence")
    # a withheld share is still "withheld" (the question was asked)
    withheld = rows.copy()
    withheld.loc[withheld["indicator"] == "prop_separated_children", "estimate"] = float("nan")
    assert groups_display.children_sentence_key(withheld) == "protection.children.sentence.withheld"
