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
    from runner.api import Exit, Intent, Sizer
    from runner.api.context import BotContext, InstrumentState
    from runner.orders.manager import OrderManager


class EntryPlanner:
    """Turns a bot's entry intents into the entry orders of its order manager."""

    __slots__ = ("ctx", "exits", "name", "om", "sizer")

    def __init__(self, ctx: BotContext, exits: list[Exit], sizer: Sizer, om: OrderManager) -> None:
        self.ctx = ctx
        self.exits = exits
        self.sizer = sizer
        self.om = om
        self.name = om.name

    def enter(self, intent: Intent) -> None:
        ctx = self.ctx
        om = self.om
        legs = intent.legs or {ctx.primary.key: 1.0}
        keys = list(legs)
        lead = ctx.instruments[keys[0]]
        assert lead.bar is not None  # the primary bar that closed, or a leg's latest
        price = lead.bar.close
        lead_dir = intent.direction * (1 if legs[keys[0]] >= 0 else -1)
        levels = self.levels(lead, lead_dir, price) if len(keys) == 1 else None
        stop_distance = abs(price - levels.stop) if levels and levels.stop is not None else None
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
        om.open_trade(orders, levels)

    def levels(self, inst: InstrumentState, direction: int, price: float) -> ExitLevels | None:
        """The tightest stop and nearest target the exits ask for, on the tick grid."""
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
