"""Read HXL-tagged CSVs as HDX serves them and match their columns to a contract by hashtag.

HDX files carry a second header row of HXL hashtags (``#adm1+name``, ``#affected+idps``; see
https://hxlstandard.org/). Column names differ from one publisher to the next; the hashtags
are the stable part. Each contract field declares its hashtag (``hxl:`` in data_contracts/),
so a column is matched to a field by name when the names agree, otherwise by hashtag. HXL
compares hashtags without regard to case or to the order of the attributes
(``#adm1+code+origin`` is ``#adm1+origin+code``); here a column matches a field only when the
attribute sets are equal, because an extra attribute usually means another quantity
(``#affected+idps+m`` counts men, not all IDPs). The match table says, for every column of
the file, which field it became, how (``name`` or ``hashtag``) or why it did not, and
:meth:`HdxTable.validate` runs the contract's checks on the matched columns.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from evidence.contracts.model import Contract, load_contract
from evidence.contracts.report import ValidationReport
from evidence.contracts.validate import validate_frame
from evidence.csv_safety import restore_formulas
from evidence.errors import UnreadableFileError

_PART = re.compile(r"^[a-z][a-z0-9_]*$")
MATCH_COLUMNS: tuple[str, ...] = ("column", "hashtag", "field", "matched_by", "status", "message")


def parse_hashtag(tag: str) -> tuple[str, frozenset[str]] | None:
    """An HXL tag as (hashtag, attributes), lower-cased; None when it is not a valid tag.

    Parameters
    ----------
    tag : str
        A cell of the hashtag row, e.g. ``"#affected +IDPs"``.

    Returns
    -------
    tuple of (str, frozenset of str), or None
        The hashtag with its ``#`` and the set of attributes without their ``+``.

    Examples
    --------
    >>> parse_hashtag("#adm1 +Name")
    ('#adm1', frozenset({'name'}))
    >>> parse_hashtag("admin1") is None
    True
    """
    text = re.sub(r"\s+", "", str(tag)).lower()
    if not text.startswith("#"):
        return None
    hashtag, *attributes = text[1:].split("+")
    if not _PART.match(hashtag) or not all(_PART.match(a) for a in attributes):
        return None
    return f"#{hashtag}", frozenset(attributes)


def _same_tag(a: str, b: str) -> bool:
    parsed_a, parsed_b = parse_hashtag(a), parse_hashtag(b)
    return parsed_a is not None and parsed_a == parsed_b


def match_hxl_columns(
    columns: list[str], hashtags: list[str], contract: Contract | str
) -> pd.DataFrame:
    """Match a file's columns to a contract's fields: by name first, then by HXL hashtag.

    Parameters
    ----------
    columns : list of str
        The file's column names (its first header row).
    hashtags : list of str
        The file's hashtag row, one cell per column (empty where a column has no tag).
    contract : Contract or str
        The contract (or its name in data_contracts/) whose fields declare ``hxl`` tags.

    Returns
    -------
    pandas.DataFrame
        One row per file column, in file order, with ``column``, ``hashtag``, ``field`` (the
        contract field it matched, or empty), ``matched_by`` (``name``, ``hashtag`` or
        empty) and ``status``: ``matched``; ``tag_differs`` (matched by name, but its tag is
        not the contract's); ``ambiguous`` (several columns carry the field's tag);
        ``invalid_tag``; ``unmatched``. ``message`` says what to do.

    Examples
    --------
    >>> m = match_hxl_columns(
    ...     ["admin0Pcode", "date", "idps_m"], ["#country+code", "#date", "#affected+idps+m"],
    ...     "flow_counts",
    ... )
    >>> m[["column", "field", "matched_by", "status"]].to_dict("records")[1]
    {'column': 'date', 'field': 'date', 'matched_by': 'name', 'status': 'matched'}
    >>> m["status"].tolist()
    ['unmatched', 'matched', 'unmatched']
    """
    resolved = load_contract(contract) if isinstance(contract, str) else contract
    if len(columns) != len(hashtags):
        raise UnreadableFileError(
            f"{len(columns)} column names but {len(hashtags)} hashtag cells: the hashtag row "
            "must have one cell per column (empty for an untagged column)"
        )
    tags = ["" if pd.isna(t) else str(t).strip() for t in hashtags]
    rows = {
        c: {"column": c, "hashtag": t, "field": "", "matched_by": "", "status": "", "message": ""}
        for c, t in zip(columns, tags, strict=True)
    }
    for column, tag in zip(columns, tags, strict=True):
        if tag and parse_hashtag(tag) is None:
            rows[column]["status"] = "invalid_tag"
            rows[column]["message"] = (
                f"{tag!r} is not an HXL hashtag (#tag+attribute, letters, digits and _)"
            )
    taken: set[str] = set()
    for field in resolved.fields:
        if field.name in rows and not rows[field.name]["field"]:
            row = rows[field.name]
            row.update(field=field.name, matched_by="name")
            taken.add(field.name)
            if field.hxl and row["hashtag"] and not _same_tag(row["hashtag"], field.hxl):
                row["status"] = "tag_differs"
                row["message"] = (
                    f"tagged {row['hashtag']}; contract '{resolved.name}' says {field.hxl}"
                )
            else:
                row["status"] = "matched"
                row["message"] = ""
    for field in resolved.fields:
        if field.name in taken or not field.hxl:
            continue
        same = [c for c in columns if c not in taken and _same_tag(rows[c]["hashtag"], field.hxl)]
        if len(same) == 1:
            rows[same[0]].update(field=field.name, matched_by="hashtag", status="matched")
            taken.add(same[0])
        elif len(same) > 1:
            for column in same:
                rows[column]["status"] = "ambiguous"
                rows[column]["message"] = (
                    f"{len(same)} columns are tagged {field.hxl} (field {field.name!r}): "
                    f"rename the one to use to {field.name!r}"
                )
    for row in rows.values():
        if not row["status"]:
            row["status"] = "unmatched"
            row["message"] = f"no field of contract '{resolved.name}' has this name or hashtag"
    return pd.DataFrame(list(rows.values()), columns=list(MATCH_COLUMNS))


@dataclass(frozen=True)
class HdxTable:
    """An HDX file read against a contract: the matched columns and how each was matched.

    Attributes
    ----------
    frame : pandas.DataFrame
        The matched columns renamed to their contract field names, cells as text, in
        contract order (what :func:`evidence.contracts.validate_frame` expects).
    matches : pandas.DataFrame
        One row per column of the file (see :func:`match_hxl_columns`).
    missing_fields : tuple of str
        Contract fields no column matched (required ones make :meth:`validate` fail).
    contract : Contract
        The contract the file was read against.
    path : str
        Where the file was read from.

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"pcode": ["#loc+code", "COL-S001"], "note": ["#meta", "x"]})
    >>> table = hdx_table(raw, "flow_counts")
    >>> table.unmatched_columns, table.to_frame()["matched_by"].tolist()
    (('note',), ['hashtag', ''])
    >>> print(table.summary().splitlines()[1])
    columns not matched: note
    """

    frame: pd.DataFrame
    matches: pd.DataFrame
    missing_fields: tuple[str, ...]
    contract: Contract
    path: str = ""

    @property
    def unmatched_columns(self) -> tuple[str, ...]:
        """Columns of the file that became no field (unmatched, ambiguous or invalid tag)."""
        kept = self.matches["field"] != ""
        return tuple(self.matches.loc[~kept, "column"])

    @property
    def tag_problems(self) -> pd.DataFrame:
        """Rows of :attr:`matches` whose tag is invalid, ambiguous or not the contract's."""
        bad = self.matches["status"].isin(["tag_differs", "ambiguous", "invalid_tag"])
        return self.matches[bad].reset_index(drop=True)

    def validate(self) -> ValidationReport:
        """Check the matched columns against the contract (types, codelists, ranges, keys)."""
        return validate_frame(self.frame, self.contract, file=self.path)

    def to_frame(self) -> pd.DataFrame:
        """The match table: one row per column of the file."""
        return self.matches.copy()

    def summary(self) -> str:
        """Plain-text account of the match: counts, unmatched columns, missing fields."""
        matched = int((self.matches["field"] != "").sum())
        lines = [
            f"{self.path or 'HDX table'} against contract '{self.contract.name}': "
            f"{len(self.frame)} rows, {matched} of {len(self.matches)} columns matched "
            f"({int((self.matches['matched_by'] == 'hashtag').sum())} by hashtag)",
            f"columns not matched: {', '.join(self.unmatched_columns) or 'none'}",
            f"contract fields not found: {', '.join(self.missing_fields) or 'none'}",
        ]
        lines += [f"  {r.column}: {r.message}" for r in self.tag_problems.itertuples()]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        head = self.summary().splitlines()[0]
        return f"<p>{head}</p>" + self.matches.to_html(index=False)


