"""Modules imported on first use, so that listing or validating a plugin stays cheap.

``runner --help`` and ``runner validate`` load every plugin class, but a class only needs
numpy, pandas, pyarrow or TA-Lib once it computes something. A module that writes::

    if TYPE_CHECKING:
        import numpy as np
    else:
        np = lazy_import("numpy")

keeps its ``np.`` calls and annotations as they were; numpy is imported the first time an
attribute of ``np`` is read. After that the names of the real module sit in the lazy
module's own namespace, so a hot path pays nothing per call.

Only for libraries that are always installed: a missing library surfaces on first use,
not on import (optional extras are checked by :func:`runner.api.registry.optional`).
"""

from __future__ import annotations

import importlib
import sys
import threading
from types import ModuleType
from typing import Any

__all__ = ["lazy_import"]

_lock = threading.Lock()


class LazyModule(ModuleType):
    """A stand-in for the module ``__name__`` that imports it when an attribute is read."""

    def __getattr__(self, attr: str) -> Any:
        # only called for names not (yet) in this module's namespace
        return getattr(self._load(), attr)

    def _load(self) -> ModuleType:
        name = object.__getattribute__(self, "__name__")
        with _lock:
            module = importlib.import_module(name)
            if self.__dict__.get("__lazy_loaded__") is not module:
                self.__dict__.update(module.__dict__)
                self.__dict__["__lazy_loaded__"] = module
        return module

    def __dir__(self) -> list[str]:
        return dir(self._load())

    def __repr__(self) -> str:
        name = object.__getattribute__(self, "__name__")
        state = "loaded" if "__lazy_loaded__" in self.__dict__ else "not loaded yet"
        return f"<lazy module {name!r} ({state})>"


def lazy_import(name: str) -> ModuleType:
    """The module ``name``: the real one if already imported, else a lazy stand-in."""
    module = sys.modules.get(name)
    return module if module is not None else LazyModule(name)
