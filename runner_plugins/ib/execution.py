"""The ``ib`` broker: orders through TWS / IB Gateway with ib_async.

Every order carries runner's client id in IB's ``orderRef``, which TWS keeps with the
order and its executions across reconnects and restarts; all mapping back to runner
events goes through it. A fill is emitted once per IB execution id, with the commission
of its commission report (which TWS sends right after the execution), and the FILLED /
PARTIALLY_FILLED status that follows is held back until its fills are out, so a consumer
sees the position change before the order is done. After a dropped socket or a lost IB
link, executions (``reqExecutions``) and open orders are read back so no fill is missed
and none is told twice.

Qualified contracts belong to one socket: a restarted TWS may have forgotten the contract
ids it handed out and refuses an order by an old id with error 200 ("No security
definition"). So the contract cache is emptied on a new socket, and an order refused with
error 200 before it ever reached the book has its contract resolved again and is sent once
more, under the same client id (the order it replaces never existed at IB).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, TypeAlias

from runner.api import (
    Bracket,
    ConnectionState,
    Fill,
    Order,
    OrderStatus,
    OrderType,
    OrderUpdate,
    Side,
    TimeInForce,
    from_datetime,
)
from runner.api.base import Params
from runner.api.broker import BrokerSnapshot
from runner.api.capabilities import BrokerCapabilities
from runner.api.live import LiveBroker
from runner_plugins.ib.client import (
    IBConnectionError,
    IBSession,
    resolve_profile,
)
from runner_plugins.ib.config import IBBrokerParams
from runner_plugins.ib.contracts import ContractBook, ContractError

log = logging.getLogger(__name__)

_TIF = {
    TimeInForce.DAY: "DAY",
    TimeInForce.GTC: "GTC",
    TimeInForce.IOC: "IOC",
    TimeInForce.FOK: "FOK",
}
_WORKING = frozenset({"PreSubmitted", "Submitted", "ApiPending"})
_ENDED = frozenset({"Cancelled", "ApiCancelled", "Inactive"})
_REACHED_BOOK = _WORKING | {"Filled", "PendingCancel"}
NO_SECURITY_DEFINITION = 200


IBOrder: TypeAlias = Any  # the client library's Order (ib_async or ib_insync)


def _price(lib: Any, value: float | None) -> float:
    """A price for the client library: its own "no value" for one the order lacks, which
    goes out as the same empty field as None did."""
    return float(lib.util.UNSET_DOUBLE) if value is None else value


@dataclass(slots=True)
class _Tracked:
    order: Order
    trade: Any = None  # ib_async Trade once placed
    placing: bool = True
    accepted: bool = False
    cancel_requested: bool = False
    last: tuple[OrderStatus, int] | None = None
    filled_emitted: int = 0
    held: OrderUpdate | None = None
    resent: bool = False  # sent again once after error 200; a second refusal stands

    @property
    def done(self) -> bool:
        return self.last is not None and self.last[0].is_done


class IBBroker(LiveBroker[IBBrokerParams]):
    """Interactive Brokers through TWS or IB Gateway (ib_async or ib_insync).

    Market, limit, stop and stop-limit orders, brackets (parent with OCA stop and target)
    and several orders sent together (``submit_many``, for the legs of a pair). Give a
    connection profile, or host/port/client_id inline.
    """

    name: ClassVar[str] = "ib"
    connection_kind = "ib"
    capabilities = BrokerCapabilities(native_brackets=True, multi_leg=True)

    Params: ClassVar[type[Params]] = IBBrokerParams

    def __init__(self, params: IBBrokerParams, connection: Any = None) -> None:
        super().__init__(params, connection)
        self.profile = resolve_profile(params, connection)
        self.session: IBSession | None = None
        self.contracts: ContractBook | None = None
        self._orders: dict[str, _Tracked] = {}
        self._pending: dict[str, tuple[Any, Any, asyncio.TimerHandle]] = {}
        self._reconcile_lock = asyncio.Lock()
        self._book_socket = 0  # the session's reconnect count the contract cache is from

    # ------------------------------------------------------------------ lifecycle
    async def connect(self) -> None:
        session = IBSession.acquire(self.profile)
        session.watchers.append(self._session_status)
        try:
            await session.connect()
        except IBConnectionError:
            session.watchers.remove(self._session_status)
            await session.release()
            raise
        self.session = session
        accounts = session.ib.managedAccounts()
        account = self.profile.account or (accounts[0] if len(accounts) == 1 else "")
        # the account is what bots on one login share: reconciliation compares them together
        self.fill_session = f"ib/{account}" if account else ""
        session.brokers.append(self)
        self.contracts = ContractBook(session.ib, session.lib, self.params.exchanges)
        self._book_socket = session.reconnects
        session.ib.orderStatusEvent += self._on_status
        session.ib.execDetailsEvent += self._on_exec
        session.ib.commissionReportEvent += self._on_commission
        session.add_listener(self._on_session)
        # Executions from before this run are the journal's business (see snapshot()).
        for fill in session.ib.fills():
            self.first_execution(fill.execution.execId)

    async def close(self) -> None:
        await self.cancel_tasks()
        for _, _, handle in self._pending.values():
            handle.cancel()
        if self.session is not None:
            ibc = self.session.ib
            ibc.orderStatusEvent -= self._on_status
            ibc.execDetailsEvent -= self._on_exec
            ibc.commissionReportEvent -= self._on_commission
            self.session.remove_listener(self._on_session)
            if self._session_status in self.session.watchers:
                self.session.watchers.remove(self._session_status)
            if self in self.session.brokers:
                self.session.brokers.remove(self)
            for ref in [r for r, b in self.session.owners.items() if b is self]:
                del self.session.owners[ref]
            await self.session.release()
            self.session = None

    @property
    def ib(self) -> Any:
        if self.session is None:
            raise IBConnectionError("the ib broker is not connected (call connect() first)")
        return self.session.ib

    # ------------------------------------------------------------------ requests
    def submit(self, order: Order) -> None:
        self.submit_many([order])

    def submit_many(self, orders: list[Order]) -> None:
        """Send several orders back to back, e.g. both legs of a pair.

        Contracts are qualified first, then every order is placed without yielding to the
        event loop in between, so the legs reach TWS together. Each leg's outcome (accepted,
        rejected, partly or fully filled) arrives as its own events.
        """
        fresh = [t for t in (self._track(o) for o in orders) if t is not None]
        if fresh:
            self.spawn(self._place(fresh, bracket=False))

    def submit_bracket(self, bracket: Bracket) -> None:
        group = [bracket.entry] + [o for o in (bracket.target, bracket.stop) if o is not None]
        fresh = [self._track(o) for o in group]
        if any(t is None for t in fresh):
            return
        self.spawn(self._place([t for t in fresh if t is not None], bracket=True))

    def cancel(self, client_id: str) -> None:
        t = self._lookup(client_id)
        if t is None:
            log.warning("cancel of unknown order %s ignored", client_id)
            return
        t.cancel_requested = True
        if t.trade is None or t.done or t.trade.isDone():
            return  # not placed yet: _place sees the flag; done: nothing to cancel
        try:
            self.ib.cancelOrder(t.trade.order)
        except ConnectionError:
            log.warning("cancel of %s waits for the IB connection", client_id)

    def modify(
        self,
        client_id: str,
        *,
        qty: int | None = None,
        limit_price: float | None = None,
        stop_price: float | None = None,
    ) -> None:
        t = self._lookup(client_id)
        if t is None or t.trade is None or t.trade.isDone():
            log.warning("modify of %s ignored: no working order", client_id)
            return
        o = t.trade.order
        if qty is not None:
            o.totalQuantity = qty
            t.order.qty = qty
        if limit_price is not None:
            o.lmtPrice = limit_price
            t.order.limit_price = limit_price
        if stop_price is not None:
            o.auxPrice = stop_price
            t.order.stop_price = stop_price
        try:
            self.ib.placeOrder(t.trade.contract, o)
        except ConnectionError:
            self.emit(
                OrderUpdate(
                    client_id,
                    t.last[0] if t.last else OrderStatus.ACCEPTED,
                    _now(),
                    reason="modify not sent: IB is not connected",
                )
            )

    # ------------------------------------------------------------------ placing
    def _track(self, order: Order) -> _Tracked | None:
        if order.client_id in self._orders:
            log.error("order %s was already sent; not sending it again", order.client_id)
            return None
        t = _Tracked(order)
        self._orders[order.client_id] = t
        if self.session is not None:
            self.session.owners[order.client_id] = self
        return t

    def restore(self, orders: list[Order]) -> None:
        """Working orders of this bot from a previous run: their events come here again.

        Needed only when several bots share one IB connection; a broker alone on its
        connection takes up every order it finds (see :meth:`_claim`)."""
        for o in orders:
            if o.client_id not in self._orders:
                self._orders[o.client_id] = _Tracked(o, placing=False)
                if self.session is not None:
                    self.session.owners[o.client_id] = self
            self._lookup(o.client_id)

    def _lookup(self, client_id: str) -> _Tracked | None:
        """The record of one of our orders, bound to its live ib_async trade if IB has it."""
        t = self._orders.get(client_id)
        if t is not None and (t.trade is not None or t.placing):
            return t
        if self.session is None:
            return t
        trade = next((x for x in self.ib.trades() if x.order.orderRef == client_id), None)
        if trade is None:
            return t
        return self._claim(client_id, trade=trade)

    async def _place(self, group: list[_Tracked], bracket: bool) -> None:
        try:
            if self.session is None or not self.session.is_connected:
                raise IBConnectionError("IB is not connected")
            book = self._book()
            contracts = await asyncio.gather(*(book.qualify(t.order.symbol) for t in group))
            # From here on no await: the group reaches the socket in one go.
            placed: list[tuple[_Tracked, Any]] = []
            for t in group:
                if t.cancel_requested and not bracket:
                    self._end(t, OrderStatus.CANCELLED, "cancelled before it was sent")
                    continue
                placed.append((t, self._ib_order(t.order)))
            if bracket:
                self._link_bracket([o for _, o in placed], group[0].order.client_id)
            for (t, ib_order), contract in zip(placed, contracts, strict=False):
                self._link_parent(t, ib_order)
                t.trade = self.ib.placeOrder(contract, ib_order)
                t.placing = False
            for t, _ in placed:
                if t.cancel_requested:  # asked while the contract was being qualified
                    self.ib.cancelOrder(t.trade.order)
        except ContractError as exc:
            for t in group:
                self._end(t, OrderStatus.REJECTED, str(exc))
        except (ConnectionError, IBConnectionError) as exc:
            for t in group:
                if t.trade is None:
                    self._end(t, OrderStatus.REJECTED, f"not sent: {exc}")
        finally:
            for t in group:
                t.placing = False

    def _book(self) -> ContractBook:
        """The contract cache of the current socket: emptied when the session has
        reconnected since it was filled, as TWS may have restarted in between."""
        assert self.session is not None and self.contracts is not None
        if self._book_socket != self.session.reconnects:
            self._book_socket = self.session.reconnects
            self.contracts.forget()
        return self.contracts

    def _refused_unknown(self, t: _Tracked, trade: Any) -> bool:
        """Whether IB refused this order for its contract id (error 200) before it ever
        reached the book: only then can it be sent again without risk of a second order.
        Bracket legs are not (their parent link would be lost); they stay rejected."""
        if t.resent or t.accepted or t.cancel_requested or t.last is not None:
            return False
        if trade.orderStatus.status not in _ENDED or int(trade.orderStatus.filled) > 0:
            return False
        if t.filled_emitted or trade.order.parentId or not trade.order.transmit:
            return False
        if any(entry.status in _REACHED_BOOK for entry in trade.log):
            return False
        return _last_error(trade)[0] == NO_SECURITY_DEFINITION

    async def _place_again(self, t: _Tracked, refused: Any) -> None:
        """Resolve the contract of an order refused with error 200 and send it once more
        under the same client id, unless IB turns out to hold that client id after all."""
        reason = f"{_last_error(refused)[1]} ({NO_SECURITY_DEFINITION})"
        ref = t.order.client_id
        try:
            if self.session is None or not self.session.is_connected:
                raise IBConnectionError("IB is not connected")
            fills, open_trades = await self.session.read_back()
            if any(f.execution.orderRef == ref for f in fills) or any(
                x.order.orderRef == ref and x is not refused for x in open_trades
            ):
                log.error("order %s: refused with %s, yet IB holds it; not sent again", ref, reason)
                t.placing = False
                await self.reconcile()
                return
            book = self._book()
            book.forget(t.order.symbol)
            contract = await book.qualify(t.order.symbol)
        except ContractError as exc:
            t.placing = False
            self._end(t, OrderStatus.REJECTED, f"{reason}; resolving it again: {exc}")
            return
        except (ConnectionError, IBConnectionError) as exc:
            t.placing = False
            self._end(t, OrderStatus.REJECTED, f"{reason}; not sent again: {exc}")
            return
        t.placing = False
        if t.cancel_requested:
            self._end(t, OrderStatus.CANCELLED, "cancelled before it was sent")
            return
        log.info("order %s: contract of %s resolved again after %s", ref, t.order.symbol, reason)
        try:
            t.trade = self.ib.placeOrder(contract, self._ib_order(t.order))
        except ConnectionError as exc:
            self._end(t, OrderStatus.REJECTED, f"{reason}; not sent again: {exc}")

    def _ib_order(self, o: Order) -> IBOrder:
        action = "BUY" if o.side is Side.BUY else "SELL"
        if self.session is None:
            raise IBConnectionError("the ib broker is not connected (call connect() first)")
        lib = self.session.lib
        ib_order: IBOrder
        if o.type is OrderType.MARKET:
            ib_order = lib.MarketOrder(action, o.qty)
        elif o.type is OrderType.LIMIT:
            ib_order = lib.LimitOrder(action, o.qty, _price(lib, o.limit_price))
        elif o.type is OrderType.STOP:
            ib_order = lib.StopOrder(action, o.qty, _price(lib, o.stop_price))
        else:
            ib_order = lib.StopLimitOrder(
                action, o.qty, _price(lib, o.limit_price), _price(lib, o.stop_price)
            )
        ib_order.orderRef = o.client_id
        ib_order.tif = _TIF[o.tif]
        ib_order.account = self.profile.account
        if o.oco_group:
            ib_order.ocaGroup = o.oco_group
            ib_order.ocaType = 1
        return ib_order

    def _link_bracket(self, orders: list[Any], entry_id: str) -> None:
        """Parent first with transmit off, children after it; the last one transmits all."""
        entry, children = orders[0], orders[1:]
        entry.orderId = self.ib.client.getReqId()
        entry.transmit = not children
        for i, child in enumerate(children):
            child.orderId = self.ib.client.getReqId()
            child.parentId = entry.orderId
            child.ocaGroup = child.ocaGroup or f"oca-{entry_id}"
            child.ocaType = 1
            child.transmit = i == len(children) - 1

    def _link_parent(self, t: _Tracked, ib_order: Any) -> None:
        parent_id = t.order.parent_id
        if not parent_id or ib_order.parentId:
            return
        parent = self._orders.get(parent_id)
        if parent is not None and parent.trade is not None:
            ib_order.parentId = parent.trade.order.orderId

    # ------------------------------------------------------------------ events from IB
    def _end(self, t: _Tracked, status: OrderStatus, reason: str) -> None:
        self._send_update(
            t,
            OrderUpdate(
                t.order.client_id,
                status,
                _now(),
                filled_qty=t.filled_emitted,
                remaining_qty=max(t.order.qty - t.filled_emitted, 0),
                reason=reason,
            ),
        )

    def _send_update(self, t: _Tracked, update: OrderUpdate) -> None:
        key = (update.status, update.filled_qty)
        if t.last == key or t.done:
            return
        if update.status in (OrderStatus.FILLED, OrderStatus.PARTIALLY_FILLED) and (
            update.filled_qty > t.filled_emitted
        ):
            if t.held is None:  # executions missing for long: ask TWS for them
                asyncio.get_event_loop().call_later(
                    3 * self.params.fill_grace, self._check_held, update.client_id
                )
            t.held = update  # sent when its fills are out (see _book_fill)
            return
        t.held = None
        t.last = key
        if update.status is OrderStatus.ACCEPTED:
            t.accepted = True
        self.emit(update)

    def _check_held(self, client_id: str) -> None:
        t = self._orders.get(client_id)
        if t is not None and t.held is not None:
            self.spawn(self._recover_held(t))

    async def _recover_held(self, t: _Tracked) -> None:
        """A status said "filled" but its executions never came: read them back, and
        report the status even if TWS has none to give (it counted the fill)."""
        with contextlib.suppress(ConnectionError, IBConnectionError):
            await self.reconcile()
        if t.held is not None:
            held, t.held = t.held, None
            log.warning("order %s: %s without its executions", held.client_id, held.status.value)
            t.last = (held.status, held.filled_qty)
            self.emit(held)

    def _tracked_for(self, trade: Any) -> _Tracked | None:
        return self._claim(trade.order.orderRef, trade=trade)

    def _claim(self, ref: str, trade: Any = None, fill: Any = None) -> _Tracked | None:
        """Our record of the order with orderRef ``ref``, or None if it is not ours.

        Ours are the orders this broker sent or was given back (:meth:`restore`); an order
        nobody claims (sent before a restart) is taken up only by a broker that is alone on
        its connection, so that two bots sharing a client id never see each other's fills.
        """
        if not ref:
            return None
        t = self._orders.get(ref)
        if t is None:
            session = self.session
            if session is None:
                return None
            owner = session.owners.get(ref)
            if owner is not None and owner is not self:
                return None
            if owner is None and len(session.brokers) != 1:
                return None
            if trade is not None:
                order = _order_from_trade(trade, self._symbol(trade))
            elif fill is not None:
                order = _order_from_fill(fill, self._fill_symbol(fill))
            else:
                return None
            t = self._orders[ref] = _Tracked(order, placing=False)
            session.owners[ref] = self
        if trade is not None and t.trade is not trade:
            t.trade = trade
        return t

    def _symbol(self, trade: Any) -> str:
        assert self.contracts is not None
        return self.contracts.symbol_of(trade.contract)

    def _fill_symbol(self, fill: Any) -> str:
        assert self.contracts is not None
        return self.contracts.symbol_of(fill.contract)

    def _on_status(self, trade: Any) -> None:
        t = self._tracked_for(trade)
        if t is None:
            return
        if self._refused_unknown(t, trade):
            t.resent = t.placing = True
            self.spawn(self._place_again(t, trade))
            return
        update = self._update_of(t, trade)
        if update is not None:
            self._send_update(t, update)

    def _update_of(self, t: _Tracked, trade: Any) -> OrderUpdate | None:
        st = trade.orderStatus
        filled = int(st.filled)
        status_text = st.status
        reason = ""
        if status_text in _WORKING:
            status = OrderStatus.PARTIALLY_FILLED if filled > 0 else OrderStatus.ACCEPTED
        elif status_text == "PendingCancel":
            status = OrderStatus.PENDING_CANCEL
        elif status_text == "Filled":
            status = OrderStatus.FILLED
        elif status_text in _ENDED:
            code, reason = _last_error(trade)
            refused = code not in (0, 202) and not t.accepted and filled == 0
            status = OrderStatus.REJECTED if refused else OrderStatus.CANCELLED
        else:
            return None  # PendingSubmit, or a validation warning on a live order
        return OrderUpdate(
            t.order.client_id,
            status,
            _now(),
            broker_id=str(trade.order.permId or trade.order.orderId),
            filled_qty=filled,
            remaining_qty=int(st.remaining) if status_text not in _ENDED else 0,
            avg_price=float(st.avgFillPrice or 0.0),
            reason=reason,
        )

    def _on_exec(self, trade: Any, fill: Any) -> None:
        exec_id = fill.execution.execId
        if self.seen_execution(exec_id) or exec_id in self._pending or not fill.execution.orderRef:
            return
        handle = asyncio.get_event_loop().call_later(
            self.params.fill_grace, self._emit_fill, exec_id
        )
        self._pending[exec_id] = (trade, fill, handle)

    def _on_commission(self, trade: Any, fill: Any, report: Any) -> None:
        if fill.execution.execId in self._pending:
            self._emit_fill(fill.execution.execId)

    def _emit_fill(self, exec_id: str) -> None:
        entry = self._pending.pop(exec_id, None)
        if entry is None:
            return
        trade, fill, handle = entry
        handle.cancel()
        self._book_fill(fill, trade)

    def _book_fill(self, fill: Any, trade: Any = None, commission: float | None = None) -> None:
        ex = fill.execution
        if self.seen_execution(ex.execId):
            return
        ref = ex.orderRef
        t = self._claim(ref, trade=trade, fill=fill)
        if t is None:
            return  # another bot's order on the same connection
        self.first_execution(ex.execId)
        symbol = t.order.symbol
        qty = int(ex.shares)
        self.emit(
            Fill(
                client_id=ref,
                fill_id=ex.execId,
                symbol=symbol,
                side=Side.BUY if ex.side == "BOT" else Side.SELL,
                qty=qty,
                price=float(ex.price),
                ts=from_datetime(ex.time) if isinstance(ex.time, datetime) else _now(),
                commission=float(
                    fill.commissionReport.commission if commission is None else commission
                ),
                bot=t.order.bot if t is not None else "",
                reason=t.order.reason if t is not None else "",
                session=self._fill_session(ex),
            )
        )
        t.filled_emitted += qty
        if t.held is not None and t.filled_emitted >= t.held.filled_qty:
            held, t.held = t.held, None
            self._send_update(t, held)

    def _fill_session(self, execution: Any) -> str:
        """IB's execution ids are unique per account: the account is the fills' session."""
        return f"ib/{execution.acctNumber or self.profile.account}"

    # ------------------------------------------------------------------ reconnects
    async def _on_session(self, kind: str) -> None:
        await self.reconcile()

    def _session_status(self, state: ConnectionState, reason: str) -> None:
        self.report(state, str(self.profile.client_id), reason)

    async def reconcile(self) -> None:
        """Read back executions and open orders; emit what was missed, exactly once."""
        async with self._reconcile_lock:
            ibc = self.ib
            assert self.session is not None
            fills, open_trades = await self.session.read_back()
            stored = ibc.wrapper.fills
            for fill in sorted(fills, key=lambda f: f.execution.time):
                ex = fill.execution
                if not ex.orderRef or self.seen_execution(ex.execId):
                    continue
                pending = self._pending.pop(ex.execId, None)
                if pending is not None:
                    pending[2].cancel()
                known = stored.get(ex.execId, fill)
                self._book_fill(fill, commission=known.commissionReport.commission)
            open_refs = set()
            for trade in open_trades:
                t = self._tracked_for(trade)
                if t is None:
                    continue
                open_refs.add(trade.order.orderRef)
                if t.cancel_requested and not trade.isDone():
                    ibc.cancelOrder(trade.order)
                update = self._update_of(t, trade)
                if update is not None:
                    self._send_update(t, update)
            for ref, t in self._orders.items():
                if t.done or t.placing or ref in open_refs or t.trade is None:
                    continue
                if t.filled_emitted >= t.order.qty:
                    self._send_update(
                        t, OrderUpdate(ref, OrderStatus.FILLED, _now(), filled_qty=t.filled_emitted)
                    )
                else:
                    self._end(
                        t,
                        OrderStatus.CANCELLED,
                        "no longer working at IB after the connection came back",
                    )

    async def snapshot(self) -> BrokerSnapshot:
        ibc = self.ib
        assert self.session is not None
        fills, open_trades = await self.session.read_back()
        stored = ibc.wrapper.fills
        out = BrokerSnapshot()
        assert self.contracts is not None
        for fill in sorted(fills, key=lambda f: f.execution.time):
            ex = fill.execution
            if not ex.orderRef:
                continue
            known = stored.get(ex.execId)
            commission = known.commissionReport.commission if known is not None else 0.0
            out.fills.append(
                Fill(
                    ex.orderRef,
                    ex.execId,
                    self.contracts.symbol_of(fill.contract),
                    Side.BUY if ex.side == "BOT" else Side.SELL,
                    int(ex.shares),
                    float(ex.price),
                    from_datetime(ex.time),
                    commission,
                    session=self._fill_session(ex),
                )
            )
        for trade in open_trades:
            ref = trade.order.orderRef
            if not ref:
                continue
            t = self._orders.get(ref) or _Tracked(_order_from_trade(trade, self._symbol(trade)))
            update = self._update_of(t, trade)
            if update is not None:
                out.open_orders.append(update)
        for pos in ibc.positions(self.profile.account or ""):
            if pos.position:
                out.positions[self.contracts.symbol_of(pos.contract)] = int(pos.position)
        return out

    def account_values(self) -> dict[str, float]:
        """Numeric account values in the account's currency (NetLiquidation, ...)."""
        out: dict[str, float] = {}
        for v in self.ib.accountValues(self.profile.account or ""):
            if v.currency in ("USD", "BASE") and v.modelCode == "":
                with contextlib.suppress(ValueError):
                    out[v.tag] = float(v.value)
        return out


def _last_error(trade: Any) -> tuple[int, str]:
    for entry in reversed(trade.log):
        if entry.errorCode:
            return entry.errorCode, entry.message
    return 0, ""


def _order_from_trade(trade: Any, symbol: str) -> Order:
    o = trade.order
    kinds = {
        "MKT": OrderType.MARKET,
        "LMT": OrderType.LIMIT,
        "STP": OrderType.STOP,
        "STP LMT": OrderType.STOP_LIMIT,
    }
    return Order(
        client_id=o.orderRef,
        bot="",
        symbol=symbol,
        side=Side.BUY if o.action == "BUY" else Side.SELL,
        qty=int(o.totalQuantity),
        type=kinds.get(o.orderType, OrderType.MARKET),
    )


def _order_from_fill(fill: Any, symbol: str) -> Order:
    ex = fill.execution
    return Order(
        client_id=ex.orderRef,
        bot="",
        symbol=symbol,
        side=Side.BUY if ex.side == "BOT" else Side.SELL,
        qty=int(ex.cumQty or ex.shares),
    )


def _now() -> int:
    import time

    return time.time_ns()
