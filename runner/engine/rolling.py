"""Rolling a bot's root instrument from one contract to the next inside a backtest.

A bot that names a root (GC) trades the front month; over months of history the front
month changes. At each roll the feed's stream moves from the old contract to the new one
(:func:`runner.catalog.continuous.roll_segments`, the bots' own roll rule) and, on the
first bar of the new contract, the bot is moved with it:

* its instrument, bar routes, bar builders and the engine's subscriptions now name the new
  contract;
* a position is either **flattened and re-entered** (``roll: {positions: flatten}``, the
  default): the old contract is sold at its last close, a trade ending with reason
  ``roll``, and the same quantity is bought back in the new contract by a market order
  the broker fills at the new contract's first bar, a trade starting with reason ``roll``
  whose stop and target are measured from that fill as for any entry;
* or **held through** (``positions: hold``): the trade stays open, moved to the new
  contract with its entry price shifted by the price step between the contracts, so its
  PnL counts the market's moves and not the step; the roll's cost (a commission for each
  leg at the broker's rate) is charged to the trade. Working stops and targets move by
  the same step.

Every roll is listed in the backtest's result (:class:`RollDone`) with its cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from runner.model import Bar, Fill, OrderType, Side, Trade

if TYPE_CHECKING:
    from runner.api.context import InstrumentState
    from runner.engine.bot import BotRunner
    from runner.engine.engine import Engine


@dataclass(frozen=True, slots=True)
class RollPoint:
    """From the first event of ``new`` on, bots holding ``old`` (of ``root``) trade ``new``."""

    root: str
    old: str
    new: str


@dataclass(frozen=True, slots=True)
class RollDone:
    """One roll of one bot's instrument, as the backtest reports it."""

    bot: str
    ts: int
    old: str
    new: str
    positions: str  # flatten | hold
    qty: int
    old_price: float
    new_price: float
    cost: float  # dollars the roll charged: hold, both legs' commission; flatten, the exit leg's (the re-entry's is in its trade)


class Roller:
    """Moves bots from contract to contract as the history passes each roll."""

    def __init__(
        self,
        engine: Engine,
        runners: list[BotRunner],
        points: list[RollPoint],
        modes: dict[tuple[str, str], str],
        steps: dict[tuple[str, str], dict[str, float]] | None = None,
    ) -> None:
        self.engine = engine
        self.runners = runners
        engine.rerouted = engine.rerouted or bool(points)
        self.pending: dict[str, list[RollPoint]] = {}
        for p in points:
            self.pending.setdefault(p.new, []).append(p)
        self.modes = modes  # (bot, instrument key) -> flatten | hold
        self.done: list[RollDone] = []
        self.shifts: dict[tuple[str, str], Adjusted] = {}
        for runner in runners:
            for inst in runner.ctx.instruments.values():
                found = (steps or {}).get((runner.name, inst.key))
                if found is not None:
                    self.shifts[(runner.name, inst.key)] = Adjusted.install(runner, inst, found)

    def events(self, events: Iterable[Bar | Trade]) -> Iterator[Bar | Trade]:
        pending = self.pending
        for event in events:
            if pending and event.symbol in pending:
                self.engine.flush()  # the slice before the roll is decided on the old contract
                for point in pending.pop(event.symbol):
                    self._roll(point, event)
            yield event

    def _roll(self, point: RollPoint, first: Bar | Trade) -> None:
        price = first.open if isinstance(first, Bar) else first.price
        for runner in self.runners:
            for inst in runner.ctx.instruments.values():
                if inst.symbol == point.old:
                    mode = self.modes.get((runner.name, inst.key), "flatten")
                    shift = self.shifts.get((runner.name, inst.key))
                    if shift is not None:
                        shift.passed(point.new)
                    self.done.append(
                        roll_instrument(self.engine, runner, inst, point.new, price, first.ts, mode)
                    )


class Adjusted:
    """The indicator updates of one instrument, fed the back-adjusted series.

    The offset is the sum of the price steps of the rolls still ahead (each measured as
    ``runner data continuous`` measures it), so the indicators see the series that command
    writes as ``ROOT.c.back``: the front month's prices raised by every later step, no
    jump at a roll. It shrinks by each step as the history passes its roll.
    """

    __slots__ = ("offset", "steps", "updates")

    def __init__(
        self, updates: tuple[Callable[[Bar], object], ...], steps: dict[str, float]
    ) -> None:
        self.updates = updates
        self.steps = steps
        self.offset = sum(steps.values())

    @classmethod
    def install(cls, runner: BotRunner, inst: InstrumentState, steps: dict[str, float]) -> Adjusted:
        route = runner.intake._routes[inst.symbol]
        shift = cls(route.updates, steps)
        route.updates = (shift,)
        return shift

    def passed(self, new: str) -> None:
        self.offset -= self.steps.get(new, 0.0)

    def __call__(self, bar: Bar) -> None:
        o = self.offset
        if o:
            bar = Bar(
                bar.symbol, bar.ts, bar.end, bar.open + o, bar.high + o, bar.low + o,
                bar.close + o, bar.volume,
            )  # fmt: skip
        for update in self.updates:
            update(bar)


