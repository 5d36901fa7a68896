"""Study parameters are checked before any kernel starts, with the allowed values named."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from evidence.cli import app
from evidence.errors import OptionError
from evidence.studies import parse_formats, parse_studies, run_period, study_parameters


def test_defaults_fill_the_language_from_the_country(tmp_path: Path) -> None:
    params = study_parameters("movement", country="bra", period="2023-12", data_root=tmp_path)
    assert params.country == "BRA"
    assert params.language == "pt"
    assert params.key == "BRA/movement"
    assert params.notebook_parameters()["country"] == "BRA"
    regional = study_parameters("regional", country=None, period="2023-12", data_root=tmp_path)
    assert regional.place == "regional/es" and regional.key == "regional/es/regional"
    english = study_parameters("regional", period="2023-12", language="en", data_root=tmp_path)
    assert english.place == "regional/en"
    assert "country" not in regional.notebook_parameters()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"study": "movement", "country": "VEN", "period": "2023-12"}, "allowed: ARG, ABW"),
        ({"study": "movement", "country": "COL", "period": "2023-13"}, "YYYY-MM"),
        (
            {"study": "movement", "country": "COL", "period": "2023-12", "language": "fr"},
            "es, pt, en",
        ),
        (
            {"study": "moves", "country": "COL", "period": "2023-12"},
            "movement, risks, integration, regional",
        ),
        ({"study": "movement", "country": None, "period": "2023-12"}, "needs a country"),
        ({"study": "regional", "country": "COL", "period": "2023-12"}, "covers every country"),
        ({"study": "risks", "country": "COL", "period": "2023-12", "figure_dpi": 5}, "figure_dpi"),
    ],
)
def test_bad_parameters_are_option_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(OptionError, match=message):
        study_parameters(**kwargs)


def test_study_and_format_lists() -> None:
    assert parse_studies("all") == ("movement", "risks", "integration", "regional")
    assert parse_studies("regional,movement") == ("movement", "regional")
    assert parse_formats("pdf") == ("pdf",)
    with pytest.raises(OptionError, match="allowed: html, pdf"):
        parse_formats("docx")
    with pytest.raises(OptionError, match="unknown study"):
        parse_studies("movement,dropout")


def test_run_rejects_bad_options_before_doing_anything(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    with pytest.raises(OptionError, match="unknown country 'XXX'"):
        run_period("2023-12", countries="COL,XXX", root=tmp_path, reports_dir=reports)
    assert not reports.exists()


def test_cli_run_exits_2_with_the_allowed_values(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "run",
            "--period",
            "2023-12",
            "--studies",
            "moves",
            "--root",
            str(tmp_path),
            "--reports-dir",
            str(tmp_path / "r"),
        ],
    )
    assert result.exit_code == 2
    assert "movement, risks, integration, regional" in result.output
