"""Property tests: for any table, rows in = accepted + quarantined, and nothing raises but a
named error (a report or a failed-file result, never a traceback)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from evidence.contracts import load_contract, validate_frame
from evidence.errors import EvidenceError
from evidence.ingest import ingest_period
from tests.ingest.rawdata import FIXTURE_CONTRACTS, PERIOD, write_raw

SURVEY = load_contract("flow_survey", FIXTURE_CONTRACTS)

# Per column: valid cells, cells that break a rule, and arbitrary text.
CELLS = {
    "survey_id": ["S1", "S2", "S3", "S1", ""],
    "site_id": ["COL-001", "COL-002", "COL-999", ""],
    "interview_date": ["2023-12-01", "2023-12-31", "2019-01-01", "2023-02-30", "01/12/2023", ""],
    "started_at": ["2023-12-01T08:30", "2023-12-01 08:30:00", "2023-12-01T08:30Z", "noon", ""],
    "city": ["Bogotá", "São Paulo", "Cúcuta", "", 'a;b,"c"'],
    "sex": ["female", "male", "other", "F", ""],
    "age": ["0", "34", "120", "121", "-1", "3.5", "x", ""],
    "pregnant": ["sí", "no", "sim", "não", "true", "0", "maybe", ""],
    "needs": ["food", "food health", "water  shelter", "pets", "", "food food"],
    "mac_address": ["aa:bb:cc:dd:ee:ff", "", "not-a-mac"],
}


def cell(column: str) -> st.SearchStrategy[str]:
    free = st.text(
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=8
    )
    return st.one_of(st.sampled_from(CELLS[column]), free)


@st.composite
def survey_tables(draw: st.DrawFn) -> pd.DataFrame:
    rows = draw(st.integers(min_value=0, max_value=12))
    columns = draw(st.lists(st.sampled_from(list(CELLS)), min_size=1, unique=True))
    data = {c: [draw(cell(c)) for _ in range(rows)] for c in columns}
    return pd.DataFrame(data, columns=columns, dtype=object)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=survey_tables())
def test_validate_frame_reports_every_row_it_rejects(table: pd.DataFrame) -> None:
    report = validate_frame(table, SURVEY)
    rows = report.failures["row"].dropna()
    assert rows.between(1, len(table)).all()
    assert report.ok == report.failures.empty
    assert set(report.failures["rule"]) <= {
        "type", "required", "enum", "minimum", "maximum", "pattern", "primary_key", "unique",
        "missing_column", "unknown_column", "empty_row", "choice_layout", "no_rows",
    }  # fmt: skip


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=survey_tables(), sep=st.sampled_from([",", ";"]), encoding=st.sampled_from(
    ["utf-8", "utf-8-sig", "cp1252"]
))  # fmt: skip
def test_ingest_accounts_for_every_row(table: pd.DataFrame, sep: str, encoding: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        sites = pd.DataFrame(
            {"site_id": ["COL-001", "COL-002"], "site_type": ["border", "shelter"]}
        )
        write_raw(root, "sites", "COL", sites)
        path = root / "raw" / "flow_survey" / PERIOD / "COL.csv"
        path.parent.mkdir(parents=True)
        try:
            path.write_bytes(table.to_csv(index=False, sep=sep).encode(encoding))
        except UnicodeEncodeError:
            path.write_bytes(table.to_csv(index=False, sep=sep).encode("utf-8"))
        try:
            report = ingest_period(PERIOD, ["COL"], root=root, contracts_dir=FIXTURE_CONTRACTS)
        except EvidenceError:  # pragma: no cover - a named error is an allowed answer
            return
        result = next(r for r in report.files if r.dataset == "flow_survey")
        assert result.rows_in == result.accepted + result.quarantined
        if result.status == "failed":
            assert result.error.split(":")[0] in ("ContractError", "UnreadableFileError")
            assert result.accepted == 0
            return
        curated = root / "curated" / "flow_survey" / f"period={PERIOD}" / "country=COL"
        stored = pd.read_parquet(curated) if result.accepted else pd.DataFrame()
        assert len(stored) == result.accepted
        quarantine = root / "quarantine" / "flow_survey" / PERIOD / "COL.csv"
        if result.quarantined:
            assert len(pd.read_csv(quarantine, dtype=str)) == result.quarantined
        else:
            assert not quarantine.exists()
