"""The transitional call form ``emit(kind, bot, ts, **fields)`` builds the typed event."""

from __future__ import annotations

import pytest

from runner.api.status import ConnectionEvent, ConnectionState
from runner.events import (
    Connected,
    Disconnected,
    Event,
    EventSink,
    Filled,
    Notice,
    OrderCancelled,
    Reconcile,
    Resubscribed,
    as_event,
    connection_event,
)

TS = 1381153380 * 10**9


def test_the_call_form_builds_the_typed_event():
    e = as_event(
        "fill", "gold", TS,
        {"client_id": "gold-1", "symbol": "GCZ3", "side": "BUY", "qty": 2, "price": 1324.4,
         "position": 2, "role": "entry", "commission": 4.2},
    )  # fmt: skip
    assert isinstance(e, Filled) and e.bot == "gold" and e.ts == TS and e.qty == 2
    assert list(e.payload()) == [
        "client_id", "symbol", "side", "qty", "price", "position", "role", "commission"
    ]  # fmt: skip
    assert as_event(e) is e


def test_fields_a_kind_only_sometimes_has_are_left_out_until_given():
    e = as_event("reconcile", "gold", TS, {"client_id": "gold-3", "difference": "gone"})
    assert isinstance(e, Reconcile)
    assert e.payload() == {"client_id": "gold-3", "difference": "gone"}
    # a field that is always sent stays in the payload, None or not
    c = as_event(
        "order_cancelled", "gold", TS,
        {"client_id": "gold-4", "symbol": "GCZ3", "reason": "", "filled": 0},
    )  # fmt: skip
    assert isinstance(c, OrderCancelled) and c.payload()["reason"] == ""


def test_a_wrong_or_missing_field_is_an_error_naming_the_kind():
    with pytest.raises(TypeError, match="'fill' .*unexpected keyword argument 'size'"):
        as_event("fill", "gold", TS, {"size": 1})
    with pytest.raises(TypeError, match="'flatten' .*missing.*'reason'"):
        as_event("flatten", "gold", TS, {})


def test_a_name_without_a_class_is_a_notice_with_its_fields():
    e = as_event("my_plugin_note", "gold", TS, {"b": 2, "a": 1})
    assert isinstance(e, Notice)
    assert e.name == "my_plugin_note" and e.payload() == {"b": 2, "a": 1}
    # "notice" itself is no kind to call by name: it is a Notice of that name
    n = as_event("notice", "gold", TS, {"x": 1})
    assert isinstance(n, Notice) and n.payload() == {"x": 1}


def test_the_sink_gives_every_listener_the_typed_event_in_either_form():
    got: list[Event] = []
    seen: list[str] = []
    sink = EventSink(got.append, lambda e: seen.append(e.name))
    sink("flatten", "gold", TS, reason="shutdown")
    sink(Connected(bot="", ts=TS, feed="replay"))
    assert [type(e).__name__ for e in got] == ["Flatten", "Connected"]
    assert seen == ["flatten", "connected"]
    assert got[1].payload() == {"feed": "replay"}


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
