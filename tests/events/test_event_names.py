"""Events are typed; only a name that arrives at run time (a plugin's ``ctx.log``, a feed's
Timer) is turned into one, and a name or fields no class fits never stop the run."""

from __future__ import annotations

import pytest

from runner.api.status import ConnectionEvent, ConnectionState
from runner.events import (
    Connected,
    Disconnected,
    Event,
    EventSink,
    Filled,
    Flatten,
    Notice,
    OrderCancelled,
    Reconcile,
    Resubscribed,
    as_event,
    connection_event,
)

TS = 1381153380 * 10**9


def test_a_name_with_its_fields_builds_the_typed_event():
    e = as_event(
        "fill", "gold", TS,
        {"client_id": "gold-1", "symbol": "GCZ3", "side": "BUY", "qty": 2, "price": 1324.4,
         "position": 2, "role": "entry", "commission": 4.2},
    )  # fmt: skip
    assert isinstance(e, Filled) and e.bot == "gold" and e.ts == TS and e.qty == 2
    assert list(e.payload()) == [
        "client_id", "symbol", "side", "qty", "price", "position", "role", "commission"
    ]  # fmt: skip


def test_fields_a_kind_only_sometimes_has_are_left_out_until_given():
    e = Reconcile(bot="gold", ts=TS, client_id="gold-3", difference="gone")
    assert e.payload() == {"client_id": "gold-3", "difference": "gone"}
    assert as_event("reconcile", "gold", TS, {"client_id": "gold-3", "difference": "gone"}) == e
    # a field that is always sent stays in the payload, None or not
    c = OrderCancelled(bot="gold", ts=TS, client_id="gold-4", symbol="GCZ3", reason="", filled=0)
    assert c.payload()["reason"] == ""


def test_fields_that_do_not_fit_the_class_of_the_name_make_a_notice_saying_why():
    wrong = as_event("fill", "gold", TS, {"size": 1})
    assert isinstance(wrong, Notice) and wrong.name == "fill" and wrong.bot == "gold"
    assert wrong.problem == "fields do not fit Filled: got an unexpected keyword argument 'size'"
    assert wrong.payload() == {"size": 1, "problem": wrong.problem}
    missing = as_event("flatten", "gold", TS, {})
    assert isinstance(missing, Notice)
    assert "missing 1 required keyword-only argument: 'reason'" in missing.problem
    # the bot and the time are the event's own, never a plugin's field
    clash = as_event("flatten", "gold", TS, {"reason": "x", "bot": "other"})
    assert isinstance(clash, Notice) and "multiple values for keyword argument 'bot'" in (
        clash.problem
    )


def test_a_name_without_a_class_is_a_notice_with_its_fields():
    e = as_event("my_plugin_note", "gold", TS, {"b": 2, "a": 1})
    assert isinstance(e, Notice) and not e.problem
    assert e.name == "my_plugin_note" and e.payload() == {"b": 2, "a": 1}
    # "notice" itself is no kind to call by name: it is a Notice of that name
    n = as_event("notice", "gold", TS, {"x": 1})
    assert isinstance(n, Notice) and n.payload() == {"x": 1}


def test_the_sink_gives_every_listener_the_event_and_takes_nothing_else():
    got: list[Event] = []
    seen: list[str] = []
    sink = EventSink(got.append, lambda e: seen.append(e.name))
    sink(Flatten(bot="gold", ts=TS, reason="shutdown"))
    sink(Connected(bot="", ts=TS, feed="replay"))
    assert [type(e).__name__ for e in got] == ["Flatten", "Connected"]
    assert seen == ["flatten", "connected"]
    assert got[1].payload() == {"feed": "replay"}
    with pytest.raises(TypeError):
        sink("flatten", "gold", TS, reason="shutdown")  # type: ignore[call-arg]


def test_connection_state_reports_become_connection_events():
    lost = ConnectionEvent(ConnectionState.DISCONNECTED, TS, channel="ticker")
    e = connection_event(lost, "feed", name="rithmic")
    assert isinstance(e, Disconnected)
    assert e.payload() == {
        "feed": "rithmic", "channel": "ticker", "reason": "no reason given by the venue"
    }  # fmt: skip
    back = ConnectionEvent(ConnectionState.RESUBSCRIBED, TS + 1, source="ib", channel="7")
    e2 = connection_event(back, "broker", name="other", bot="gold")
    assert isinstance(e2, Resubscribed) and e2.bot == "gold" and e2.broker == "ib"
    for state in ConnectionState:
        made = connection_event(ConnectionEvent(state, TS, reason="r"), "feed", name="f")
        assert made.name == state.value


def test_a_feeds_timer_reaches_the_sink_typed_and_never_stops_the_market_loop():
    from runner.engine.engine import Engine
    from runner.events import FeedStale
    from runner.model import Timer
    from runner.runtime.market import MarketLoop

    got: list[Event] = []

    def no_error(bot: object, exc: BaseException) -> None:
        raise AssertionError(f"{bot}: {exc}")

    market = MarketLoop(Engine([]), got.append, lambda: TS, no_error)
    market.on_market(Timer(TS, "feed_stale", {"symbol": "GCZ3", "silent_s": 31.0}))
    market.on_market(Timer(TS, "feed_stale", {"symbol": "GCZ3", "silence": 31.0}))
    market.on_market(Timer(TS, "auction_soon", {"symbol": "GCZ3"}))
    stale, slip, own = got
    assert stale == FeedStale(bot="", ts=TS, symbol="GCZ3", silent_s=31.0)
    assert isinstance(slip, Notice) and slip.name == "feed_stale" and slip.problem
    assert isinstance(own, Notice) and own.payload() == {"symbol": "GCZ3"} and not own.problem
