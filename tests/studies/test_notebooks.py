"""The study notebooks are thin: a parameters cell, narrative, calls into evidence, no outputs."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from evidence.paths import NOTEBOOKS_DIR
from evidence.studies import STUDIES, study_parameters

NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))


def test_one_notebook_per_study() -> None:
    assert sorted(path.stem for path in NOTEBOOKS) == sorted(STUDIES)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_outputs_are_not_committed(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], f"{path.name}: strip outputs before committing"
            assert cell.execution_count is None, f"{path.name}: strip execution counts"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_is_thin(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == "evidence"
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    tagged = [cell for cell in code if "parameters" in cell.metadata.get("tags", [])]
    assert len(tagged) == 1 and code[0] is tagged[0], "the first code cell holds the parameters"
    for cell in code:
        tree = ast.parse(cell.source)
        for node in ast.walk(tree):
            assert not isinstance(
                node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda
            ), f"{path.name}: define functions in the library, not in the notebook"
            if isinstance(node, ast.Import | ast.ImportFrom):
                modules = (
                    [node.module]
                    if isinstance(node, ast.ImportFrom)
                    else [alias.name for alias in node.names]
                )
                assert all(str(m).split(".")[0] == "evidence" for m in modules), path.name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameter_defaults_are_valid(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    values: dict[str, object] = {}
    exec(notebook.cells[[c.cell_type for c in notebook.cells].index("code")].source, {}, values)
    params = study_parameters(path.stem, **values)  # type: ignore[arg-type]
    assert params.period == "2023-12"
