"""Holds a ``runner`` process at one point of its start, so a test can signal it right there.

Copied as ``sitecustomize.py`` into a folder on the subprocess's PYTHONPATH: Python imports
it when the interpreter starts, in the parent and in every bot process it spawns. Inert
unless ``RUNNER_TEST_GATE`` names a file; while that file does not exist, a process that
reaches the point named by ``RUNNER_TEST_HOLD`` waits there (as long as it takes: the test
opens the gate, or stops the process), after writing ``<gate>.held`` with its pid:

``boot``     interpreter start, before ``runner`` is imported (no handler of ours yet)
``load``     ``runner start`` has begun and is loading the project (no event loop yet)
``connect``  the replay feed's connect: after recovery, before warm-up and subscribe
``stream``   after subscribe: the replay holds its first bar back

Only processes started with ``RUNNER_CHILD`` (the bot processes of ``--processes``) hold,
never the parent.
"""

from __future__ import annotations

import asyncio
import os
import time
from pathlib import Path


def _gate() -> Path | None:
    path = os.environ.get("RUNNER_TEST_GATE")
    if not path or not os.environ.get("RUNNER_CHILD"):
        return None
    return Path(path)


def _closed(point: str) -> bool:
    gate = _gate()
    if gate is None or os.environ.get("RUNNER_TEST_HOLD") != point or gate.exists():
        return False
    Path(f"{gate}.held").write_text(str(os.getpid()))
    return True


def _hold(point: str) -> None:
    if _closed(point):
        gate = _gate()
        assert gate is not None
        while not gate.exists():
            time.sleep(0.02)


async def _hold_async(point: str) -> None:
    if _closed(point):
        gate = _gate()
        assert gate is not None
        while not gate.exists():
            await asyncio.sleep(0.02)


def _install() -> None:
    point = os.environ.get("RUNNER_TEST_HOLD")
    if _gate() is None or point is None:
        return
    if point == "boot":
        _hold("boot")
        return
    if point == "load":
        import runner.commands.common as common

        load_or_exit = common.load_or_exit

        def held_load(*args, **kwargs):  # type: ignore[no-untyped-def]
            _hold("load")
            return load_or_exit(*args, **kwargs)

        common.load_or_exit = held_load
        return
    from runner_plugins.feeds.replay import ReplayFeed

    if point == "connect":
        connect = ReplayFeed.connect

        async def held_connect(self: ReplayFeed) -> None:
            await _hold_async("connect")
            await connect(self)

        ReplayFeed.connect = held_connect  # type: ignore[method-assign]
    elif point == "stream":
        subscribe = ReplayFeed.subscribe

        async def held_subscribe(self: ReplayFeed, symbols: list[str]) -> None:
            if not _closed("stream"):
                await subscribe(self, symbols)
                return

            async def later() -> None:  # wait() and close() see it as the stream
                await _hold_async("stream")
                await subscribe(self, symbols)
                await asyncio.gather(*self._tasks[1:])

            self._tasks.append(asyncio.create_task(later()))

        ReplayFeed.subscribe = held_subscribe  # type: ignore[method-assign]


_install()
