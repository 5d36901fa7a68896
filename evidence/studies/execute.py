"""Execute one study notebook with papermill in the ``evidence`` kernel.

The executed notebook is written where the caller says (a staging folder): the published
one is only replaced once rendering has also succeeded. Kernel start is not reported by
papermill, so it is measured as the wall time of the run minus the time spent in cells
(it includes kernel start-up, shut-down and notebook I/O).
"""

from __future__ import annotations

import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from evidence.display.params import StudyParameters
from evidence.studies.kernel import KERNEL_NAME, use_this_library_in_kernels


@dataclass(frozen=True)
class Execution:
    """The executed notebook and how long each part took; ``error`` is None on success."""

    notebook: Path
    kernel_seconds: float
    execution_seconds: float
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


def _cell_seconds(notebook: Path) -> float:
    import nbformat

    if not notebook.exists():
        return 0.0
    executed = nbformat.read(notebook, as_version=4)
    return float(
        sum(
            (cell.get("metadata", {}).get("papermill", {}).get("duration") or 0.0)
            for cell in executed.cells
        )
    )


def describe_failure(error: BaseException) -> str:
    """A readable error: the notebook cell's exception for a failed cell, else a traceback."""
    from papermill.exceptions import PapermillExecutionError

    if isinstance(error, PapermillExecutionError):
        return f"cell {error.exec_count}: {error.ename}: {error.evalue}"
    return "".join(traceback.format_exception_only(type(error), error)).strip()


def execute_notebook(
    source: Path,
    target: Path,
    params: StudyParameters,
    *,
    kernel_name: str = KERNEL_NAME,
    start_timeout: int = 120,
    execution_timeout: int | None = 1800,
) -> Execution:
    """Run ``source`` with the study's parameters into ``target``; failures are returned."""
    import papermill

    use_this_library_in_kernels()
    target.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    error: str | None = None
    try:
        papermill.execute_notebook(
            str(source),
            str(target),
            parameters=params.notebook_parameters(),
            kernel_name=kernel_name,
            progress_bar=False,
            # Notebooks run from their own folder, as they do when opened in JupyterLab.
            cwd=str(source.parent),
            start_timeout=start_timeout,
            execution_timeout=execution_timeout,
            # The kernel's own log (e.g. its warning about TCP transport) is noise on the
            # console of a 50-study run; cell errors still come back through the protocol.
            extra_arguments=["--IPKernelApp.log_level=ERROR"],
        )
    except Exception as failure:
        error = describe_failure(failure)
    wall = time.perf_counter() - started
    cells = _cell_seconds(target)
    return Execution(
        notebook=target,
        kernel_seconds=max(wall - cells, 0.0),
        execution_seconds=cells,
        error=error,
    )
