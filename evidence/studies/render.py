"""Render an executed study notebook to HTML and PDF with Quarto, or pandoc and Typst.

The engine is Quarto where the ``quarto`` CLI is on PATH, else pandoc (pypandoc-binary) for
HTML and pandoc → Typst → PDF with the ``typst`` package: the engines Quarto itself uses.
Either way the input is the same Markdown document built by ``present.py`` (code hidden,
figures as files, tables as pipe tables), with a title block in the study's language.
"""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml

from evidence.countries import get_country
from evidence.display.params import Format, StudyParameters
from evidence.display.text import escape_markdown
from evidence.errors import OptionError, StudyError
from evidence.i18n import period_label, translate
from evidence.studies.present import present_notebook

RenderEngine = Literal["quarto", "pandoc+typst"]
EngineOption = Literal["auto", "quarto", "pandoc+typst"]
ENGINES: tuple[EngineOption, ...] = ("auto", "quarto", "pandoc+typst")
ASSETS = Path(__file__).resolve().parent / "assets"


def choose_engine(option: str = "auto") -> RenderEngine:
    """Quarto where its CLI is installed (or when asked for), else pandoc + Typst."""
    if option not in ENGINES:
        raise OptionError(f"unknown render engine {option!r}; allowed: {', '.join(ENGINES)}")
    if option == "pandoc+typst":
        return "pandoc+typst"
    if shutil.which("quarto"):
        return "quarto"
    if option == "quarto":
        raise StudyError("render engine 'quarto' asked for but the quarto CLI is not on PATH")
    return "pandoc+typst"


@dataclass(frozen=True)
class TitleBlock:
    """What the reader sees first: title, subtitle (period) and the date of the build."""

    title: str
    subtitle: str
    date: str
    language: str

    def front_matter(self, extra: Mapping[str, object] | None = None) -> str:
        """YAML front matter; values are escaped so pandoc reads them as plain text."""
        meta: dict[str, object] = {
            "title": escape_markdown(self.title),
            "subtitle": escape_markdown(self.subtitle),
            "date": escape_markdown(self.date),
            "lang": self.language,
            **(extra or {}),
        }
        return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def title_block(params: StudyParameters, today: dt.date | None = None) -> TitleBlock:
    language = params.language
    place = (
        get_country(params.country).name(language)
        if params.country
        else translate("report.region", language)
    )
    study = translate(f"study.{params.study}.title", language)
    day = (today or dt.date.today()).isoformat()
    return TitleBlock(
        title=translate("report.title", language, study=study, country=place),
        subtitle=translate(
            "report.subtitle",
            language,
            period_label=period_label(params.period, language),
            period=params.period,
        ),
        date=translate("report.date", language, date=day),
        language=language,
    )


def render_study(
    executed: Path,
    params: StudyParameters,
    formats: tuple[Format, ...],
    engine: RenderEngine,
    folder: Path,
) -> dict[Format, Path]:
    """Render the executed notebook into ``folder``; the path of each format asked for."""
    import nbformat

    notebook = nbformat.read(executed, as_version=4)
    presentation = present_notebook(notebook, params.language)
    block = title_block(params)
    body = presentation.write(folder, f"{params.study}.body")
    if engine == "quarto":
        from evidence.studies.quarto import render_with_quarto

        return render_with_quarto(body, block, formats, folder / params.study)
    from evidence.studies.pandoc import render_with_pandoc

    return render_with_pandoc(body, block, formats, folder / params.study)
