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
