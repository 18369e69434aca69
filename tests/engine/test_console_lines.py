import io

from rich.console import Console

from runner.console import EventPrinter
from runner.events import Event, Filled, Heartbeat, OrderCancelled, as_event

TS = 1381153380 * 10**9


def printed(event: Event) -> str:
    out = io.StringIO()
    EventPrinter(Console(file=out, width=200))(event)
    return out.getvalue()


def test_cancels_we_asked_for_are_shown_oco_housekeeping_is_not():
    cancel = OrderCancelled(
        bot="gold", ts=TS, client_id="gold-7", symbol="GCZ3", reason="", filled=0
    )
    assert "ORDER_CANCELLED" in printed(cancel)
    oco = OrderCancelled(
        bot="gold", ts=TS, client_id="gold-8", symbol="GCZ3", reason="oco: gold-6 filled", filled=0
    )
    assert printed(oco) == ""
    assert printed(Heartbeat(bot="", ts=TS, bots=[], delay_ms=0.0)) == ""
    fill = Filled(
        bot="gold",
        ts=TS,
        client_id="gold-6",
        symbol="GCZ3",
        side="BUY",
        qty=2,
        price=1324.4,
        position=2,
        role="entry",
        commission=0.0,
    )
    line = printed(fill)
    assert "FILL" in line and "BUY 2 @ 1324.4  position +2  (entry)" in line


def test_an_event_named_at_run_time_prints_the_line_of_its_class():
    named = as_event(
        "order_cancelled", "gold", TS,
        {"symbol": "GCZ3", "client_id": "gold-7", "reason": "", "filled": 0},
    )  # fmt: skip
    cancel = OrderCancelled(
        bot="gold", ts=TS, client_id="gold-7", symbol="GCZ3", reason="", filled=0
    )
    assert printed(named) == printed(cancel) != ""
    # a plugin's own notice (no class, or fields no class fits) is for the log file only
    assert printed(as_event("my_note", "gold", TS, {"x": 1})) == ""
    assert printed(as_event("flatten", "gold", TS, {"why": "x"})) == ""