def hdx_table(raw: pd.DataFrame, contract: Contract | str, path: str = "") -> HdxTable:
    """Match a frame read as text, whose first row holds the hashtags, to a contract.

    Parameters
    ----------
    raw : pandas.DataFrame
        The file as text: column names from the first header row, its first row the hashtag
        row. Not modified.
    contract : Contract or str
        The contract, or its name in data_contracts/.
    path : str, optional
        Where the rows came from, for messages.

    Returns
    -------
    HdxTable

    Raises
    ------
    UnreadableFileError
        When the first row holds no hashtag (no cell starting with ``#``).

    Examples
    --------
    >>> import pandas as pd
    >>> raw = pd.DataFrame({"pcode": ["#loc+code", "COL-S001"], "day": ["#date", "2023-12-01"]})
    >>> t = hdx_table(raw, "flow_counts")
    >>> t.frame.columns.tolist(), t.frame.iloc[0].tolist()
    (['site_id', 'date'], ['COL-S001', '2023-12-01'])
    >>> "entries" in t.missing_fields
    True
    """
    resolved = load_contract(contract) if isinstance(contract, str) else contract
    if raw.empty or not any(str(v).strip().startswith("#") for v in raw.iloc[0]):
        where = path or "the table"
        raise UnreadableFileError(
            f"{where}, row 2: expected the HXL hashtag row (cells starting with '#') under the "
            "column names, as HDX serves tagged files; for a plain CSV use "
            "evidence.ingest.validate_file"
        )
    columns = [str(c) for c in raw.columns]
    matches = match_hxl_columns(columns, [str(v) for v in raw.iloc[0]], resolved)
    body = raw.iloc[1:].reset_index(drop=True)
    renamed = {r.column: r.field for r in matches.itertuples() if r.field}
    order = [f.name for f in resolved.fields if f.name in renamed.values()]
    frame = body[list(renamed)].rename(columns=renamed)[order]
    missing = tuple(f.name for f in resolved.fields if f.name not in renamed.values())
    return HdxTable(frame, matches, missing, resolved, path)


