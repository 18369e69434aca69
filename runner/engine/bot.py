"""One bot's pipeline: indicators -> filters -> exits -> signals -> sizing -> risk -> orders.

The same object runs in a backtest, on a paced replay and live; only the feed, the broker
and the clock around it differ. Everything here runs on every bar, so the per-bar path
avoids allocation and indirection: lists of bound methods, slots objects, no logging
unless something happens.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from runner.api.context import BotContext, InstrumentState
from runner.api.exit import ExitLevels
from runner.engine.risk import RiskGuard
from runner.model import (
    Bar,
    Bracket,
    Fill,
    Order,
    OrderStatus,
    OrderType,
    OrderUpdate,
    Side,
)

if TYPE_CHECKING:
    from runner.api import Broker, Exit, Filter, Indicator, Intent, Signal, Sizer
    from runner.engine.bars import BarBuilder
    from runner.schedule.windows import WindowTracker

EventSink = Callable[..., None]


class Route:
    """Where one symbol's bars go in a bot: its state and its indicators' update methods."""

    __slots__ = ("inst", "pending", "primary", "updates")

    def __init__(self, inst: InstrumentState, updates: tuple, primary: bool) -> None:
        self.inst = inst
        self.updates = updates
        self.primary = primary
        self.pending = False  # has a bar in the current slice, indicators not updated yet


@dataclass(slots=True)
class OrderRecord:
    order: Order
    status: OrderStatus = OrderStatus.PENDING_NEW
    filled: int = 0
    role: str = "entry"  # entry, stop, target, close
    group: str = ""  # the trade (entry client id) this order belongs to


@dataclass(slots=True)
class TradeState:
    """The bot's current trade: its direction, legs and protective orders."""

    direction: int = 0
    entry_ids: list[str] = field(default_factory=list)
    levels: dict[str, ExitLevels] = field(default_factory=dict)  # instrument key -> levels
    stops: dict[str, str] = field(default_factory=dict)  # instrument key -> stop client id
    targets: dict[str, str] = field(default_factory=dict)
    reason: str = ""


