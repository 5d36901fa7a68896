"""Guards of the study runner and the command line: named errors and documented exit codes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evidence.cli import app
from evidence.countries import parse_countries
from evidence.errors import OptionError, StudyError
from evidence.paths import display_path
from evidence.periods import check_period
from evidence.studies import parse_formats, parse_studies, run_period
from evidence.studies.index import write_index
from evidence.studies.manifest import write_manifest


@pytest.mark.parametrize("period", ["2023-12\n", "2023-12 ", " 2023-12", "2023-1", "2023-13"])
def test_a_period_must_be_exactly_yyyy_mm(period: str) -> None:
    with pytest.raises(OptionError, match="YYYY-MM"):
        check_period(period)


@pytest.mark.parametrize("spec", ["", " ", ",", " , "])
def test_an_empty_selection_is_an_error_never_all(spec: str) -> None:
    with pytest.raises(OptionError, match="no country"):
        parse_countries(spec)
    with pytest.raises(OptionError, match="no study"):
        parse_studies(spec)
    with pytest.raises(OptionError, match="no format"):
        parse_formats(spec)
    assert len(parse_countries("all")) == 17


@pytest.mark.parametrize("option", ["--countries", "--studies", "--formats"])
def test_the_command_line_refuses_an_empty_list_with_exit_2(option: str, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["run", "--period", "2023-12", option, "", "--reports-dir", str(tmp_path)]
    )
    assert result.exit_code == 2, result.output
    assert "OptionError" in result.output
    assert not (tmp_path / "2023-12").exists()  # the run did not start


def unwritable(tmp_path: Path) -> Path:
    """A reports folder nobody can write to (as root, a path through a regular file)."""
    if os.geteuid() == 0:
        blocker = tmp_path / "reports"
        blocker.write_text("not a folder")
        return blocker
    folder = tmp_path / "reports"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    return folder


def test_an_unwritable_reports_folder_is_a_named_error_and_exit_2(tmp_path: Path) -> None:
    reports = unwritable(tmp_path)
    with pytest.raises(StudyError, match="cannot write to the reports folder"):
        run_period("2023-12", countries="COL", studies="movement", reports_dir=reports)
    result = CliRunner().invoke(
        app,
        ["run", "--period", "2023-12", "--countries", "COL", "--studies", "movement",
         "--reports-dir", str(reports), "--no-progress"],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "StudyError: cannot write to the reports folder" in result.output
    assert "Traceback" not in result.output


def test_index_and_manifest_have_the_mode_of_every_other_output(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        manifest = write_manifest(tmp_path, "2023-12", {}, {})
        index = write_index(tmp_path, "2023-12", {})
        study = tmp_path / "study.html"
        study.write_text("<p>study</p>")
    finally:
        os.umask(previous)
    modes = {stat.S_IMODE(p.stat().st_mode) for p in (manifest, index, study)}
    assert modes == {0o644}
    assert not list(tmp_path.glob(".*.tmp"))


def test_display_path_never_shows_the_server_layout(tmp_path: Path) -> None:
    root = tmp_path / "srv" / "data"
    assert display_path(root / "curated" / "x.parquet", root) == "data/curated/x.parquet"
    assert display_path(root, root) == "data"
    assert display_path("/etc/passwd", root) == "passwd"
    assert str(tmp_path) not in display_path(root / "raw", root)
