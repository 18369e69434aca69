"""Each bot compared with its broker, and every difference acted on by the bot's policy.

The broker's account is the truth. A comparison runs at start, after every reconnect of a
bot's broker and every ``reconcile.every`` seconds of the runtime's clock. It asks the
broker for its ``snapshot()`` and compares each instrument's position, and the orders the
bot believes working, with it. A difference seen once is confirmed by a second snapshot
first: a fill or an order update on its way when the first was taken is not a difference.

What a confirmed position difference leads to (``reconcile.on_difference``):

- every policy first books the difference (:meth:`OrderManager.take_over`), so what the
  bot sends next nets against what is really held and never invents a position;
- ``protect`` (default): no new entries; a stop for the whole position the broker holds
  (kept if one of the right size works, otherwise placed at the bot's level); entries
  resume once a comparison finds the bot and its broker agreeing with that position closed;
- ``adopt``: the position is the bot's, with a stop; the bot trades on;
- ``flatten``: the position is closed at market; entries resume once a comparison sees
  the broker flat on it.

A broker that cannot be asked (an error, no answer within ``reconcile.timeout``) is never
taken for flat: the bot's entries stay held until a snapshot succeeds. A corrective order
still working when the next comparison runs is waited for, never sent again. An order the
bot believes working that the broker does not list is marked cancelled; if it was a stop
of an open position the order manager places it again (:meth:`Brackets.restore`); an order
of the bot the broker still works although the bot holds it finished is cancelled, once.

A simulated broker dies with its process: after a crash its positions restart at zero
while the journal remembers them, so its first comparison only records that offset and
later ones compare against it.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from runner.api.broker import BrokerSnapshot
from runner.config.reconcile import ReconcileConfig
from runner.events import (
    Difference,
    EntriesResumed,
    Event,
    Listener,
    Reconcile,
    ReconcileUnknown,
    Table,
    route_of,
)
from runner.model import OrderStatus, OrderUpdate, Side

if TYPE_CHECKING:
    from runner.api.broker import Broker
    from runner.api.context import InstrumentState
    from runner.engine.bot import BotRunner
    from runner.journal.store import Journal

ACKED = (OrderStatus.ACCEPTED, OrderStatus.PARTIALLY_FILLED, OrderStatus.PENDING_CANCEL)
"""Orders the broker has acknowledged: one it no longer lists is gone (PENDING_NEW ones may
still be on their way)."""

STILL_TRIES = 3
"""Snapshots tried per look before a bot that keeps trading is left for the next round."""

MOVING = object()
"""A look that never found the bot still (it booked a fill during every snapshot)."""

POLL_SECONDS = 0.25
"""How often (wall time) the periodic loop looks at the runtime's clock."""


@dataclass(slots=True)
class BotCheck:
    """What the comparisons of one bot remember between runs."""

    held: str = ""  # why this module holds the bot's entries back ("": it does not)
    watch: set[str] = field(default_factory=set)  # symbols that must be flat to resume
    corrective: dict[str, str] = field(default_factory=dict)  # symbol: last order sent
    cancelled: set[str] = field(default_factory=set)  # unexpected orders a cancel was sent for
    base: dict[str, int] | None = None  # simulated broker: bot minus broker at the first
    running: bool = False
    again: str = ""  # a cause that came while a comparison ran: run once more after it
    due: int = 0  # runtime clock (ns) of the next periodic comparison
    checks: int = 0
    differences: int = 0


@dataclass(frozen=True, slots=True)
class Found:
    """One confirmed difference."""

    symbol: str
    what: str  # position, order_missing, order_unexpected
    bot: int
    broker: int
    client_id: str = ""


def account_of(broker: Broker) -> object:
    """What tells one account from another: a venue broker's ``fill_session`` (venue and
    account, see :class:`runner.api.live.LiveBroker`) once it has one, else the broker
    object itself (a simulated broker is an account of its own)."""
    session = getattr(broker, "fill_session", "")
    if session and not broker.capabilities.simulated:
        return session
    return id(broker)


