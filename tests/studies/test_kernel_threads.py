"""Concurrent study kernels share the cores (evidence.studies.kernel.share_cores_between_kernels):
each kernel's OpenMP/BLAS pools get cores // jobs threads, and a value the user set wins."""

from __future__ import annotations

import pytest

from evidence.studies.kernel import THREAD_VARIABLES, share_cores_between_kernels


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in THREAD_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.mark.parametrize(
    ("jobs", "cpus", "share"), [(1, 2, "2"), (2, 2, "1"), (3, 2, "1"), (2, 8, "4")]
)
def test_each_kernel_gets_its_share(
    clean_env: pytest.MonkeyPatch, jobs: int, cpus: int, share: str
) -> None:
    chosen = share_cores_between_kernels(jobs, cpus)
    assert chosen == dict.fromkeys(THREAD_VARIABLES, share)
    import os

    assert all(os.environ[name] == share for name in THREAD_VARIABLES)


def test_a_value_the_user_set_is_kept(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("OMP_NUM_THREADS", "3")
    chosen = share_cores_between_kernels(2, 2)
    import os

    assert "OMP_NUM_THREADS" not in chosen and os.environ["OMP_NUM_THREADS"] == "3"
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
