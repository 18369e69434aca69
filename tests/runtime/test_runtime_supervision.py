"""Restart pauses and the failure window on an injected clock: failure n waits
min(max_backoff, backoff * 2 ** (n - 1)), and only failures within the window count."""

from __future__ import annotations

from collections import deque
from types import SimpleNamespace
from typing import Any

import pytest

from runner.events import BotRestarting, Event
from runner.runtime.supervision import BotSlot, RestartPolicy, Supervisor, recent_failures


def test_pauses_double_from_backoff_and_stop_at_max_backoff() -> None:
    pauses = RestartPolicy(backoff=1.0, max_backoff=60.0).pauses()
    assert [pauses.delay(n - 1) for n in range(1, 9)] == [1, 2, 4, 8, 16, 32, 60, 60]
    # a first pause longer than the longest is the longest, as the formula says
    assert RestartPolicy(backoff=90.0, max_backoff=60.0).pauses().delay(0) == 60.0


def test_a_policy_without_a_pause_is_refused() -> None:
    with pytest.raises(ValueError, match="backoff"):
        RestartPolicy(backoff=0.0)


def test_only_failures_within_the_window_count() -> None:
    failures: deque[float] = deque()
    assert [recent_failures(failures, t, window=10.0) for t in (0.0, 5.0, 10.0, 10.5)] == [
        1,
        2,
        3,
        3,
    ]
    assert list(failures) == [5.0, 10.0, 10.5]


def test_the_supervisor_schedules_each_restart_after_its_pause() -> None:
    clock = [100.0]
    said: list[Event] = []
    policy = RestartPolicy(max_failures=4, window=600.0, backoff=0.5, max_backoff=1.5)
    sup = Supervisor(policy, said.append, lambda: clock[0])
    runner: Any = SimpleNamespace(name="b", failed=False)
    slot = BotSlot(loaded=None, runner=runner)  # type: ignore[arg-type]
    sup.add(slot)
    for _ in range(3):
        sup.failed(runner, RuntimeError("x"), 0)
        assert sup.due() == []
        clock[0] = slot.restart_at
        assert sup.due() == [slot]
    assert [e.in_seconds for e in said if isinstance(e, BotRestarting)] == [0.5, 1.0, 1.5]
    sup.failed(runner, RuntimeError("x"), 0)
    assert slot.state == "down" and sup.due() == []
