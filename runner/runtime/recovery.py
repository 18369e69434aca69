"""Crash recovery: each bot's state from the journal, then compared with what its broker holds.

The journal speaks first (orders, fills, positions of the previous run); the broker's
snapshot then has the last word, and every difference between them is an event. A clean,
flat previous run is not recovered at all: a new session starts after its client ids.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from runner.engine.bot import BotRunner
from runner.events import Listener, NewSession, Reconcile, ReconcileUnknown, Recovered
from runner.journal.store import Journal
from runner.model import OrderStatus, OrderUpdate
from runner.runtime.reconcile import book_missing_fills


class Recovery:
    def __init__(self, journal: Journal, emit: Listener, now: Callable[[], int]) -> None:
        self.journal = journal
        self.emit = emit
        self.now = now
        self.journal_prices: dict[str, tuple[int, float]] = {}  # symbol: last journaled fill

    async def recover(self, runners: Iterable[BotRunner], crashed: bool) -> None:
        """Journal first, then the broker's word; every difference is reported."""
        for runner in runners:
            bj = self.journal.bot(runner.name)
            if not bj.orders and not bj.fills:
                continue
            if not crashed and not bj.positions() and not bj.working():
                # the last run ended cleanly and flat: a new session, with new client ids
                runner.continue_after(bj.last_seq)
                self.emit(
                    NewSession(
                        bot=runner.name,
                        ts=self.now(),
                        earlier_fills=len(bj.fills),
                        next_client_id=f"{runner.name}-{runner.seq + 1}",
                    )
                )
                continue
            runner.restore(bj)
            for f in bj.fills:  # a price to close at, or to set a stop from, before any bar
                if f.ts >= self.journal_prices.get(f.symbol, (0, 0.0))[0]:
                    self.journal_prices[f.symbol] = (f.ts, f.price)
            if runner.broker.capabilities.simulated:
                self._restore_simulated(runner, bj)
            else:  # a live broker learns which of its working orders belong to this bot
                runner.broker.restore([o.order for o in bj.working()])
            self.emit(
                Recovered(
                    bot=runner.name,
                    ts=self.now(),
                    positions=bj.positions(),
                    working_orders=len(bj.working()),
                    fills=len(bj.fills),
                    after_crash=crashed,
                )
            )
            await self.reconcile(runner)

    def _restore_simulated(self, runner: BotRunner, bj: Any) -> None:
        """Hands a fresh simulated broker the working orders the previous run left.

        Nothing leaves the process, so this is not a second send: the simulation died with
        the old process. A child whose entry already filled rests as a plain OCO member; a
        cancel that was on its way is taken as done; only the unfilled rest is handed over.
        """
        broker = runner.broker
        if broker.capabilities.restores_orders:
            broker.restore([o.order for o in bj.working()])
            return
        # the orders handed over: a child of one already filled rests on its own
        working = {o.order.client_id for o in bj.working() if o.filled < o.order.qty}
        for jo in bj.working():
            cid = jo.order.client_id
            if jo.order.symbol not in runner.by_symbol:
                continue  # a contract the bot no longer trades (reported by restore)
            # dated by the market (where the replay resumes, else when the order was
            # sent), never by the wall clock: the journal's last market time reads it
            at = runner.resume_at or jo.order.ts
            if jo.status is OrderStatus.PENDING_CANCEL:
                runner.on_order_update(
                    OrderUpdate(cid, OrderStatus.CANCELLED, at, reason="restart")
                )
                continue
            if jo.filled >= jo.order.qty:  # its last fill was journaled, FILLED was not yet
                runner.on_order_update(OrderUpdate(cid, OrderStatus.FILLED, at, reason="restart"))
                continue
            parent = jo.order.parent_id if jo.order.parent_id in working else None
            # working from where the replay resumes (``resume_at``), never from a bar the
            # crashed run already traded; 0 (the broker's first bar) when nothing resumes
            order = replace(
                jo.order, qty=jo.order.qty - jo.filled, parent_id=parent, ts=runner.resume_at
            )
            broker.submit(order)

    async def reconcile(self, runner: BotRunner) -> None:
        """The broker's snapshot against the journal: missing fills applied, orders the
        broker does not know closed (never re-sent), unknown open orders reported. The
        positions are then compared, and acted on, by :mod:`runner.runtime.reconcile`."""
        try:
            snap = await runner.broker.snapshot()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # the broker went down again while the bot recovered
            # unknown, never flat: the comparisons hold the bot's entries until they can
            # ask again (the broker's return starts one), and no order is closed on no word
            reason = str(exc) or type(exc).__name__
            self.emit(
                ReconcileUnknown(bot=runner.name, ts=self.now(), cause="recovery", reason=reason)
            )
            return
        book_missing_fills(runner, snap, self.emit, self.now(), "the journal")
        open_ids = {u.client_id for u in snap.open_orders}
        for cid, rec in runner.orders.items():
            if rec.status.is_done or cid in open_ids:
                continue
            if runner.broker.capabilities.simulated:
                continue
            if rec.filled >= rec.order.qty:
                # every fill is booked; only the final report was lost with the old process
                # or its connection. Filled, not cancelled: a filled entry gets its stop.
                self.emit(
                    Reconcile(
                        bot=runner.name,
                        ts=self.now(),
                        symbol=rec.order.symbol,
                        difference="order in the journal filled at the broker; marked filled",
                        client_id=cid,
                    )
                )
                runner.on_order_update(
                    OrderUpdate(
                        cid,
                        OrderStatus.FILLED,
                        self.now(),
                        filled_qty=rec.filled,
                        reason="filled at the broker, found after restart",
                    )
                )
                continue
            # sent before the crash but unknown to the broker: never re-sent, closed here
            self.emit(
                Reconcile(
                    bot=runner.name,
                    ts=self.now(),
                    symbol=rec.order.symbol,
                    difference="order in the journal is not open at the broker; "
                    "marked cancelled, not re-sent",
                    client_id=cid,
                )
            )
            runner.on_order_update(
                OrderUpdate(
                    cid,
                    OrderStatus.CANCELLED,
                    self.now(),
                    reason="not found at broker after restart",
                )
            )
        for u in snap.open_orders:
            if u.client_id not in runner.orders and u.client_id.startswith(runner.name + "-"):
                self.emit(
                    Reconcile(
                        bot=runner.name,
                        ts=self.now(),
                        client_id=u.client_id,
                        difference="open order at the broker unknown to the journal",
                    )
                )
        # positions are compared, and a difference acted on, by runner.runtime.reconcile
