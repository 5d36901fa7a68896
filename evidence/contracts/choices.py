"""Multiple-choice questions (Kobo/ODK select_multiple) in either export layout → canonical form.

Layout 1 is one column of space-separated choice codes (`needs = "food health"`); layout 2 is
one 0/1 column per choice (`needs/food`, or Kobo's `needs.food` / `needs__food`). The canonical
form is one boolean column `<question>/<choice>` per choice of the codelist; a missing answer is
missing in every choice column. Everything is column-wise string and boolean algebra.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from evidence.contracts.model import Field
from evidence.contracts.parse import as_text, parse_column
from evidence.contracts.report import failure_rows

SEPARATORS: tuple[str, ...] = ("/", ".", "__")


def choice_layout_columns(
    columns: Sequence[str], field: Field
) -> tuple[dict[str, str], dict[str, str]]:
    """({choice: raw column} for known choices, {unknown choice: raw column}) in layout 2."""
    known: dict[str, str] = {}
    unknown: dict[str, str] = {}
    for column in columns:
        for separator in SEPARATORS:
            prefix = field.name + separator
            if column.startswith(prefix) and len(column) > len(prefix):
                choice = column[len(prefix) :]
                (known if choice in field.choices else unknown).setdefault(choice, column)
                break
    return known, unknown


def canonicalise_choices(frame: pd.DataFrame, field: Field) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(canonical boolean columns of `field`, failures) from whatever layout `frame` uses.

    Kobo and ODK export a select_multiple question either as one column of choice codes
    (``needs = "food health"``, split on the field's delimiter) or as one 0/1 column per choice
    (``needs/food``, ``needs.food`` or ``needs__food``). Either gives one boolean column
    ``<name>/<choice>`` per choice of the codelist; an unanswered question is missing in every
    choice column. When both layouts are present the listed one wins where answered, and rows
    where they disagree are failures.

    Parameters
    ----------
    frame : pandas.DataFrame
        The raw table (not modified).
    field : Field
        A ``type: list`` field of the contract.

    Returns
    -------
    canonical : pandas.DataFrame
        Boolean columns ``field.choice_columns``, same index as ``frame``.
    failures : pandas.DataFrame
        FAILURE_COLUMNS: codes outside the codelist (``enum``), cells not 0/1 (``type``),
        layouts that disagree (``choice_layout``).

    Examples
    --------
    >>> import pandas as pd
    >>> needs = Field("needs", "list", pii=False, choices=("food", "health"))
    >>> listed = pd.DataFrame({"needs": ["food health", None, "food water"]})
    >>> canonical, failures = canonicalise_choices(listed, needs)
    >>> canonical["needs/health"].tolist(), failures[["row", "value", "rule"]].values.tolist()
    ([True, <NA>, False], [[2, 'water', 'enum']])
    >>> split = pd.DataFrame({"needs.food": ["1", "0"], "needs.health": ["0", "1"]})
    >>> canonicalise_choices(split, needs)[0].columns.tolist()
    ['needs/food', 'needs/health']
    """
    known, unknown = choice_layout_columns(list(frame.columns), field)
    failures: list[pd.DataFrame] = []
    index = frame.index
    listed = _from_listed(frame[field.name], field, failures) if field.name in frame else None
    split = _from_split(frame, field, known, unknown, failures) if known or unknown else None
    if listed is not None and split is not None:
        both = listed.notna().all(axis=1) & split.notna().all(axis=1)
        differ = both & (listed.fillna(False) != split.fillna(False)).any(axis=1)
        if differ.any():
            failures.append(
                failure_rows(
                    differ[differ].index,
                    field.name,
                    frame.loc[differ, field.name],
                    "choice_layout",
                    f"`{field.name}` and the `{field.name}/<choice>` columns disagree; "
                    "keep one layout or make them agree",
                )
            )
        canonical = listed.where(listed.notna(), split)
    elif listed is not None:
        canonical = listed
    elif split is not None:
        canonical = split
    else:
        canonical = pd.DataFrame(
            {c: pd.Series(pd.NA, index=index, dtype="boolean") for c in field.choice_columns}
        )
    found = [f for f in failures if len(f)]
    return canonical, pd.concat(found, ignore_index=True) if found else failure_rows()


