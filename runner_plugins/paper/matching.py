"""Simulated order matching against trades and bars.

One engine serves the paper broker and the local protocol servers, so that an order sent
through a simulated Rithmic or TWS gateway fills exactly as it does in a backtest.

The rules, and why:

* An order takes part only in market events that start at or after the moment it was
  submitted (a trade with ``ts >= order ts``, a bar whose start ``ts >= order ts``): the
  bar during which a decision was made is history by the time the order exists.
* ``fill_on`` names the stream that fills orders. ``"next_bar_open"`` fills from bars and
  ignores trades; ``"next_trade"`` fills from trades and ignores bars. A symbol that never
  received the preferred stream is filled from the other one, so an engine fed only bars
  (or only trades) never leaves orders hanging.
* Market and stop fills pay ``slippage_ticks`` against the trader; limit fills never do
  (a resting limit order is filled at its price or better). Every price is put on the
  contract's tick grid, rounding against the trader.
* Trades: a resting limit order fills at its own price when a trade prints through it (the
  book reached it first); one that meets its first trade already through its limit fills
  at that trade's price. Stops fill at the triggering trade's price plus slippage.
* Commission is ``commission_per_contract`` per contract of each fill, or
  ``commission_per_share`` per share for shares (``sec_type`` STK) when it is given.
* Bars: the open happens first, then the bar's range in an unknown order. Orders that are
  marketable at the open fill at the open. Inside the bar, stop orders are matched before
  limit orders: when the stop and the target of one bracket could both have filled in the
  same bar, the stop is assumed to have filled first (the conservative reading) and the
  target is cancelled through the OCO group.
* Bracket children (``parent_id``) are held until their parent fills, then work for the
  parent's filled quantity. When the parent fills at a bar's open, the rest of that bar
  happened after the entry, so the children are matched against it (stop first). When
  the parent fills inside a bar, only its stop-type children are matched against that bar
  (the adverse move is assumed to follow the entry); targets start with the next event.
* ``max_volume_fraction`` caps what all of our orders together may take from one bar or
  trade: ``floor(volume * fraction)`` contracts. The rest stays working
  (PARTIALLY_FILLED). A bar or trade without volume fills nothing while the cap is set.
* OCO groups protect one position: a partial fill of one member reduces the others by the
  same quantity, a complete fill cancels them.
* IOC orders cancel what the first event they take part in did not fill; FOK orders fill
  completely on that event or are cancelled. A DAY order stays working: the engine knows
  no session, and the bot's own schedule cancels what it leaves at a close.
* Each execution yields a :class:`Fill` followed by the order's updated status, so a
  consumer sees the position change before it sees FILLED. Fill ids are
  ``<broker id>.<n>``, broker ids ``<id_prefix><sequence>``: unique within one engine and
  identical on every run with the same input.
* A request that cannot be honoured for an order that exists (cancel or modify of a
  finished order) answers with the order's unchanged status and a reason, never with
  REJECTED, which would tell the consumer the order itself was refused.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import fields, replace
from typing import Any, Literal

from runner.api import (
    Bar,
    ContractSpec,
    Fill,
    Order,
    OrderStatus,
    OrderType,
    OrderUpdate,
    Side,
    TimeInForce,
    Trade,
)

FillOn = Literal["next_trade", "next_bar_open"]
MatchEvent = OrderUpdate | Fill

_ACCEPTED = OrderStatus.ACCEPTED
_PARTIAL = OrderStatus.PARTIALLY_FILLED
_FILLED = OrderStatus.FILLED
_CANCELLED = OrderStatus.CANCELLED
_REJECTED = OrderStatus.REJECTED
_MARKET = OrderType.MARKET
_LIMIT = OrderType.LIMIT
_STOP = OrderType.STOP
_STOP_LIMIT = OrderType.STOP_LIMIT
_IMMEDIATE = frozenset({TimeInForce.IOC, TimeInForce.FOK})
_GRID_TOLERANCE = 1e-6  # in ticks: float noise, not a price off the grid


class _Working:
    """The engine's record of one order: what is left, and where it stands."""

    __slots__ = (
        "activated",
        "active",
        "born",
        "broker_id",
        "buy",
        "done",
        "filled",
        "last",
        "nfills",
        "notional",
        "order",
        "qty",
        "rate",
        "rested",
        "since",
        "spec",
        "status",
        "triggered",
    )

    def __init__(self, order: Order, spec: ContractSpec | None, broker_id: str, ts: int) -> None:
        self.order = order
        self.spec = spec
        self.broker_id = broker_id
        self.buy = order.side is Side.BUY
        self.qty = order.qty  # working quantity (bracket children: what the parent filled)
        self.activated = 0  # bracket children: quantity granted by parent fills so far
        self.active = True  # False for bracket children waiting for their parent
        self.filled = 0
        self.notional = 0.0
        self.nfills = 0
        self.since = ts  # takes part in events with ts >= since
        self.born = -1  # event sequence during which it became active (skips that event)
        self.rested = False  # trade matching: has seen a trade without filling
        self.triggered = False  # stop-limit: the stop was reached, it is a limit now
        self.rate = 0.0  # commission per contract (or share) of this order
        self.status = _ACCEPTED
        self.done = False  # status.is_done, kept as a plain flag for the per-bar loops
        self.last: OrderUpdate | None = None

    @property
    def remaining(self) -> int:
        return self.qty - self.filled