def roll_instrument(
    engine: Engine,
    runner: BotRunner,
    inst: InstrumentState,
    new: str,
    new_price: float,
    ts: int,
    mode: str,
) -> RollDone:
    """Move one instrument of one bot to contract ``new`` (see the module's description)."""
    om = runner.om
    old = inst.symbol
    qty = inst.holding.qty
    last = inst.bar
    old_price = last.close if last is not None else new_price
    rate = _commission_rate(runner.broker)
    cost = 0.0
    working = [rec for rec in om.live.values() if rec.order.symbol == old]
    carry = bool(qty) and mode == "hold"
    if not carry:  # no more bars of the old contract will fill or trigger them
        for rec in working:
            om.cancel(rec.order.client_id)
    if qty and mode == "flatten":
        om.on_fill(
            Fill(
                f"{om.id_prefix}-roll",
                f"roll-{old}-{new}-{ts}",
                old,
                Side.SELL if qty > 0 else Side.BUY,
                abs(qty),
                old_price,
                ts,
                commission=round(abs(qty) * rate, 10),
                bot=runner.name,
                reason="roll",
            )
        )
        cost = round(abs(qty) * rate, 10)
    _rekey(engine, runner, inst, old, new)
    if qty and mode == "flatten":
        direction = 1 if qty > 0 else -1
        # the stop and target the bot's exits send with an entry at the new contract's
        # price, as for any entry (those measured from the fill follow when it fills)
        levels, _ = runner.pipeline.entries._entry_levels(inst, direction, new_price)
        om.begin_trade(direction, "roll")
        order = om.new_order(
            inst,
            Side.BUY if qty > 0 else Side.SELL,
            abs(qty),
            OrderType.MARKET,
            reason="roll",
            force=True,
        )
        if order is not None:
            om.open_trade([(inst.key, order)], levels)
    elif carry:
        cost = round(2 * abs(qty) * rate, 10)
        _carry(runner, old, new, new_price - old_price, cost)
        for rec in working:  # protection follows the position, moved by the same step
            _move_order(runner, rec, inst, new_price - old_price)
    runner.ctx.log(
        "roll",
        symbol=old,
        to=new,
        positions=mode,
        qty=qty,
        old_price=old_price,
        new_price=new_price,
        cost=cost,
    )
    return RollDone(runner.name, ts, old, new, mode, qty, old_price, new_price, cost)


def _rekey(engine: Engine, runner: BotRunner, inst: InstrumentState, old: str, new: str) -> None:
    om = runner.om
    inst.symbol = new
    inst.holding = om.book.get(new)
    om.by_symbol.pop(old, None)
    om.by_symbol[new] = inst
    routes: dict[str, Any] = runner.intake._routes
    if old in routes:
        routes[new] = routes.pop(old)
    builders: dict[str, Any] = runner.intake._builders
    if old in builders:
        builder = builders[new] = builders.pop(old)
        builder.symbol = new
    subs = engine.subs
    if runner in subs.get(old, ()):
        subs[old] = [b for b in subs[old] if b is not runner]
        if not subs[old]:
            del subs[old]
    subs[new] = [*subs.get(new, ()), runner]


def _carry(runner: BotRunner, old: str, new: str, step: float, cost: float) -> None:
    """Hold through: the open trade moves to ``new`` with its prices shifted by ``step``."""
    book = runner.om.book
    portfolio = runner.om.portfolio
    a, b = book.get(old), book.get(new)
    b.qty, b.avg_price = a.qty, a.avg_price + step
    b.entry_ts, b.entry_bar_index = a.entry_ts, a.entry_bar_index
    b._entry_qty = a._entry_qty
    b._entry_notional = a._entry_notional + step * a._entry_qty
    b._exit_notional = a._exit_notional + step * (a._entry_qty - abs(a.qty))
    b._trip_commission = a._trip_commission + cost
    b._entry_reason = a._entry_reason
    b.commission += cost
    a.qty, a.avg_price = 0, 0.0
    a._reset_trip()
    book.open.pop(old, None)
    book.open[new] = b
    portfolio.commission += cost
    portfolio.mark(new, b.avg_price)  # until the new contract's first bar marks it


def _move_order(runner: BotRunner, rec: Any, inst: InstrumentState, step: float) -> None:
    """A working order of the old contract: a stop or target is sent again for the new
    one at its price moved by ``step``; anything else (an entry in flight) is cancelled."""
    om = runner.om
    order = rec.order
    om.cancel(order.client_id)
    if rec.role not in ("stop", "target"):
        return
    oco = f"{order.oco_group}.roll" if order.oco_group else None
    moved = replace(
        order,
        client_id=om.next_id(),
        symbol=inst.symbol,
        limit_price=None if order.limit_price is None else order.limit_price + step,
        stop_price=None if order.stop_price is None else order.stop_price + step,
        oco_group=oco,
        parent_id=None,
        ts=om.ctx.now,
    )
    om.submit(moved, role=rec.role, group=rec.group)
    (om.trade.stops if rec.role == "stop" else om.trade.targets)[inst.key] = moved.client_id
    levels = om.trade.levels.get(inst.key)
    if levels is not None:
        if rec.role == "stop" and levels.stop is not None:
            levels.stop += step
        if rec.role == "target" and levels.target is not None:
            levels.target += step


def _commission_rate(broker: Any) -> float:
    """The broker's commission per contract, when it states one (the paper broker does)."""
    params = getattr(broker, "params", None)
    rate = getattr(params, "commission_per_contract", 0.0)
    return float(rate) if isinstance(rate, int | float) else 0.0
