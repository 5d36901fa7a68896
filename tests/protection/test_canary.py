"""Canary: recognisable fake personal data in every personal field never leaves data/raw.

Synthetic raw data for two countries (COL as CSV, PER as Parquet) get canary values in every
`pii: true` field of every dataset: fake names, phone numbers, MAC addresses and identifiers,
plus document numbers in a column the contract does not know. Some rows are made to fail
(a bad code beside the canaries, a personal field that breaks its pattern, a repeated personal
identifier, a ragged CSV line, a whole file refused for an unknown column), so canaries sit in
rows that pass and in rows that are quarantined. Then ingest (API and command line) and, in
the slow test, the studies of both countries as HTML and PDF. Every file produced (curated
Parquet, quarantine rows, failures, notebooks, HTML, PDF text, manifest, logs, results and HXL
CSVs) and the command's output are scanned: zero occurrences. The canaries are checked to be
in the raw files first, so the test can fail.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from evidence.cli import app
from evidence.contracts import Contract, list_contracts, load_contract
from evidence.ingest.pseudonym import hmac_hex
from evidence.synth import write_synthetic

PERIOD = "2023-12"
COUNTRIES = ("COL", "PER")
KEY = "canary-test-key"
DOCUMENT_COLUMN = "documento_identidad"


class Canaries:
    """Canary values by field, consistent across datasets (so foreign keys still join)."""

    def __init__(self) -> None:
        self.by_field: dict[str, dict[str, str]] = {}
        self.values: set[str] = set()

    def value(self, field: str, original: str, country: str) -> str:
        mapping = self.by_field.setdefault(field, {})
        if original not in mapping:
            i = len(mapping) + 1
            mapping[original] = self._make(field, i, country)
            self.values.add(mapping[original])
        return mapping[original]

    def extra(self, value: str) -> str:
        self.values.add(value)
        return value

    @staticmethod
    def _make(field: str, i: int, country: str) -> str:
        if field == "device_id":
            return f"ca:fe:{(i >> 16) & 255:02x}:{(i >> 8) & 255:02x}:{i & 255:02x}:42"
        if field == "phone":
            return f"+58 412 555{i:04d}"
        if field.endswith("_name"):
            return f"Zoraida Canaryeva {i}"
        if field == "household_id":
            return f"{country}-H9{i:05d}"
        if field == "caregiver_id":
            return f"{country}-C9{i:05d}"
        if field == "student_id":
            return f"{country}-A99{i:05d}"
        return f"CANARY{field.upper()}{i:06d}"


def personal_contracts() -> list[Contract]:
    contracts = [load_contract(name) for name in list_contracts() if name != "results"]
    return [c for c in contracts if any(f.pii for f in c.fields)]


def raw_path(root: Path, dataset: str, country: str) -> Path:
    folder = root / "raw" / dataset / PERIOD
    return next(folder.glob(f"{country}.*"))


def read_raw(path: Path) -> pd.DataFrame:
    if path.suffix == ".parquet":
        return pd.read_parquet(path).astype(object)
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def plant(root: Path, canaries: Canaries) -> None:
    """Canaries in every personal field; faults beside them; PER delivered as Parquet."""
    for country in COUNTRIES:
        for contract in personal_contracts():
            path = raw_path(root, contract.name, country)
            frame = read_raw(path)
            for field in (f for f in contract.fields if f.pii and f.name in frame):
                frame[field.name] = [
                    canaries.value(field.name, str(v), country) if str(v) not in ("", "nan") else v
                    for v in frame[field.name]
                ]
            frame = _with_faults(frame, contract, canaries)
            path.unlink()
            if country == "PER":
                frame.astype(str).to_parquet(path.with_suffix(".parquet"), index=False)
            else:
                frame.to_csv(path.with_suffix(".csv"), index=False)
                _append_ragged_line(path.with_suffix(".csv"), canaries)
    # Document numbers in a column no contract knows: the whole file is refused.
    path = raw_path(root, "integration_survey", "PER")
    frame = read_raw(path)
    frame[DOCUMENT_COLUMN] = [canaries.extra(f"V-{27_000_000 + i}") for i in range(len(frame))]
    frame.astype(str).to_parquet(path, index=False)


def _with_faults(frame: pd.DataFrame, contract: Contract, canaries: Canaries) -> pd.DataFrame:
    frame = frame.copy()
    # Row 0: a bad code in a non-personal field; the personal canaries ride along.
    coded = next(
        f.name
        for f in contract.fields
        if not f.pii and f.name in frame and (f.constraints.enum or f.constraints.pattern)
    )
    frame.loc[0, coded] = "zzz-invalid"
    # Row 1: a personal field that breaks its pattern, with a canary value.
    patterned = [f for f in contract.fields if f.pii and f.constraints.pattern and f.name in frame]
    for field in patterned:
        frame.loc[1, field.name] = canaries.extra(f"CANARY-BAD-{contract.name}-{field.name}")
    # Rows 2 and 3: the same primary key (a personal identifier, when it is one).
    for column in contract.primary_key:
        frame.loc[2, column] = frame.loc[3, column]
    return frame


def _append_ragged_line(path: Path, canaries: Canaries) -> None:
    name = canaries.extra("Zoraida Canaryeva Ragged")
    phone = canaries.extra("+58 412 5559999")
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"{name},{phone}\n")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("EVIDENCE_PSEUDONYM_KEY", KEY)
    root = tmp_path_factory.mktemp("store") / "data"
    write_synthetic(PERIOD, seed=5, scale=0.02, countries=COUNTRIES, root=root, error_rate=0)
    canaries = Canaries()
    plant(root, canaries)
    result = CliRunner().invoke(
        app, ["ingest", "--period", PERIOD, "--countries", ",".join(COUNTRIES), "--root", str(root)]
    )
    yield {"root": root, "canaries": canaries, "output": result.output, "exit": result.exit_code}
    monkeypatch.undo()


# Every canary has one of these shapes (checked below), so a scan needs no list of values.
CANARY_SHAPES = (
    r"ca:fe:[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}:42",  # MAC addresses
    r"\+58 412 555\d{4}",  # phone numbers
    r"Canaryeva",  # names
    r"CANARY",  # survey and enumerator identifiers, bad values
    r"(?:COL|PER)-(?:H9\d{5}|C9\d{5}|A99\d{5})",  # household, caregiver, student codes
    r"V-27\d{6}",  # document numbers
)


def pattern_of(canaries: Canaries) -> re.Pattern[str]:
    pattern = re.compile("|".join(CANARY_SHAPES), re.IGNORECASE)
    assert all(pattern.search(value) for value in canaries.values)
    return pattern


def file_text(path: Path) -> str:
    if path.suffix == ".parquet":
        table = pq.read_table(path).to_pandas()
        return table.astype(str).to_csv(index=False) + " ".join(map(str, table.columns))
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return path.read_bytes().decode("utf-8", errors="replace")


def leaks(folder: Path, pattern: re.Pattern[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        hits = pattern.findall(file_text(path))
        if hits:
            found[str(path)] = sorted(set(hits))[:5]
    return found


def test_the_canaries_are_in_the_raw_data(store: dict[str, object]) -> None:
    root, canaries = Path(str(store["root"])), store["canaries"]
    assert isinstance(canaries, Canaries)
    assert len(canaries.values) > 1000
    raw_hits = leaks(root / "raw", pattern_of(canaries))
    datasets = {Path(p).parts[-3] for p in raw_hits}
    assert datasets == {c.name for c in personal_contracts()}
    assert any(p.endswith(".parquet") for p in raw_hits) and any(
        p.endswith(".csv") for p in raw_hits
    )


def test_ingest_outputs_hold_no_canary(store: dict[str, object]) -> None:
    root, canaries = Path(str(store["root"])), store["canaries"]
    assert isinstance(canaries, Canaries)
    assert store["exit"] == 1  # the file with the unknown column is refused
    output = str(store["output"])
    assert "Traceback" not in output
    pattern = pattern_of(canaries)
    produced = [p for p in root.iterdir() if p.name != "raw"]
    assert {p.name for p in produced} >= {"curated", "quarantine"}
    found = {}
    for folder in produced:
        found.update(leaks(folder, pattern))
    assert found == {}
    assert pattern.findall(output) == []
    # Quarantine really holds rows of every personal dataset, in both formats.
    quarantined = sorted((root / "quarantine").rglob("*.csv"))
    rows = [p for p in quarantined if not p.name.endswith(".failures.csv")]
    assert {p.parts[-3] for p in rows} == {c.name for c in personal_contracts()}
    assert {p.stem for p in rows} == set(COUNTRIES)


def test_quarantine_shows_the_pseudonym_curated_data_use(store: dict[str, object]) -> None:
    root, canaries = Path(str(store["root"])), store["canaries"]
    assert isinstance(canaries, Canaries)
    rows = pd.read_csv(root / "quarantine" / "students" / PERIOD / "COL.csv", dtype=str)
    assert (rows["student_name"].dropna() == "[withheld: personal or unknown column]").all()
    curated = pd.read_parquet(root / "curated" / "students" / f"period={PERIOD}")
    known = set(curated["student_id"]) | set(
        hmac_hex(KEY.encode(), [v.encode() for v in canaries.values])
    )
    assert set(rows["student_id"].dropna()) <= known
    assert "student_name" not in curated.columns


def test_validate_shows_no_canary(store: dict[str, object]) -> None:
    root, canaries = Path(str(store["root"])), store["canaries"]
    assert isinstance(canaries, Canaries)
    pattern = pattern_of(canaries)
    for contract in personal_contracts():
        for country in COUNTRIES:
            path = raw_path(root, contract.name, country)
            result = CliRunner().invoke(app, ["validate", str(path), "--dataset", contract.name])
            assert result.exit_code == 1, result.output  # every file has failing rows
            assert "Traceback" not in result.output
            assert pattern.findall(result.output) == [], (path, result.output[:2000])


@pytest.mark.slow
def test_studies_of_two_countries_hold_no_canary(
    store: dict[str, object], tmp_path: Path, evidence_kernel: str
) -> None:
    from evidence.studies import run_period

    root, canaries = Path(str(store["root"])), store["canaries"]
    assert isinstance(canaries, Canaries)
    reports = tmp_path / "reports"
    report = run_period(
        PERIOD,
        countries=",".join(COUNTRIES),
        studies="movement,risks,integration",
        formats="html,pdf",
        jobs=2,
        root=root,
        reports_dir=reports,
        progress=False,
    )
    built = [r for r in report.records if r.status == "built"]
    assert len(built) >= 5, report.summary()
    kinds = {p.suffix for p in reports.rglob("*") if p.is_file()}
    assert {".html", ".pdf", ".ipynb", ".json", ".log", ".csv"} <= kinds  # .csv: results, HXL
    assert leaks(reports, pattern_of(canaries)) == {}
    # No study prints where the server keeps its data (the parameters table shows "data").
    assert not [p for p in reports.rglob("*.html") if str(root) in p.read_text(encoding="utf-8")]
