"""Field descriptions from the docstrings written under the fields, read with ``ast``.

pydantic's ``use_attribute_docstrings`` does the same, but before Python 3.13 it finds the
class's source by asking ``inspect.getmodule`` about every frame of the import stack, which
scans every loaded module: about 20 ms of each command's start for two models. The JSON
schemas (``runner schema``) show the same descriptions either way.
"""

from __future__ import annotations

import ast
import inspect
import sys
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel

M = TypeVar("M", bound=BaseModel)


def field_docs(cls: type[M]) -> type[M]:
    """Class decorator for a module-level model: a field without a description takes the
    string written on the lines under it, as with ``use_attribute_docstrings``."""
    docs = _docstrings(cls)
    changed = False
    for name, info in cls.model_fields.items():
        if info.description is None and name in docs:
            info.description = docs[name]
            changed = True
    if changed and cls.__pydantic_complete__:  # built already: build again with them
        cls.model_rebuild(force=True)
    return cls


def _docstrings(cls: type) -> dict[str, str]:
    path = getattr(sys.modules.get(cls.__module__), "__file__", None)
    if path is None:
        return {}
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    body = next(
        (n.body for n in tree.body if isinstance(n, ast.ClassDef) and n.name == cls.__name__),
        [],
    )
    docs: dict[str, str] = {}
    target: str | None = None
    previous: ast.stmt | None = None
    for stmt in body:
        if isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name):
            target = stmt.target.id
        elif (
            isinstance(stmt, ast.Expr)
            and isinstance(stmt.value, ast.Constant)
            and isinstance(stmt.value.value, str)
            and isinstance(previous, ast.AnnAssign)
        ):
            if target:
                docs[target] = inspect.cleandoc(stmt.value.value)
            target = None
        previous = stmt
    return docs
