"""The Jupyter kernel studies run in: ``evidence``, installed into this environment.

Notebooks name the kernel ``evidence`` so they never run in a stray interpreter. The Makefile
installs it (``python -m ipykernel install --sys-prefix --name evidence``); the runner checks
it exists before starting any study and says how to install it if not.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from evidence.errors import StudyError
from evidence.paths import PACKAGE_DIR

KERNEL_NAME = "evidence"


def find_kernel(name: str = KERNEL_NAME) -> Path | None:
    from jupyter_client.kernelspec import KernelSpecManager

    found = KernelSpecManager().find_kernel_specs()
    return Path(found[name]) if name in found else None


def check_kernel(name: str = KERNEL_NAME) -> Path:
    """The kernel's folder; a StudyError saying how to install it when it is missing."""
    path = find_kernel(name)
    if path is None:
        raise StudyError(
            f"Jupyter kernel {name!r} is not installed; run `make env`, or "
            f"`{sys.executable} -m ipykernel install --sys-prefix --name {name}`"
        )
    return path


def install_kernel(name: str = KERNEL_NAME, prefix: str = sys.prefix) -> Path:
    """Install the kernel for this interpreter into ``prefix`` (what `make env` does)."""
    from ipykernel.kernelspec import install

    return Path(install(kernel_name=name, display_name="Python (evidence)", prefix=prefix))


def use_this_library_in_kernels() -> None:
    """Make kernels started from this process import the same ``evidence`` as the runner.

    A kernel inherits the environment of the process that starts it. An editable install maps
    ``evidence`` to one checkout; putting this package's parent first on PYTHONPATH makes a
    worktree or a moved checkout run its own code in the kernel too, so the library version
    recorded in the manifest is the one that ran. Idempotent, so concurrent workers agree.
    """
    source = str(PACKAGE_DIR.parent)
    current = os.environ.get("PYTHONPATH", "")
    parts = [part for part in current.split(os.pathsep) if part]
    if not parts or parts[0] != source:
        os.environ["PYTHONPATH"] = os.pathsep.join([source, *[p for p in parts if p != source]])


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def share_cores_between_kernels(jobs: int, cpus: int | None = None) -> dict[str, str]:
    """Give each of ``jobs`` concurrent study kernels its share of the cores.

    Kernels inherit this process's environment. Without a limit every kernel's OpenMP and BLAS
    pools (scikit-learn's gradient boosting, numpy) start one thread per core, so ``jobs``
    kernels run ``jobs × cores`` spinning threads: on a busy 2-core machine a dropout
    cross-validation took 191 s instead of 6 s. A value the user set is left alone. Returns
    the variables set.
    """
    share = max(1, (cpus or os.cpu_count() or 1) // max(1, jobs))
    chosen = {name: str(share) for name in THREAD_VARIABLES if name not in os.environ}
    os.environ.update(chosen)
    return chosen
