"""A bounded shutdown: feeds shut, orders cancelled or positions flattened, everything saved.

Each bot's ``on_stop`` says flatten or just cancel. A simulated broker gets one last bar (and, when it saw trades, one last trade) at
the last price it saw (or, after a restart before any bar, the journal's last fill price)
so its shutdown orders fill. A position still open when its flatten was refused or after
``shutdown_timeout``, or one a live broker still reports, is named and the exit code
becomes 1: missing fills never mean flat.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

from runner.engine.bot import BotRunner
from runner.engine.engine import Engine
from runner.events import BotError, FinalPrice, Listener, NotFlat, Stopped
from runner.events import Shutdown as ShutdownEvent  # this module's Shutdown does the work
from runner.journal.store import Journal
from runner.model import NS, Bar, Trade
from runner.runtime.market import MarketLoop
from runner.runtime.supervision import BotSlot, Supervisor

if TYPE_CHECKING:
    from runner.api import Feed


class Shutdown:
    def __init__(
        self,
        supervisor: Supervisor,
        engine: Engine,
        market: MarketLoop,
        journal: Journal,
        journal_prices: dict[str, tuple[int, float]],
        save_equity: Callable[..., None],
        emit: Listener,
        clock: Callable[[], int],
        timeout: Callable[[], float],
    ) -> None:
        self.supervisor = supervisor
        self.engine = engine
        self.market = market
        self.journal = journal
        self.journal_prices = journal_prices  # symbol: last journaled fill (ts, price)
        self.save_equity = save_equity
        self.emit = emit
        self.clock = clock
        self.timeout = timeout
        self.not_flat: dict[str, dict[str, int]] = {}  # bot: positions a shutdown left open
        self.unconfirmed: dict[str, str] = {}  # bot: why its broker could not confirm flat

    async def run(
        self,
        reason: str,
        feeds: list[tuple[Feed, list[BotRunner]]],
        background: list[asyncio.Task],
        feed_tasks: list[asyncio.Task],
    ) -> None:
        now = self.market.now
        for feed, _ in feeds:
            with contextlib.suppress(Exception):
                await feed.close()
        for t in feed_tasks:
            t.cancel()
        self.engine.flush()
        self.emit(ShutdownEvent(bot="", ts=now(), reason=reason))
        slots = self.supervisor.slots.values()
        for slot in slots:
            self.stop_bot(slot.runner)
        deadline = time.monotonic() + self.timeout()
        while time.monotonic() < deadline and any(_flattening(s.runner) for s in slots):
            await asyncio.sleep(0.05)
        at_broker = await self._broker_positions(slots)
        for slot in slots:
            if slot.runner.on_stop != "flatten":
                continue
            left = {
                i.symbol: i.position for i in slot.runner.ctx.instruments.values() if i.position
            }
            # the broker's word on a symbol wins over the book's (a symbol it does not
            # mention keeps the book's position: silence is not flat)
            left.update(at_broker.get(slot.name, {}))
            left = {symbol: qty for symbol, qty in left.items() if qty}
            if left or slot.name in self.unconfirmed:  # said, and the exit code is 1
                self.not_flat[slot.name] = left
                self.emit(NotFlat(bot=slot.name, ts=now(), positions=left))
        for slot in slots:
            slot.state = slot.state if slot.state in ("down", "removed") else "stopped"
            slot.runner.portfolio.record(now())  # the shutdown fills are in the curve
            state = slot.runner.status()
            state.update(state=slot.state, restarts=slot.restarts)
            down = slot.downtime(self.supervisor.now())
            if down:  # the journal says the bot was out, and for how long
                state["down_s"] = round(down, 3)
            self.journal.save_state(slot.name, state, now())
        self.save_equity(final=True)
        for t in background:
            t.cancel()
        await asyncio.gather(*background, return_exceptions=True)
        closed: set[int] = set()
        for slot in slots:
            broker = slot.runner.broker
            if id(broker) not in closed:
                closed.add(id(broker))
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(broker.close(), self.timeout())
        self.journal.end_run(self.clock())
        self.emit(Stopped(bot="", ts=now(), reason=reason))

    def stop_bot(self, runner: BotRunner, why: str = "shutdown") -> None:
        """One bot's orders cancelled or its position flattened, by its ``on_stop``; a
        simulated broker gets its last price so the closing orders fill."""
        try:
            if runner.on_stop == "flatten":
                runner.flatten(why)
            else:
                for cid, rec in list(runner.orders.items()):
                    if not rec.status.is_done:
                        runner.cancel(cid)
        except Exception as exc:
            self.emit(
                BotError(
                    bot=runner.name,
                    ts=self.market.now(),
                    error=f"during {why}: {type(exc).__name__}: {exc}",
                )
            )
        self.final_bar(runner)

    async def _broker_positions(self, slots: Iterable[BotSlot]) -> dict[str, dict[str, int]]:
        """What each live broker still holds of its flattening bots' symbols.

        A rejected or lost flatten can leave the bot's book and the venue apart, and only
        the venue's word counts: each live broker is asked once for its positions. A
        position another bot keeps on purpose (``on_stop: cancel``) is not counted against
        the bots that flattened. A broker that does not answer leaves its bots unconfirmed.
        """
        by_broker: dict[int, list[BotRunner]] = {}
        for slot in slots:
            if not slot.runner.broker.capabilities.simulated:
                by_broker.setdefault(id(slot.runner.broker), []).append(slot.runner)
        out: dict[str, dict[str, int]] = {}
        for runners in by_broker.values():
            flattened = [r for r in runners if r.on_stop == "flatten"]
            if not flattened:
                continue
            try:
                snap = await asyncio.wait_for(runners[0].broker.snapshot(), self.timeout())
            except Exception as exc:  # no answer is no proof of flat
                why = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
                for r in flattened:
                    self.unconfirmed[r.name] = why
                    self.emit(
                        BotError(
                            bot=r.name,
                            ts=self.market.now(),
                            error=f"at shutdown the broker did not say what it holds ({why}); "
                            "its positions are unknown",
                        )
                    )
                continue
            kept: dict[str, int] = {}
            for r in runners:
                if r.on_stop != "flatten":
                    for i in r.ctx.instruments.values():
                        kept[i.symbol] = kept.get(i.symbol, 0) + i.position
            for r in flattened:
                out[r.name] = {
                    i.symbol: snap.positions[i.symbol] - kept.get(i.symbol, 0)
                    for i in r.ctx.instruments.values()
                    if i.symbol in snap.positions
                }
        return out

    def final_bar(self, runner: BotRunner) -> None:
        """A simulated broker fills the shutdown orders at the last price it saw."""
        if not runner.broker.capabilities.simulated:
            return
        for symbol, inst in runner.by_symbol.items():
            last = self.market.last_bar.get(symbol)
            trade = self.market.last_trade.get(symbol)
            if last is not None:
                px, start, end = last.close, last.end, last.end + (last.end - last.ts)
                if trade is not None and trade.ts >= start:
                    # trades of a bar still being built: the broker has seen them, and an
                    # order it took after them only fills on something later
                    px, start, end = trade.price, trade.ts, trade.ts + (last.end - last.ts)
            elif inst.position and symbol in self.journal_prices:
                # stopped after recovery, before this process saw a bar of the symbol
                ts, px = self.journal_prices[symbol]
                start = max(ts, self.market.data_now)
                end = start + 60 * NS
                self.emit(
                    FinalPrice(
                        bot=runner.name,
                        ts=self.market.now(),
                        symbol=symbol,
                        price=px,
                        source="last fill in the journal (no bar since the restart)",
                    )
                )
            else:
                continue
            bar = Bar(symbol, start, end, px, px, px, px, 1e9)
            try:
                runner.broker.on_market(bar)
                if trade is not None:  # a broker filling on trades ignores bars
                    runner.broker.on_market(Trade(symbol, end, px, 10**9))
            except Exception as exc:
                self.emit(
                    BotError(
                        bot=runner.name,
                        ts=self.market.now(),
                        error=f"final fill: {type(exc).__name__}: {exc}",
                    )
                )


def _flattening(runner: BotRunner) -> bool:
    """A flattening bot still holds a position and has an order out that may close it.

    When every order it sent has ended (a rejected flatten, say), waiting longer changes
    nothing: the shutdown goes on and reports the position at once.
    """
    if runner.on_stop != "flatten":
        return False
    if not any(i.position for i in runner.ctx.instruments.values()):
        return False
    return any(not rec.status.is_done for rec in runner.live.values())
