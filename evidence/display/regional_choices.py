"""The regional study's needs and risks tables: the 17 countries side by side on the answers
of a multiple-choice question, from the rows ``evidence.regional.choices.choice_rows``
published.

One row per country with a survey (largest Venezuelan population first), its n (people who
answered, published) and the share choosing each of the ``top`` answers most chosen across
the region (the order only ranks columns; every number shown is a published share). The
line under the table says the shares add up to more than 100 % and names the answers left
out, which are in the results table.
"""

from __future__ import annotations

import pandas as pd

from evidence.countries import Language, get_country
from evidence.display.labels import code_label
from evidence.display.readers import LEFT_OUT, MULTIPLE_CHOICE
from evidence.indicators.keys import TOTAL

NOT_AN_ANSWER = ("none", "prefer_not_to_say")


def choices_by_country(
    rows: pd.DataFrame, question: str, language: Language, *, top: int = 5
) -> pd.DataFrame:
    """Countries × the ``top`` answers of ``question`` most chosen across the region."""
    from evidence.i18n import translate

    mine = rows[
        (rows["variable"] == question)
        & (rows["level"].astype(str) == TOTAL)
        & ~rows["category"].isin(NOT_AN_ANSWER)
    ]
    countries = sorted(
        dict.fromkeys(mine["country"].astype(str)), key=lambda c: -get_country(c).stock_2023
    )
    wide = mine.pivot_table(
        index="country", columns="category", values="estimate", aggfunc="first", dropna=False
    ).reindex(index=countries)
    ranking = wide.mean(axis=0, skipna=True).sort_values(ascending=False, kind="stable")
    shown = list(ranking.index[:top])
    n = mine.groupby("country")["n"].max().reindex(countries)
    out = pd.DataFrame(
        {
            translate("content.column.country", language): [
                get_country(c).name(language) for c in countries
            ],
            translate("readers.column.n", language): n.astype(float).to_numpy(),
        }
    )
    units = {translate("readers.column.n", language): "count"}
    for answer in shown:
        header = code_label(answer, language, question)
        out[header] = wide[answer].astype(float).to_numpy()
        units[header] = "proportion"
    label = translate(f"content.question.{question}", language)
    left_out = [code_label(a, language, question) for a in ranking.index[top:]]
    out.attrs["units"] = units
    out.attrs[MULTIPLE_CHOICE] = [label]
    out.attrs[LEFT_OUT] = [(label, left_out)] if left_out else []
    return out
