import io

from rich.console import Console

from runner.console import EventPrinter
from runner.events import Event, Filled, Heartbeat, OrderCancelled

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


def test_the_call_form_prints_the_same_line():
    out = io.StringIO()
    EventPrinter(Console(file=out, width=200))(
        "order_cancelled", "gold", TS, symbol="GCZ3", client_id="gold-7", reason="", filled=0
    )
    cancel = OrderCancelled(
        bot="gold", ts=TS, client_id="gold-7", symbol="GCZ3", reason="", filled=0
    )
    assert out.getvalue() == printed(cancel) != ""
