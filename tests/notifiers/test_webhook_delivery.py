"""The notification service with the webhook notifier against a real HTTP receiver:
retries with backoff, a failure logged and counted (never raised), a slow receiver that
never holds the event sink, and a full queue that drops and counts."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from notify_support import HttpReceiver
from pydantic import SecretStr

from runner.config.notifications import Notifications
from runner.config.secrets import EnvRef
from runner.events import Event, Filled, OrderRejected, PluginLog, Signal
from runner.runtime import notify
from runner.runtime.notify import NotificationService
from runner_plugins.notifiers.webhook import WebhookNotifier, WebhookParams
from tests.waiting import until

TOKEN = "hook-token-5521"


def fill(bot: str = "gc", qty: int = 1) -> Filled:
    return Filled(
        bot=bot,
        ts=1_381_150_800_000_000_000,
        client_id="c1",
        symbol="GCZ3",
        side="BUY",
        qty=qty,
        price=1320.5,
        position=qty,
        role="entry",
        commission=2.5,
    )


def reject(bot: str) -> OrderRejected:
    return OrderRejected(bot=bot, ts=1, client_id="c2", symbol="GCZ3", reason="margin", filled=0)


def service(url: str, *, retries: int = 2, bots: frozenset[str] | None = None, **kw: Any):
    params = WebhookParams(
        url=url,
        retries=retries,
        backoff=0.01,
        max_backoff=0.02,
        headers={"Authorization": EnvRef(env="HOOK_TOKEN")},
        **kw,
    )
    config = Notifications(
        "notifications.yaml",
        "UTC",
        notifiers={"chat": (WebhookNotifier, params)},
        rules=[
            (frozenset({"fill"}), ("chat",), None),
            (frozenset({"order_rejected"}), ("chat",), bots),
        ],
    )
    seen: list[Event] = []
    return NotificationService(config, seen.append, lambda: 7), seen


@pytest.fixture(autouse=True)
def token(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOOK_TOKEN", TOKEN)


async def test_a_5xx_is_retried_and_the_secret_header_is_sent() -> None:
    hook = await HttpReceiver(statuses=[503]).start()
    svc, logged = service(hook.url)
    svc.start()
    svc(fill())
    svc(Signal(bot="gc", ts=1, symbol="GCZ3", direction="long", confidence=1, reason="x", price=1))
    await until(lambda: svc.tally["chat"].sent == 1, 30)
    await svc.stop()
    await hook.close()
    assert hook.attempts == 2 and len(hook.posts) == 1  # the signal matched no rule
    assert hook.posts[0]["event"]["price"] == 1320.5
    assert hook.headers[0]["authorization"] == TOKEN
    assert not logged
    params = svc.notifiers["chat"].params
    assert isinstance(params.headers["Authorization"], SecretStr)
    assert TOKEN not in repr(params)


async def test_a_receiver_that_keeps_failing_is_logged_and_counted() -> None:
    hook = await HttpReceiver(statuses=[500, 500]).start()
    svc, logged = service(hook.url, retries=1)
    svc.start()
    svc(fill())
    await until(lambda: svc.tally["chat"].failed == 1, 30)
    svc(fill(qty=2))  # the next message still goes (the receiver now answers 200)
    await until(lambda: svc.tally["chat"].sent == 1, 30)
    await svc.stop()
    await hook.close()
    assert hook.attempts == 3
    (warning,) = logged
    assert isinstance(warning, PluginLog) and warning.level == "WARNING"
    assert "notifier 'chat'" in warning.message and "HTTP 500" in warning.message
    assert TOKEN not in warning.message
    assert hook.posts[0]["event"]["qty"] == 2


async def test_a_client_error_is_not_retried() -> None:
    hook = await HttpReceiver(statuses=[404]).start()
    svc, logged = service(hook.url, retries=3)
    svc.start()
    svc(fill())
    await until(lambda: svc.tally["chat"].failed == 1, 30)
    await svc.stop()
    await hook.close()
    assert hook.attempts == 1 and "HTTP 404" in logged[0].message  # type: ignore[attr-defined]


async def test_a_slow_receiver_never_holds_the_sink_and_a_full_queue_drops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(notify, "QUEUE_LIMIT", 3)
    hook = await HttpReceiver().start()
    hook.hold = asyncio.Event()
    svc, _ = service(hook.url, timeout=60)
    svc.start()
    svc(fill(qty=1))
    await until(lambda: hook.attempts == 1, 30, "the first POST waiting at the receiver")
    for qty in range(2, 7):  # the sink returns at once while the first POST is held
        svc(fill(qty=qty))
    assert svc.tally["chat"].dropped == 2 and svc.tally["chat"].sent == 0
    hook.hold.set()
    await until(lambda: svc.tally["chat"].sent == 4, 30)
    await svc.stop()
    await hook.close()
    assert [p["event"]["qty"] for p in hook.posts] == [1, 2, 3, 4]


async def test_a_rule_for_some_bots_leaves_the_others_out() -> None:
    hook = await HttpReceiver().start()
    svc, _ = service(hook.url, bots=frozenset({"gc"}))
    svc.start()
    svc(reject("cl"))
    svc(reject("gc"))
    await until(lambda: svc.tally["chat"].sent == 1, 30)
    await svc.stop()
    await hook.close()
    assert [p["bot"] for p in hook.posts] == ["gc"]
    assert hook.posts[0]["kind"] == "order_rejected"


async def test_shutdown_delivers_what_is_queued() -> None:
    hook = await HttpReceiver().start()
    svc, _ = service(hook.url)
    svc.start()
    for qty in (1, 2, 3):
        svc(fill(qty=qty))
    await svc.stop()
    await hook.close()
    assert [p["event"]["qty"] for p in hook.posts] == [1, 2, 3]
