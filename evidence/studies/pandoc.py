"""HTML with pandoc and PDF with pandoc → Typst → ``typst.compile``, no Quarto needed.

pandoc comes from pypandoc-binary (``pypandoc.get_pandoc_path()``), Typst from the ``typst``
package, which embeds its default fonts (Libertinus Serif, New Computer Modern), so accents
render without system fonts. HTML is standalone with every resource embedded: figures become
``data:image/png;base64`` URIs and the stylesheet is inlined.
"""

from __future__ import annotations

import subprocess
from functools import cache
from pathlib import Path

from evidence.display.params import Format
from evidence.errors import StudyError
from evidence.studies.render import ASSETS, TitleBlock


@cache
def pandoc_path() -> str:
    import pypandoc

    return str(pypandoc.get_pandoc_path())


def _pandoc(args: list[str], cwd: Path) -> None:
    completed = subprocess.run(
        [pandoc_path(), *args], cwd=cwd, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        raise StudyError(f"pandoc failed ({completed.returncode}): {completed.stderr.strip()}")


def pandoc_html(body: Path, block: TitleBlock, target: Path) -> Path:
    source = body.with_suffix(".html.md")
    source.write_text(block.front_matter() + body.read_text(encoding="utf-8"), encoding="utf-8")
    _pandoc(
        [
            source.name,
            "--from=markdown",
            "--to=html5",
            "--standalone",
            "--embed-resources",
            f"--css={ASSETS / 'study.css'}",
            f"--lua-filter={ASSETS / 'study.lua'}",
            f"--resource-path={body.parent}",
            "--metadata=pagetitle:" + block.title,
            f"--output={target}",
        ],
        cwd=body.parent,
    )
    return target


def pandoc_pdf(body: Path, block: TitleBlock, target: Path) -> Path:
    import typst

    source = body.with_suffix(".typst.md")
    source.write_text(block.front_matter() + body.read_text(encoding="utf-8"), encoding="utf-8")
    typ = target.with_suffix(".typ")
    _pandoc(
        [
            source.name,
            "--from=markdown",
            "--to=typst",
            "--standalone",
            f"--lua-filter={ASSETS / 'study.lua'}",
            f"--include-in-header={ASSETS / 'study.typ'}",
            "--variable=papersize:a4",
            "--variable=fontsize:10pt",
            "--variable=page-numbering:1",
            "--variable=margin.x:2cm",
            "--variable=margin.y:2.2cm",
            f"--output={typ}",
        ],
        cwd=body.parent,
    )
    try:
        typst.compile(str(typ), output=str(target), root=str(body.parent))
    except Exception as error:
        raise StudyError(f"typst could not compile {typ.name}: {error}") from error
    return target


def render_with_pandoc(
    body: Path, block: TitleBlock, formats: tuple[Format, ...], stem: Path
) -> dict[Format, Path]:
    outputs: dict[Format, Path] = {}
    if "html" in formats:
        outputs["html"] = pandoc_html(body, block, stem.with_suffix(".html"))
    if "pdf" in formats:
        outputs["pdf"] = pandoc_pdf(body, block, stem.with_suffix(".pdf"))
    return outputs
