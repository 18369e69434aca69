"""Bars into a bot: bar building, and indicator updates once a time slice is complete.

Indicators are not updated as bars arrive but when the slice settles: an indicator that
reads two instruments (a pair's hedge ratio) must see both bars of the same minute,
whatever order they arrived in. Everything here runs on every bar, so it is slots
objects and tuples of bound methods.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from runner.api.context import BotContext, InstrumentState
    from runner.engine.bars import BarBuilder
    from runner.model import Bar
    from runner.orders.manager import OrderManager


class Route:
    """Where one symbol's bars go in a bot: its state and its indicators' update methods."""

    __slots__ = ("inst", "pending", "primary", "updates")

    def __init__(self, inst: InstrumentState, updates: tuple, primary: bool) -> None:
        self.inst = inst
        self.updates = updates
        self.primary = primary
        self.pending = False  # has a bar in the current slice, indicators not updated yet


class BarIntake:
    """One bot's market data: ``on_bar`` per bar, ``settle`` at the end of each slice."""

    __slots__ = ("_builders", "_decide", "_fresh", "_observe", "_om", "_routes")

    def __init__(
        self,
        ctx: BotContext,
        updates: Mapping[str, tuple[Callable[[Bar], object], ...]],
        builders: dict[str, BarBuilder],
        om: OrderManager,
        decide: Callable[[], None],
        observe: Callable[[], None] | None = None,
    ) -> None:
        self._builders = builders
        self._om = om  # its portfolio takes the marks of open positions
        self._decide = decide
        self._observe = observe
        self._fresh: list[Route] = []  # routes with a new bar in the current slice
        primary = ctx.primary.symbol
        self._routes = {
            inst.symbol: Route(inst, updates.get(inst.symbol, ()), inst.symbol == primary)
            for inst in ctx.instruments.values()
        }

    @property
    def builders(self) -> dict[str, BarBuilder]:
        """The bar builders by symbol (none when the bot trades the source bars)."""
        return self._builders

    def replace_updates(self, symbol: str, updates: tuple[Callable[[Bar], object], ...]) -> None:
        """What a settled bar of ``symbol`` runs instead (a backtest's precomputed values)."""
        self._routes[symbol].updates = updates

    def on_bar(self, bar: Bar) -> bool:
        """Takes a data bar; True when it is the bot's first bar of this time slice."""
        builder = self._builders.get(bar.symbol) if self._builders else None
        if builder is None:  # _take, inlined: once per bar
            route = self._routes[bar.symbol]
            fresh = self._fresh
            if route.pending:
                self._update(route)
                fresh.remove(route)
            route.inst.bar = bar
            route.pending = True
            fresh.append(route)
            return len(fresh) == 1
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
        if inst.holding.qty:
            self._om.portfolio.mark(inst.symbol, bar.close)  # type: ignore[union-attr]

    def settle(self, decide: bool = True, observe: bool = False) -> None:
        """End of a time slice: update indicators, then decide if the primary bar closed
        (or, with ``observe``, only let the signals see it: a resumed replay's history)."""
        fresh = self._fresh
        primary = False
        for route in fresh:  # _update, inlined: once per bar
            route.pending = False
            inst = route.inst
            bar = inst.bar
            for update in route.updates:
                update(bar)
            if inst.holding.qty:
                self._om.portfolio.mark(inst.symbol, bar.close)  # type: ignore[union-attr]
            if route.primary:
                primary = True
        fresh.clear()
        if primary:
            if decide:
                self._decide()
            elif observe and self._observe is not None:
                self._observe()

    def alone(self) -> str | None:
        """The symbol, when this bot reads the source bars of its one instrument (no bar
        building): what ``run_alone`` needs."""
        if self._builders or self._fresh or len(self._routes) != 1:
            return None
        (route,) = self._routes.values()
        return route.inst.symbol if route.primary else None

    def run_alone(
        self, bars: Iterable[Bar], on_market: Callable[[Bar], object], end: int
    ) -> tuple[int, int]:
        """``Engine.run`` for a bot alone on one instrument (``alone``): each bar goes to
        the broker, and the slice before it settles and decides when a bar of a later
        close arrives, in the order of ``on_bar`` and ``settle``, without their calls
        (most backtests are this). ``end`` is the close of the slice before the first
        bar. Returns the number of bars and the close of the last slice."""
        (route,) = self._routes.values()
        inst = route.inst
        symbol = inst.symbol
        updates = route.updates
        decide = self._decide
        om = self._om
        n = 0
        held: Bar | None = None  # the bar of the current slice, its indicators not updated
        for bar in bars:
            n += 1
            if bar.end != end:
                if held is not None:
                    for update in updates:
                        update(held)
                    if inst.holding.qty:
                        om.portfolio.mark(symbol, held.close)
                    held = None
                    decide()
                end = bar.end
            if bar.symbol != symbol:
                continue  # a bar nobody reads: it only ends a slice
            on_market(bar)
            if held is not None:  # a second bar of the symbol in one slice: the first settles
                for update in updates:
                    update(held)
                if inst.holding.qty:
                    om.portfolio.mark(symbol, held.close)
            inst.bar = held = bar
        if held is not None:
            for update in updates:
                update(held)
            if inst.holding.qty:
                om.portfolio.mark(symbol, held.close)
            decide()
        return n, end

    def warm(self, bars: list[Bar]) -> None:
        """History before trading starts (time-ordered): indicators only, no orders."""
        end = None
        for bar in bars:
            if bar.end != end and end is not None:
                self.settle(decide=False)
            end = bar.end
            self.on_bar(bar)
        self.settle(decide=False)
