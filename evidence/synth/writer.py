"""``write_synthetic``: the embedded default data as raw files, one per dataset and country.

Writes data/raw/<dataset>/<period>/<ISO3>.csv (Parquet for wifi_sessions, written day by day
so tens of millions of rows never sit in memory at once) in the layouts of
evidence.synth.layout, with deliberate errors (evidence.synth.corrupt), and records what it
planted in data/synth/<period>/: injected_errors.csv, surges.csv and manifest.csv.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from evidence.countries import ISO3_CODES, get_country
from evidence.errors import OptionError
from evidence.paths import data_root, raw_dir, synth_dir
from evidence.periods import check_period
from evidence.synth.contract import in_contract_order
from evidence.synth.corrupt import INJECTED_COLUMNS, corrupt
from evidence.synth.flows import N_SURGES, site_day_flows, span_flows, surge_events
from evidence.synth.generate import (
    DATASETS,
    check_options,
    check_plants,
    consecutive_periods,
    synthesize_country,
)
from evidence.synth.layout import choice_layout, with_boolean_words, with_choice_columns, write_csv
from evidence.synth.portal import make_portal_forms
from evidence.synth.report import SynthReport
from evidence.synth.risk_jumps import EVENT_COLUMNS, plant_risk_jumps, risk_jump_events
from evidence.synth.sizes import sizes_for
from evidence.synth.wifi import wifi_days

DEFAULT_ERROR_RATE = 0.002
WIFI_SCHEMA = pa.schema(
    [
        ("session_id", pa.string()),
        ("device_id", pa.string()),
        ("site_id", pa.string()),
        ("start_time", pa.timestamp("us")),
        ("end_time", pa.timestamp("us")),
        ("connection_type", pa.string()),
        ("device_os", pa.string()),
        ("data_mb", pa.float64()),
        ("pages_visited", pa.string()),
    ]
)


def write_synthetic(
    period: str,
    seed: int = 0,
    scale: float = 1.0,
    countries: Sequence[str] = ISO3_CODES,
    root: Path | None = None,
    error_rate: float = DEFAULT_ERROR_RATE,
    jobs: int | None = None,
    *,
    months: int = 1,
    surges: int = N_SURGES,
    risk_jumps: int = 0,
) -> SynthReport:
    """Generate every dataset of every country in ``countries`` into data/raw.

    Same arguments, byte-identical files, whatever ``jobs``. ``error_rate`` is the share of
    rows of the leaf datasets that get one deliberately bad cell (0 for clean files).
    ``jobs`` countries are written at once in separate processes (default: two, the
    project's reference machine, when more than two countries are asked for).
    ``months`` > 1 writes the ``months`` consecutive periods ending with ``period`` (each in
    its own data/raw/<dataset>/<period>/ folder; flows with a known trend and weekly
    seasonality, see ``synthesize_country``); what was planted in all of them is recorded in
    data/synth/<period>/. ``surges`` and ``risk_jumps``: planted per country and period.

    This is the project's embedded default data (``evidence synth`` on the command line):
    raw files in the layouts, encodings and with the contract violations of real deliveries,
    so that ingest, validation and every model run end to end without real data.

    Parameters
    ----------
    period : str
        ``YYYY-MM`` (the last one when ``months`` > 1).
    seed : int, default 0
    scale : float, default 1.0
        Share of the default sizes.
    countries : sequence of str, default all 17 response countries
        ISO3 codes, any case; repeats are written once.
    root : pathlib.Path, optional
        Data folder (default: the project's data/ or ``$EVIDENCE_DATA``); files go to
        ``root/raw/<dataset>/<period>/`` and what was planted to ``root/synth/<period>/``
        (injected_errors.csv, surges.csv, manifest.csv, risk_jumps.csv).
    error_rate : float, default ``DEFAULT_ERROR_RATE``
        In [0, 0.5).
    jobs : int, optional
        Processes writing countries at once.
    months : int, default 1
    surges : int, default 3
    risk_jumps : int, default 0

    Returns
    -------
    SynthReport
        The files written (``files``, ``to_frame()``), the injected errors, planted surges
        and risk jumps.

    Raises
    ------
    OptionError
        A bad period, seed, scale, months, surges, risk_jumps, error_rate, jobs or country.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from evidence.synth import write_synthetic
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> report = write_synthetic("2023-12", seed=1, scale=0.02, countries=["ABW"], root=root)
    >>> set(report.files["country"]), "students" in set(report.files["dataset"])
    ({'ABW'}, True)
    >>> (root / "raw" / "students" / "2023-12" / "ABW.csv").is_file()
    True
    >>> (root / "synth" / "2023-12" / "injected_errors.csv").is_file()
    True
    """
    check_options(check_period(period), seed, scale)
    consecutive_periods(period, months)
    check_plants(surges, risk_jumps)
    if not 0 <= error_rate < 0.5:
        raise OptionError(f"error_rate must be in [0, 0.5), got {error_rate!r}")
    if jobs is not None and (not isinstance(jobs, int) or jobs < 1):
        raise OptionError(f"jobs must be a positive integer, got {jobs!r}")
    codes = list(dict.fromkeys(get_country(country).iso3 for country in countries))
    if jobs is None:
        jobs = min(2, os.cpu_count() or 1) if len(codes) > 2 else 1
    started = time.perf_counter()
    # Largest countries first, so the processes finish together.
    tasks = sorted(codes, key=lambda c: -get_country(c).stock_2023)
    arguments = [
        (country, period, seed, scale, root, error_rate, months, surges, risk_jumps)
        for country in tasks
    ]
    if jobs > 1:
        context = multiprocessing.get_context("spawn")  # no fork of a threaded process
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            outcomes = dict(zip(tasks, pool.map(_write_country, arguments), strict=True))
    else:
        outcomes = {
            country: _write_country(args) for country, args in zip(tasks, arguments, strict=True)
        }
    files: list[dict[str, object]] = []
    injected: list[pd.DataFrame] = []
    planted_surges, planted_jumps = [], []
    for country in codes:
        written, errors, planted, jumps = outcomes[country]
        files += sorted(written, key=lambda row: DATASETS.index(str(row["dataset"])))
        injected += errors
        planted_surges.append(planted)
        planted_jumps.append(jumps)
    report = SynthReport(
        period=period,
        seed=seed,
        scale=scale,
        error_rate=error_rate,
        root=data_root(root),
        seconds=time.perf_counter() - started,
        files=pd.DataFrame(files),
        injected=pd.concat(injected, ignore_index=True)
        if injected
        else pd.DataFrame(columns=INJECTED_COLUMNS),
        surges=pd.concat(planted_surges, ignore_index=True),
        risk_jumps=pd.concat(planted_jumps, ignore_index=True),
    )
    out = synth_dir(period, root)
    out.mkdir(parents=True, exist_ok=True)
    report.injected.to_csv(out / "injected_errors.csv", index=False, lineterminator="\n")
    report.surges.to_csv(
        out / "surges.csv", index=False, lineterminator="\n", date_format="%Y-%m-%d"
    )
    report.to_frame().to_csv(out / "manifest.csv", index=False, lineterminator="\n")
    report.risk_jumps.to_csv(
        out / "risk_jumps.csv", index=False, lineterminator="\n", date_format="%Y-%m-%d"
    )
    return report


def _write_country(
    arguments: tuple[str, str, int, float, Path | None, float, int, int, int],
) -> tuple[list[dict[str, object]], list[pd.DataFrame], pd.DataFrame, pd.DataFrame]:
    return write_country(*arguments)


def write_country(
    country: str,
    period: str,
    seed: int,
    scale: float,
    root: Path | None,
    error_rate: float,
    months: int = 1,
    surges: int = N_SURGES,
    risk_jumps: int = 0,
) -> tuple[list[dict[str, object]], list[pd.DataFrame], pd.DataFrame, pd.DataFrame]:
    """Every dataset of one country for ``period`` (and the ``months - 1`` before it):
    (file rows, injected errors, planted surges, planted risk jumps)."""
    periods = consecutive_periods(period, months)
    frames = synthesize_country(
        country,
        period,
        seed,
        scale,
        datasets=tuple(d for d in DATASETS if d not in ("wifi_sessions", "portal_forms")),
        months=months,
        surges=surges,
    )
    sites = frames["sites"]
    if months == 1:
        flows = site_day_flows(sites, period, seed, surges)
    else:
        flows = span_flows(sites, periods, seed, surges)
    reference = None if months == 1 else flows[flows["date"].dt.strftime("%Y-%m") == period]
    files: list[dict[str, object]] = []
    injected: list[pd.DataFrame] = []
    planted, jumps = [], []
    next_number = 1
    for p in periods:
        month = {
            name: _of_period(frame, name, p) if months > 1 else frame
            for name, frame in frames.items()
        }
        month_flows = flows if months == 1 else flows[flows["date"].dt.strftime("%Y-%m") == p]
        written, errors, surge_rows, jump_rows, next_number = _write_period(
            country, p, seed, scale, root, error_rate, month, sites,
            month_flows.reset_index(drop=True), reference, next_number, surges, risk_jumps,
        )  # fmt: skip
        files += written
        injected += errors
        planted.append(surge_rows)
        jumps.append(jump_rows)
    return files, injected, pd.concat(planted, ignore_index=True), pd.concat(jumps)


_PERIOD_COLUMNS = {
    "flow_counts": "date",
    "flow_survey": "interview_date",
    "integration_survey": "interview_date",
}


def _of_period(frame: pd.DataFrame, dataset: str, period: str) -> pd.DataFrame:
    column = _PERIOD_COLUMNS.get(dataset)
    if column is None:
        return frame
    return frame[frame[column].astype(str).str.startswith(period)].reset_index(drop=True)


def _write_period(
    country: str,
    period: str,
    seed: int,
    scale: float,
    root: Path | None,
    error_rate: float,
    frames: dict[str, pd.DataFrame],
    sites: pd.DataFrame,
    flows: pd.DataFrame,
    reference: pd.DataFrame | None,
    first_number: int,
    surges: int,
    risk_jumps: int,
) -> tuple[list[dict[str, object]], list[pd.DataFrame], pd.DataFrame, pd.DataFrame, int]:
    frames = dict(frames)
    planted = surge_events(sites, period, seed, surges)
    counts = frames["flow_counts"]
    # Surge rows are never corrupted: models are tested on recovering them from curated data.
    protected = {
        "flow_counts": (counts["site_id"] + counts["date"])
        .isin(planted["site_id"] + planted["date"].dt.strftime("%Y-%m-%d"))
        .to_numpy()
    }
    files, injected = [], []
    wifi_path, wifi_rows, wifi_errors, form_sessions = write_wifi(
        country, period, seed, scale, root, error_rate, sites,
        flows=flows, reference_flows=reference, first_number=first_number,
    )  # fmt: skip
    files.append(
        file_row(
            "wifi_sessions", country, wifi_rows, wifi_path, "parquet", "space_separated", "parquet"
        )
    )
    injected += wifi_errors
    forms = make_portal_forms(form_sessions, sites, period, seed)
    jumps = risk_jump_events(sites, period, seed, risk_jumps)
    if risk_jumps:
        forms = plant_risk_jumps(forms, jumps, period, seed)
    frames["portal_forms"] = in_contract_order(forms, "portal_forms")
    for dataset, frame in frames.items():
        raw = with_boolean_words(frame, dataset, country)
        raw, errors = corrupt(
            raw, dataset, country, error_rate, seed, (period,), protected.get(dataset)
        )
        layout = choice_layout(dataset, country)
        if layout == "choice_columns":
            raw = with_choice_columns(raw, dataset)
        path = raw_dir(dataset, period, root) / f"{country}.csv"
        encoding = write_csv(raw, path, country)
        files.append(file_row(dataset, country, len(raw), path, "csv", layout, encoding))
        injected.append(errors)
    return (
        files,
        [e for e in injected if len(e)],
        planted.assign(country=country)[["country", "site_id", "date", "multiplier"]],
        jumps.assign(country=country)[["country", *EVENT_COLUMNS]],
        first_number + wifi_rows,
    )


def write_wifi(
    country: str,
    period: str,
    seed: int,
    scale: float,
    root: Path | None,
    error_rate: float,
    sites: pd.DataFrame,
    *,
    flows: pd.DataFrame | None = None,
    reference_flows: pd.DataFrame | None = None,
    first_number: int = 1,
) -> tuple[Path, int, list[pd.DataFrame], pd.DataFrame]:
    """Sessions day by day into one Parquet file; the sessions that submitted a form."""
    path = raw_dir("wifi_sessions", period, root) / f"{country}.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    if flows is None:
        flows = site_day_flows(sites, period, seed)
    rows, errors, forms = 0, [], []
    days = wifi_days(
        sites, flows, sizes_for(country, scale).wifi_sessions, period, seed,
        reference_flows=reference_flows, first_number=first_number,
    )  # fmt: skip
    with pq.ParquetWriter(path, WIFI_SCHEMA, compression="zstd") as writer:
        for day_index, day in enumerate(days):
            chunk, bad = corrupt(
                day.sessions,
                "wifi_sessions",
                country,
                error_rate,
                seed,
                (period, day_index),
                first_row=rows + 1,
            )
            writer.write_table(
                pa.Table.from_pandas(chunk, schema=WIFI_SCHEMA, preserve_index=False)
            )
            rows += len(chunk)
            errors.append(bad)
            forms.append(day.form_sessions)
    return path, rows, [e for e in errors if len(e)], pd.concat(forms, ignore_index=True)


def file_row(
    dataset: str, country: str, rows: int, path: Path, file_format: str, layout: str, encoding: str
) -> dict[str, object]:
    return {
        "dataset": dataset,
        "country": country,
        "rows": rows,
        "path": str(path),
        "file_format": file_format,
        "choice_layout": layout,
        "encoding": encoding,
    }