class MatchingEngine:
    """Fills orders against market data by the rules in the module docstring."""

    def __init__(
        self,
        spec_for: Callable[[str], ContractSpec],
        *,
        slippage_ticks: float = 0,
        commission_per_contract: float = 0.0,
        fill_on: FillOn = "next_bar_open",
        max_volume_fraction: float | None = None,
        id_prefix: str = "P",
        commission_per_share: float | None = None,
    ) -> None:
        if slippage_ticks < 0:
            raise ValueError(f"slippage_ticks must be >= 0, got {slippage_ticks}")
        if commission_per_contract < 0:
            raise ValueError(f"commission_per_contract must be >= 0, got {commission_per_contract}")
        if commission_per_share is not None and commission_per_share < 0:
            raise ValueError(f"commission_per_share must be >= 0, got {commission_per_share}")
        if fill_on not in ("next_trade", "next_bar_open"):
            raise ValueError(f"fill_on must be 'next_trade' or 'next_bar_open', got {fill_on!r}")
        if max_volume_fraction is not None and not 0 < max_volume_fraction <= 1:
            raise ValueError(f"max_volume_fraction must be in (0, 1], got {max_volume_fraction}")
        self._spec_for = spec_for
        self.slippage_ticks = float(slippage_ticks)
        self.commission_per_contract = float(commission_per_contract)
        # Shares (an ETF leg, sec_type STK) are priced per share, not per contract; None
        # charges them the contract rate.
        self.commission_per_share = commission_per_share
        self.fill_on: FillOn = fill_on
        self.max_volume_fraction = max_volume_fraction
        self.id_prefix = id_prefix
        self._orders: dict[str, _Working] = {}  # every client id ever seen, rejected too
        self._open: dict[str, _Working] = {}  # not done yet, in submission order
        self._live: dict[str, list[_Working]] = {}  # symbol -> active working orders
        self._children: dict[str, list[_Working]] = {}  # parent id -> bracket children
        self._oco: dict[str, list[_Working]] = {}  # group -> open members
        self._specs: dict[str, ContractSpec | None] = {}
        self._spec_errors: dict[str, str] = {}
        self._bar_symbols: set[str] = set()
        self._trade_symbols: set[str] = set()
        self._seq = 0  # broker id sequence
        self._event = 0  # market event sequence
        self._avail: int | None = None  # volume left in the current event (cap set)
        self._post: list[tuple[_Working, float, bool]] = []  # children activated in a bar

    # ------------------------------------------------------------------ queries
    def working(self) -> list[Order]:
        """Orders accepted and not finished, bracket children still held included."""
        return [w.order for w in self._open.values()]

    def order(self, client_id: str) -> Order | None:
        w = self._orders.get(client_id)
        return w.order if w is not None else None

    def status(self, client_id: str) -> OrderUpdate | None:
        w = self._orders.get(client_id)
        return w.last if w is not None else None

    # ------------------------------------------------------------------ requests
    def submit(self, order: Order, ts: int) -> list[OrderUpdate]:
        cid = order.client_id
        if cid in self._orders:
            return [
                OrderUpdate(
                    cid,
                    _REJECTED,
                    ts,
                    reason=f"duplicate client_id {cid!r}: an order with this id was already "
                    "submitted",
                )
            ]
        order = _copy(order)  # our own copy: a caller mutating theirs changes nothing here
        spec = self._spec(order.symbol)
        problem = self._check(order, spec)
        parent: _Working | None = None
        if problem is None and order.parent_id is not None:
            parent = self._orders.get(order.parent_id)
            problem = self._check_parent(order, parent)
        if problem is not None:
            w = _Working(order, spec, "", ts)
            w.status = _REJECTED
            w.done = True
            self._orders[cid] = w
            return [self._update(w, ts, problem)]
        self._seq += 1
        w = _Working(order, spec, f"{self.id_prefix}{self._seq}", ts)
        per_share = self.commission_per_share
        w.rate = (
            per_share
            if per_share is not None and spec is not None and spec.sec_type == "STK"
            else self.commission_per_contract
        )
        self._orders[cid] = w
        self._open[cid] = w
        if order.oco_group is not None:
            self._oco.setdefault(order.oco_group, []).append(w)
        out: list[OrderUpdate] = []
        if parent is None:
            self._live.setdefault(order.symbol, []).append(w)
            out.append(self._update(w, ts))
            return out
        w.active = False
        w.qty = 0
        out.append(self._update(w, ts, f"held until parent {parent.order.client_id} fills"))
        if parent.filled > 0:
            self._grow(w, parent.filled, ts, out)
        if not parent.status.is_done:
            self._children.setdefault(parent.order.client_id, []).append(w)
        return out

    def cancel(self, client_id: str, ts: int) -> list[OrderUpdate]:
        w = self._orders.get(client_id)
        if w is None:
            return [OrderUpdate(client_id, _REJECTED, ts, reason="cancel rejected: unknown order")]
        if w.status.is_done:
            return [self._echo(w, ts, f"cancel rejected: order is already {w.status.value}")]
        out: list[OrderUpdate] = []
        self._finish(w, _CANCELLED, ts, "cancelled on request", out)
        return out

    def modify(
        self,
        client_id: str,
        ts: int,
        *,
        qty: int | None = None,
        limit_price: float | None = None,
        stop_price: float | None = None,
    ) -> list[OrderUpdate]:
        w = self._orders.get(client_id)
        if w is None:
            return [OrderUpdate(client_id, _REJECTED, ts, reason="modify rejected: unknown order")]
        if w.status.is_done:
            return [self._echo(w, ts, f"modify rejected: order is already {w.status.value}")]
        problem = self._check_modify(w, qty, limit_price, stop_price)
        if problem is not None:
            return [self._echo(w, ts, f"modify rejected: {problem}")]
        order = w.order
        if qty is not None:
            order.qty = qty
            if w.active:
                w.qty = qty if w.activated == 0 else min(qty, w.activated)
        if limit_price is not None:
            order.limit_price = limit_price
        if stop_price is not None:
            order.stop_price = stop_price
        if limit_price is not None or stop_price is not None:
            w.since = max(w.since, ts)  # no bar that began before the change fills the new price
            w.rested = False
        return [self._update(w, ts, "modified")]

    # ------------------------------------------------------------------ market data
    def on_trade(self, trade: Trade) -> list[OrderUpdate | Fill]:
        symbol = trade.symbol
        if self.fill_on == "next_trade":
            if symbol not in self._trade_symbols:
                self._trade_symbols.add(symbol)
        elif symbol in self._bar_symbols:
            return []
        lst = self._live.get(symbol)
        if not lst:
            return []
        self._event += 1
        event = self._event
        out: list[OrderUpdate | Fill] = []
        self._avail = None if self.max_volume_fraction is None else self._cap(trade.size)
        ts = trade.ts
        price = trade.price
        immediate: list[_Working] | None = None
        for w in [w for w in lst if w.since <= ts and w.born != event]:
            if w.done:
                continue
            self._match_trade(w, price, ts, out)
            if w.order.tif in _IMMEDIATE:
                immediate = immediate or []
                immediate.append(w)
        if immediate:
            self._cancel_unfilled(immediate, ts, out)
        return out

    @property
    def idle_test(self) -> tuple[dict[str, list[Any]], set[str]]:
        """A bar of symbol ``s`` changes nothing when ``not working.get(s) and s in known``
        (no order works on it, and its bars are already known to fill orders: ``on_bar``
        would return at once). The two containers are changed, never replaced, so a
        caller can hold them and run the test inline on every bar."""
        return self._live, self._bar_symbols

    def on_bar(self, bar: Bar) -> list[OrderUpdate | Fill]:
        symbol = bar.symbol
        if self.fill_on == "next_bar_open":
            if symbol not in self._bar_symbols:
                self._bar_symbols.add(symbol)
        elif symbol in self._trade_symbols:
            return []
        lst = self._live.get(symbol)
        if not lst:
            return []
        self._event += 1
        event = self._event
        out: list[OrderUpdate | Fill] = []
        self._avail = None if self.max_volume_fraction is None else self._cap(bar.volume)
        start = bar.ts
        # Everything in a live list is active and unfinished; one snapshot serves all steps
        # because no step can make another order eligible for this bar.
        snap = [w for w in lst if w.since <= start and w.born != event]
        if not snap:
            return out
        immediate: list[_Working] | None = None
        # 1. the open: market orders and whatever the open makes marketable
        for w in snap:
            if w.done:
                continue
            if w.order.tif in _IMMEDIATE:
                immediate = immediate or []
                immediate.append(w)
            self._bar_open(w, bar, out)
        # 2. inside the bar, stops first (a bracket's stop beats its target) ...
        for w in snap:
            if w.done:
                continue
            t = w.order.type
            if t is _STOP or (t is _STOP_LIMIT and not w.triggered):
                self._bar_stop(w, bar, w.order.stop_price, bar.end, out)  # type: ignore[arg-type]
        # 3. ... then limits
        for w in snap:
            if w.done or w.born == event:
                continue
            t = w.order.type
            if t is _LIMIT or (t is _STOP_LIMIT and w.triggered):
                self._bar_limit(w, bar, out)
        # 4. bracket children that came alive during this bar
        post = self._post
        while post:
            batch = sorted(post, key=_stops_first)
            post.clear()
            for w, ref, at_open in batch:
                if w.done:
                    continue
                t = w.order.type
                if t is _STOP or (t is _STOP_LIMIT and not w.triggered):
                    self._bar_stop(w, bar, w.order.stop_price, bar.end, out, ref=ref)  # type: ignore[arg-type]
                elif at_open:
                    self._bar_limit(w, bar, out, ref=ref)
        if immediate:
            self._cancel_unfilled(immediate, bar.end, out)
        return out

    # ------------------------------------------------------------------ matching
    def _match_trade(self, w: _Working, p: float, ts: int, out: list) -> None:
        o = w.order
        t = o.type
        buy = w.buy
        if t is _MARKET:
            self._execute(w, self._adverse(w, p, True), ts, out, ref=None)
            return
        if t is _STOP or (t is _STOP_LIMIT and not w.triggered):
            stop: float = o.stop_price  # type: ignore[assignment]
            if (p >= stop) if buy else (p <= stop):
                if t is _STOP:
                    self._execute(w, self._adverse(w, p, True), ts, out, ref=None)
                    return
                w.triggered = True
                limit: float = o.limit_price  # type: ignore[assignment]
                if (p <= limit) if buy else (p >= limit):
                    self._execute(w, self._capped(w, p, limit), ts, out, ref=None)
                    return
            w.rested = True
            return
        limit = o.limit_price  # type: ignore[assignment]
        if (p <= limit) if buy else (p >= limit):
            # A resting bid is reached before the market trades below it: it fills at its
            # price. Only an order meeting its first trade can be filled at a better one.
            px = limit if w.rested else self._better(w, p, limit)
            self._execute(w, px, ts, out, ref=None)
            return
        w.rested = True

    def _bar_open(self, w: _Working, bar: Bar, out: list) -> None:
        o = w.order
        t = o.type
        buy = w.buy
        op = bar.open
        if t is _MARKET:
            self._execute(w, self._adverse(w, op, True), bar.ts, out, ref=op, at_open=True)
        elif t is _LIMIT or (t is _STOP_LIMIT and w.triggered):
            limit: float = o.limit_price  # type: ignore[assignment]
            if (op <= limit) if buy else (op >= limit):
                self._execute(w, self._better(w, op, limit), bar.ts, out, ref=op, at_open=True)
        else:
            stop: float = o.stop_price  # type: ignore[assignment]
            if (op >= stop) if buy else (op <= stop):
                if t is _STOP:
                    self._execute(w, self._adverse(w, op, True), bar.ts, out, ref=op, at_open=True)
                    return
                w.triggered = True  # from here on a limit order: step 3 sees the rest of the bar
                limit = o.limit_price  # type: ignore[assignment]
                if (op <= limit) if buy else (op >= limit):
                    self._execute(w, self._capped(w, op, limit), bar.ts, out, ref=op, at_open=True)

    def _bar_stop(
        self, w: _Working, bar: Bar, stop: float, ts: int, out: list, ref: float | None = None
    ) -> None:
        """A stop inside the bar; ``ref`` is the price when a bracket child came alive."""
        buy = w.buy
        if ref is not None and ((ref >= stop) if buy else (ref <= stop)):
            trigger = ref  # already through the stop when it started to work
        elif (bar.high >= stop) if buy else (bar.low <= stop):
            trigger = stop
        else:
            return
        o = w.order
        if o.type is _STOP:
            self._execute(w, self._adverse(w, trigger, True), ts, out, ref=trigger)
            return
        w.triggered = True
        limit: float = o.limit_price  # type: ignore[assignment]
        if (trigger <= limit) if buy else (trigger >= limit):
            self._execute(w, self._capped(w, trigger, limit), ts, out, ref=trigger)
        else:
            w.born = self._event  # it would need the price to come back: not in this bar

    def _bar_limit(self, w: _Working, bar: Bar, out: list, ref: float | None = None) -> None:
        limit: float = w.order.limit_price  # type: ignore[assignment]
        buy = w.buy
        if ref is not None and ((ref <= limit) if buy else (ref >= limit)):
            self._execute(w, self._better(w, ref, limit), bar.end, out, ref=ref)
        elif (bar.low <= limit) if buy else (bar.high >= limit):
            self._execute(w, limit, bar.end, out, ref=limit)

    # ------------------------------------------------------------------ execution
    def _execute(
        self,
        w: _Working,
        price: float,
        ts: int,
        out: list,
        *,
        ref: float | None,
        at_open: bool = False,
    ) -> None:
        qty = w.remaining
        avail = self._avail
        if avail is not None:
            if w.order.tif is TimeInForce.FOK and avail < qty:
                return
            qty = min(qty, avail)
            if qty <= 0:
                return
            self._avail = avail - qty
        o = w.order
        w.filled += qty
        w.notional += qty * price
        w.nfills += 1
        out.append(
            Fill(
                o.client_id,
                f"{w.broker_id}.{w.nfills}",
                o.symbol,
                o.side,
                qty,
                price,
                ts,
                commission=round(qty * w.rate, 10),
                bot=o.bot,
                reason=o.reason,
            )
        )
        done = w.filled >= w.qty
        if done:
            self._finish(w, _FILLED, ts, "", out)
        else:
            w.status = _PARTIAL
            out.append(self._update(w, ts))
        kids = self._children.get(o.client_id)
        if kids:
            for kid in kids:
                if not kid.done:
                    self._grow(kid, w.filled, ts, out, ref=ref, at_open=at_open)
            if done:
                del self._children[o.client_id]
        group = o.oco_group
        if group is not None:
            for other in tuple(self._oco.get(group, ())):
                if other is w or other.done:
                    continue
                if done or other.remaining <= qty and other.active:
                    self._finish(other, _CANCELLED, ts, f"oco: {o.client_id} filled", out)
                elif other.active:
                    other.qty -= qty
                    out.append(self._update(other, ts, f"oco: reduced by {o.client_id} fill"))

    def _grow(
        self,
        kid: _Working,
        parent_filled: int,
        ts: int,
        out: list,
        *,
        ref: float | None = None,
        at_open: bool = False,
    ) -> None:
        """Give a bracket child the quantity its parent has filled (up to its own)."""
        target = min(kid.order.qty, parent_filled)
        add = target - kid.activated
        if add <= 0:
            return
        kid.activated = target
        kid.qty += add
        if not kid.active:
            kid.active = True
            kid.since = ts
            self._live.setdefault(kid.order.symbol, []).append(kid)
        kid.born = self._event
        out.append(self._update(kid, ts, f"activated: parent {kid.order.parent_id} filled"))
        if ref is not None:
            self._post.append((kid, ref, at_open))

    def _finish(self, w: _Working, status: OrderStatus, ts: int, reason: str, out: list) -> None:
        w.status = status
        w.done = True
        self._open.pop(w.order.client_id, None)
        if w.active:
            lst = self._live.get(w.order.symbol)
            if lst is not None:
                lst.remove(w)  # an empty list stays: a symbol has one, for the life of the engine
        group = w.order.oco_group
        if group is not None:
            members = self._oco.get(group)
            if members is not None:
                members.remove(w)
                if not members:
                    del self._oco[group]
        out.append(self._update(w, ts, reason))
        if status is not _FILLED:
            kids = self._children.pop(w.order.client_id, None)
            if kids and w.filled == 0:
                for kid in kids:
                    if not kid.done:
                        self._finish(
                            kid, _CANCELLED, ts, f"parent {w.order.client_id} {status.value}", out
                        )

    def _cancel_unfilled(self, orders: list[_Working], ts: int, out: list) -> None:
        for w in orders:
            if not w.done:
                tif = w.order.tif.value
                what = "not filled" if w.filled == 0 else "unfilled remainder"
                self._finish(w, _CANCELLED, ts, f"{tif}: {what} cancelled", out)

    # ------------------------------------------------------------------ prices
    def _adverse(self, w: _Working, p: float, slip: bool) -> float:
        """A market-like fill: slippage against the trader, rounded against the trader."""
        spec: ContractSpec = w.spec  # type: ignore[assignment]
        ticks = self.slippage_ticks * spec.tick_size if slip else 0.0
        if w.buy:
            return spec.round_up(p + ticks)
        return spec.round_down(p - ticks)

    def _better(self, w: _Working, p: float, limit: float) -> float:
        """A limit fill at ``p``, which is at the limit or better; never beyond the limit."""
        px = self._adverse(w, p, False)
        return min(px, limit) if w.buy else max(px, limit)

    def _capped(self, w: _Working, p: float, limit: float) -> float:
        """A triggered stop-limit: market-like at ``p``, but never beyond its limit."""
        px = self._adverse(w, p, True)
        return min(px, limit) if w.buy else max(px, limit)

    def _cap(self, volume: float) -> int:
        return int(math.floor(volume * self.max_volume_fraction + 1e-9))  # type: ignore[operator]

    # ------------------------------------------------------------------ checks
    def _spec(self, symbol: str) -> ContractSpec | None:
        try:
            return self._specs[symbol]
        except KeyError:
            pass
        try:
            spec = self._spec_for(symbol)
        except KeyError:  # a plain mapping: its message is only the key again
            spec = None
        except (LookupError, ValueError) as exc:
            spec = None
            self._spec_errors[symbol] = str(exc)
        self._specs[symbol] = spec
        return spec

    def _check(self, o: Order, spec: ContractSpec | None) -> str | None:
        if not isinstance(o.qty, int) or isinstance(o.qty, bool) or o.qty <= 0:
            return f"qty must be a positive whole number of contracts, got {o.qty!r}"
        if spec is None:
            why = self._spec_errors.get(o.symbol)
            return f"unknown symbol {o.symbol!r}" + (f": {why}" if why else "")
        t = o.type
        needs_limit = t is _LIMIT or t is _STOP_LIMIT
        needs_stop = t is _STOP or t is _STOP_LIMIT
        for name, value, needed in (
            ("limit_price", o.limit_price, needs_limit),
            ("stop_price", o.stop_price, needs_stop),
        ):
            if needed:
                problem = _price_problem(name, value, spec, t)
                if problem is not None:
                    return problem
            elif value is not None:
                return f"a {t.value} order takes no {name}, got {value}"
        return None

    def _check_parent(self, o: Order, parent: _Working | None) -> str | None:
        if parent is None:
            return f"unknown parent order {o.parent_id!r}"
        if parent.status is _REJECTED:
            return f"parent order {o.parent_id!r} was rejected"
        if parent.status.is_done and parent.filled == 0:
            return f"parent order {o.parent_id!r} is {parent.status.value} without a fill"
        if parent.order.symbol != o.symbol:
            return (
                f"bracket child trades {o.symbol!r} but its parent {o.parent_id!r} "
                f"trades {parent.order.symbol!r}"
            )
        return None

    def _check_modify(
        self, w: _Working, qty: int | None, limit: float | None, stop: float | None
    ) -> str | None:
        o = w.order
        if qty is not None:
            if not isinstance(qty, int) or isinstance(qty, bool) or qty <= 0:
                return f"qty must be a positive whole number of contracts, got {qty!r}"
            if w.filled and qty <= w.filled:
                return f"qty {qty} does not exceed the {w.filled} already filled"
        spec: ContractSpec = w.spec  # type: ignore[assignment]
        t = o.type
        if limit is not None:
            if t is not _LIMIT and t is not _STOP_LIMIT:
                return f"a {t.value} order takes no limit_price"
            problem = _price_problem("limit_price", limit, spec, t)
            if problem is not None:
                return problem
        if stop is not None:
            if t is not _STOP and t is not _STOP_LIMIT:
                return f"a {t.value} order takes no stop_price"
            problem = _price_problem("stop_price", stop, spec, t)
            if problem is not None:
                return problem
        return None

    # ------------------------------------------------------------------ updates
    def _update(self, w: _Working, ts: int, reason: str = "") -> OrderUpdate:
        status = w.status
        if status.is_done:
            remaining = 0
        elif w.active:
            remaining = w.remaining
        else:
            remaining = w.order.qty
        u = OrderUpdate(
            w.order.client_id,
            status,
            ts,
            broker_id=w.broker_id,
            filled_qty=w.filled,
            remaining_qty=remaining,
            avg_price=round(w.notional / w.filled, 10) if w.filled else 0.0,
            reason=reason,
        )
        w.last = u
        return u

    def _echo(self, w: _Working, ts: int, reason: str) -> OrderUpdate:
        """The order's standing, unchanged, with why a request about it was refused."""
        last = w.last
        assert last is not None
        return replace(last, ts=ts, reason=reason)


def _price_problem(name: str, value: float | None, spec: ContractSpec, t: OrderType) -> str | None:
    if value is None:
        return f"a {t.value} order needs a {name}"
    if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(value):
        return f"{name} must be a finite number, got {value!r}"
    ticks = value / spec.tick_size
    if abs(ticks - round(ticks)) > _GRID_TOLERANCE:
        return (
            f"{name} {value} is not on the tick grid of {spec.root} "
            f"(tick size {spec.tick_size:g}); nearest valid prices are "
            f"{spec.round_down(value):g} and {spec.round_up(value):g}"
        )
    return None


_ORDER_FIELDS = tuple(f.name for f in fields(Order))


def _copy(o: Order) -> Order:
    """A field-by-field copy (``dataclasses.replace`` re-runs ``__init__``: slower)."""
    c = object.__new__(Order)
    for name in _ORDER_FIELDS:
        setattr(c, name, getattr(o, name))
    return c


def _stops_first(item: tuple[_Working, float, bool]) -> int:
    t = item[0].order.type
    return 0 if t is _STOP or t is _STOP_LIMIT else 1
