"""Which entries of a raw period folder are ingested, and why the others are not.

Nothing under data/raw/<dataset>/<period>/ is passed over in silence: a file in another format
(.xls, .txt, .csv.gz), a sub-folder, a special file and a symbolic link that leads out of
data/raw are each returned with the reason, for the ingest report. Links that stay inside
data/raw are followed.
"""

from __future__ import annotations

from pathlib import Path

RAW_SUFFIXES: tuple[str, ...] = (".csv", ".xlsx", ".parquet")


def raw_files(folder: Path) -> list[Path]:
    """Raw files of one dataset and period that can be ingested, sorted (see raw_listing)."""
    return raw_listing(folder, folder)[0]


def raw_listing(folder: Path, raw_root: Path) -> tuple[list[Path], list[tuple[Path, str]]]:
    """(files to ingest, [(entry, why it is not ingested)]) of one dataset and period folder.

    Nothing under the folder is passed over in silence: a file in another format (.xls, .txt,
    .csv.gz), a sub-folder, a special file and a symbolic link that leads out of `raw_root`
    (data/raw) are each returned with the reason, for the ingest report. Links that stay inside
    data/raw are followed.
    """
    if not folder.is_dir():
        return [], []
    root = raw_root.resolve()
    files: list[Path] = []
    refused: list[tuple[Path, str]] = []
    for entry in sorted(folder.iterdir()):
        if not entry.resolve().is_relative_to(root):
            # The entry or a folder above it is a link out of data/raw (to a system file...).
            refused.append(
                (entry, "a symbolic link that leads outside data/raw; copy the file in instead")
            )
            continue
        if entry.is_dir():
            refused.append((entry, "a folder inside a period folder; raw files go directly in it"))
        elif not entry.is_file():
            refused.append((entry, "not a regular file (a device, pipe or broken link)"))
        elif entry.suffix.lower() not in RAW_SUFFIXES or "." in entry.stem:
            refused.append(
                (entry, "unsupported file type; deliver <ISO3>.csv, <ISO3>.xlsx or <ISO3>.parquet")
            )
        else:
            files.append(entry)
    return files, refused
