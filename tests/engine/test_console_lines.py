import io

from rich.console import Console

from runner.console import EventPrinter


def printed(kind: str, **fields) -> str:
    out = io.StringIO()
    EventPrinter(Console(file=out, width=200))(kind, "gold", 1381153380 * 10**9, **fields)
    return out.getvalue()


def test_cancels_we_asked_for_are_shown_oco_housekeeping_is_not():
    assert "ORDER_CANCELLED" in printed(
        "order_cancelled", symbol="GCZ3", client_id="gold-7", reason="", filled=0
    )
    assert printed("order_cancelled", symbol="GCZ3", reason="oco: gold-6 filled") == ""
    assert printed("heartbeat", bots=[]) == ""
    line = printed("fill", symbol="GCZ3", side="BUY", qty=2, price=1324.4, position=2, role="entry")
    assert "FILL" in line and "BUY 2 @ 1324.4  position +2  (entry)" in line
