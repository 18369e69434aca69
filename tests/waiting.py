"""Waiting in tests: for a condition, with a generous bound, never for a fixed time.

A loaded machine (two cores, other work running) may be slow but must never be wrong, so
every bound here is long and a test that passes pays nothing for it.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable


async def until(cond: Callable[[], object], timeout: float = 30.0, what: str = "") -> None:
    """Yield to the event loop until ``cond()`` is true; fail naming ``what`` (else the
    condition's source) when it is still false after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not cond():
        if loop.time() > deadline:
            raise AssertionError(f"not met within {timeout:g} s: {what or _source(cond)}")
        await asyncio.sleep(0.005)


def _source(cond: Callable[[], object]) -> str:
    try:
        return inspect.getsource(cond).strip()
    except (OSError, TypeError):
        return repr(cond)