def raw_choice_columns(columns: Sequence[str], field: Field) -> list[str]:
    """Every raw column that belongs to the question (either layout)."""
    known, unknown = choice_layout_columns(columns, field)
    own = [field.name] if field.name in columns else []
    return own + list(known.values()) + list(unknown.values())


def _from_listed(series: pd.Series, field: Field, failures: list[pd.DataFrame]) -> pd.DataFrame:
    text = as_text(series)
    answered = text.notna().to_numpy()
    tokens, codes, owner = _tokens(text, field)
    out = {}
    for code, column in enumerate(field.choice_columns):
        ticked = np.bincount(owner[codes == code], minlength=len(text)) > 0
        out[column] = pd.array(ticked, dtype="boolean")
        out[column][~answered] = pd.NA
    unknown = (codes < 0) & pc.not_equal(tokens, "").to_numpy(zero_copy_only=False)
    if unknown.any():
        # Only the (few) unknown tokens are joined back into one value per failing row.
        strays = pd.Series(tokens.filter(pa.array(unknown)).to_pylist())
        leftover = strays.groupby(owner[unknown]).agg(" ".join)
        failures.append(
            failure_rows(
                text.index[leftover.index.to_numpy()],
                field.name,
                leftover.to_numpy(),
                "enum",
                f"choice(s) not in the codelist of `{field.name}`: "
                f"allowed {', '.join(field.choices)}",
            )
        )
    return pd.DataFrame(out, index=series.index)


def _tokens(text: pd.Series, field: Field) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """(every token, its choice's position or -1, its row's position), with Arrow kernels."""
    array = pc.utf8_trim_whitespace(pa.array(text.fillna(""), type=pa.large_string()))
    if field.delimiter.isspace():
        lists = pc.split_pattern_regex(array, pattern=r"\s+")
    else:
        lists = pc.split_pattern(array, pattern=field.delimiter)
    tokens = pc.utf8_trim_whitespace(pc.list_flatten(lists))
    choices = pa.array(field.choices, type=pa.large_string())
    codes = pc.fill_null(pc.index_in(tokens, value_set=choices), -1).to_numpy()
    owner = pc.list_parent_indices(lists).to_numpy()
    return tokens, codes, owner


def _from_split(
    frame: pd.DataFrame,
    field: Field,
    known: dict[str, str],
    unknown: dict[str, str],
    failures: list[pd.DataFrame],
) -> pd.DataFrame:
    flag_field = Field(name=field.name, type="boolean", pii=False)
    flags: dict[str, pd.Series] = {}
    for choice, column in {**known, **unknown}.items():
        typed, bad = parse_column(frame[column], flag_field)
        if bad.any():
            failures.append(
                failure_rows(bad[bad].index, column, frame.loc[bad, column], "type", "expected 0/1")
            )
        flags[choice] = typed
    answered = pd.concat(flags.values(), axis=1).notna().any(axis=1)
    for choice, column in unknown.items():
        ticked = flags[choice].fillna(False).astype(bool)
        if ticked.any():
            failures.append(
                failure_rows(
                    ticked[ticked].index,
                    field.name,
                    pd.Series(choice, index=ticked[ticked].index),
                    "enum",
                    f"choice(s) not in the codelist of `{field.name}` (column {column}): "
                    f"allowed {', '.join(field.choices)}",
                )
            )
    out = {}
    for choice, column in zip(field.choices, field.choice_columns, strict=True):
        flag = flags.get(choice, pd.Series(pd.NA, index=frame.index, dtype="boolean"))
        # An answered question with this choice's cell empty means "not ticked".
        out[column] = flag.fillna(False).astype("boolean").mask(~answered)
    return pd.DataFrame(out, index=frame.index)
