"""HXL-tagged CSV export of results tables for HDX (an I/O edge).

HXL puts a second header row of hashtags under the column names (https://hxlstandard.org/).
The hashtags of the results contract's columns come from data_contracts/results.yaml; the
columns disclosure control adds have their own below. A column with no hashtag gets an empty
tag cell, which HXL allows. ``to_hxl_csv`` applies disclosure control first (it is idempotent),
so no table leaves the library with a cell the rules forbid.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pandas as pd
import yaml

from evidence.csv_safety import restore_formulas, write_csv
from evidence.disclosure.apply import HasFrame, _as_frame, apply_disclosure
from evidence.disclosure.options import DisclosureOptions
from evidence.errors import ContractError, UnreadableFileError
from evidence.paths import CONTRACTS_DIR
from evidence.yaml_text import parse_yaml

# Columns beside the contract's: the survey engine's optional statistics and disclosure's own
# columns (not in results.yaml, which lists only what every results table carries).
EXTRA_HASHTAGS: dict[str, str] = {
    "df": "#indicator+df",
    "n_effective": "#indicator+num+effective",
    "cv": "#indicator+cv",
    "suppressed": "#meta+suppressed",
    "suppression_reason": "#meta+suppressed+reason",
    "flag_df_lt_8": "#meta+flag+df_lt_8",
    "flag_estimate_0_or_1": "#meta+flag+estimate_0_or_1",
    "flag_complement": "#meta+flag+complement",
}
BOOLEAN_COLUMNS = ("suppressed", "flag_df_lt_8", "flag_estimate_0_or_1", "flag_complement")
TEXT_COLUMNS = ("suppression_reason", "flags", "unit")
# Numeric whatever their cells hold (a fully suppressed column is all empty).
NUMERIC_COLUMNS = (
    "estimate", "se", "ci_low", "ci_high", "n", "n_weighted", "deff", "df", "n_effective", "cv",
    "numerator",
)  # fmt: skip
# Counts: written as whole numbers (12, not 12.0) even where an emptied cell made them float.
INTEGER_COLUMNS = ("n", "numerator")


@cache
def _contract_hashtags(path: Path) -> dict[str, str]:
    try:
        contract = parse_yaml(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ContractError(f"{path}: cannot read the results contract ({error})") from error
    fields = contract.get("fields", []) if isinstance(contract, dict) else []
    return {str(f["name"]): str(f["hxl"]) for f in fields if isinstance(f, dict) and f.get("hxl")}


def results_hashtags(contract: Path | None = None) -> dict[str, str]:
    """Column -> HXL hashtag: results.yaml's fields, then the extra columns' own.

    Parameters
    ----------
    contract : pathlib.Path, optional
        Another results contract (default data_contracts/results.yaml).

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> hashtags = results_hashtags()
    >>> hashtags["estimate"], hashtags["suppressed"]
    ('#indicator+value', '#meta+suppressed')
    """
    path = CONTRACTS_DIR / "results.yaml" if contract is None else Path(contract)
    return {**_contract_hashtags(path.resolve()), **EXTRA_HASHTAGS}


def hxl_frame(table: pd.DataFrame, hashtags: dict[str, str]) -> pd.DataFrame:
    """The table with its hashtag row on top, every cell as text (missing -> empty)."""
    tag_row = pd.DataFrame([[hashtags.get(c, "") for c in table.columns]], columns=table.columns)
    table = table.copy()
    for column in INTEGER_COLUMNS:
        if column in table.columns:
            values = pd.to_numeric(table[column], errors="coerce")
            if (values.dropna() % 1 == 0).all():
                table[column] = values.astype("Int64")
    body = table.astype(object).where(table.notna(), "")
    return pd.concat([tag_row, body], ignore_index=True)


def to_hxl_csv(
    table: pd.DataFrame | HasFrame,
    path: str | os.PathLike[str],
    *,
    options: DisclosureOptions | None = None,
    contract: Path | None = None,
) -> Path:
    """Write ``table`` after disclosure control as CSV with an HXL hashtag row; return the path.

    The file HDX expects: the column names, then a row of HXL hashtags (from
    data_contracts/results.yaml and, for disclosure's columns, ``EXTRA_HASHTAGS``), then the
    rows, formula-safe (a cell starting with ``=`` cannot run in a spreadsheet).

    Parameters
    ----------
    table : pandas.DataFrame or object with ``to_frame()``
        A results table. Disclosure control is applied first (idempotent).
    path : str or os.PathLike
        Where to write; parent folders are created.
    options : DisclosureOptions, optional
        Disclosure thresholds.
    contract : pathlib.Path, optional
        Another results contract to take the hashtags from.

    Returns
    -------
    pathlib.Path
        The file written.

    See Also
    --------
    read_hxl_csv : read it back; evidence.ingest.read_hdx_csv : read any HDX file.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> import evidence as ev
    >>> from evidence.synth import synthesize
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.05)
    >>> raw = ev.compute(ev.load_catalogue(), data, country="COL", period="2023-12",
    ...                  dataset="integration_survey", indicators=["prop_employed"],
    ...                  disclosure=ev.DisclosureOptions(min_count=0, proportion_standard="none"))
    >>> path = ev.to_hxl_csv(raw, pathlib.Path(tempfile.mkdtemp()) / "COL.results.csv")
    >>> path.read_text().splitlines()[1].split(",")[:3]
    ['#indicator+code', '#country+code', '#date+period']
    """
    published = apply_disclosure(_as_frame(table), options)
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    # Formula-safe (evidence.csv_safety): an HDX user opening the file runs no formula.
    write_csv(hxl_frame(published, results_hashtags(contract)), target, index=False)
    return target


def read_hxl_csv(path: str | os.PathLike[str]) -> pd.DataFrame:
    """Read a CSV written by ``to_hxl_csv`` back into a results table (hashtag row dropped).

    Parameters
    ----------
    path : str or os.PathLike

    Returns
    -------
    pandas.DataFrame
        Numeric, boolean and text columns typed back.

    Raises
    ------
    UnreadableFileError
        Not a CSV, or no hashtag row under the header.

    See Also
    --------
    evidence.ingest.read_hdx_csv : any publisher's HXL file, matched to a contract.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from evidence.disclosure import to_hxl_csv, DisclosureOptions
    >>> from evidence.synth import synthesize
    >>> from evidence import compute, load_catalogue
    >>> data = synthesize("integration_survey", "COL", "2023-12", seed=1, scale=0.05)
    >>> results = compute(load_catalogue(), data, country="COL", period="2023-12",
    ...                   dataset="integration_survey", indicators=["prop_employed"])
    >>> path = to_hxl_csv(results, pathlib.Path(tempfile.mkdtemp()) / "COL.csv")
    >>> back = read_hxl_csv(path)
    >>> len(back) == len(results.to_frame()), back["estimate"].dtype.kind
    (True, 'f')
    """
    source = Path(path)
    try:
        raw = restore_formulas(pd.read_csv(source, dtype=str, keep_default_na=False))
    except (OSError, pd.errors.ParserError, UnicodeDecodeError) as error:
        raise UnreadableFileError(f"{source}: not a readable CSV ({error})") from error
    if raw.empty or not any(str(v).startswith("#") for v in raw.iloc[0]):
        raise UnreadableFileError(
            f"{source}, row 1: expected the HXL hashtag row (cells starting with '#') under "
            "the header; export the table with evidence.disclosure.to_hxl_csv"
        )
    frame = raw.iloc[1:].reset_index(drop=True)
    for column in frame.columns:
        text = frame[column]
        if column in BOOLEAN_COLUMNS:
            frame[column] = text.str.lower().eq("true")
        elif column in TEXT_COLUMNS:
            frame[column] = text.astype("string")
        elif column in NUMERIC_COLUMNS:
            frame[column] = pd.to_numeric(text.replace("", None), errors="coerce").astype(float)
        else:
            numeric = pd.to_numeric(text.replace("", None), errors="coerce")
            # A column is numeric when every non-empty cell parsed as a number.
            if numeric.notna().sum() == (text != "").sum() and (text != "").any():
                frame[column] = numeric.astype(float)
            else:
                frame[column] = text.replace("", None).astype("string")
    return frame
