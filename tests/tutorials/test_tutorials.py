"""The tutorials (notebooks/tutorials/*.ipynb) run, start to end, on the embedded default data.

Each is executed in the ``evidence`` kernel with nbclient, in a temporary working folder; a
cell that raises, or any output on stderr (a traceback, a warning), fails the test. The
notebooks are kept as a reader first meets them: outputs stripped, a title and narrative
before code, short code cells. Study notebooks have their own, stricter rules
(tests/studies/test_notebooks.py); tutorials may import matplotlib and pandas.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from evidence.paths import NOTEBOOKS_DIR
from evidence.studies.kernel import KERNEL_NAME, check_kernel, use_this_library_in_kernels

TUTORIALS_DIR = NOTEBOOKS_DIR / "tutorials"
TUTORIALS = sorted(TUTORIALS_DIR.glob("*.ipynb"))
MAX_CODE_LINES = 15
CELL_TIMEOUT_SECONDS = 300


def test_the_six_tutorials_are_there() -> None:
    assert [path.stem[:2] for path in TUTORIALS] == ["01", "02", "03", "04", "05", "06"]


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_tutorial_is_stored_stripped_and_reads_narrative_first(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata["kernelspec"]["name"] == KERNEL_NAME
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# Tutorial ")
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        assert cell.outputs == [], f"{path.name}: strip outputs before committing"
        assert cell.execution_count is None, f"{path.name}: strip execution counts"
        lines = cell.source.count("\n") + 1
        assert lines <= MAX_CODE_LINES, f"{path.name}: a code cell of {lines} lines; keep it short"


@pytest.mark.parametrize("path", TUTORIALS, ids=lambda p: p.stem)
def test_tutorial_runs_without_error_or_warning(
    path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nbclient import NotebookClient

    check_kernel()
    use_this_library_in_kernels()  # the kernel imports this checkout's evidence
    # One BLAS/OpenMP thread per kernel: on a shared 2-core machine gradient boosting with a
    # thread per core is many times slower than with one (oversubscription).
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    monkeypatch.setenv("EVIDENCE_DATA", str(tmp_path / "data"))  # never the project's data/
    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(
        notebook,
        timeout=CELL_TIMEOUT_SECONDS,
        kernel_name=KERNEL_NAME,
        resources={"metadata": {"path": str(tmp_path)}},
    )
    client.execute()  # raises CellExecutionError, with the cell and traceback, on an error
    for number, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            assert output.output_type != "error", f"{path.name} cell {number}: {output}"
            if output.output_type == "stream":
                assert output.name == "stdout", (
                    f"{path.name} cell {number} wrote to stderr:\n{output.text}"
                )
