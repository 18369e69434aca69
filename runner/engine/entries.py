"""From an entry intent to entry orders: exit levels, sizing, pair weights and risk caps.

The lead instrument is sized by the sizer (with the stop distance when the exits set a
stop); every other leg gets the lead's price exposure times its weight. Each leg is capped
by ``max_position`` and needs an order the order-rate limit lets through: a trade with a
leg missing is not the trade the signal asked for, so then nothing is sent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner.api.exit import ExitLevels
from runner.events import EntrySkipped, RiskLimit
from runner.model import Order, OrderType, Side

if TYPE_CHECKING:
    from runner.api import Exit, Indicator, Intent, Sizer
    from runner.api.context import BotContext, InstrumentState
    from runner.orders.manager import OrderManager


class EntryPlanner:
    """Turns a bot's entry intents into the entry orders of its order manager."""

    __slots__ = ("ctx", "exits", "name", "om", "outputs", "sizer")

    def __init__(self, ctx: BotContext, exits: list[Exit], sizer: Sizer, om: OrderManager) -> None:
        self.ctx = ctx
        self.exits = exits
        self.sizer = sizer
        self.om = om
        self.name = om.name
        self.outputs: tuple[tuple[str, str, Indicator], ...] = tuple(
            (ident, out, ind)
            for ident, ind in ctx.indicators.items()
            for out in type(ind).output_names(ind.params)
        )
        om.brackets.fill_levels = self.fill_levels  # levels measured from the entry's fill

    def enter(self, intent: Intent) -> None:
        ctx = self.ctx
        om = self.om
        legs = intent.legs or {ctx.primary.key: 1.0}
        keys = list(legs)
        lead = ctx.instruments[keys[0]]
        assert lead.bar is not None  # the primary bar that closed, or a leg's latest
        price = lead.bar.close
        lead_dir = intent.direction * (1 if legs[keys[0]] >= 0 else -1)
        levels = sizing_stop = None
        if len(keys) == 1:
            levels, sizing_stop = self._entry_levels(lead, lead_dir, price)
        stop_distance = abs(price - sizing_stop) if sizing_stop is not None else None
        n = self.sizer.size(ctx, lead, intent, price, stop_distance)
        if n <= 0:
            om.emit(
                EntrySkipped(
                    bot=self.name,
                    ts=ctx.now,
                    reason="size is zero",
                    price=price,
                    stop_distance=stop_distance,
                )
            )
            return
        trade = om.begin_trade(intent.direction, intent.reason)
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
            held = inst.holding.qty
            qty = om.risk.cap(held, side, qty)
            if qty <= 0:
                om.emit(
                    RiskLimit(
                        bot=self.name,
                        ts=ctx.now,
                        limit="max_position",
                        symbol=inst.symbol,
                        position=held,
                    )
                )
                break
            order = om.new_order(inst, Side(side), qty, OrderType.MARKET, reason="entry")
            if order is None:
                break
            orders.append((key, order))
        if len(orders) < len(keys):
            # one leg of a pair alone is not the trade the signal asked for: send nothing
            trade.direction = 0
            if len(keys) > 1:
                om.emit(
                    EntrySkipped(
                        bot=self.name, ts=ctx.now, reason="a leg could not be sized or sent"
                    )
                )
            return
        self._remember_entry_values()
        om.open_trade(orders, levels)

    def _remember_entry_values(self) -> None:
        """What ``at_entry(...)`` reads while this trade is open: every indicator output
        as the signal saw it (only on entries, never per bar)."""
        self.ctx.entry_values = {
            (ident, out): float(getattr(ind, out)) for ident, out, ind in self.outputs
        }

    def _entry_levels(
        self, inst: InstrumentState, direction: int, price: float
    ) -> tuple[ExitLevels | None, float | None]:
        """The levels sent with the entry, and the tightest stop of every exit (those
        measured from the fill or checked on closes too): the stop distance to size by."""
        placed: list[ExitLevels] = []
        sizing: float | None = None
        for ex in self.exits:
            lv = ex.on_entry(self.ctx, inst, direction, price)
            if lv is None:
                continue
            if lv.placed:
                placed.append(lv)
            if lv.stop is not None and (sizing is None or (lv.stop - sizing) * direction > 0):
                sizing = lv.stop
        if sizing is not None:
            spec = inst.contract
            sizing = spec.round_down(sizing) if direction > 0 else spec.round_up(sizing)
        return merge(inst, direction, placed), sizing

    def fill_levels(self, inst: InstrumentState, direction: int, price: float) -> ExitLevels | None:
        """The levels the exits measure from the entry's actual average fill ``price``."""
        found = []
        for ex in self.exits:
            lv = ex.on_fill(self.ctx, inst, direction, price)
            if lv is not None:
                found.append(lv)
        return merge(inst, direction, found)

    def levels(self, inst: InstrumentState, direction: int, price: float) -> ExitLevels | None:
        """The protective levels at the broker for a position at ``price``: the tightest
        stop and nearest target the exits send, with the entry or once it fills (a level
        checked on closes is not among them)."""
        placed, _ = self._entry_levels(inst, direction, price)
        anchored = self.fill_levels(inst, direction, price)
        return merge(inst, direction, [lv for lv in (placed, anchored) if lv is not None])


def merge(inst: InstrumentState, direction: int, found: list[ExitLevels]) -> ExitLevels | None:
    """The tightest stop and the nearest target of ``found``, on the tick grid."""
    stop = target = None
    for lv in found:
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
