"""The reconcile policies against the paper broker: a position the bot does not know of
(its fill report was lost on the way) is found by a comparison and handled as the bot's
``reconcile.on_difference`` says; a broker that cannot be asked is never taken for flat;
a stop the broker cancels behind the bot's back is placed again."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from reconcile_support import Desk

from runner.api.broker import BrokerSnapshot
from runner.api.capabilities import BrokerCapabilities
from runner.config.project import load_project
from runner.model import Order, OrderStatus, OrderType, OrderUpdate, Side
from runner_plugins.paper.broker import PaperBroker

SYMBOL = "GCZ6"


def lost_fill(desk: Desk, side: Side, qty: int, price: float) -> None:
    """An order fills at the broker and its reports never reach the bot."""
    broker = desk.broker
    sink, lost = broker.sink, []
    broker.sink = lost.append
    broker.submit(Order("manual-1", "", SYMBOL, side, qty, OrderType.MARKET, ts=desk.t))
    desk.bar(price)
    broker.sink = sink
    assert any(getattr(e, "qty", 0) == qty for e in lost)  # it did fill, unreported


def desk_for(tmp_path: Path, policy: str) -> Desk:
    desk = Desk(tmp_path, PaperBroker(), SYMBOL, policy)
    desk.bar(2000.0)
    return desk


async def test_protect_holds_entries_and_stops_the_brokers_actual_position(tmp_path: Path):
    desk = desk_for(tmp_path, "protect")
    assert await desk.check("start") == "agree"
    lost_fill(desk, Side.BUY, 2, 2000.0)
    assert desk.position == 0 and desk.broker.positions[SYMBOL] == 2

    assert await desk.check() == "difference"
    (diff,) = desk.kinds("difference")
    assert (diff.bot_position, diff.broker_position, diff.policy) == (0, 2, "protect")
    assert "stop for 2" in diff.action and "entries held" in diff.action
    assert not desk.runner.entries_allowed() and desk.runner.entries_held
    assert desk.position == 2  # booked, so the stop's fill nets to flat, never short
    (stop,) = desk.live_stops()
    assert stop.order.side is Side.SELL and stop.order.qty == 2
    assert stop.order.stop_price == pytest.approx(1997.0)  # the bot's own 30-tick stop
    working = [w.client_id for w in desk.broker.engine.working()]
    assert stop.order.client_id in working  # at the broker, not only in the bot

    # a later comparison while the stop works: agreement, but the position taken over is
    # still open, so entries stay held; nothing is sent again
    assert await desk.check() == "agree"
    assert len(desk.sent("stop")) == 1 and not desk.runner.entries_allowed()

    desk.bar(1996.0, low=1995.0)  # the stop fills
    desk.bar(1996.0)
    assert desk.position == 0 and desk.broker.positions[SYMBOL] == 0
    assert await desk.check() == "agree"
    assert desk.kinds("entries_resumed") and desk.runner.entries_allowed()
    assert desk.notes() == ["difference", "entries_resumed"]  # journaled before announced


async def test_adopt_takes_the_position_with_a_stop_and_keeps_trading(tmp_path: Path):
    desk = desk_for(tmp_path, "adopt")
    await desk.check("start")
    lost_fill(desk, Side.SELL, 1, 2000.0)
    assert await desk.check() == "difference"
    (diff,) = desk.kinds("difference")
    assert diff.action.startswith("position adopted")
    assert desk.position == -1 and desk.runner.trade.direction == -1
    (stop,) = desk.live_stops()
    assert stop.order.side is Side.BUY and stop.order.stop_price == pytest.approx(2003.0)
    assert desk.runner.entries_allowed()
    fills = [f for f in desk.journal.bot("rb").fills if f.session == "reconcile"]
    assert [(f.side, f.qty, f.price) for f in fills] == [(Side.SELL, 1, 2000.0)]


async def test_flatten_closes_once_and_verifies(tmp_path: Path):
    desk = desk_for(tmp_path, "flatten")
    await desk.check("start")
    lost_fill(desk, Side.BUY, 1, 2000.0)
    assert await desk.check() == "difference"
    assert len(desk.sent("close")) == 1 and not desk.runner.entries_allowed()
    # the close has not filled yet (no bar): the next comparison sends nothing again
    assert await desk.check() in ("agree", "difference")
    assert len(desk.sent("close")) == 1
    desk.bar(2001.0)
    assert desk.broker.positions[SYMBOL] == 0 and desk.position == 0
    assert await desk.check() == "agree"
    assert desk.runner.entries_allowed() and desk.kinds("entries_resumed")


async def test_a_comparison_that_runs_while_another_does_waits_for_it(tmp_path: Path):
    desk = desk_for(tmp_path, "flatten")
    await desk.check("start")
    lost_fill(desk, Side.BUY, 1, 2000.0)
    first, second = await asyncio.gather(desk.check(), desk.check("reconnect"))
    assert "busy" in (first, second)
    assert len(desk.sent("close")) == 1  # never sent twice


class Unreachable(PaperBroker):
    """The paper broker, but its account cannot be read while ``down`` (a venue that does
    not answer): a snapshot raises or never comes."""

    down = ""

    async def snapshot(self) -> BrokerSnapshot:
        if self.down == "error":
            raise ConnectionError("order plant not logged in")
        if self.down == "silent":
            await asyncio.Event().wait()
        return await super().snapshot()


async def test_a_failed_snapshot_is_unknown_never_flat(tmp_path: Path):
    broker = Unreachable()
    desk = Desk(tmp_path, broker, SYMBOL, "adopt")
    desk.bar(2000.0)
    await desk.check("start")
    lost_fill(desk, Side.BUY, 1, 2000.0)
    broker.down = "error"
    assert await desk.check("reconnect") == "unknown"
    (unknown,) = desk.kinds("reconcile_unknown")
    assert "not logged in" in unknown.reason and unknown.cause == "reconnect"
    assert not desk.runner.entries_allowed()
    assert desk.position == 0 and not desk.sent("close")  # nothing done on no knowledge
    broker.down = "silent"
    desk.config = desk.config.model_copy(update={"timeout": 1.0})
    assert await desk.check() == "unknown"
    assert "within 1 s" in desk.kinds("reconcile_unknown")[-1].reason
    broker.down = ""
    assert await desk.check() == "difference"  # the position is found once it can be
    assert desk.position == 1
    assert await desk.check() == "agree"
    assert desk.runner.entries_allowed()


async def test_a_stop_cancelled_behind_the_bots_back_is_placed_again(tmp_path: Path):
    desk = desk_for(tmp_path, "adopt")
    await desk.check("start")
    lost_fill(desk, Side.BUY, 1, 2000.0)
    await desk.check()
    (stop,) = desk.live_stops()
    desk.broker.cancel(stop.order.client_id)  # the venue cancels it, the bot did not ask
    assert stop.status is OrderStatus.CANCELLED
    (restored,) = desk.kinds("stop_restored")
    assert restored.action == "replaced" and restored.client_id == stop.order.client_id
    (again,) = desk.live_stops()
    assert again.order.client_id == restored.new_client_id
    assert (again.order.stop_price, again.order.qty) == (stop.order.stop_price, 1)
    # the price goes through the level while no stop works: closed at market instead
    desk.bar(1990.0)  # the stop fills here: flat, nothing to restore
    assert desk.position == 0


async def test_price_through_the_level_closes_at_market(tmp_path: Path):
    desk = desk_for(tmp_path, "adopt")
    await desk.check("start")
    lost_fill(desk, Side.BUY, 1, 2000.0)
    await desk.check()
    (stop,) = desk.live_stops()
    broker = desk.broker
    sink, late = broker.sink, []
    broker.sink = late.append
    broker.cancel(stop.order.client_id)  # cancelled at the venue; the report is delayed
    broker.sink = sink
    desk.bar(1996.0)  # the market goes through the level while no stop works
    assert desk.position == 1
    for event in late:  # the cancel arrives now
        desk.runner.on_broker_event(event)
    (restored,) = desk.kinds("stop_restored")
    assert restored.action == "flattened" and restored.price == stop.order.stop_price
    (close,) = desk.sent("close")
    assert close.order.qty == 1 and close.order.side is Side.SELL and not desk.live_stops()
    desk.bar(1996.0)
    assert desk.position == 0 and broker.positions[SYMBOL] == 0


def test_the_reconcile_block_is_validated_with_file_line_and_field(tmp_path: Path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "schema_version: 1\nname: bad\ninstruments:\n  gc: {symbol: GCZ6}\n"
        'signals:\n  - {use: rule, long: "close > 0"}\n'
        "reconcile:\n  on_difference: ignore\n  every: 2h\n"
    )
    project = load_project([bad], base=tmp_path)
    text = "\n".join(str(e) for e in project.errors)
    assert "bad.yaml:8" in text and "reconcile.on_difference" in text
    assert "bad.yaml:9" in text and "reconcile.every" in text


async def test_a_lost_report_of_the_bots_own_fill_is_booked_as_it_was(tmp_path: Path):
    desk = desk_for(tmp_path, "protect")
    await desk.check("start")
    om = desk.runner.om
    inst = desk.runner.by_symbol[SYMBOL]
    order = om.new_order(inst, Side.BUY, 1, OrderType.MARKET, reason="entry")
    assert order is not None
    broker = desk.broker
    sink, lost = broker.sink, []
    broker.sink = lost.append
    om.submit(order, role="close", group="")
    desk.bar(2000.5)  # fills at this bar's open; the report is lost
    broker.sink = sink
    assert desk.position == 0 and broker.positions[SYMBOL] == 1
    assert await desk.check() == "agree"  # the broker's own fill, not a take-over
    (applied,) = desk.kinds("reconcile")
    assert applied.client_id == order.client_id
    assert applied.price == pytest.approx(2000.6)  # the open plus one tick of slippage
    assert desk.position == 1 and not desk.kinds("difference")
    assert desk.runner.entries_allowed()


class Venue(PaperBroker):
    """The paper account seen as a venue's would be (not simulated: its orders can go
    missing), whose order list the test can make lose an order, as a venue that cancelled
    it without a word would."""

    capabilities = BrokerCapabilities(native_brackets=True)

    def __init__(self) -> None:
        super().__init__()
        self.forgotten: set[str] = set()

    async def snapshot(self) -> BrokerSnapshot:
        snap = await super().snapshot()
        snap.open_orders = [u for u in snap.open_orders if u.client_id not in self.forgotten]
        return snap


async def test_a_stop_the_broker_no_longer_lists_is_cancelled_and_placed_again(tmp_path: Path):
    broker = Venue()
    desk = Desk(tmp_path, broker, SYMBOL, "adopt")
    desk.bar(2000.0)
    await desk.check("start")
    lost_fill(desk, Side.BUY, 1, 2000.0)
    assert await desk.check() == "difference"
    (stop,) = desk.live_stops()
    assert stop.status is OrderStatus.ACCEPTED
    broker.engine.cancel(stop.order.client_id, desk.t)  # gone at the venue, no report
    broker.forgotten.add(stop.order.client_id)
    assert await desk.check() == "difference"
    (missing,) = [d for d in desk.kinds("difference") if d.difference.startswith("order")]
    assert missing.client_id == stop.order.client_id
    assert missing.action.startswith("marked cancelled; stop placed again")
    assert stop.status is OrderStatus.CANCELLED
    (again,) = desk.live_stops()
    assert again.order.stop_price == stop.order.stop_price and again.order.qty == 1
    assert again.order.client_id in [w.client_id for w in broker.engine.working()]
    assert await desk.check() == "agree"
    assert len(desk.sent("stop")) == 2


async def test_flatten_sends_a_new_close_when_the_first_was_rejected(tmp_path: Path):
    desk = desk_for(tmp_path, "flatten")
    await desk.check("start")
    lost_fill(desk, Side.BUY, 1, 2000.0)
    assert await desk.check() == "difference"
    (close,) = desk.sent("close")
    desk.broker.cancel(close.order.client_id)  # the venue refuses to work it
    assert close.status.is_done and desk.position == 1
    assert await desk.check() == "agree"  # the book holds what the broker holds
    closes = desk.sent("close")
    assert len(closes) == 2 and closes[-1].order.qty == 1
    assert "again" in desk.kinds("difference")[-1].action
    assert await desk.check() == "agree"
    assert len(desk.sent("close")) == 2  # the new close works: nothing more sent
    desk.bar(2001.0)
    assert await desk.check() == "agree"
    assert desk.position == 0 and desk.runner.entries_allowed()


async def test_a_hold_still_open_when_the_run_ended_is_recalled_from_the_journal(
    tmp_path: Path,
):
    """The runner stops (or dies) while a taken-over position is still open: the next run
    does not trade on it as the bot's own; its entries stay held until the position is
    closed, and a comparison then resumes them."""
    from runner.runtime.reconcile import Reconciler

    desk = desk_for(tmp_path, "protect")
    assert await desk.check("start") == "agree"
    lost_fill(desk, Side.BUY, 1, 2000.0)
    assert await desk.check() == "difference"
    assert not desk.runner.entries_allowed()

    # the next run: a new bot (the position from the journal) and a new reconciler
    desk.runner.hold_entries("")
    assert desk.runner.entries_allowed()
    after = Reconciler(desk.journal, desk.log, now=lambda: desk.t, clock=lambda: desk.clock_ns)
    after.recall(desk.runner)
    assert not desk.runner.entries_allowed()
    assert "still open when the last run ended" in desk.runner.entries_held

    desk.bar(1996.0, low=1995.0)  # the stop fills: the position is closed
    desk.bar(1996.0)
    assert desk.position == 0
    assert await after.check(desk.runner, desk.config, "start") == "agree"
    assert desk.runner.entries_allowed()
    assert desk.notes()[-1] == "entries_resumed"

    # a third run after the resume holds nothing
    third = Reconciler(desk.journal, desk.log, now=lambda: desk.t, clock=lambda: desk.clock_ns)
    third.recall(desk.runner)
    assert desk.runner.entries_allowed()


class StaleVenue(Venue):
    """A venue that may not answer, and that lists an order of the bot the bot holds for
    finished (a cancel it refused, a gateway that forgot to say)."""

    down = False

    def __init__(self) -> None:
        super().__init__()
        self.ghosts: list[str] = []

    async def snapshot(self) -> BrokerSnapshot:
        if self.down:
            raise ConnectionError("order plant not logged in")
        snap = await super().snapshot()
        snap.open_orders += [OrderUpdate(cid, OrderStatus.ACCEPTED, 0) for cid in self.ghosts]
        return snap


async def test_an_order_difference_does_not_hold_entries_once_positions_agree(tmp_path: Path):
    """Entries held while the broker could not be asked resume at the first comparison
    whose positions agree, even when it finds an order to cancel: an order-level
    difference is handled on its own and holds nothing."""
    broker = StaleVenue()
    desk = Desk(tmp_path, broker, SYMBOL, "protect")
    desk.bar(2000.0)
    assert await desk.check("start") == "agree"
    broker.down = True
    assert await desk.check("reconnect") == "unknown"
    assert not desk.runner.entries_allowed()
    broker.down = False
    ghost = f"{desk.runner.om.id_prefix}-999"
    broker.ghosts.append(ghost)
    assert await desk.check("reconnect") == "difference"
    (found,) = desk.kinds("difference")
    assert found.client_id == ghost and found.action == "cancelled at the broker"
    assert desk.runner.entries_allowed() and desk.kinds("entries_resumed")


async def test_a_broker_lost_during_recovery_is_unknown_not_a_failed_start(tmp_path: Path):
    """The gateway goes down again while a restarted bot recovers: its snapshot fails; the
    start goes on with the bot's state unknown (entries held by the comparisons), it does
    not end the runner."""
    from runner.runtime.recovery import Recovery

    broker = Unreachable()
    desk = Desk(tmp_path, broker, SYMBOL, "protect")
    desk.bar(2000.0)
    broker.down = "error"
    await Recovery(desk.journal, desk.log, now=lambda: desk.t).reconcile(desk.runner)
    (unknown,) = desk.kinds("reconcile_unknown")
    assert unknown.cause == "recovery" and "not logged in" in unknown.reason
    assert await desk.check("start") == "unknown" and not desk.runner.entries_allowed()
    broker.down = ""
    assert await desk.check("reconnect") == "agree" and desk.runner.entries_allowed()