def read_hdx_csv(path: str | os.PathLike[str], contract: Contract | str) -> HdxTable:
    """Read an HXL-tagged CSV (a second header row of hashtags) against a contract.

    The HDX counterpart of :func:`evidence.disclosure.read_hxl_csv`, which reads back only
    the library's own results tables: this reads any publisher's tagged file and matches its
    columns to ``contract`` by name or hashtag (see :func:`match_hxl_columns`).

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file (UTF-8, optionally with a byte-order mark).
    contract : Contract or str
        The contract, or its name in data_contracts/.

    Returns
    -------
    HdxTable
        ``frame`` (matched columns as text, renamed to the contract), ``matches``,
        ``unmatched_columns``, ``missing_fields``; ``validate()`` runs the contract's checks.

    Raises
    ------
    UnreadableFileError
        When the file cannot be read as CSV or has no hashtag row.
    ContractError
        When ``contract`` names no contract.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> _ = (folder / "counts.csv").write_text(
    ...     "Point,Day,In,Out,Through,Women,Kids,Notes\\n"
    ...     "#loc+code,#date,#population+entries,#population+exits,#population+transit,"
    ...     "#population+f+adults,#population+children,#meta+notes\\n"
    ...     "COL-S001,2023-12-01,10,4,2,5,3,\\n"
    ... )
    >>> table = read_hdx_csv(folder / "counts.csv", "flow_counts")
    >>> table.unmatched_columns
    ('Notes',)
    >>> table.validate().ok
    True
    """
    source = Path(path)
    try:
        raw = pd.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as e:
        raise UnreadableFileError(f"{source}: not a readable CSV ({e})") from e
    return hdx_table(restore_formulas(raw), contract, str(source))
