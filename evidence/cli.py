"""The `evidence` command: synth, validate, ingest, release-check and run.

This is an I/O edge: it parses options, calls the library and turns outcomes into exit codes.
Imports of the heavy sub-packages happen inside each command so `evidence --help` is fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from evidence.errors import EvidenceError

app = typer.Typer(
    help="evidence: research and evidence for the response to displacement from Venezuela.",
    no_args_is_help=True,
    add_completion=False,
)

PeriodOpt = Annotated[str, typer.Option(help="Reporting period, YYYY-MM.")]
RootOpt = Annotated[
    Path | None,
    typer.Option(help="Data root (default: $EVIDENCE_DATA or data/ at the project root)."),
]
CountriesOpt = Annotated[
    str, typer.Option(help="Comma-separated ISO3 codes (e.g. COL,PER) or 'all'.")
]


def _fail(error: EvidenceError) -> None:
    typer.secho(f"error: {type(error).__name__}: {error}", fg=typer.colors.RED, err=True)
    raise typer.Exit(code=2)


@app.command()
def synth(
    period: PeriodOpt = "2023-12",
    seed: Annotated[int, typer.Option(help="Random seed: same seed, identical files.")] = 0,
    scale: Annotated[float, typer.Option(help="Multiply every dataset's size.")] = 1.0,
    countries: CountriesOpt = "all",
    root: RootOpt = None,
    months: Annotated[
        int, typer.Option(help="Consecutive months ending with --period (trend + weekly cycle).")
    ] = 1,
    risk_jumps: Annotated[
        int, typer.Option(help="Jumps in reported risks to plant per country and month.")
    ] = 0,
) -> None:
    """Generate the embedded default data (every dataset, every country) into data/raw."""
    from evidence.countries import parse_countries
    from evidence.synth import write_synthetic

    try:
        report = write_synthetic(
            period=period,
            seed=seed,
            scale=scale,
            countries=parse_countries(countries),
            root=root,
            months=months,
            risk_jumps=risk_jumps,
        )
    except EvidenceError as error:
        _fail(error)
    typer.echo(report.summary())


@app.command()
def validate(
    file: Annotated[Path, typer.Argument(help="A raw file (.csv, .xlsx or .parquet).")],
    dataset: Annotated[str, typer.Option(help="The dataset whose contract applies.")],
) -> None:
    """Validate one file against its data contract; print every failure; exit 1 if any."""
    from evidence.contracts import load_contract
    from evidence.ingest import validate_file
    from evidence.ingest.protect import protect_report
    from evidence.ingest.pseudonym import pseudonym_key

    try:
        report = validate_file(file, dataset)
        # Personal values are shown as their pseudonyms or masked, as in quarantine.
        report = protect_report(report, load_contract(dataset), pseudonym_key())
    except EvidenceError as error:
        _fail(error)
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(code=1)


@app.command()
def ingest(
    period: PeriodOpt = "2023-12",
    countries: CountriesOpt = "all",
    root: RootOpt = None,
) -> None:
    """Validate, pseudonymise and curate every raw file of a period; quarantine failing rows."""
    from evidence.countries import parse_countries
    from evidence.ingest import ingest_period

    try:
        report = ingest_period(period=period, countries=parse_countries(countries), root=root)
    except EvidenceError as error:
        _fail(error)
    typer.echo(report.summary())
    if not report.files:  # nothing to ingest is never a success for a scheduled run
        typer.secho("error: no raw file found to ingest", fg=typer.colors.RED, err=True)
    if not report.ok or not report.files:
        raise typer.Exit(code=1)


@app.command("release-check")
def release_check(
    dataset: Annotated[
        str, typer.Argument(help="A curated dataset name, or a .csv/.parquet microdata file.")
    ],
    keys: Annotated[str, typer.Option(help="Key variables (quasi-identifiers), comma-separated.")],
    weight: Annotated[
        str | None, typer.Option(help="Sampling weight column (default: the contract's).")
    ] = None,
    period: Annotated[str | None, typer.Option(help="Period of a curated dataset.")] = None,
    countries: CountriesOpt = "all",
    threshold: Annotated[float, typer.Option(help="Highest global risk allowed.")] = 0.03,
    report: Annotated[
        Path | None, typer.Option(help="Write the key combinations with fk, Fk, risk (CSV).")
    ] = None,
    root: RootOpt = None,
) -> None:
    """Re-identification risk of a microdata release (sdcMicro); exit 1 above 3 % global risk."""
    from evidence.disclosure.release import check_release

    try:
        result = check_release(
            dataset,
            keys=keys,
            weight=weight,
            period=period,
            countries=countries,
            threshold=threshold,
            report=report,
            root=root,
        )
    except EvidenceError as error:
        _fail(error)
    typer.echo(result.summary())
    if result.refused:
        raise typer.Exit(code=1)


@app.command()
def run(
    period: PeriodOpt = "2023-12",
    countries: CountriesOpt = "all",
    studies: Annotated[
        str, typer.Option(help="movement,risks,integration,regional (comma-separated) or 'all'.")
    ] = "all",
    formats: Annotated[str, typer.Option(help="html,pdf (comma-separated) or 'all'.")] = "html,pdf",
    jobs: Annotated[int, typer.Option(help="Studies built at once on a local process pool.")] = 1,
    scheduler: Annotated[
        str | None, typer.Option(help="Address of a Dask scheduler to run the studies on.")
    ] = None,
    force: Annotated[bool, typer.Option(help="Rebuild studies that are up to date.")] = False,
    root: RootOpt = None,
    reports_dir: Annotated[
        Path | None, typer.Option(help="Where reports/<period>/ goes (default: reports/).")
    ] = None,
    engine: Annotated[
        str, typer.Option(help="Render engine: auto (quarto if on PATH), quarto, pandoc+typst.")
    ] = "auto",
    log_file: Annotated[
        Path | None, typer.Option(help="Log file (default: reports/<period>/run-<time>.log).")
    ] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar.")] = True,
) -> None:
    """Execute and render every country's studies for a period (exit 1 if any failed)."""
    from evidence.studies import run_period

    try:
        report = run_period(
            period,
            countries=countries,
            studies=studies,
            formats=formats,
            jobs=jobs,
            scheduler=scheduler,
            force=force,
            root=root,
            reports_dir=reports_dir,
            engine=engine,
            log_file=log_file,
            progress=progress,
        )
    except EvidenceError as error:
        _fail(error)
    typer.echo(report.summary())
    if not report.ok:
        raise typer.Exit(code=1)


def main() -> None:
    app()


if __name__ == "__main__":
    main()


@app.command()
def flags(
    period: PeriodOpt = "2023-12",
    since: Annotated[
        str | None,
        typer.Option(help="Only flags still running on or after this date (YYYY-MM-DD)."),
    ] = None,
    countries: CountriesOpt = "all",
    root: RootOpt = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="Print the flags as JSON records.")
    ] = False,
) -> None:
    """Red flags of a period with their reasons; exit 1 when there are flags (for alerts)."""
    from evidence.countries import parse_countries
    from evidence.movement import flags as red_flags

    try:
        frame = red_flags(period, since=since, countries=parse_countries(countries), root=root)
    except EvidenceError as error:
        _fail(error)
    if json_out:
        typer.echo(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    elif len(frame):
        shown = [c for c in ("country", "signal", "site_id", "peak_date", "reason") if c in frame]
        typer.echo(frame[shown].to_string(index=False))
    else:
        typer.echo(f"no red flags for {period}")
    missing = frame.attrs.get("missing_signals", [])
    if missing:
        typer.echo(f"no data for: {', '.join(missing)}", err=True)
    raise typer.Exit(code=1 if len(frame) else 0)
