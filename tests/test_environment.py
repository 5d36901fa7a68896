"""environment.yml mirrors the pins of pyproject.toml."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins(specs: list[str]) -> dict[str, str]:
    out = {}
    for spec in specs:
        name, _, version = spec.partition("==")
        out[_norm(name.strip())] = version.strip()
    return out


def test_environment_yml_mirrors_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _pins(project["dependencies"] + project["optional-dependencies"]["dev"])
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    conda: list[str] = []
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            conda += [d for d in dep["pip"] if "==" in d]
        elif "==" in dep:
            conda.append(dep)
    assert _pins(conda) == wanted
    assert "conda-forge" in env["channels"]
    assert any(str(d).startswith("quarto") for d in env["dependencies"])


def test_every_pin_is_exact() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    for spec in project["dependencies"] + project["optional-dependencies"]["dev"]:
        assert "==" in spec, spec
