"""One bot's decision after its primary bar closed: equity and daily-loss check, the
schedule's window, exits, signals, filters, then intents to the order manager.

This runs once per primary bar, so it reads the context and the order manager directly
and calls plugins through lists of bound methods; it only allocates when something
happens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from runner.engine.entries import EntryPlanner
from runner.events import ExitTriggered, RiskLimit, WindowClose, WindowOpen
from runner.events import Signal as SignalEvent  # runner.api's Signal is the plugin kind

if TYPE_CHECKING:
    from runner.api import Exit, Filter, Intent, Signal, Sizer
    from runner.api.context import BotContext, InstrumentState
    from runner.orders.manager import OrderManager
    from runner.schedule.windows import WindowTracker

_SIDES = {1: "long", -1: "short", 0: "flat"}


class DecisionPipeline:
    """Exits, signals, filters and the schedule's window of one bot."""

    def __init__(
        self,
        ctx: BotContext,
        om: OrderManager,
        filters: list[Filter],
        exits: list[Exit],
        signals: list[Signal],
        sizer: Sizer,
        on_stop: str = "flatten",
        window: WindowTracker | None = None,
    ) -> None:
        self.ctx = ctx
        self.om = om
        self.name = om.name
        self.emit = om.emit
        self.filters: list[Callable[[BotContext], bool]] = [f.allows for f in filters]
        self.exit_checks = [e.on_bar for e in exits]
        self.signals = [s.evaluate for s in signals]
        self.entries = EntryPlanner(ctx, exits, sizer, om)
        self.on_stop = on_stop
        self.window = window
        self.active = True  # inside the schedule's window (entries allowed)
        self.connected = True  # the runtime clears it while its broker or feed is unreachable
        self.held = ""  # why a comparison with the broker holds entries back ("": it does not)
        self.last_signal = ""
        self._in_window = False
        self.idle_skip = False  # every signal is stateless: see ``decide``
        self._steady = (0, -1)  # [from, until): the window's state is the last one checked

    def decide(self) -> None:
        """The pipeline after the primary bar closed at ``ctx.primary.bar.end``."""
        ctx = self.ctx
        om = self.om
        bar = ctx.primary.bar
        now = bar.end  # type: ignore[union-attr]
        ctx.now = now
        ctx.bar_index += 1
        equity = ctx.equity = om.portfolio.record(now)
        risk = om.risk
        if risk.new_bar(now, equity):
            self.emit(
                RiskLimit(
                    bot=self.name,
                    ts=now,
                    limit="max_daily_loss",
                    loss=round(risk.day_start_equity - equity, 2),
                )
            )
            om.flatten("max_daily_loss")
        window = self.window
        if window is not None:
            since, until = self._steady
            if now >= until or now < since:
                inside, past_flatten = window.state(now)
                self._steady = (now, window.steady_until(now))
                if not (inside and self._in_window and not past_flatten):  # else: still open
                    self._check_window(now, inside, past_flatten)
            elif not self.active and self.on_stop == "flatten":  # _check_window, unchanged
                if om.trade.direction or om.has_position():
                    om.flatten("window_end")

        if om.trade.direction:
            for inst in ctx.instruments.values():
                if inst.holding.qty:
                    for check in self.exit_checks:
                        action = check(ctx, inst)
                        if action is not None:
                            self._exit_action(inst, action)
                            if not inst.holding.qty or action.kind == "close":
                                break
        # every signal sees every bar (stateful ones track ranges and crosses); the first
        # intent in file order is the one acted on. Flat outside the window, no intent can
        # do anything (``_on_intent``): stateless signals need not be asked.
        intent = None
        if self.active or om.trade.direction or not self.idle_skip:
            for evaluate in self.signals:
                wish = evaluate(ctx)
                if intent is None:
                    intent = wish
        if om.working and len(om.trade.entry_ids) > 1:
            om.legs.expire_partial()
        if intent is None or (om.working and om.has_working_entries()):
            return
        self._on_intent(intent)

    def observe(self) -> None:
        """A bar already traded (a resumed replay's history): the signals see it, so their
        crosses and ranges stand where they would have, and nothing is decided.

        The bar clocks move as in ``decide`` (``ctx.bar_index`` and the portfolio's
        ``bar_count``, one clock counted twice); a position the journal restored learns at
        which bar it opened, so ``bars_in_trade`` and time exits count from there; and the
        exits see the bars it was held through, so a trailing stop's best price is where
        it was (what they ask for was done then: the journal holds the stop it moved).
        """
        ctx = self.ctx
        now = ctx.now = ctx.primary.bar.end  # type: ignore[union-attr]
        ctx.bar_index += 1
        portfolio = self.om.portfolio
        portfolio.bar_count += 1
        for inst in ctx.instruments.values():
            if now <= inst.entry_ts:  # a fill at ts is booked after the decision at ts
                inst.entry_bar_index = portfolio.bar_count
            elif inst.holding.qty:  # held from its entry through the resume point
                for check in self.exit_checks:
                    check(ctx, inst)
        for evaluate in self.signals:
            evaluate(ctx)

    def _check_window(self, now: int, inside: bool, past_flatten: bool) -> None:
        """Entries only inside the schedule's window; flatten at its flatten time."""
        active = inside and not past_flatten
        if active != self._in_window:
            if active:
                self.emit(WindowOpen(bot=self.name, ts=now))
            else:  # entries end at the flatten time, minutes before the window itself closes
                at = "flatten time" if inside else "window close"
                self.emit(WindowClose(bot=self.name, ts=now, at=at))
            self._in_window = active
        self.active = active
        om = self.om
        if not active and self.on_stop == "flatten" and (om.trade.direction or om.has_position()):
            om.flatten("window_end")

    def entries_allowed(self) -> bool:
        if not self.active or self.om.risk.halted or not self.connected or self.held:
            return False
        ctx = self.ctx
        for allows in self.filters:
            if not allows(ctx):
                return False
        return True

    def _on_intent(self, intent: Intent) -> None:
        om = self.om
        current = om.trade.direction
        direction = intent.direction
        if direction == current:
            return
        if direction == 0:
            if current:
                self._signal_event(intent)
                om.close_all(intent.reason or "signal_exit")
            return
        if not self.entries_allowed():
            if current:  # an opposite signal still closes what is open
                self._signal_event(intent)
                om.close_all(intent.reason or "reverse")
            return
        self._signal_event(intent)
        if current:
            om.close_all("reverse")
        self.entries.enter(intent)

    def _signal_event(self, intent: Intent) -> None:
        side = _SIDES[intent.direction]
        self.last_signal = side
        ctx = self.ctx
        self.emit(
            SignalEvent(
                bot=self.name,
                ts=ctx.now,
                symbol=ctx.primary.symbol,
                direction=side,
                confidence=intent.confidence,
                reason=intent.reason,
                price=ctx.primary.bar.close,  # type: ignore[union-attr]
            )
        )

    def _exit_action(self, inst: InstrumentState, action: Any) -> None:
        """An exit's wish: close now, or a stop price (which only ever tightens)."""
        if action.kind == "close":
            self.emit(
                ExitTriggered(
                    bot=self.name,
                    ts=self.ctx.now,
                    symbol=inst.symbol,
                    reason=action.reason,
                    price=inst.bar.close if inst.bar else None,
                )
            )
            self.om.close_position(inst, action.reason or "exit")
            return
        if action.price is None:
            return
        spec = inst.contract
        price = (
            spec.round_down(action.price) if inst.holding.qty > 0 else spec.round_up(action.price)
        )
        self.om.brackets.tighten_stop(inst, price, action.reason)
