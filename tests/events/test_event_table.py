"""The routing table: every event class has a route, and what the console, the dashboard
and the log files used to list by name is still routed exactly there."""

from __future__ import annotations

import dataclasses

import runner.events as ev
from runner.events import BY_KIND, ROUTES, Category, Event, Pane, route_of
from runner.journal.logs import CATEGORIES

# The lists the console, the dashboard and journal/logs.py kept before the table existed.
OLD_CONSOLE = {
    "signal", "order", "fill", "exit", "flatten", "risk_limit", "leg_failed",
    "order_rejected", "entry_skipped", "bot_error", "bot_restarted", "bot_down",
    "reconcile", "window_open", "window_close", "stale_feed", "disconnected", "reconnected",
}  # fmt: skip
OLD_DASHBOARD_EVENTS = {
    "signal", "risk_limit", "bot_error", "bot_down", "bot_restarted", "leg_failed",
    "order_rejected", "flatten", "reconcile", "window_open", "window_close", "stale_feed",
    "shutdown", "recovered",
}  # fmt: skip
OLD_DASHBOARD_CONNECTIONS = {"connected", "subscribed", "disconnected", "reconnected"}
OLD_CATEGORY = {
    "signal": "signals", "entry_skipped": "signals", "order": "orders", "fill": "orders",
    "stop_moved": "orders", "exit": "orders", "flatten": "orders", "leg_failed": "orders",
    "unknown_order": "orders", "unknown_fill": "orders", "reconcile": "orders",
    "connected": "connection", "disconnected": "connection", "reconnected": "connection",
    "stale_feed": "market", "subscribed": "market", "order_rejected": "orders",
    "order_cancelled": "orders", "order_expired": "orders",
}  # fmt: skip
CONNECTION_STATES = {"connecting", "connected", "disconnected", "reconnected", "resubscribed"}
# what a comparison with the broker finds and does (issue 11): alerts, on the console
RECONCILE_KINDS = {"difference", "reconcile_unknown", "entries_resumed", "stop_restored"}
# hot reload of bot files: each outcome said on the console
RELOAD_KINDS = {
    "bot_reloaded",
    "bot_reload_pending",
    "bot_reload_rejected",
    "bot_added",
    "bot_removed",
}


def _event_classes() -> list[type[Event]]:
    out = []
    for name in ev.__all__:
        obj = getattr(ev, name)
        if isinstance(obj, type) and issubclass(obj, Event) and obj.kind:
            out.append(obj)
    return out


def test_every_event_class_has_a_route_and_a_unique_kind():
    classes = _event_classes()
    assert len(classes) > 40
    assert set(classes) == set(ROUTES)
    kinds = [c.kind for c in classes]
    assert len(kinds) == len(set(kinds))
    for cls in classes:
        assert dataclasses.is_dataclass(cls)
        params = cls.__dataclass_params__  # type: ignore[attr-defined]
        assert params.frozen and "__slots__" in cls.__dict__, cls


def test_every_kind_on_the_console_or_dashboard_is_an_event_class():
    console = {c.kind for c, r in ROUTES.items() if r.console is not None}
    dashboard = {c.kind for c, r in ROUTES.items() if r.dashboard is not None}
    for kind in console | dashboard:
        assert BY_KIND[kind].kind == kind
    for kind in OLD_CONSOLE | OLD_DASHBOARD_EVENTS | OLD_DASHBOARD_CONNECTIONS:
        assert kind in BY_KIND, kind
    # "stopping": said at once on Ctrl-C; "resumed": a crashed replay picks up where it stood;
    # "operator_action": a pause, flatten or kill switch from the web page or command line
    new = {"plugin_log", "order_cancelled", "stopping", "resumed", "operator_action"}
    new |= RELOAD_KINDS
    assert OLD_CONSOLE | CONNECTION_STATES | RECONCILE_KINDS | new == console


def test_the_old_routes_are_kept():
    for cls, route in ROUTES.items():
        assert route.category == _old_category(cls.kind), cls
        if cls.kind in OLD_DASHBOARD_EVENTS:
            assert route.dashboard is Pane.EVENTS
        if cls.kind in OLD_DASHBOARD_CONNECTIONS | CONNECTION_STATES:
            assert route.dashboard is Pane.CONNECTIONS
    assert ROUTES[ev.Filled].dashboard is Pane.FILLS
    assert set(CATEGORIES) == {str(c) for c in Category}


def _old_category(kind: str) -> str:
    """Where a kind went before the table (new connection states: the connection log)."""
    if kind in CONNECTION_STATES:
        return "connection"
    if kind in ("difference", "stop_restored"):  # beside "reconcile" and the orders
        return "orders"
    return OLD_CATEGORY.get(kind, "system")


def test_colours_follow_the_event():
    buy = ev.Filled(
        bot="b", ts=1, client_id="b-1", symbol="GCZ3", side="BUY", qty=1, price=1.0,
        position=1, role="entry", commission=0.0,
    )  # fmt: skip
    sell = dataclasses.replace(buy, side="SELL")
    show = ROUTES[ev.Filled].console
    assert show is not None and show.colour(buy) == "green" and show.colour(sell) == "red"
    sig = ev.Signal(bot="b", ts=1, symbol="X", direction="flat", confidence=1, reason="", price=1)
    assert route_of(sig).console.colour(sig) == "yellow"  # type: ignore[union-attr]
    for kind in ("risk_limit", "leg_failed", "order_rejected", "bot_error", "bot_down"):
        assert ROUTES[BY_KIND[kind]].console.style == "red", kind  # type: ignore[union-attr]


def test_connection_events_go_to_console_dashboard_and_connection_log():
    for kind in CONNECTION_STATES:
        route = ROUTES[BY_KIND[kind]]
        assert route.console is not None
        assert route.dashboard is Pane.CONNECTIONS
        assert route.category is Category.CONNECTION