class BotRunner:
    """Runs one bot. Market data comes in through ``on_bar``; broker events through ``on_broker_event``."""

    def __init__(
        self,
        name: str,
        ctx: BotContext,
        indicators: dict[str, list[Indicator]],
        filters: list[Filter],
        exits: list[Exit],
        signals: list[Signal],
        sizer: Sizer,
        broker: Broker,
        portfolio: Any,
        risk: RiskGuard,
        emit: EventSink,
        builders: dict[str, BarBuilder] | None = None,
        id_prefix: str = "",
        on_stop: str = "flatten",
        window: WindowTracker | None = None,
    ) -> None:
        self.name = name
        self.ctx = ctx
        self.by_symbol: dict[str, InstrumentState] = {i.symbol: i for i in ctx.instruments.values()}
        self._instruments = tuple(ctx.instruments.values())
        self._fresh: list[Route] = []  # routes with a new bar in the current slice
        self._routes = {
            sym: Route(
                inst, tuple(i.update for i in indicators.get(sym, ())), sym == ctx.primary.symbol
            )
            for sym, inst in self.by_symbol.items()
        }
        self.filters = [f.allows for f in filters]
        self.exits = exits
        self.exit_checks = [e.on_bar for e in exits]
        self.signals = [s.evaluate for s in signals]
        self.sizer = sizer
        self.broker = broker
        self.portfolio = portfolio
        self.risk = risk
        self.emit = emit
        self.builders = builders or {}
        self.on_stop = on_stop
        self.window = window
        self._in_window = False
        self.failed = False  # set by the supervisor when a plugin raised
        self.journal: Any = None  # the runtime's SQLite journal; None in backtests
        self.orders: dict[str, OrderRecord] = {}  # every order of the run, by client id
        self.live: dict[str, OrderRecord] = {}  # the ones not finished yet
        self.trade = TradeState()
        self.active = True  # inside the schedule's window (entries allowed)
        self._broker_connected = True
        self.last_signal: str = ""
        self._seq = 0
        self._prefix = id_prefix or name
        self._fill_ids: set[str] = set()
        self._working = 0  # orders not done yet
        broker.sink = self.on_broker_event
        for plugin in (*filters, *exits, *signals):
            plugin.bind(ctx)
        for inds in indicators.values():
            for ind in inds:
                ind.bind(ctx)

    # ---------------------------------------------------------------- market data
    def on_bar(self, bar: Bar) -> bool:
        """Takes a data bar; True when it is the bot's first bar of this time slice.

        Indicators are not updated here but in :meth:`settle`, once the whole slice is in:
        an indicator that reads two instruments (a pair's hedge ratio) must see both bars
        of the same minute, whatever order they arrived in.
        """
        builder = self.builders.get(bar.symbol) if self.builders else None
        if builder is None:
            return self._take(bar)
        first = False
        for coarse in builder.add_bar(bar):
            first = self._take(coarse) or first
        return first

    def _take(self, bar: Bar) -> bool:
        route = self._routes[bar.symbol]
        fresh = self._fresh
        if route.pending:  # a second bar of one symbol in a slice: settle the first
            self._update(route)
            fresh.remove(route)
        route.inst.bar = bar
        route.pending = True
        fresh.append(route)
        return len(fresh) == 1

    def _update(self, route: Route) -> None:
        route.pending = False
        inst = route.inst
        bar = inst.bar
        for update in route.updates:
            update(bar)
        if inst.position:
            self.portfolio.mark(inst.symbol, bar.close)

    def settle(self, decide: bool = True) -> None:
        """End of a time slice: update indicators, then decide if the primary bar closed."""
        fresh = self._fresh
        primary = False
        for route in fresh:
            self._update(route)
            if route.primary:
                primary = True
        fresh.clear()
        if primary and decide:
            self.decide()

    def warm(self, bars: list[Bar]) -> None:
        """History before trading starts (time-ordered): indicators only, no orders."""
        end = None
        for bar in bars:
            if bar.end != end and end is not None:
                self.settle(decide=False)
            end = bar.end
            self.on_bar(bar)
        self.settle(decide=False)

    def decide(self) -> None:
        """The pipeline after the primary bar closed at ``ctx.primary.bar.end``."""
        ctx = self.ctx
        bar = ctx.primary.bar
        now = bar.end
        ctx.now = now
        ctx.bar_index += 1
        portfolio = self.portfolio
        portfolio.record(now)
        equity = ctx.equity = portfolio.equity_curve[-1][1]
        risk = self.risk
        if risk.new_bar(now, equity):
            self.emit(
                "risk_limit",
                self.name,
                now,
                limit="max_daily_loss",
                loss=round(risk.day_start_equity - equity, 2),
            )
            self.flatten("max_daily_loss")
        if self.window is not None:
            self._check_window(now)

        trade = self.trade
        if trade.direction:
            for inst in ctx.instruments.values():
                if inst.position:
                    for check in self.exit_checks:
                        action = check(ctx, inst)
                        if action is not None:
                            self._exit_action(inst, action)
                            if not inst.position or action.kind == "close":
                                break
        # every signal sees every bar (stateful ones track ranges and crosses); the first
        # intent in file order is the one acted on
        intent = None
        for evaluate in self.signals:
            wish = evaluate(ctx)
            if intent is None:
                intent = wish
        if self._working and len(self.trade.entry_ids) > 1:
            self._expire_partial_legs()
        if intent is None or (self._working and self._has_working_entries()):
            return
        self._on_intent(intent)

    def _check_window(self, now: int) -> None:
        """Entries only inside the schedule's window; flatten at its flatten time."""
        inside, past_flatten = self.window.state(now)
        active = inside and not past_flatten
        if active != self._in_window:
            if active:
                self.emit("window_open", self.name, now)
            else:  # entries end at the flatten time, minutes before the window itself closes
                self.emit(
                    "window_close", self.name, now, at="flatten time" if inside else "window close"
                )
            self._in_window = active
        self.active = active
        if (
            not active
            and self.on_stop == "flatten"
            and (self.trade.direction or self._has_position())
        ):
            self.flatten("window_end")

    def _has_position(self) -> bool:
        for inst in self._instruments:
            if inst.position:
                return True
        return False

    # ---------------------------------------------------------------- decisions
    def set_broker_connected(self, connected: bool) -> None:
        """While the broker is unreachable no entry is sent: it could be neither confirmed
        nor protected. Exits and flattens still go out (the broker may still take them)."""
        self._broker_connected = connected

    def _entries_allowed(self) -> bool:
        if not self.active or self.risk.halted or not self._broker_connected:
            return False
        ctx = self.ctx
        for allows in self.filters:
            if not allows(ctx):
                return False
        return True

    def _on_intent(self, intent: Intent) -> None:
        trade = self.trade
        direction = intent.direction
        if direction == trade.direction:
            return
        if direction == 0:
            if trade.direction:
                self._signal_event(intent)
                self.close_all(intent.reason or "signal_exit")
            return
        if not self._entries_allowed():
            if trade.direction:  # an opposite signal still closes what is open
                self._signal_event(intent)
                self.close_all(intent.reason or "reverse")
            return
        self._signal_event(intent)
        if trade.direction:
            self.close_all("reverse")
        self._enter(intent)

    def _signal_event(self, intent: Intent) -> None:
        side = {1: "long", -1: "short", 0: "flat"}[intent.direction]
        self.last_signal = side
        self.emit(
            "signal",
            self.name,
            self.ctx.now,
            symbol=self.ctx.primary.symbol,
            direction=side,
            confidence=intent.confidence,
            reason=intent.reason,
            price=self.ctx.primary.bar.close,
        )

    def _enter(self, intent: Intent) -> None:
        ctx = self.ctx
        legs = intent.legs or {ctx.primary.key: 1.0}
        keys = list(legs)
        lead = ctx.instruments[keys[0]]
        price = lead.bar.close
        lead_dir = intent.direction * (1 if legs[keys[0]] >= 0 else -1)
        levels = self._levels(lead, lead_dir, price) if len(keys) == 1 else None
        stop_distance = abs(price - levels.stop) if levels and levels.stop is not None else None
        n = self.sizer.size(ctx, lead, intent, price, stop_distance)
        if n <= 0:
            self.emit(
                "entry_skipped",
                self.name,
                ctx.now,
                reason="size is zero",
                price=price,
                stop_distance=stop_distance,
            )
            return
        trade = self.trade
        trade.direction = intent.direction
        trade.reason = intent.reason
        trade.entry_ids = []
        trade.levels = {}
        lead_units = lead.contract.point_value / abs(legs[keys[0]] or 1.0)
        orders: list[tuple[str, Order]] = []
        for key in keys:
            inst = ctx.instruments[key]
            weight = legs[key]
            side = intent.direction * (1 if weight >= 0 else -1)
            # weights are in price units (spread = y - beta * x), so a leg's contracts are
            # the lead's price exposure times its weight over its own point value
            qty = (
                n
                if key == keys[0]
                else round(n * abs(weight) * lead_units / inst.contract.point_value)
            )
            qty = self.risk.cap(inst.position, side, qty)
            if qty <= 0:
                self.emit(
                    "risk_limit",
                    self.name,
                    ctx.now,
                    limit="max_position",
                    symbol=inst.symbol,
                    position=inst.position,
                )
                break
            order = self._order(inst, Side(side), qty, OrderType.MARKET, reason="entry")
            if order is None:
                break
            orders.append((key, order))
        if len(orders) < len(keys):
            # one leg of a pair alone is not the trade the signal asked for: send nothing
            trade.direction = 0
            if len(keys) > 1:
                self.emit(
                    "entry_skipped", self.name, ctx.now, reason="a leg could not be sized or sent"
                )
            return
        if len(orders) == 1:
            key, order = orders[0]
            if levels is not None and (levels.stop is not None or levels.target is not None):
                trade.levels[key] = levels
                if self.broker.capabilities.native_brackets:
                    self._submit_bracket(
                        self._bracket(order, self.ctx.instruments[key], levels), key
                    )
                    return
            trade.entry_ids.append(order.client_id)  # before sending: a reject may come back
            self._submit(order, role="entry", group=order.client_id)
            return
        # legs of one trade leave together; a refused leg unwinds the rest (_entry_failed)
        for _, order in orders:
            trade.entry_ids.append(order.client_id)
            self._track(order, "entry", orders[0][1].client_id)
        if self.broker.capabilities.multi_leg:
            self.broker.submit_many([o for _, o in orders])
            return
        for _, order in orders:
            if self.trade is not trade:
                return  # a leg was refused on the spot and the trade unwound
            self.broker.submit(order)

    def _levels(self, inst: InstrumentState, direction: int, price: float) -> ExitLevels | None:
        stop = target = None
        for ex in self.exits:
            lv = ex.on_entry(self.ctx, inst, direction, price)
            if lv is None:
                continue
            if lv.stop is not None and (stop is None or (lv.stop - stop) * direction > 0):
                stop = lv.stop  # the tightest stop wins
            if lv.target is not None and (target is None or (target - lv.target) * direction > 0):
                target = lv.target  # the nearest target wins
        if stop is None and target is None:
            return None
        spec = inst.contract
        if stop is not None:
            stop = spec.round_down(stop) if direction > 0 else spec.round_up(stop)
        if target is not None:
            target = spec.round_up(target) if direction > 0 else spec.round_down(target)
        return ExitLevels(stop, target)

    def _bracket(self, entry: Order, inst: InstrumentState, levels: ExitLevels) -> Bracket:
        def child(type_: OrderType, reason: str, **price: float) -> Order:
            return Order(
                self._next_id(),
                self.name,
                inst.symbol,
                entry.side.opposite,
                entry.qty,
                type_,
                tif=entry.tif,
                parent_id=entry.client_id,
                oco_group=f"{entry.client_id}.oco",
                reason=reason,
                ts=entry.ts,
                **price,
            )

        stop = (
            None if levels.stop is None else child(OrderType.STOP, "stop", stop_price=levels.stop)
        )
        target = (
            None
            if levels.target is None
            else child(OrderType.LIMIT, "target", limit_price=levels.target)
        )
        return Bracket(entry, stop, target)

    def _exit_action(self, inst: InstrumentState, action: Any) -> None:
        if action.kind == "close":
            self.emit(
                "exit",
                self.name,
                self.ctx.now,
                symbol=inst.symbol,
                reason=action.reason,
                price=inst.bar.close if inst.bar else None,
            )
            self.close_position(inst, action.reason or "exit")
            return
        if action.price is None:
            return
        direction = 1 if inst.position > 0 else -1
        price = (
            inst.contract.round_down(action.price)
            if direction > 0
            else inst.contract.round_up(action.price)
        )
        stop_id = self.trade.stops.get(inst.key)
        rec = self.live.get(stop_id) if stop_id is not None else None
        if rec is None or rec.status.is_done:
            self._place_stop(inst, price, action.reason)
            return
        old = rec.order.stop_price
        if old is not None and (price - old) * direction <= 0:
            return  # a stop only ever tightens
        rec.order.stop_price = price
        self.emit(
            "stop_moved",
            self.name,
            self.ctx.now,
            symbol=inst.symbol,
            price=price,
            reason=action.reason,
        )
        if self.journal is not None:
            self.journal.order_modified(stop_id, stop_price=price)
        self.broker.modify(stop_id, stop_price=price)

    def _place_stop(self, inst: InstrumentState, price: float, reason: str) -> None:
        """A protective stop where none works yet (a trailing stop that just activated)."""
        side = Side.SELL if inst.position > 0 else Side.BUY
        if (
            inst.bar is not None
            and (inst.bar.close - price) * (1 if side is Side.SELL else -1) <= 0
        ):
            self.close_position(inst, reason or "stop")  # already through it: close now
            return
        target_id = self.trade.targets.get(inst.key)
        target = self.live.get(target_id) if target_id is not None else None
        oco = target.order.oco_group if target is not None else None
        order = Order(
            self._next_id(),
            self.name,
            inst.symbol,
            side,
            abs(inst.position),
            OrderType.STOP,
            stop_price=price,
            oco_group=oco,
            reason="stop",
            ts=self.ctx.now,
        )
        self.emit(
            "stop_moved", self.name, self.ctx.now, symbol=inst.symbol, price=price, reason=reason
        )
        self._submit(order, role="stop", group=target.group if target is not None else "")
        self.trade.stops[inst.key] = order.client_id

    # ---------------------------------------------------------------- closing
    def close_position(self, inst: InstrumentState, reason: str) -> None:
        """Cancel the instrument's working orders, then close it at market."""
        symbol = inst.symbol
        pending = 0
        for rec in list(self.live.values()):
            if rec.order.symbol != symbol or rec.status.is_done:
                continue
            if rec.role == "close":
                pending += rec.order.qty - rec.filled
            else:
                self.cancel(rec.order.client_id)
        qty = abs(inst.position) - pending
        if qty <= 0:
            return
        side = Side.SELL if inst.position > 0 else Side.BUY
        order = self._order(inst, side, qty, OrderType.MARKET, reason=reason, force=True)
        if order is not None:
            self._submit(order, role="close", group="")

    def close_all(self, reason: str) -> None:
        # forget the trade first: cancels below may be answered synchronously, and those
        # answers must not unwind the same trade a second time
        self.trade = TradeState()
        for inst in self.ctx.instruments.values():
            if inst.position:
                self.close_position(inst, reason)
            else:
                for rec in list(self.live.values()):
                    if rec.order.symbol == inst.symbol and rec.role != "close":
                        self.cancel(rec.order.client_id)

    def flatten(self, reason: str) -> None:
        """Cancel everything and close every position (shutdown, halt, window end)."""
        if not (self.trade.direction or self.live or self._has_position()):
            return
        self.emit("flatten", self.name, self.ctx.now, reason=reason)
        self.close_all(reason)

    def cancel(self, client_id: str) -> None:
        rec = self.orders.get(client_id)
        if rec is None or rec.status.is_done or rec.status is OrderStatus.PENDING_CANCEL:
            return
        rec.status = OrderStatus.PENDING_CANCEL
        self.broker.cancel(client_id)

    # ---------------------------------------------------------------- sending
    def _next_id(self) -> str:
        self._seq += 1
        return f"{self._prefix}-{self._seq}"

    def _order(
        self,
        inst: InstrumentState,
        side: Side,
        qty: int,
        type_: OrderType,
        *,
        reason: str,
        force: bool = False,
    ) -> Order | None:
        now = self.ctx.now
        if not self.risk.allow_order(now) and not force:
            self.emit(
                "risk_limit", self.name, now, limit="max_orders_per_minute", symbol=inst.symbol
            )
            return None
        return Order(
            self._next_id(), self.name, inst.symbol, side, qty, type_, reason=reason, ts=now
        )

    def _track(self, order: Order, role: str, group: str) -> None:
        """Record an order before it leaves: journal first, so a crash cannot lose its id."""
        if self.journal is not None:
            self.journal.order_sent(order, role, group, self._seq)
        rec = self.orders[order.client_id] = OrderRecord(order, role=role, group=group)
        self.live[order.client_id] = rec
        self._working += 1
        self.emit(
            "order",
            self.name,
            order.ts,
            client_id=order.client_id,
            symbol=order.symbol,
            side=order.side.name,
            qty=order.qty,
            type=order.type.value,
            limit=order.limit_price,
            stop=order.stop_price,
            reason=order.reason,
        )

    def _submit(self, order: Order, role: str, group: str) -> None:
        self._track(order, role, group)
        self.broker.submit(order)

    def _submit_bracket(self, bracket: Bracket, key: str) -> None:
        entry = bracket.entry
        self._track(entry, "entry", entry.client_id)
        self.trade.entry_ids.append(entry.client_id)
        if bracket.stop is not None:
            self._track(bracket.stop, "stop", entry.client_id)
            self.trade.stops[key] = bracket.stop.client_id
        if bracket.target is not None:
            self._track(bracket.target, "target", entry.client_id)
            self.trade.targets[key] = bracket.target.client_id
        self.broker.submit_bracket(bracket)

    def _has_working_entries(self) -> bool:
        for cid in self.trade.entry_ids:
            rec = self.orders.get(cid)
            if rec is not None and not rec.status.is_done:
                return True
        return False

    # ---------------------------------------------------------------- broker events
    def on_broker_event(self, event: OrderUpdate | Fill) -> None:
        if isinstance(event, Fill):
            self.on_fill(event)
        else:
            self.on_order_update(event)

    def on_order_update(self, u: OrderUpdate) -> None:
        rec = self.orders.get(u.client_id)
        if rec is None:
            self.emit(
                "unknown_order", self.name, u.ts, client_id=u.client_id, status=u.status.value
            )
            return
        if rec.status.is_done:
            return  # a late or repeated report of a finished order changes nothing
        if self.journal is not None:
            self.journal.order_update(u)
        if rec.status is OrderStatus.PENDING_CANCEL and not u.status.is_done:
            return  # a late acknowledgement must not undo our cancel request
        rec.status = u.status
        if u.status.is_done:
            self._working -= 1
            self.live.pop(u.client_id, None)
        if u.status in (OrderStatus.REJECTED, OrderStatus.CANCELLED, OrderStatus.EXPIRED):
            self.emit(
                "order_" + u.status.value,
                self.name,
                u.ts,
                client_id=u.client_id,
                symbol=rec.order.symbol,
                reason=u.reason,
                filled=rec.filled,
            )
            if rec.role == "entry":
                self._entry_failed(rec, u)
        if u.status is OrderStatus.FILLED and rec.role == "entry":
            self._entry_done(rec)

    def _entry_failed(self, rec: OrderRecord, u: OrderUpdate) -> None:
        """A leg that did not (fully) fill: the rest of the trade is reduced or unwound."""
        trade = self.trade
        if rec.order.client_id not in trade.entry_ids:
            return
        if rec.filled and not self.broker.capabilities.native_brackets:
            self._protect(rec)
        if len(trade.entry_ids) > 1:
            fraction = rec.filled / rec.order.qty if rec.order.qty else 0.0
            others = [self.orders[c] for c in trade.entry_ids if c != rec.order.client_id]
            # reduce only when every other leg keeps something: a lone leg is no hedge
            reduce = fraction > 0 and all(round(o.order.qty * fraction) > 0 for o in others)
            self.emit(
                "leg_failed",
                self.name,
                u.ts,
                client_id=rec.order.client_id,
                symbol=rec.order.symbol,
                status=u.status.value,
                reason=u.reason,
                filled=rec.filled,
                qty=rec.order.qty,
                action="reduce" if reduce else "unwind",
            )
            if reduce:
                self._reduce_legs(rec, fraction)
            else:
                self.close_all("leg_failed")
        elif not rec.filled and not self._has_position():
            self.trade = TradeState()

    def _reduce_legs(self, short_leg: OrderRecord, fraction: float) -> None:
        """A leg filled only in part: cut the other legs to the same fraction of their size,
        so the position stays the hedge the signal asked for, only smaller."""
        for cid in list(self.trade.entry_ids):
            rec = self.orders[cid]
            if rec is short_leg:
                continue
            keep = round(rec.order.qty * fraction)
            if not rec.status.is_done and rec.filled < keep:
                rec.order.qty = keep
                if self.journal is not None:
                    self.journal.order_modified(cid, qty=keep)
                self.broker.modify(cid, qty=keep)
                continue
            if not rec.status.is_done:
                self.cancel(cid)
            excess = rec.filled - keep
            if excess > 0:
                inst = self.by_symbol[rec.order.symbol]
                order = self._order(
                    inst,
                    rec.order.side.opposite,
                    excess,
                    OrderType.MARKET,
                    reason="leg_reduce",
                    force=True,
                )
                if order is not None:
                    self._submit(order, role="close", group=cid)

    def _expire_partial_legs(self) -> None:
        """A pair leg still partly filled a bar after it was sent: take the rest off."""
        now = self.ctx.now
        for cid in self.trade.entry_ids:
            rec = self.live.get(cid)
            if (
                rec is not None
                and rec.status is OrderStatus.PARTIALLY_FILLED
                and rec.order.ts < now
            ):
                self.cancel(cid)

    def _entry_done(self, rec: OrderRecord) -> None:
        if not self.broker.capabilities.native_brackets:
            self._protect(rec)

    def _protect(self, rec: OrderRecord) -> None:
        """Engine-managed bracket for brokers without server-side ones."""
        inst = self.by_symbol[rec.order.symbol]
        levels = self.trade.levels.get(inst.key)
        if levels is None or rec.filled <= 0:
            return
        entry = Order(
            rec.order.client_id, self.name, inst.symbol, rec.order.side, rec.filled, ts=self.ctx.now
        )
        bracket = self._bracket(entry, inst, levels)
        for child, role in ((bracket.stop, "stop"), (bracket.target, "target")):
            if child is None:
                continue
            child.parent_id = None
            self._submit(child, role=role, group=rec.order.client_id)
            (self.trade.stops if role == "stop" else self.trade.targets)[inst.key] = child.client_id

    def on_fill(self, f: Fill) -> None:
        if f.fill_id in self._fill_ids:
            return  # the same execution reported twice (reconnect, replay): count it once
        self._fill_ids.add(f.fill_id)
        if not f.bot:
            f.bot = self.name
        if self.journal is not None:
            self.journal.fill(f)
        rec = self.orders.get(f.client_id)
        inst = self.by_symbol.get(f.symbol)
        if inst is None:
            self.emit("unknown_fill", self.name, f.ts, client_id=f.client_id, symbol=f.symbol)
            return
        after = self._apply_fill(inst, f)
        if rec is not None:
            rec.filled += f.qty
            role = rec.role
        else:
            role = "unknown"
        self._after_fill(f, rec, role, after)

    def _apply_fill(self, inst: InstrumentState, f: Fill) -> int:
        """Position and PnL bookkeeping of one execution; returns the new position."""
        self.portfolio.on_fill(f)
        before = inst.position
        signed = int(f.side) * f.qty
        after = before + signed
        if before == 0 or (before > 0) != (after > 0):
            inst.entry_ts = f.ts
            inst.entry_bar_index = self.ctx.bar_index
            inst.avg_price = f.price
        elif abs(after) > abs(before):
            inst.avg_price = (inst.avg_price * abs(before) + f.price * f.qty) / abs(after)
        inst.position = after
        if after == 0:
            inst.avg_price = 0.0
        return after

    def _after_fill(self, f: Fill, rec: OrderRecord | None, role: str, after: int) -> None:
        self.emit(
            "fill",
            self.name,
            f.ts,
            client_id=f.client_id,
            symbol=f.symbol,
            side=f.side.name,
            qty=f.qty,
            price=f.price,
            position=after,
            role=role,
            commission=f.commission,
        )
        if role in ("stop", "target") and after == 0:
            oco = rec.order.oco_group if rec else None
            for other in list(self.live.values()):
                if other.order.oco_group == oco and other is not rec and not other.status.is_done:
                    self.cancel(other.order.client_id)
        if after == 0 and not self._has_position():
            if not self._has_working_entries():
                self.trade = TradeState()
        elif role == "entry" and after != 0 and f.client_id not in self.trade.entry_ids:
            # an entry we had already given up (unwound, flattened, cancelled) filled on its
            # way out: nothing wants this position, so it is closed at once
            inst = self.by_symbol[f.symbol]
            self.emit(
                "late_fill",
                self.name,
                f.ts,
                client_id=f.client_id,
                symbol=f.symbol,
                qty=f.qty,
                position=after,
            )
            self.close_position(inst, "late_fill")

    # ---------------------------------------------------------------- recovery
    def restore(self, journal: Any) -> None:
        """Rebuild orders, positions and PnL from the journal of a previous run."""
        for jo in journal.orders:
            rec = OrderRecord(jo.order, jo.status, jo.filled, jo.role, jo.group)
            self.orders[jo.order.client_id] = rec
            if not jo.status.is_done:
                self._working += 1
                self.live[jo.order.client_id] = rec
        self._seq = max(self._seq, journal.last_seq)
        stale: dict[str, int] = {}
        for f in journal.fills:
            if f.fill_id in self._fill_ids:
                continue
            self._fill_ids.add(f.fill_id)
            inst = self.by_symbol.get(f.symbol)
            if inst is not None:
                self._apply_fill(inst, f)
            else:  # e.g. last month's contract after a roll: reported, never traded blindly
                stale[f.symbol] = stale.get(f.symbol, 0) + int(f.side) * f.qty
        for symbol, qty in stale.items():
            if qty:
                self.emit(
                    "reconcile",
                    self.name,
                    self.ctx.now,
                    symbol=symbol,
                    difference="position in a contract this bot no longer trades; "
                    "left for the trader",
                    position=qty,
                )
        trade = self.trade
        for inst in self.ctx.instruments.values():
            if inst.position and not trade.direction:
                trade.direction = 1 if inst.position > 0 else -1
        for cid, rec in self.orders.items():
            if rec.status.is_done:
                continue
            inst = self.by_symbol.get(rec.order.symbol)
            if inst is None:
                self.emit(
                    "reconcile",
                    self.name,
                    self.ctx.now,
                    symbol=rec.order.symbol,
                    client_id=cid,
                    difference="working order in a contract this bot no longer trades; "
                    "left for the trader",
                )
                continue
            key = inst.key
            if rec.role == "entry":
                trade.entry_ids.append(cid)
                trade.direction = trade.direction or int(rec.order.side)
            elif rec.role == "stop":
                trade.stops[key] = cid
            elif rec.role == "target":
                trade.targets[key] = cid

    def adopt(self, old: BotRunner) -> None:
        """Take over a failed runner's orders, positions and PnL (a restart, not a reset)."""
        self.portfolio = old.portfolio
        self.orders = old.orders
        self.live = old.live
        self._seq = old._seq
        self._fill_ids = old._fill_ids
        self._working = old._working
        self.trade = old.trade
        self.last_signal = old.last_signal
        self.risk = old.risk
        for key, inst in self.ctx.instruments.items():
            prev = old.ctx.instruments[key]
            inst.position = prev.position
            inst.avg_price = prev.avg_price
            inst.entry_ts = prev.entry_ts
            inst.entry_bar_index = prev.entry_bar_index
        self.ctx.bar_index = old.ctx.bar_index
        self.ctx.equity = old.ctx.equity

    def prune(self, before: int) -> None:
        """Forget finished orders sent before ``before`` (the journal keeps them all)."""
        trade = self.trade  # the open trade's orders stay, however old
        keep = {*trade.entry_ids, *trade.stops.values(), *trade.targets.values()}
        old = [
            cid
            for cid, rec in self.orders.items()
            if rec.order.ts < before and rec.status.is_done and cid not in keep
        ]
        for cid in old:
            del self.orders[cid]

    # ---------------------------------------------------------------- status
    def status(self) -> dict[str, Any]:
        ctx = self.ctx
        bar = ctx.primary.bar
        return {
            "bot": self.name,
            "position": {i.symbol: i.position for i in ctx.instruments.values() if i.tradable},
            "equity": round(self.portfolio.equity, 2),
            "pnl": round(self.portfolio.equity - ctx.capital, 2),
            "last_price": bar.close if bar else math.nan,
            "tick": ctx.primary.contract.tick_size,
            "last_signal": self.last_signal,
            "halted": self.risk.halted,
            "active": self.active,
        }
