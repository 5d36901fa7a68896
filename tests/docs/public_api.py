"""The public API: every name in ``evidence.__all__`` and in its subpackages' ``__all__``
(not a test module; the docstring and notebook tests walk it)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterator
from typing import Any

import evidence


def public_modules() -> list[str]:
    return [
        "evidence",
        *sorted(f"evidence.{m.name}" for m in pkgutil.iter_modules(evidence.__path__) if m.ispkg),
    ]


def public_objects() -> Iterator[tuple[str, Any]]:
    """(qualified public name, object) for every callable or class, each object once."""
    seen: set[int] = set()
    for module_name in public_modules():
        module = importlib.import_module(module_name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.ismodule(obj) or not callable(obj) or id(obj) in seen:
                continue
            seen.add(id(obj))
            yield f"{module_name}.{name}", obj
