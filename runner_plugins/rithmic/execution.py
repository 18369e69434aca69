"""The ``rithmic`` broker: orders through R|Protocol's order plant, positions from the PnL plant.

Every order carries our ``client_id`` as Rithmic's ``user_tag``, so every notification (and
every order listed after a reconnect) can be tied back to the engine's order without a
local table surviving the disconnect. A new-order request whose answer never came is not
sent again until the order list shows the server never saw it.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import replace
from typing import Annotated, TypedDict, TypeVar

from pydantic import Field

from runner.api import (
    Bar,
    Bracket,
    ConnectionState,
    Fill,
    MarketEvent,
    Order,
    OrderStatus,
    OrderType,
    Quote,
    Side,
    Trade,
)
from runner.api.base import MAX_POINTS
from runner.api.broker import BrokerSnapshot
from runner.api.live import LiveBroker
from runner_plugins.rithmic.client import (
    ConnectionLost,
    Plant,
    PlantClient,
    RithmicClient,
    RithmicError,
    RithmicRequestError,
    RithmicTimeout,
)
from runner_plugins.rithmic.config import (
    MAX_WAIT,
    RithmicParams,
    account_of,
    exchange_for,
    root_of,
    settings_for,
)
from runner_plugins.rithmic.orders import (
    DURATION,
    ORDER_TYPE,
    PRICE_TYPE,
    ExecutionIds,
    Notification,
    Tracked,
    msg_ts,
    status_of,
)
from runner_plugins.rithmic.protocol.proto.account_pnl_position_update_pb2 import (
    AccountPnLPositionUpdate,
)
from runner_plugins.rithmic.protocol.proto.exchange_order_notification_pb2 import (
    ExchangeOrderNotification,
)
from runner_plugins.rithmic.protocol.proto.instrument_pnl_position_update_pb2 import (
    InstrumentPnLPositionUpdate,
)
from runner_plugins.rithmic.protocol.proto.request_account_list_pb2 import RequestAccountList
from runner_plugins.rithmic.protocol.proto.request_bracket_order_pb2 import RequestBracketOrder
from runner_plugins.rithmic.protocol.proto.request_cancel_order_pb2 import RequestCancelOrder
from runner_plugins.rithmic.protocol.proto.request_login_info_pb2 import RequestLoginInfo
from runner_plugins.rithmic.protocol.proto.request_modify_order_pb2 import RequestModifyOrder
from runner_plugins.rithmic.protocol.proto.request_new_order_pb2 import RequestNewOrder
from runner_plugins.rithmic.protocol.proto.request_pnl_position_snapshot_pb2 import (
    RequestPnLPositionSnapshot,
)
from runner_plugins.rithmic.protocol.proto.request_pnl_position_updates_pb2 import (
    RequestPnLPositionUpdates,
)
from runner_plugins.rithmic.protocol.proto.request_reference_data_pb2 import RequestReferenceData
from runner_plugins.rithmic.protocol.proto.request_replay_executions_pb2 import (
    RequestReplayExecutions,
)
from runner_plugins.rithmic.protocol.proto.request_show_orders_pb2 import RequestShowOrders
from runner_plugins.rithmic.protocol.proto.request_subscribe_for_order_updates_pb2 import (
    RequestSubscribeForOrderUpdates,
)
from runner_plugins.rithmic.protocol.proto.request_trade_routes_pb2 import RequestTradeRoutes
from runner_plugins.rithmic.protocol.proto.rithmic_order_notification_pb2 import (
    RithmicOrderNotification,
)
from runner_plugins.rithmic.protocol.templates import Request, stamped

log = logging.getLogger(__name__)

# the two requests that place an order share its fields
_Placing = TypeVar("_Placing", RequestNewOrder, RequestBracketOrder)


class _Account(TypedDict):
    """The account fields most order and PnL requests carry."""

    account_id: str
    fcm_id: str
    ib_id: str


class RithmicBrokerParams(RithmicParams):
    order_timeout: float = Field(
        default=5.0,
        gt=0,
        le=MAX_WAIT,
        description="seconds to wait for a new-order answer before looking it up, at most 3600",
    )
    tick_sizes: dict[str, Annotated[float, Field(gt=0, le=MAX_POINTS)]] = Field(
        default_factory=dict,
        description="root -> tick size (more than 0, at most 10^7); else asked from reference data",
    )
    pnl: bool = Field(default=True, description="follow positions on the PnL plant")


class RithmicBroker(LiveBroker[RithmicBrokerParams]):
    """Live or test-system orders over Rithmic R|Protocol (order and PnL plants)."""

    name = "rithmic"
    connection_kind = "rithmic"
    Params = RithmicBrokerParams

    def __init__(self, params: RithmicBrokerParams, connection: object = None) -> None:
        super().__init__(params, connection)
        self.params: RithmicBrokerParams = params
        self.client: RithmicClient | None = None
        self.account_id: str = ""
        self.fcm_id = ""
        self.ib_id = ""
        self.routes: dict[str, str] = {}
        self.positions: dict[str, int] = {}
        self.pnl: dict[str, dict[str, float]] = {}
        self.fills: list[Fill] = []
        self._by_cid: dict[str, Tracked] = {}
        self._by_basket: dict[str, Tracked] = {}  # only for notifications without a tag
        self._legs: dict[tuple[str, str], Tracked] = {}  # (entry's tag, leg's basket id)
        self._executions_named = ExecutionIds()
        self._brackets: dict[str, Bracket] = {}
        self._last_fill_ssboe = 0
        self._ticks: dict[str, float] = dict(params.tick_sizes)
        self._last: dict[str, float] = {}
        self._exchanges: dict[str, str] = {}
        self._reconcile_lock = asyncio.Lock()
        self._listed: set[str] | None = None  # client ids show orders named, while it runs

    # -- life cycle ---------------------------------------------------------------------

    async def connect(self) -> None:
        settings = settings_for(self.params, self.connection)
        plants = [Plant.ORDER, Plant.TICKER] + ([Plant.PNL] if self.params.pnl else [])
        self.client = RithmicClient(settings, plants)
        for plant in self.client.plants.values():
            plant.on_status.append(self._plant_status)
        order = self.client[Plant.ORDER]
        order.on_message(RithmicOrderNotification, self._on_order_notification)  # 351
        order.on_message(ExchangeOrderNotification, self._on_exchange_notification)  # 352
        order.on_reconnect.append(self.reconcile)
        await self.client.connect(discover=self.params.discover)
        info = await order.request(stamped(RequestLoginInfo()))
        self.fcm_id, self.ib_id = info.fcm_id, info.ib_id
        accounts = await order.request(
            stamped(
                RequestAccountList(
                    fcm_id=self.fcm_id,
                    ib_id=self.ib_id,
                    user_type=RequestAccountList.USER_TYPE_TRADER,
                )
            ),
            multi=True,
        )
        wanted = account_of(self.params, self.connection)
        ids: list[str] = [a.account_id for a in accounts]
        if wanted is None and ids:
            wanted = ids[0]
        if wanted is None or wanted not in ids:
            await self.client.close()
            raise RithmicError(f"account {wanted!r} not offered by the login (has: {ids})")
        self.account_id = wanted
        # fill ids are the venue's per account and system: a test system reuses production's
        self.fill_session = f"rithmic/{settings.system_name}/{wanted}"
        routes = await order.request(
            stamped(RequestTradeRoutes(subscribe_for_updates=True)), multi=True
        )
        for r in routes:
            if r.is_default or r.exchange not in self.routes:
                self.routes[r.exchange] = r.trade_route
        await order.subscribe("orders", stamped(RequestSubscribeForOrderUpdates(**self._acct())))
        if self.params.pnl:
            pnl = self.client[Plant.PNL]
            pnl.on_message(InstrumentPnLPositionUpdate, self._on_instrument_pnl)  # 450
            pnl.on_message(AccountPnLPositionUpdate, self._on_account_pnl)  # 451
            pnl.on_reconnect.append(self._pnl_snapshot)
            await pnl.subscribe(
                "pnl",
                stamped(
                    RequestPnLPositionUpdates(
                        request=RequestPnLPositionUpdates.SUBSCRIBE, **self._acct()
                    )
                ),
            )
            await self._pnl_snapshot()
        await self.reconcile()

    async def close(self) -> None:
        await self.cancel_tasks()
        if self.client is not None:
            await self.client.close()

    def _plant_status(self, plant: Plant, state: ConnectionState, reason: str) -> None:
        self.report(state, plant.label, reason)

    def _acct(self) -> _Account:
        return {"account_id": self.account_id, "fcm_id": self.fcm_id, "ib_id": self.ib_id}

    @property
    def _orders(self) -> PlantClient:
        if self.client is None:
            raise RithmicError("the rithmic broker is not connected; call connect() first")
        return self.client[Plant.ORDER]

    # -- orders -------------------------------------------------------------------------------

    def submit(self, order: Order) -> None:
        tracked = self._track(order)
        if tracked is not None:
            msg = self._new_order_msg(tracked, RequestNewOrder)
            self.spawn(self._place(tracked, msg, "RequestNewOrder"))

    def submit_bracket(self, bracket: Bracket) -> None:
        entry = self._track(bracket.entry)
        if entry is None:
            return
        self._brackets[entry.order.client_id] = bracket
        for child in (bracket.stop, bracket.target):
            if child is not None:
                self._by_cid.setdefault(child.client_id, Tracked(replace(child), entry.exchange))
        self.spawn(self._place_bracket(entry, bracket))

    def _track(self, order: Order) -> Tracked | None:
        if self.client is None:
            raise RithmicError("the rithmic broker is not connected; call connect() first")
        if order.client_id in self._by_cid:
            log.error("order %s was already sent; not sending it again", order.client_id)
            return None
        exchange = self._exchanges.get(order.symbol)
        if exchange is None:
            exchange = exchange_for(order.symbol, self.params.exchanges)
            self._exchanges[order.symbol] = exchange
        tracked = Tracked(replace(order), exchange)
        self._by_cid[order.client_id] = tracked
        return tracked

    def _new_order_msg(self, t: Tracked, kind: type[_Placing]) -> _Placing:
        o = t.order
        msg = stamped(
            kind(
                symbol=o.symbol,
                exchange=t.exchange,
                quantity=o.qty,
                transaction_type=kind.BUY if o.side is Side.BUY else kind.SELL,
                price_type=PRICE_TYPE[o.type],
                duration=DURATION[o.tif],
                user_tag=o.client_id,
                manual_or_auto=kind.AUTO,
                **self._acct(),
            )
        )
        route = self.routes.get(t.exchange)
        if route:
            msg.trade_route = route
        if o.limit_price is not None and o.type in (OrderType.LIMIT, OrderType.STOP_LIMIT):
            msg.price = o.limit_price
        if o.stop_price is not None and o.type in (OrderType.STOP, OrderType.STOP_LIMIT):
            msg.trigger_price = o.stop_price
        return msg

    async def _place_bracket(self, entry: Tracked, bracket: Bracket) -> None:
        o = entry.order
        try:
            tick = await self.tick_size(o.symbol)
        except RithmicError as exc:
            self.emit(entry.update(OrderStatus.REJECTED, time.time_ns(), str(exc)))
            return
        ref = o.limit_price if o.type is not OrderType.MARKET else self._last.get(o.symbol)
        if ref is None:
            ref = o.stop_price
        msg = self._new_order_msg(entry, RequestBracketOrder)
        kinds = 0
        if bracket.stop is not None:
            if ref is None or bracket.stop.stop_price is None:
                self.emit(
                    entry.update(
                        OrderStatus.REJECTED,
                        time.time_ns(),
                        "no reference price to express the stop in ticks",
                    )
                )
                return
            msg.stop_ticks = max(1, round(abs(ref - bracket.stop.stop_price) / tick))
            msg.stop_quantity = o.qty
            kinds |= 1
        if bracket.target is not None:
            if ref is None or bracket.target.limit_price is None:
                self.emit(
                    entry.update(
                        OrderStatus.REJECTED,
                        time.time_ns(),
                        "no reference price to express the target in ticks",
                    )
                )
                return
            msg.target_ticks = max(1, round(abs(bracket.target.limit_price - ref) / tick))
            msg.target_quantity = o.qty
            kinds |= 2
        msg.bracket_type = {
            1: RequestBracketOrder.STOP_ONLY,
            2: RequestBracketOrder.TARGET_ONLY,
        }.get(kinds, RequestBracketOrder.TARGET_AND_STOP)
        await self._place(entry, msg, "RequestBracketOrder")

    async def _place(self, t: Tracked, msg: Request, what: str, retried: bool = False) -> None:
        t.placing = True
        try:
            parts = await self._orders.request(msg, multi=True, timeout=self.params.order_timeout)
        except RithmicRequestError as exc:
            t.placing = False
            self.emit(t.update(OrderStatus.REJECTED, time.time_ns(), str(exc)))
            return
        except (RithmicTimeout, ConnectionLost) as exc:
            log.warning(
                "%s %s unanswered (%s); looking it up by user_tag", what, t.order.client_id, exc
            )
            t.placing = False
            await self._locate(t, msg, what, retried)
            return
        t.placing = False
        for part in parts:
            if part.basket_id:
                self._bind(t, part.basket_id)
                break
        if t.cancel_wanted and t.basket_id:
            await self._send_cancel(t)

    async def _locate(self, t: Tracked, msg: Request, what: str, retried: bool) -> None:
        """After an unanswered new order: find it by user_tag; send again only if absent."""
        for _ in range(30):
            try:
                await asyncio.wait_for(self._orders.connected.wait(), 10)
                await self.reconcile()
                break
            except (RithmicError, TimeoutError) as exc:
                log.warning("looking up %s failed (%s); retrying", t.order.client_id, exc)
                await asyncio.sleep(0.5)
        else:
            self.emit(
                t.update(
                    OrderStatus.REJECTED,
                    time.time_ns(),
                    "order state unknown: the server could not be asked",
                )
            )
            return
        if t.basket_id or t.status is not OrderStatus.PENDING_NEW:
            log.info("%s found on the server as %s", t.order.client_id, t.basket_id)
            return
        if retried:
            self.emit(
                t.update(
                    OrderStatus.REJECTED,
                    time.time_ns(),
                    "not confirmed by the server after one verified re-send",
                )
            )
            return
        log.info("%s is not on the server; sending it once more", t.order.client_id)
        await self._place(t, msg, what, retried=True)

    def cancel(self, client_id: str) -> None:
        t = self._by_cid.get(client_id)
        if t is None or t.status.is_done:
            return
        if not t.basket_id:
            t.cancel_wanted = True  # sent as soon as the server names the order
            return
        self.spawn(self._send_cancel(t))

    async def _send_cancel(self, t: Tracked) -> None:
        msg = stamped(
            RequestCancelOrder(
                basket_id=t.basket_id, manual_or_auto=RequestCancelOrder.AUTO, **self._acct()
            )
        )
        await self._until_done(t, msg, "cancel")

    def _ended_by_sibling(self, t: Tracked) -> bool:
        """The order is over, or a member of its OCO group filled (the server then ends
        the rest of the group itself, and a cancel of them crosses that on the wire)."""
        oco = t.order.oco_group
        return t.status.is_done or (
            oco is not None
            and any(
                o is not t and o.order.oco_group == oco and o.filled > 0
                for o in self._by_cid.values()
            )
        )

    async def _until_done(self, t: Tracked, msg: Request, what: str) -> None:
        """Send a cancel or modify; if the link fails first, reconcile and send it again while
        the order still works (both are harmless to repeat, unlike a new order)."""
        for attempt in range(5):
            try:
                await self._orders.request(msg, multi=True)
                return
            except RithmicRequestError as exc:
                if what == "cancel" and self._ended_by_sibling(t):
                    # the server cancelled it with the bracket when its other leg filled:
                    # the refusal is the expected answer, not a warning
                    log.info(
                        "cancel of %s: already ended at the server (%s)", t.order.client_id, exc
                    )
                    return
                log.warning("%s of %s refused: %s", what, t.order.client_id, exc)
                if what == "modify":
                    self.emit(t.update(t.status, time.time_ns(), f"modify refused: {exc}"))
                return
            except (RithmicTimeout, ConnectionLost) as exc:
                log.warning(
                    "%s of %s unanswered (%s), attempt %d",
                    what,
                    t.order.client_id,
                    exc,
                    attempt + 1,
                )
            try:
                await asyncio.wait_for(self._orders.connected.wait(), 30)
                await self.reconcile()
            except (RithmicError, TimeoutError) as exc:
                log.warning("reconcile before repeating %s failed: %s", what, exc)
            if t.status.is_done:
                return
        self.emit(t.update(t.status, time.time_ns(), f"{what} not confirmed by the server"))

    def modify(
        self,
        client_id: str,
        *,
        qty: int | None = None,
        limit_price: float | None = None,
        stop_price: float | None = None,
    ) -> None:
        t = self._by_cid.get(client_id)
        if t is None or t.status.is_done or not t.basket_id:
            log.warning("cannot modify %s: not a working order", client_id)
            return
        o = t.order
        msg = stamped(
            RequestModifyOrder(
                basket_id=t.basket_id,
                symbol=o.symbol,
                exchange=t.exchange,
                price_type=PRICE_TYPE[o.type],
                quantity=qty if qty is not None else o.qty,
                manual_or_auto=RequestModifyOrder.AUTO,
                **self._acct(),
            )
        )
        price = limit_price if limit_price is not None else o.limit_price
        trigger = stop_price if stop_price is not None else o.stop_price
        if price is not None and o.type in (OrderType.LIMIT, OrderType.STOP_LIMIT):
            msg.price = price
        if trigger is not None and o.type in (OrderType.STOP, OrderType.STOP_LIMIT):
            msg.trigger_price = trigger
        self.spawn(self._send_modify(t, msg))

    async def _send_modify(self, t: Tracked, msg: RequestModifyOrder) -> None:
        await self._until_done(t, msg, "modify")

    def on_market(self, event: MarketEvent) -> None:
        if isinstance(event, Trade):
            self._last[event.symbol] = event.price
        elif isinstance(event, Bar):
            self._last[event.symbol] = event.close
        elif isinstance(event, Quote):
            self._last[event.symbol] = (event.bid + event.ask) / 2

    async def tick_size(self, symbol: str) -> float:
        root = root_of(symbol)
        tick = self._ticks.get(symbol) or self._ticks.get(root)
        if tick:
            return tick
        if self.client is None or Plant.TICKER not in self.client.plants:
            raise RithmicError(f"no tick size for {symbol}; give tick_sizes")
        ref = await self.client[Plant.TICKER].request(
            stamped(
                RequestReferenceData(
                    symbol=symbol, exchange=exchange_for(symbol, self.params.exchanges)
                )
            )
        )
        tick = ref.min_qprice_change or ref.min_fprice_change
        if not tick:
            raise RithmicError(f"reference data of {symbol} has no tick size")
        self._ticks[symbol] = tick
        return tick

    # -- reconciliation ---------------------------------------------------------------------

    async def reconcile(self) -> None:
        """Fills first (replayed executions), then every order's state (show orders)."""
        async with self._reconcile_lock:
            order = self._orders
            await order.request(
                stamped(
                    RequestReplayExecutions(
                        # from shortly before the last fill we saw: fills are deduplicated anyway
                        start_index=max(0, self._last_fill_ssboe - 300),
                        finish_index=2**31 - 1,
                        **self._acct(),
                    )
                )
            )
            self._listed = set()
            try:
                await order.request(stamped(RequestShowOrders(**self._acct())))
                self._unlisted(self._listed)
            finally:
                self._listed = None

    def _unlisted(self, listed: set[str]) -> None:
        """Show orders names every order the server knows; one of ours it does not name is
        not working there (a gateway restart forgot it, a cancel it never confirmed): it is
        closed here, filled if its fills are all in, else cancelled. Left open, the core would
        hold it working forever and a cancel of it would be refused as "not working"."""
        now = time.time_ns()
        for cid, t in list(self._by_cid.items()):
            if cid in listed or not t.basket_id or t.placing or t.status.is_done:
                continue
            done = OrderStatus.FILLED if t.filled >= t.order.qty else OrderStatus.CANCELLED
            self.emit(t.update(done, now, "not working at the server (absent from show orders)"))

    async def _pnl_snapshot(self) -> None:
        if self.client is not None and Plant.PNL in self.client.plants:
            await self.client[Plant.PNL].request(
                stamped(RequestPnLPositionSnapshot(**self._acct()))
            )

    async def snapshot(self) -> BrokerSnapshot:
        await self.reconcile()
        await self._pnl_snapshot()
        now = time.time_ns()
        open_orders = [
            t.update(t.status, now)
            for t in self._by_cid.values()
            if t.basket_id and not t.status.is_done
        ]
        return BrokerSnapshot(
            open_orders=open_orders, fills=list(self.fills), positions=dict(self.positions)
        )

    # -- notifications ------------------------------------------------------------------------

    def _bind(self, t: Tracked, basket_id: str) -> None:
        t.basket_id = basket_id
        self._by_basket[basket_id] = t  # the newest order under a basket id owns it
        if t.cancel_wanted and not t.placing:
            self.spawn(self._send_cancel(t))

    def _resolve(self, msg: Notification) -> Tracked | None:
        """Our order a notification is about: by its ``user_tag`` (our client id, which the
        venue keeps through its own restarts) first, by ``basket_id`` only when the tag is
        absent. A restarted gateway numbers its orders from the start again, so a basket id
        alone may name an order of an earlier server session."""
        tag, basket = msg.user_tag, msg.basket_id
        if tag:
            owner = self._by_cid.get(tag)
            if msg.original_basket_id:  # a bracket leg carries its entry's tag
                return self._leg(owner, msg)
            if owner is None:
                return self._adopt(msg)
            if basket and owner.basket_id != basket:
                if owner.basket_id:
                    log.warning("%s moved from basket %s to %s", tag, owner.basket_id, basket)
                self._bind(owner, basket)
            return owner
        if not basket:
            return None
        t = self._by_basket.get(basket)
        if t is not None and t.status.is_done and _working(msg):
            t = None  # a finished order never works again: a new order reuses its basket id
        return t if t is not None else self._adopt(msg)

    def _leg(self, entry: Tracked | None, msg: Notification) -> Tracked:
        """The stop or target the venue placed for a bracket entry, told apart by kind."""
        key = (msg.user_tag, msg.basket_id)
        t = self._legs.get(key)
        if t is not None:
            return t
        stop = msg.price_type in (3, 4)
        bracket = self._brackets.get(entry.order.client_id) if entry is not None else None
        child = None
        if bracket is not None:
            child = bracket.stop if stop else bracket.target
        if entry is not None and child is not None:
            t = self._by_cid.get(child.client_id) or Tracked(replace(child), entry.exchange)
            self._by_cid[child.client_id] = t
            self._bind(t, msg.basket_id)
        else:
            t = self._adopt(msg, f"{msg.user_tag}:{'stop' if stop else 'target'}")
        self._legs[key] = t
        return t

    def _adopt(self, msg: Notification, cid: str = "") -> Tracked:
        """An order this process did not send (an earlier run, a bracket leg, a manual order)."""
        cid = cid or msg.user_tag or f"rithmic:{msg.basket_id}"
        base, n = cid, 1
        while cid in self._by_cid:  # a basket id reused by a restarted gateway
            n += 1
            cid = f"{base}#{n}"
        order = Order(
            client_id=cid,
            bot="",
            symbol=msg.symbol,
            side=Side.BUY if msg.transaction_type == 1 else Side.SELL,
            qty=msg.quantity,
            type=ORDER_TYPE.get(msg.price_type, OrderType.MARKET),
            limit_price=msg.price if msg.HasField("price") else None,
            stop_price=msg.trigger_price if msg.HasField("trigger_price") else None,
        )
        t = Tracked(order, msg.exchange)
        self._by_cid[cid] = t
        self._bind(t, msg.basket_id)
        return t

    def _on_order_notification(self, tid: int, msg: RithmicOrderNotification) -> None:
        t = self._resolve(msg)
        if t is None:
            return
        if self._listed is not None and msg.is_snapshot:
            self._listed.add(t.order.client_id)
        if msg.HasField("quantity") and msg.quantity and msg.quantity != t.order.qty:
            t.order.qty = msg.quantity
        if msg.HasField("price") and t.order.type in (OrderType.LIMIT, OrderType.STOP_LIMIT):
            t.order.limit_price = msg.price
        if msg.HasField("trigger_price") and t.order.type in (OrderType.STOP, OrderType.STOP_LIMIT):
            t.order.stop_price = msg.trigger_price
        status = status_of(msg, t)
        if status is None or t.status.is_done:
            return
        if status is t.status and msg.notify_type != 14:
            return
        self.emit(t.update(status, msg_ts(msg), msg.text or msg.completion_reason))

    def _on_exchange_notification(self, tid: int, msg: ExchangeOrderNotification) -> None:
        t = self._resolve(msg)
        if t is None:
            return
        nt = msg.notify_type
        if nt == 5:
            self._on_fill(t, msg)
        elif nt == 6 and not t.status.is_done:
            self.emit(t.update(OrderStatus.REJECTED, msg_ts(msg), msg.text or msg.report_text))
        elif nt == 3 and not t.status.is_done:
            self.emit(t.update(OrderStatus.CANCELLED, msg_ts(msg), msg.text))

    def _on_fill(self, t: Tracked, msg: ExchangeOrderNotification) -> None:
        # basket and fill ids restart with the gateway: our client id and the execution's
        # own facts keep them apart
        key = self._executions_named.name(t.order.client_id, msg)
        if key is None or not self.first_execution(f"{t.order.client_id}/{key}"):
            return
        if msg.ssboe > self._last_fill_ssboe:
            self._last_fill_ssboe = msg.ssboe
        qty, price = msg.fill_size, msg.fill_price
        t.avg_price = (t.avg_price * t.filled + price * qty) / (t.filled + qty)
        t.filled += qty
        o = t.order
        fill = Fill(o.client_id, key, o.symbol, o.side, qty, price, msg_ts(msg), bot=o.bot)
        self.fills.append(fill)
        self.emit(fill)
        done = t.filled >= o.qty
        status = OrderStatus.FILLED if done else OrderStatus.PARTIALLY_FILLED
        if not t.status.is_done:
            self.emit(t.update(status, msg_ts(msg)))

    def _on_instrument_pnl(self, tid: int, msg: InstrumentPnLPositionUpdate) -> None:
        self.positions[msg.symbol] = msg.net_quantity
        self.pnl[msg.symbol] = {
            "open": float(msg.open_position_pnl or 0),
            "closed": float(msg.closed_position_pnl or 0),
            "day": msg.day_pnl,
            "avg_price": msg.avg_open_fill_price,
        }

    def _on_account_pnl(self, tid: int, msg: AccountPnLPositionUpdate) -> None:
        self.pnl["__account__"] = {
            "closed": float(msg.closed_position_pnl or 0),
            "balance": float(msg.account_balance or 0),
        }


def _working(msg: Notification) -> bool:
    """The notification says its order is live (not finished, not a fill or a report)."""
    if isinstance(msg, ExchangeOrderNotification):
        return msg.notify_type in (1, 2) and msg.status != "complete"
    return msg.notify_type in (1, 4, 13, 14) or msg.status.startswith("open")