def book_missing_fills(
    runner: BotRunner, snap: BrokerSnapshot, emit: Listener, ts: int, missing_from: str
) -> None:
    """Executions of the bot's own orders the broker reports and the bot never got (a
    report lost in a drop or with a killed process) are booked as they were, each with a
    ``Reconcile`` event, before anything is compared."""
    for f in snap.fills:
        if f.client_id in runner.orders and f.bot in ("", runner.name) and not runner.knows_fill(f):
            emit(
                Reconcile(
                    bot=runner.name,
                    ts=ts,
                    symbol=f.symbol,
                    difference=f"fill missing from {missing_from}; applied",
                    client_id=f.client_id,
                    fill_id=f.fill_id,
                    qty=f.qty,
                    price=f.price,
                )
            )
            runner.on_fill(f)


def _mark(runner: BotRunner) -> tuple[int, tuple[int, ...]]:
    """What changes when the bot books a fill: its count of fills and its positions."""
    return runner.fill_count, tuple(i.holding.qty for i in runner.by_symbol.values())


Bots = Callable[[], Iterable[tuple["BotRunner", ReconcileConfig]]]


class Reconciler:
    def __init__(
        self,
        journal: Journal | None,
        emit: Listener,
        now: Callable[[], int],
        clock: Callable[[], int] = time.time_ns,
        prices: dict[str, tuple[int, float]] | None = None,
    ) -> None:
        self.journal = journal
        self._forward = emit
        self.now = now  # event times: the data's time in a replay
        self.clock = clock  # the runtime's clock, for ``every``
        self.prices = prices if prices is not None else {}  # symbol: last journaled fill
        self.state: dict[str, BotCheck] = {}
        self.peers: Callable[[], Iterable[BotRunner]] = tuple
        """Every running bot: those whose brokers share an account are compared together."""
        self._tasks: set[asyncio.Task[Any]] = set()
        self._locks: dict[object, asyncio.Lock] = {}
        self._closed = False

    def of(self, runner: BotRunner) -> BotCheck:
        return self.state.setdefault(runner.name, BotCheck())

    # ------------------------------------------------------------------ when
    async def check_all(
        self, bots: Iterable[tuple[BotRunner, ReconcileConfig]], cause: str
    ) -> None:
        for runner, cfg in bots:
            await self.check(runner, cfg, cause)

    async def run(self, bots: Bots, stopping: asyncio.Event) -> None:
        """Every bot every ``reconcile.every`` seconds of the runtime's clock."""
        while not stopping.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), POLL_SECONDS)
            if stopping.is_set():
                return
            now = self.clock()
            for runner, cfg in list(bots()):
                st = self.of(runner)
                if not st.due:
                    st.due = now + cfg.every_seconds * 1_000_000_000
                elif now >= st.due:
                    st.due = now + cfg.every_seconds * 1_000_000_000
                    self.spawn(self.check(runner, cfg, "periodic"))

    def broker_back(self, broker: Broker, bots: Bots) -> None:
        """A broker is reachable again after a drop: its bots are compared at once."""
        for runner, cfg in list(bots()):
            if runner.broker is broker:
                self.spawn(self.check(runner, cfg, "reconnect"))

    def spawn(self, coro: Any) -> asyncio.Task[Any] | None:
        if self._closed:
            coro.close()
            return None
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # a report outside the runtime's loop: nothing to compare with
            coro.close()
            return None
        task = loop.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    async def close(self) -> None:
        """No comparison runs or starts from now on (the shutdown flattens)."""
        self._closed = True
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # ------------------------------------------------------------------ one comparison
    async def check(self, runner: BotRunner, cfg: ReconcileConfig, cause: str) -> str:
        """Compare one bot with its broker and act; returns ``agree``, ``difference``,
        ``unknown``, ``moving`` (the bot booked fills during every look: next round) or
        ``busy`` (a comparison of this bot is running: it runs once more when that one
        ends)."""
        st = self.of(runner)
        if st.running:
            st.again = st.again or cause
            return "busy"
        st.running = True
        lock = self._locks.setdefault(account_of(runner.broker), asyncio.Lock())
        try:
            async with lock:  # bots of one account one at a time: a share is taken once
                outcome = await self._check(runner, cfg, cause, st)
                while st.again:
                    cause, st.again = st.again, ""
                    outcome = await self._check(runner, cfg, cause, st)
            return outcome
        finally:
            st.running = False

    async def _check(
        self, runner: BotRunner, cfg: ReconcileConfig, cause: str, st: BotCheck
    ) -> str:
        st.checks += 1
        snap = await self._still(runner, cfg, cause, st)
        if snap is None:
            return "unknown"
        if snap is MOVING:
            return "moving"
        assert isinstance(snap, BrokerSnapshot)
        self._missing_fills(runner, snap)
        simulated = runner.broker.capabilities.simulated
        if simulated and st.base is None:
            # a simulation that died with the old process knows none of the journal's
            # positions: that offset is no difference
            st.base = {
                s: i.holding.qty - snap.positions.get(s, 0) for s, i in runner.by_symbol.items()
            }
        found = self._compare(runner, snap, st)
        if found:  # confirmed by a second look: a report on its way is no difference
            again = await self._still(runner, cfg, cause, st)
            if again is None:
                return "unknown"
            if again is MOVING:
                return "moving"
            assert isinstance(again, BrokerSnapshot)
            snap = again
            second = set(self._compare(runner, snap, st))
            found = [f for f in found if f in second]
        for f in found:
            st.differences += 1
            if f.what == "order_missing":
                self._order_missing(runner, cfg, f, cause)
            elif f.what == "unprotected":
                self._unprotected(runner, cfg, f, cause)
            elif f.what == "order_unexpected":
                self._order_unexpected(runner, cfg, f, cause, st)
            else:
                self._position(runner, cfg, f, cause, st)
        if any(f.what == "position" for f in found):
            return "difference"
        # positions agree (an order-level difference was handled above and holds nothing)
        if cfg.on_difference == "flatten" and not found:
            self._close_again(runner, cfg, st, cause)
        self._maybe_resume(runner, snap, st, cause)
        return "difference" if found else "agree"

    async def _still(
        self, runner: BotRunner, cfg: ReconcileConfig, cause: str, st: BotCheck
    ) -> BrokerSnapshot | object | None:
        """A snapshot during which the bot booked nothing, so the two describe one moment.

        The snapshot is taken while the event loop runs on: a fill booked meanwhile (by a
        paper broker at the next bar, by a venue's report) would show as a difference that
        is not one. Such a look is taken again; after a few, the comparison gives up for
        this round (``MOVING``) and the next one tries again. None: the broker did not
        answer.
        """
        sharing = [runner, *self._sharing(runner)]
        for _ in range(STILL_TRIES):
            before = [_mark(r) for r in sharing]
            snap = await self._snapshot(runner, cfg, cause, st)
            if snap is None or [_mark(r) for r in sharing] == before:
                return snap
        return MOVING

    def _sharing(self, runner: BotRunner) -> list[BotRunner]:
        """The other running bots whose broker trades the same account as ``runner``'s."""
        key = account_of(runner.broker)
        return [
            p
            for p in self.peers()
            if p is not runner and p.name != runner.name and account_of(p.broker) == key
        ]

    async def _snapshot(
        self, runner: BotRunner, cfg: ReconcileConfig, cause: str, st: BotCheck
    ) -> BrokerSnapshot | None:
        try:
            return await asyncio.wait_for(runner.broker.snapshot(), cfg.timeout)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a timeout, a dropped connection, a venue error
            reason = str(exc) or type(exc).__name__
            if isinstance(exc, TimeoutError):
                reason = f"no answer from the broker within {cfg.timeout:g} s"
            self._hold(runner, st, f"broker state unknown ({cause})")
            self.emit(
                ReconcileUnknown(bot=runner.name, ts=self.now(), cause=cause, reason=reason),
            )
            return None

    def _missing_fills(self, runner: BotRunner, snap: BrokerSnapshot) -> None:
        book_missing_fills(runner, snap, self.emit, self.now(), "the bot")

    def _compare(self, runner: BotRunner, snap: BrokerSnapshot, st: BotCheck) -> list[Found]:
        found: list[Found] = []
        base = st.base or {}
        sharing = self._sharing(runner)
        for symbol, inst in runner.by_symbol.items():
            if not inst.tradable:
                continue
            mine = inst.holding.qty
            # what the account holds less what the other bots on it hold: this bot's share
            others = sum(
                p.by_symbol[symbol].holding.qty
                for p in sharing
                if symbol in p.by_symbol and p.by_symbol[symbol].tradable
            )
            theirs = snap.positions.get(symbol, 0) + base.get(symbol, 0) - others
            if mine != theirs:
                found.append(Found(symbol, "position", mine, theirs))
        if runner.broker.capabilities.simulated:
            return found  # its orders live in this process: none can go missing
        open_ids = {u.client_id for u in snap.open_orders}
        for cid, rec in runner.live.items():
            if rec.status in ACKED and cid not in open_ids:
                held = runner.by_symbol[rec.order.symbol].holding.qty
                found.append(Found(rec.order.symbol, "order_missing", held, held, cid))
        legs = [i for i in runner.by_symbol.values() if i.holding.qty and i.tradable]
        if len(legs) == 1:  # (a pair's legs are protected as a pair, by its own exits)
            (inst,) = legs
            if not self._covered(runner, inst):
                held = inst.holding.qty
                found.append(Found(inst.symbol, "unprotected", held, held))
        prefix = runner.om.id_prefix + "-"
        for u in snap.open_orders:
            known = runner.orders.get(u.client_id)
            if u.client_id.startswith(prefix) and (known is None or known.status.is_done):
                symbol = known.order.symbol if known is not None else ""
                where = runner.by_symbol.get(symbol)
                held = where.holding.qty if where is not None else 0
                found.append(Found(symbol, "order_unexpected", held, held, u.client_id))
        return found

    # ------------------------------------------------------------------ acting
    def _report(
        self,
        runner: BotRunner,
        cfg: ReconcileConfig,
        f: Found,
        cause: str,
        difference: str,
        action: str,
        client_id: str | None = None,
    ) -> None:
        """One confirmed difference and what the bot's policy did about it."""
        self.emit(
            Difference(
                bot=runner.name,
                ts=self.now(),
                symbol=f.symbol,
                difference=difference,
                bot_position=f.bot,
                broker_position=f.broker,
                policy=cfg.on_difference,
                action=action,
                cause=cause,
                client_id=client_id,
            ),
        )

    def _order_missing(self, runner: BotRunner, cfg: ReconcileConfig, f: Found, cause: str) -> None:
        """The broker no longer works an order the bot does: it is cancelled here (never
        sent again); a stop of an open position is placed anew by the order manager."""
        rec = runner.orders.get(f.client_id)
        if rec is None or rec.status.is_done:
            return
        if rec.filled >= rec.order.qty:  # its executions are all booked: it filled
            runner.on_order_update(OrderUpdate(f.client_id, OrderStatus.FILLED, self.now()))
            return
        stop = rec.role == "stop" and bool(f.bot)
        self._report(
            runner,
            cfg,
            f,
            cause,
            "order working for the bot is not working at the broker",
            "marked cancelled" + ("; stop placed again if none covers" if stop else ""),
            f.client_id,
        )
        runner.on_order_update(
            OrderUpdate(
                f.client_id, OrderStatus.CANCELLED, self.now(), reason="not working at the broker"
            )
        )

    @staticmethod
    def _covered(runner: BotRunner, inst: InstrumentState) -> bool:
        """A stop works for the position, or a close is on its way."""
        if runner.om.brackets.covering_stop(inst) is not None:
            return True
        return any(
            rec.role == "close" and rec.order.symbol == inst.symbol and not rec.status.is_done
            for rec in runner.live.values()
        )

    def _unprotected(self, runner: BotRunner, cfg: ReconcileConfig, f: Found, cause: str) -> None:
        """The bot and its broker agree on a position that has no stop (e.g. the process
        died between an entry's fill and its stop): the stop is placed now, at the bot's
        own level for an entry at the price known (the entry's fill after a restart), or
        the position is closed when that price is already through it."""
        inst = runner.by_symbol[f.symbol]
        price = self._price(inst)

        def report(action: str, client_id: str | None = None) -> None:
            self._report(
                runner, cfg, f, cause, "position held without a working stop", action, client_id
            )

        if price is None:
            report("no price known yet to set the stop from; the next comparison tries again")
            return
        action, sent = self._protect(runner, cfg, inst, price)
        report(action, sent)

    def _order_unexpected(
        self, runner: BotRunner, cfg: ReconcileConfig, f: Found, cause: str, st: BotCheck
    ) -> None:
        """The broker works an order of this bot that the bot holds for finished (a stop
        reported "no longer working" that was, and has since been placed again): it would
        trade a position nobody manages, so it is cancelled, once."""
        asked = f.client_id in st.cancelled
        self._report(
            runner,
            cfg,
            f,
            cause,
            "order working at the broker is finished for the bot",
            "cancel already asked; waiting" if asked else "cancelled at the broker",
            f.client_id,
        )
        if not asked:
            st.cancelled.add(f.client_id)
            runner.broker.cancel(f.client_id)

    def _position(
        self, runner: BotRunner, cfg: ReconcileConfig, f: Found, cause: str, st: BotCheck
    ) -> None:
        inst = runner.by_symbol[f.symbol]
        policy = cfg.on_difference

        def report(action: str, client_id: str | None = None) -> None:
            self._report(
                runner, cfg, f, cause, "position differs from the broker's", action, client_id
            )

        pending = st.corrective.get(f.symbol)
        rec = runner.orders.get(pending) if pending else None
        if rec is not None and not rec.status.is_done:
            self._hold(runner, st, f"difference on {f.symbol}")
            report(f"waiting for {pending}, still working; nothing sent", pending)
            return
        price = self._price(inst)
        if price is None:
            self._hold(runner, st, f"difference on {f.symbol}")
            report("no price known yet to book the broker's position at; entries held")
            return
        runner.om.take_over(inst, f.broker - f.bot, price, f"reconcile:{policy}", self.now())
        st.watch.discard(f.symbol)
        if policy == "flatten":
            sent = self._close(runner, inst)
            if sent:
                st.corrective[f.symbol] = sent
            st.watch.add(f.symbol)
            self._hold(runner, st, f"flattening {f.symbol}")
            report("closing the broker's position at market" if sent else "nothing to close", sent)
            return
        action, sent = self._protect(runner, cfg, inst, price)
        if sent:
            st.corrective[f.symbol] = sent
        if policy == "protect":
            if inst.holding.qty:
                st.watch.add(f.symbol)
            self._hold(runner, st, f"difference on {f.symbol}")
            action += "; entries held"
        else:
            action = "position adopted; " + action
        report(action, sent)

    def _close_again(
        self, runner: BotRunner, cfg: ReconcileConfig, st: BotCheck, cause: str
    ) -> None:
        """``flatten``: a position taken over that is still open with no close working (the
        close was rejected or cancelled) gets a new close; one at a time, never a second
        while one works."""
        for symbol in sorted(st.watch):
            inst = runner.by_symbol[symbol]
            held = inst.holding.qty
            if not held:
                continue
            working = [
                r
                for r in runner.live.values()
                if r.role == "close" and r.order.symbol == symbol and not r.status.is_done
            ]
            if working:
                continue
            sent = self._close(runner, inst)
            if sent:
                st.corrective[symbol] = sent
            self._report(
                runner,
                cfg,
                Found(symbol, "position", held, held),
                cause,
                "position to flatten is still open, no close working",
                "closing the broker's position at market again",
                sent,
            )

    def _protect(
        self, runner: BotRunner, cfg: ReconcileConfig, inst: InstrumentState, price: float
    ) -> tuple[str, str | None]:
        """A stop for the whole position now held; returns what was done and the client id
        of the order sent (None: nothing sent)."""
        om = runner.om
        held = inst.holding.qty
        closing = Side.SELL if held > 0 else Side.BUY
        for rec in list(om.live.values()):  # a stop or target that would add to what is held
            if (
                rec.order.symbol == inst.symbol
                and rec.role in ("stop", "target")
                and (not held or rec.order.side is not closing)
            ):
                om.cancel(rec.order.client_id)
        if not held:
            return "flat at the broker; its stop and target cancelled", None
        cover = om.brackets.covering_stop(inst)
        if cover is not None and cover.order.qty - cover.filled == abs(held):
            return f"stop {cover.order.client_id} kept", None
        direction = 1 if held > 0 else -1
        level = cover.order.stop_price if cover is not None else None
        if level is None:
            level = self._level(runner, cfg, inst, direction, price)
        if cover is not None:
            om.cancel(cover.order.client_id)
        if (price - level) * direction <= 0:
            sent = self._close(runner, inst)
            return f"price {price:g} already through the stop level {level:g}: closed", sent
        order = om.brackets.place_stop(inst, level, None, "reconcile")
        return f"stop for {abs(held)} at {level:g} placed", order.client_id

    def _level(
        self,
        runner: BotRunner,
        cfg: ReconcileConfig,
        inst: InstrumentState,
        direction: int,
        price: float,
    ) -> float:
        """The bot's own stop for a position opened now at ``price``, or ``stop_ticks``."""
        levels = runner.om.trade.levels.get(inst.key)
        if levels is not None and levels.stop is not None and (price - levels.stop) * direction > 0:
            return levels.stop
        with contextlib.suppress(Exception):  # an exit that is not warm yet
            lv = runner.pipeline.entries.levels(inst, direction, price)
            if lv is not None and lv.stop is not None:
                return lv.stop
        spec = inst.contract
        raw = price - direction * cfg.stop_ticks * spec.tick_size
        return spec.round_down(raw) if direction > 0 else spec.round_up(raw)

    def _close(self, runner: BotRunner, inst: InstrumentState) -> str | None:
        om = runner.om
        before = set(om.live)
        om.close_position(inst, "reconcile")
        new = [cid for cid, rec in om.live.items() if cid not in before and rec.role == "close"]
        if new:
            return new[-1]
        for cid, rec in om.live.items():  # a close already on its way
            if rec.role == "close" and rec.order.symbol == inst.symbol:
                return cid
        return None

    def _price(self, inst: InstrumentState) -> float | None:
        if inst.bar is not None:
            return inst.bar.close
        last = self.prices.get(inst.symbol)
        return last[1] if last is not None else None

    # ------------------------------------------------------------------ the entry gate
    def _hold(self, runner: BotRunner, st: BotCheck, reason: str) -> None:
        st.held = reason
        runner.hold_entries(reason)

    def _maybe_resume(
        self, runner: BotRunner, snap: BrokerSnapshot, st: BotCheck, cause: str
    ) -> None:
        if not st.held:
            return
        for symbol in list(st.watch):
            if runner.by_symbol[symbol].holding.qty:  # (equal to its share: no difference)
                return  # a position taken over is still open: entries stay held
            st.watch.discard(symbol)
        for cid in st.corrective.values():
            rec = runner.orders.get(cid)
            if rec is not None and not rec.status.is_done and rec.role == "close":
                return
        was, st.held = st.held, ""
        runner.hold_entries("")
        self.emit(EntriesResumed(bot=runner.name, ts=self.now(), cause=cause, was=was))

    def recall(self, runner: BotRunner) -> None:
        """Entries a previous run held back stay held: the journal's notes since the last
        ``entries_resumed`` say which differences were still open when it ended (a crash
        or a stop must not turn a taken-over position into one the bot trades on)."""
        if self.journal is None:
            return
        held, watch = "", set[str]()
        for _, event, detail in self.journal.reconcile_notes(runner.name):
            if event == "entries_resumed":
                held, watch = "", set()
            elif event == "difference" and "held" in str(detail.get("action", "")):
                symbol = str(detail.get("symbol", ""))
                held = f"difference on {symbol} (still open when the last run ended)"
                if symbol in runner.by_symbol:
                    watch.add(symbol)
            elif event == "difference" and detail.get("policy") == "flatten":
                symbol = str(detail.get("symbol", ""))
                held = f"flattening {symbol} (still open when the last run ended)"
                if symbol in runner.by_symbol:
                    watch.add(symbol)
        if held:
            st = self.of(runner)
            st.watch |= watch
            self._hold(runner, st, held)

    def apply(self, runner: BotRunner) -> None:
        """A bot built anew (a restart) holds entries where the one before it did."""
        st = self.state.get(runner.name)
        if st is not None and st.held:
            runner.hold_entries(st.held)

    def emit(self, event: Event) -> None:
        """Journal first (its ``reconcile`` table), then the console, dashboard and logs."""
        if self.journal is not None and route_of(event).journal is Table.RECONCILE:
            self.journal.reconcile_note(event.bot, event.ts, event.kind, event.payload())
        self._forward(event)
