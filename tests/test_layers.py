"""The layers of DESIGN.md, enforced by reading the imports of every module (``ast``).

    cli, public API     evidence/cli.py, evidence/__init__.py
    studies runner      plan, execute (papermill), render, manifest, index, lock
    display             results → tables, narrative numbers, figures (and the i18n catalogue)
    models              movement, risks, integration, dropout, regional
    indicators          catalogue → one results path; disclosure applied last
    survey, disclosure  design-based engine; publication rules
    ingest / load       raw → curated (and the embedded default data); evidence.load
    contracts           declarations only
    ground              errors, options, paths, periods, countries, version, csv_safety

A module may import its own layer and those below; never one above. Top-level packages must
not import each other in a circle. Imports under ``if TYPE_CHECKING:`` are exempt (they do not
run). Imports inside functions count: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "evidence"

LAYERS: tuple[tuple[str, ...], ...] = (
    (
        "errors",
        "options",
        "paths",
        "periods",
        "countries",
        "admin1",
        "version",
        "csv_safety",
        "yaml_text",
    ),
    ("contracts",),
    ("ingest", "curated", "synth"),
    ("survey", "disclosure"),
    ("indicators",),
    ("movement", "risks", "integration", "dropout", "regional"),
    ("display", "i18n"),
    ("studies",),
    ("cli", "__init__", "__main__"),
)
RANK = {unit: rank for rank, units in enumerate(LAYERS) for unit in units}


def unit_of(module: str) -> str:
    """``evidence.survey.design`` → ``survey``; ``evidence`` and names the package's
    ``__init__`` defines (``from evidence import load``) → ``__init__``."""
    parts = module.split(".")
    if len(parts) == 1:
        return "__init__"
    return parts[1]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def imported_modules(tree: ast.Module, package: str) -> list[tuple[int, str]]:
    """(line, module) of every import of ``package`` outside ``if TYPE_CHECKING:`` blocks."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend(
                (node.lineno, a.name) for a in node.names if a.name.split(".")[0] == package
            )
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module
            and node.level == 0
            and node.module.split(".")[0] == package
        ):
            if node.module == package:  # from evidence import survey → evidence.survey
                found.extend(
                    (node.lineno, f"{package}.{a.name}" if a.name in RANK else package)
                    for a in node.names
                )
            else:
                found.append((node.lineno, node.module))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def module_name(path: Path, root: Path, package: str) -> str:
    relative = path.relative_to(root).with_suffix("")
    parts = [package, *relative.parts]
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def import_graph(root: Path, package: str) -> list[tuple[str, int, str]]:
    """(importing module, line, imported module) for every module of the package."""
    edges = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        source = module_name(path, root, package)
        edges += [(source, line, target) for line, target in imported_modules(tree, package)]
    return edges


def layer_violations(root: Path, package: str = "evidence") -> list[str]:
    """Every import of a module from a higher layer, and every module outside the layers."""
    problems = []
    for source, line, target in import_graph(root, package):
        src, dst = unit_of(source), unit_of(target)
        for unit in (src, dst):
            if unit not in RANK:
                problems.append(f"{source}: '{unit}' is in no layer (add it to LAYERS)")
        if src in RANK and dst in RANK and RANK[dst] > RANK[src]:
            problems.append(
                f"{source} (line {line}) imports {target}: layer '{src}' may not import the "
                f"higher layer '{dst}'"
            )
    return sorted(set(problems))


def package_cycles(root: Path, package: str = "evidence") -> list[tuple[str, str]]:
    """Pairs of top-level units that import each other (directly or through others)."""
    graph: dict[str, set[str]] = {}
    for source, _, target in import_graph(root, package):
        a, b = unit_of(source), unit_of(target)
        if a != b:
            graph.setdefault(a, set()).add(b)

    def reaches(start: str, goal: str) -> bool:
        seen, todo = set(), [start]
        while todo:
            node = todo.pop()
            if node == goal:
                return True
            if node not in seen:
                seen.add(node)
                todo += list(graph.get(node, ()))
        return False

    units = sorted(graph)
    return [(a, b) for a, b in itertools.combinations(units, 2) if reaches(a, b) and reaches(b, a)]


def test_the_package_respects_its_layers() -> None:
    assert layer_violations(PACKAGE_DIR) == []


def test_no_package_cycles() -> None:
    assert package_cycles(PACKAGE_DIR) == []


def _plant(root: Path, files: dict[str, str]) -> Path:
    package = root / "evidence"
    for relative, text in files.items():
        path = package / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return package


def test_a_planted_upward_import_is_found(tmp_path: Path) -> None:
    package = _plant(
        tmp_path,
        {
            "__init__.py": "",
            "survey/__init__.py": "",
            # A model (movement) reaching up into the display layer, inside a function.
            "movement/flows.py": "def f():\n    from evidence.display.table import study_table\n",
            "display/table.py": "from evidence.movement.flows import f\n",
        },
    )
    problems = layer_violations(package)
    assert problems == [
        "evidence.movement.flows (line 2) imports evidence.display.table: layer 'movement' may "
        "not import the higher layer 'display'"
    ]
    assert package_cycles(package) == [("display", "movement")]


@pytest.mark.parametrize(
    "text",
    [
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from evidence.studies import x\n",
        "import typing\nif typing.TYPE_CHECKING:\n    import evidence.cli\n",
    ],
)
def test_type_checking_imports_are_exempt(tmp_path: Path, text: str) -> None:
    package = _plant(tmp_path, {"__init__.py": "", "survey/design.py": text})
    assert layer_violations(package) == []


def test_a_module_outside_the_layers_is_reported(tmp_path: Path) -> None:
    package = _plant(tmp_path, {"gadgets/x.py": "from evidence.errors import EvidenceError\n"})
    assert layer_violations(package) == [
        "evidence.gadgets.x: 'gadgets' is in no layer (add it to LAYERS)"
    ]
