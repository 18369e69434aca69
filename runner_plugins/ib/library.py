"""Which Python client library speaks the TWS API for the IB plugins: ib_async or ib_insync.

ib_async is the maintained successor of ib_insync and the two share one API, so the
plugins run on either. ib_async is used when both are installed. A connection profile's
``library`` field (or a bot's inline ``library``) picks one for that connection; the
environment variable ``RUNNER_IB_LIBRARY`` picks one for every connection that does not
name its own. The chosen library and its version are logged and reported with the
connection's status, so a run's log says which client it traded through.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import sys
import warnings
from types import ModuleType
from typing import Literal

from runner.api import RunnerError
from runner.api.registry import install_hint

LibraryName = Literal["auto", "ib_async", "ib_insync"]
NAMES: tuple[str, ...] = ("ib_async", "ib_insync")
"""In order of preference."""
ENV = "RUNNER_IB_LIBRARY"


class LibraryError(RunnerError, ImportError):
    """The asked-for library is not installed, or the name is not one of them."""


def _import(name: str) -> ModuleType:
    """Imports a client library, with an event loop set for the import's sake.

    Both libraries depend on a package that installs the top-level module ``eventkit``
    (``aeventkit`` for ib_async, ``eventkit`` for ib_insync); with both installed, whichever
    was installed last owns the files. The older one asks asyncio for the current loop at
    import time, which raises once an ``asyncio.run`` has cleared it; giving the thread a
    loop first makes the import work whichever copy won.
    """
    if name in sys.modules:
        return importlib.import_module(name)
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            try:
                asyncio.get_event_loop_policy().get_event_loop()
            except RuntimeError:
                asyncio.set_event_loop(asyncio.new_event_loop())
    return importlib.import_module(name)


def require_one() -> None:
    """Raise ImportError unless at least one client library imports."""
    for name in NAMES:
        try:
            _import(name)
            return
        except ImportError:
            continue
    raise ImportError(f"the IB plugins need ib_async or ib_insync: {install_hint('ib')}")


def choose(asked: str | None = None) -> ModuleType:
    """The library module for a connection: ``asked`` if given (not "auto"), else the
    environment's choice, else the first of :data:`NAMES` that is installed."""
    name = (asked or "auto").strip()
    source = "the connection's library"
    if name == "auto":
        name = os.environ.get(ENV, "").strip() or "auto"
        source = f"${ENV}"
    if name == "auto":
        for candidate in NAMES:
            try:
                return _import(candidate)
            except ImportError:
                continue
        raise LibraryError(f"the IB plugins need ib_async or ib_insync: {install_hint('ib')}")
    if name not in NAMES:
        raise LibraryError(f"{source} is {name!r}: expected one of auto, {', '.join(NAMES)}")
    try:
        return _import(name)
    except ImportError as exc:
        raise LibraryError(f"{source} asks for {name}, which is not installed: {exc}") from None


def describe(lib: ModuleType) -> str:
    """``ib_async 2.1.0``: the name and version a status line shows."""
    return f"{lib.__name__} {getattr(lib, '__version__', '?')}"
