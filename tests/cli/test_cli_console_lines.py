"""The console's lines say what the bot computed, as a trader reads it: zoned times,
prices at the tick, no binary noise, names in one column."""

from __future__ import annotations

import io

from rich.console import Console

from runner.api.text import against, at_tick, figure, tick_decimals
from runner.console import NAME_WIDTH, EventPrinter
from runner.events import EntrySkipped, Event, Filled, OrderCancelled, OrderSent, Signal

TS = 1381153380 * 10**9  # 2013-10-07 13:43 UTC: 09:43 in New York, daylight time
LATER = TS + 3600 * 10**9


def lines(*events: Event, **kw) -> list[str]:
    out = io.StringIO()
    printer = EventPrinter(Console(file=out, width=200), **kw)
    for event in events:
        printer(event)
    return out.getvalue().splitlines()


def fill(price: float, symbol: str = "GCZ3", ts: int = TS) -> Filled:
    return Filled(
        bot="gold", ts=ts, client_id="gold-1", symbol=symbol, side="BUY", qty=1,
        price=price, position=1, role="entry", commission=2.5,
    )  # fmt: skip


def test_times_carry_their_zone() -> None:
    [line] = lines(fill(1324.4))
    assert line.startswith("10-07 09:43:00 EDT gold ")
    [winter] = lines(fill(1324.4, ts=TS + 60 * 86_400 * 10**9))
    assert winter.startswith("12-06 08:43:00 EST ")


def test_kind_names_share_one_column_however_long() -> None:
    cancelled = OrderCancelled(
        bot="gold", ts=TS, client_id="gold-7", symbol="GCZ3", reason="asked", filled=0
    )
    out = lines(fill(1324.4), cancelled)
    assert len(out) == 2
    starts = [line.index(word) for line, word in zip(out, ("BUY 1", "client_id="), strict=True)]
    assert starts[0] == starts[1]
    assert NAME_WIDTH >= len("order_cancelled")


def test_prices_at_the_tick_and_no_binary_noise() -> None:
    signal = Signal(
        bot="gold", ts=TS, symbol="GCZ3", direction="long", confidence=1.0,
        reason="rsi < 30", price=1324.3000000000002,
    )  # fmt: skip
    skipped = EntrySkipped(bot="gold", ts=TS, reason="size 0", stop_distance=6.300000000000182)
    order = OrderSent(
        bot="es", ts=TS, client_id="es-1", symbol="ESZ3", side="SELL", qty=1, type="STOP",
        limit=None, stop=1667.0, reason="stop",
    )  # fmt: skip
    out = lines(signal, skipped, order, fill(0.010250499999999, symbol="6JZ3"))
    assert "long @ 1324.3  rsi < 30" in out[0]
    assert out[1].endswith("reason=size 0  stop_distance=6.3")  # the bot's last symbol: GC
    assert "SELL 1 STOP @ 1667.00  (stop)" in out[2]  # ES trades in quarters
    assert "BUY 1 @ 0.0102505  position +1" in out[3]  # 6J's tick is 0.0000005


def test_a_fill_is_stamped_with_the_market_time_when_the_run_has_one() -> None:
    venue = fill(1324.4, ts=LATER)  # a simulator's own clock, an hour off the replay
    [own] = lines(venue)
    [market] = lines(venue, market_now=lambda: TS)
    assert own.startswith("10-07 10:43:00 EDT")
    assert market.startswith("10-07 09:43:00 EDT")


def test_number_texts() -> None:
    assert tick_decimals(0.25) == 2 and tick_decimals(0.1) == 1 and tick_decimals(1.0) == 0
    assert tick_decimals(0.0000005) == 7
    assert at_tick(1.90438, 0.1) == "1.9" and at_tick(6.300000000000182, 0.25) == "6.30"
    assert figure(6.300000000000182) == "6.3" and figure(0.1 + 0.2) == "0.3"
    # a value printed against the bound it was compared with reads the same way round
    assert against(0.4996, 0.5) == "0.4996"
    assert against(0.43, 0.5) == "0.43"
    assert against(2.0004, 2.0) == "2.0004"
    assert against(-2.13, -2.0) == "-2.13"
    assert float(against(0.49999999, 0.5)) < 0.5
