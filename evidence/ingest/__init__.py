"""Ingestion: raw files → validated, pseudonymised, curated Parquet, rejected rows quarantined.

>>> from evidence.ingest import ingest_period
>>> report = ingest_period("2023-12", countries=["COL", "PER"])
>>> report.ok, report.to_frame()  # one row per file: rows_in, accepted, quarantined, status
"""

from __future__ import annotations

from evidence.ingest.detect import FileFormat, detect_format
from evidence.ingest.file import ingest_file
from evidence.ingest.hdx import HdxTable, match_hxl_columns, read_hdx_csv
from evidence.ingest.pseudonym import (
    KEY_ENV,
    KEY_FILE_ENV,
    pseudonym_key,
    pseudonymise,
)
from evidence.ingest.read import RawTable, open_raw, read_raw
from evidence.ingest.report import FileResult, IngestReport
from evidence.ingest.run import dataset_order, ingest_period
from evidence.ingest.validate_file import validate_file

__all__ = [
    "KEY_ENV",
    "KEY_FILE_ENV",
    "FileFormat",
    "FileResult",
    "HdxTable",
    "IngestReport",
    "RawTable",
    "dataset_order",
    "detect_format",
    "ingest_file",
    "ingest_period",
    "match_hxl_columns",
    "open_raw",
    "pseudonym_key",
    "pseudonymise",
    "read_hdx_csv",
    "read_raw",
    "validate_file",
]
