"""How raw files are laid out, as delivered by different country offices.

The same canonical frame is written in the layouts real exports come in, so ingestion is
exercised on all of them:

- multiple-choice questions: one 0/1 column per choice (``needs/food``, Kobo's default
  export) in ``KOBO_CHOICE_COLUMN_COUNTRIES``, one space-separated column elsewhere;
- booleans: ``true/false`` by default, ``sí/no`` (``SI_NO_COUNTRIES``) and ``sim/não``
  (``SIM_NAO_COUNTRIES``) where forms were answered in the local language;
- encoding: UTF-8, with a byte-order mark in ``BOM_COUNTRIES`` (files saved from Excel).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from evidence.synth.contract import boolean_fields, list_fields

KOBO_CHOICE_COLUMN_COUNTRIES = ("COL", "BRA", "ECU", "PAN", "GUY", "CUW", "URY", "MEX")
BOM_COUNTRIES = ("PER", "ARG")
SI_NO_COUNTRIES = ("PER", "BOL", "ECU")
SIM_NAO_COUNTRIES = ("BRA",)
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"
ChoiceLayout = Literal["choice_columns", "space_separated"]


def choice_layout(dataset: str, country: str) -> ChoiceLayout:
    if list_fields(dataset) and country in KOBO_CHOICE_COLUMN_COUNTRIES:
        return "choice_columns"
    return "space_separated"


def boolean_words(country: str) -> tuple[str, str]:
    if country in SIM_NAO_COUNTRIES:
        return "sim", "não"
    if country in SI_NO_COUNTRIES:
        return "sí", "no"
    return "true", "false"


def with_boolean_words(frame: pd.DataFrame, dataset: str, country: str) -> pd.DataFrame:
    """Boolean columns as the country's words (missing stays missing)."""
    yes, no = boolean_words(country)
    out = frame.copy()
    for name in boolean_fields(dataset):
        values = out[name].astype("boolean")
        out[name] = pd.Series(
            np.where(values.fillna(False), yes, no), index=out.index, dtype=object
        ).where(values.notna(), None)
    return out


def with_choice_columns(frame: pd.DataFrame, dataset: str) -> pd.DataFrame:
    """Each multiple-choice column replaced in place by one 0/1 column per choice."""
    parts = []
    for name in frame.columns:
        choices = list_fields(dataset).get(name)
        if choices is None:
            parts.append(frame[[name]])
            continue
        answered = frame[name].notna()
        padded = " " + frame[name].fillna("").astype(str) + " "
        parts.append(
            pd.DataFrame(
                {
                    f"{name}/{choice}": padded.str.contains(f" {choice} ", regex=False)
                    .astype("Int64")
                    .where(answered)
                    for choice in choices
                },
                index=frame.index,
            )
        )
    return pd.concat(parts, axis=1)


def write_csv(frame: pd.DataFrame, path: Path, country: str) -> str:
    """Write a raw CSV; returns the encoding used."""
    encoding = "utf-8-sig" if country in BOM_COUNTRIES else "utf-8"
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(
        path, index=False, encoding=encoding, date_format=DATETIME_FORMAT, lineterminator="\n"
    )
    return encoding
