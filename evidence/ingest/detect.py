"""What a raw file is: its kind (csv, xlsx, parquet), text encoding and CSV delimiter.

Field offices deliver CSV from Excel and Kobo in UTF-8, UTF-8 with a byte-order mark, or a
Windows code page (cp1252/Latin-1), separated by `,` or `;` (Spanish and Portuguese locales).
A file that is not a table at all (empty, binary, an HTML error page saved as .csv, UTF-8 that
was already decoded once as Latin-1) is refused here with an UnreadableFileError that says
what it looks like and what to do, before any row is parsed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from evidence.errors import UnreadableFileError

FileKind = Literal["csv", "xlsx", "parquet"]

_BLOCK = 1 << 22  # bytes decoded at a time when checking a whole file's encoding
_SAMPLE = 1 << 16  # bytes looked at for the delimiter and for garbage
DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
_MOJIBAKE = re.compile("[ÃÂ][\u0080-\u00bf]")
_MARKUP = ("<!doctype", "<html", "<?xml", "<head", "<body", "<table")


@dataclass(frozen=True)
class FileFormat:
    """How a raw file is written: its kind and, for CSV, its encoding and delimiter.

    What detect_format finds, so that files delivered in a country's locale (cp1252, ``;``
    with decimal commas) are read without conversion by hand.

    Parameters
    ----------
    kind : {"csv", "xlsx", "parquet"}
    encoding : str, optional
        CSV only: utf-8-sig, utf-16, utf-8, cp1252 or latin-1.
    delimiter : str, optional
        CSV only: the field separator.

    Attributes
    ----------
    decimal : {".", ","}
        Decimal separator of number cells: "," when fields are separated by ";".

    Examples
    --------
    >>> FileFormat("csv", "cp1252", ";").decimal, FileFormat("parquet").decimal
    (',', '.')
    """

    kind: FileKind
    encoding: str | None = None  # csv only
    delimiter: str | None = None  # csv only

    @property
    def decimal(self) -> Literal[".", ","]:
        # Locales that separate fields with ";" write decimals with ",".
        return "," if self.delimiter == ";" else "."


def detect_format(path: Path) -> FileFormat:
    """Kind, encoding and delimiter of a raw file; UnreadableFileError if it is not a table.

    Parameters
    ----------
    path : pathlib.Path

    Returns
    -------
    FileFormat
        ``kind`` (csv, xlsx, parquet), ``encoding``, ``delimiter``.

    Raises
    ------
    UnreadableFileError
        Empty, unreadable or not a table (the message says which).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "counts.csv"
    >>> _ = path.write_text("site_id;date\\nCOL-S001;2023-12-01\\n")
    >>> detect_format(path)
    FileFormat(kind='csv', encoding='utf-8', delimiter=';')
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(_SAMPLE)
    except OSError as error:
        raise UnreadableFileError(f"{path}: cannot be opened ({error.strerror})") from None
    if size == 0:
        raise UnreadableFileError(f"{path}: the file is empty (0 bytes); deliver it again")
    if head.startswith(b"PAR1"):
        return FileFormat("parquet")
    if head.startswith(b"PK\x03\x04"):
        return FileFormat("xlsx")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise UnreadableFileError(f"{path}: a legacy Excel .xls workbook; save it as .xlsx or .csv")
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        raise UnreadableFileError(f"{path}: not a Parquet file (no PAR1 header); export it again")
    if suffix == ".xlsx":
        raise UnreadableFileError(f"{path}: not an .xlsx workbook (not a zip archive)")
    encoding = detect_encoding(path, head)
    sample = _decode_sample(head, encoding)
    _refuse_non_tables(path, sample)
    return FileFormat("csv", encoding, sniff_delimiter(sample))


def detect_encoding(path: Path, head: bytes) -> str:
    """utf-8-sig, utf-16, utf-8, cp1252 or latin-1: the first that decodes the whole file."""
    if head.startswith(codecs.BOM_UTF8):
        _check_decodes(path, "utf-8-sig")
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        _check_decodes(path, "utf-16")
        return "utf-16"
    for encoding in ("utf-8", "cp1252"):
        try:
            _check_decodes(path, encoding)
            return encoding
        except UnicodeDecodeError:
            continue
    # Latin-1 decodes any byte string; _refuse_non_tables catches binary read this way.
    _check_decodes(path, "latin-1")
    return "latin-1"


def _check_decodes(path: Path, encoding: str) -> None:
    """Raise UnicodeDecodeError if the file is not in this encoding; refuse NUL bytes."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    offset = 0
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            if encoding != "utf-16" and b"\x00" in block:
                at = offset + block.index(b"\x00")
                raise UnreadableFileError(
                    f"{path}: NUL byte at offset {at}: a binary file, or text in UTF-16 "
                    "without a byte-order mark; export it again as UTF-8 CSV"
                )
            decoder.decode(block)
            offset += len(block)
        decoder.decode(b"", final=True)


def _decode_sample(head: bytes, encoding: str) -> str:
    # The sample may end inside a multi-byte character: decode leniently and drop the tail.
    text = head.decode(encoding, errors="ignore")
    return text.lstrip("\ufeff")


def _refuse_non_tables(path: Path, sample: str) -> None:
    start = sample.lstrip().lower()
    if start.startswith(_MARKUP) or "<html" in start[:2048]:
        raise UnreadableFileError(
            f"{path}: an HTML/XML page, not a table (a failed download or a login page saved "
            "as .csv?); download the export again"
        )
    if start.startswith(("{", "[")):
        raise UnreadableFileError(f"{path}: JSON, not a table; export it as CSV")
    if sample:
        odd = sum(
            1
            for ch in sample
            if unicodedata.category(ch) in ("Cc", "Co", "Cn", "Cs") and ch not in "\t\r\n"
        )
        if odd / len(sample) > 0.005:
            raise UnreadableFileError(
                f"{path}: {odd} control characters in the first {len(sample)}: binary content "
                "or an unknown encoding; export it again as UTF-8 CSV"
            )
    if len(_MOJIBAKE.findall(sample)) >= 3:
        raise UnreadableFileError(
            f"{path}: text such as 'Ã¡' for 'á': UTF-8 that was decoded as Latin-1 and saved "
            "again; export it again from the original as UTF-8"
        )


def sniff_delimiter(sample: str) -> str:
    """The candidate delimiter that splits the first lines into the same number (> 1) of fields."""
    lines = sample.splitlines()
    if len(lines) > 1:
        lines = lines[:-1]  # the last line of a sample may be cut
    lines = lines[:50]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
        except csv.Error:
            continue
        if not rows or len(rows[0]) < 2:
            continue
        width = len(rows[0])
        consistent = sum(1 for row in rows if len(row) == width)
        score = (consistent, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best
