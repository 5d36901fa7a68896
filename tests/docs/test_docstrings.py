"""Every public name has a numpy-style docstring with an Examples section, and the examples run.

Public: what ``evidence.__all__`` and the subpackages' ``__all__`` export (callables and
classes; constants and subpackages are documented by their module's docstring). A function's
docstring has ``Parameters`` (when it takes any) and ``Returns`` (unless it returns None)
sections and ``Examples`` whose doctests pass; a class's has ``Examples``.

``undocumented.txt`` lists the public names still without such a docstring: new public names
may not be added to it, and a name documented since must be removed from it (the test says so),
so the list only shrinks.
"""

from __future__ import annotations

import doctest
import inspect
import itertools
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.docs.public_api import public_objects

PENDING_FILE = Path(__file__).with_name("undocumented.txt")
PENDING = {
    line.split("#")[0].strip()
    for line in PENDING_FILE.read_text().splitlines()
    if line.split("#")[0].strip()
}
OBJECTS = dict(public_objects())


def _section(doc: str, title: str) -> bool:
    lines = doc.splitlines()
    return any(
        a.strip() == title and set(b.strip()) == {"-"} and len(b.strip()) >= len(title) - 1
        for a, b in itertools.pairwise(lines)
    )


def docstring_problems(obj: Any) -> list[str]:
    """What a public object's docstring lacks (empty list: none)."""
    doc = inspect.getdoc(obj) or ""
    if not doc.strip():
        return ["no docstring"]
    if obj.__doc__ is None or (inspect.isclass(obj) and "__doc__" not in vars(obj)):
        return ["docstring inherited, not its own"]
    problems = []
    if not _section(doc, "Examples") or ">>>" not in doc:
        problems.append("no Examples section with a >>> example")
    if inspect.isfunction(obj):
        signature = inspect.signature(obj)
        if signature.parameters and not _section(doc, "Parameters"):
            problems.append("no Parameters section")
        if signature.return_annotation not in (None, "None") and not _section(doc, "Returns"):
            problems.append("no Returns section")
    return problems


@pytest.mark.parametrize("name", sorted(set(OBJECTS) - PENDING))
def test_public_name_has_numpy_docstring_with_examples(name: str) -> None:
    problems = docstring_problems(OBJECTS[name])
    assert not problems, f"{name}: {'; '.join(problems)} (numpy docstring style)"


@pytest.mark.parametrize("name", sorted(set(OBJECTS) - PENDING))
def test_examples_run(name: str) -> None:
    obj = OBJECTS[name]
    module = sys.modules[obj.__module__]
    finder = doctest.DocTestFinder(recurse=False)
    tests = finder.find(obj, name, module=module, globs=dict(vars(module)))
    assert tests and tests[0].examples, f"{name} has no doctest"
    flags = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
    runner = doctest.DocTestRunner(optionflags=flags)
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"


def test_pending_list_only_shrinks() -> None:
    unknown = sorted(PENDING - set(OBJECTS))
    assert not unknown, f"not public names (remove from {PENDING_FILE.name}): {unknown}"
    done = sorted(n for n in PENDING if not docstring_problems(OBJECTS[n]))
    assert not done, f"documented now: remove from {PENDING_FILE.name}: {done}"


def test_the_check_fails_without_examples() -> None:
    def estimate(x: int) -> int:
        """Double ``x``.

        Parameters
        ----------
        x : int

        Returns
        -------
        int
        """
        return 2 * x

    assert docstring_problems(estimate) == ["no Examples section with a >>> example"]
