"""Server-to-client messages of the TWS API at server version 178, and placeOrder parsing.

Layouts follow what ib_async 2.1.0 decodes: some messages are unpacked to an exact field
count and are silently dropped if one field is missing or extra, so each builder returns
exactly the documented number of fields.
"""

from __future__ import annotations

import time

from runner.api import NS, Bar
from runner_plugins.ib.catalog import Listing
from runner_sims.ib.records import Account, Execution, PlacedOrder, ServerOrder
from runner_sims.ib.wire import UNSET_DOUBLE_TEXT, Field, as_float, as_int, ib_time

# Server -> client message ids.
TICK_PRICE, TICK_SIZE, ORDER_STATUS, ERR_MSG, OPEN_ORDER = 1, 2, 3, 4, 5
ACCT_VALUE, PORTFOLIO_VALUE, ACCT_UPDATE_TIME, NEXT_VALID_ID = 6, 7, 8, 9
CONTRACT_DATA, EXECUTION_DATA, MANAGED_ACCTS, HISTORICAL_DATA = 10, 11, 15, 17
CURRENT_TIME, CONTRACT_DATA_END, OPEN_ORDER_END, ACCT_DOWNLOAD_END = 49, 52, 53, 54
REAL_TIME_BARS = 50
EXECUTION_DATA_END, TICK_SNAPSHOT_END, MARKET_DATA_TYPE, COMMISSION_REPORT = 55, 57, 58, 59
POSITION_DATA, POSITION_END, ACCOUNT_SUMMARY, ACCOUNT_SUMMARY_END = 61, 62, 63, 64
ACCOUNT_UPDATE_MULTI, ACCOUNT_UPDATE_MULTI_END, HISTORICAL_DATA_UPDATE = 73, 74, 90
TICK_BY_TICK, COMPLETED_ORDERS_END = 99, 102

# Tick types of reqMktData.
BID_SIZE, BID, ASK, ASK_SIZE, LAST, LAST_SIZE, VOLUME = 0, 1, 2, 3, 4, 5, 8


def error(req_id: int, code: int, text: str) -> list[Field]:
    return [ERR_MSG, 2, req_id, code, text, ""]


def contract11(listing: Listing, exchange: str | None = None) -> list[Field]:
    """The 11-field contract block (exchange variant) of orders, executions, positions."""
    p = listing.product
    return [
        listing.con_id,
        p.ib_symbol,
        p.sec_type,
        listing.contract_month if listing.is_future else "",
        "",
        "",
        p.multiplier,
        exchange or p.exchange,
        p.currency,
        listing.local_symbol,
        p.root if listing.is_future else p.ib_symbol,
    ]


def contract_data(req_id: int, listing: Listing) -> list[Field]:
    p = listing.product
    ltd = listing.last_trade_date
    last_times = ltd.strftime("%Y%m%d") if ltd else ""
    fields: list[Field] = [
        CONTRACT_DATA,
        req_id,
        p.ib_symbol,
        p.sec_type,
        last_times,
        "0",
        "",
        p.exchange,
        p.currency,
        listing.local_symbol,
        p.root if listing.is_future else "NMS",
        p.root if listing.is_future else p.ib_symbol,
        listing.con_id,
        p.min_tick,
        p.multiplier,
        "ACTIVETIM,ADJUST,ALERT,ALLOC,DAY,GTC,LMT,MKT,OCA,STP,STPLMT,TRAIL",
        p.exchange if listing.is_future else "SMART,ARCA,NYSE,NASDAQ",
        1,
        "",
        p.long_name,
        p.primary_exchange,
        listing.contract_month,
        "",
        "",
        "",
        p.time_zone,
        "",
        "",
        "",
        "",
        0,  # no secIds
        "",
        p.ib_symbol if listing.is_future else "",
        "IND" if listing.is_future else "",
        "",
        last_times,
        "ETF" if not listing.is_future else "",
        1,
        1,
        1,
    ]
    return fields


def tick_price(req_id: int, tick_type: int, price: float, size: float) -> list[Field]:
    return [TICK_PRICE, 6, req_id, tick_type, price, size, 0]


def tick_size(req_id: int, tick_type: int, size: float) -> list[Field]:
    return [TICK_SIZE, 6, req_id, tick_type, size]


def tick_by_tick_last(req_id: int, kind: int, ts: int, price: float, size: float) -> list[Field]:
    return [TICK_BY_TICK, req_id, kind, ts // NS, price, size, 0, "", ""]


def tick_by_tick_bid_ask(
    req_id: int, ts: int, bid: float, ask: float, bid_size: float, ask_size: float
) -> list[Field]:
    return [TICK_BY_TICK, req_id, 3, ts // NS, bid, ask, bid_size, ask_size, 0]


def bar_date(ts: int, daily: bool, epoch: bool = True) -> str:
    """Daily bars are dated ``YYYYMMDD``; intraday bars epoch seconds (formatDate=2) or
    ``YYYYMMDD HH:MM:SS UTC`` (formatDate=1), both of which ib_async reads as UTC."""
    if daily:
        return ib_time(ts)[:8]
    return str(ts // NS) if epoch else ib_time(ts)


def historical_data(
    req_id: int, bars: list[Bar], start: int, end: int, daily: bool, epoch: bool = True
) -> list[Field]:
    fields: list[Field] = [HISTORICAL_DATA, req_id, ib_time(start), ib_time(end), len(bars)]
    for b in bars:
        wap = (b.high + b.low + b.close) / 3.0
        fields += [bar_date(b.ts, daily, epoch), b.open, b.high, b.low, b.close, b.volume, wap, 1]
    return fields


def realtime_bar(req_id: int, bar: Bar) -> list[Field]:
    wap = (bar.high + bar.low + bar.close) / 3.0
    return [
        REAL_TIME_BARS,
        3,
        req_id,
        bar.ts // NS,
        bar.open,
        bar.high,
        bar.low,
        bar.close,
        bar.volume,
        wap,
        1,
    ]


def historical_update(req_id: int, bar: Bar, daily: bool, epoch: bool = True) -> list[Field]:
    wap = (bar.high + bar.low + bar.close) / 3.0
    return [
        HISTORICAL_DATA_UPDATE,
        req_id,
        1,
        bar_date(bar.ts, daily, epoch),
        bar.open,
        bar.close,
        bar.high,
        bar.low,
        wap,
        bar.volume,
    ]


def order_status(o: ServerOrder) -> list[Field]:
    return [
        ORDER_STATUS,
        o.order_id,
        o.status,
        o.filled,
        o.remaining,
        o.avg_price,
        o.perm_id,
        o.placed.parent_id,
        o.last_fill_price,
        o.client_id,
        o.why_held,
        "",
    ]


def open_order(o: ServerOrder) -> list[Field]:
    """OPEN_ORDER in its plain 127-field form (no combo legs, algo, scale or conditions)."""
    p = o.placed
    f: list[Field] = [""] * 127
    f[0] = OPEN_ORDER
    f[1] = o.order_id
    f[2:13] = contract11(o.listing)
    f[13] = p.action
    f[14] = p.qty
    f[15] = p.order_type
    f[16] = p.lmt_price
    f[17] = p.aux_price
    f[18] = p.tif
    f[19] = p.oca_group
    f[20] = p.account
    f[21] = ""
    f[22] = 0
    f[23] = p.order_ref
    f[24] = o.client_id
    f[25] = o.perm_id
    f[26] = 0
    f[27] = 0
    f[53] = p.oca_type
    f[57] = p.parent_id
    f[70] = 0
    f[71] = 0
    f[72] = 0
    f[81] = 0
    f[84] = 0
    f[85] = o.status
    f[102] = 0
    return f


def execution(req_id: int, ex: Execution, account: str) -> list[Field]:
    o = ex.order
    return [
        EXECUTION_DATA,
        req_id,
        o.order_id,
        *contract11(ex.order.listing),
        ex.exec_id,
        ib_time(ex.ts),
        account,
        o.listing.product.exchange if o.listing.is_future else o.listing.product.primary_exchange,
        "BOT" if o.placed.action == "BUY" else "SLD",
        ex.shares,
        ex.price,
        o.perm_id,
        o.client_id,
        0,
        ex.cum_qty,
        ex.avg_price,
        o.placed.order_ref,
        "",
        "",
        "",
        1,
        0,
    ]


def commission_report(ex: Execution, currency: str) -> list[Field]:
    pnl = UNSET_DOUBLE_TEXT if ex.realized_pnl is None else ex.realized_pnl
    return [COMMISSION_REPORT, 1, ex.exec_id, ex.commission, currency, pnl, UNSET_DOUBLE_TEXT, ""]


def position(account: str, listing: Listing, qty: float, avg_cost: float) -> list[Field]:
    return [POSITION_DATA, 3, account, *contract11(listing), qty, avg_cost]


def portfolio(
    account: str,
    listing: Listing,
    qty: float,
    price: float,
    avg_cost: float,
    unrealized: float,
    realized: float,
) -> list[Field]:
    mult = float(listing.product.multiplier or 1)
    block = contract11(
        listing, exchange=listing.product.primary_exchange or listing.product.exchange
    )
    return [
        PORTFOLIO_VALUE,
        8,
        *block,
        qty,
        price,
        qty * price * mult,
        avg_cost,
        unrealized,
        realized,
        account,
    ]


def parse_place_order(f: list[str]) -> PlacedOrder:
    """The fields of a plain (non-combo) placeOrder at v178 that a futures server needs."""
    if len(f) < 54:
        raise ValueError(f"placeOrder has {len(f)} fields, expected at least 54")
    return PlacedOrder(
        order_id=as_int(f[1]),
        action=f[16].upper(),
        qty=float(f[17] or 0),
        order_type=f[18].upper(),
        lmt_price=as_float(f[19]),
        aux_price=as_float(f[20]),
        tif=f[21] or "DAY",
        oca_group=f[22],
        account=f[23],
        order_ref=f[26],
        transmit=f[27] != "0",
        parent_id=as_int(f[28]),
        oca_type=as_int(f[46]),
    )


def parse_contract(f: list[str], at: int) -> dict[str, str]:
    """The 12-field contract block of a client request starting at index ``at``."""
    names = (
        "conId",
        "symbol",
        "secType",
        "lastTradeDateOrContractMonth",
        "strike",
        "right",
        "multiplier",
        "exchange",
        "primaryExchange",
        "currency",
        "localSymbol",
        "tradingClass",
    )
    return dict(zip(names, f[at : at + 12], strict=False))


def account_update(a: Account) -> list[list[Field]]:
    """What reqAccountUpdates sends: the account's values, its portfolio, the time."""
    out: list[list[Field]] = [
        [ACCT_VALUE, 2, key, value, currency, a.name] for key, value, currency in a.values()
    ]
    for pos in a.positions.values():
        out.append(
            portfolio(
                a.name,
                pos.listing,
                pos.qty,
                pos.last_price,
                pos.avg_price * pos.multiplier,
                pos.unrealized,
                pos.realized,
            )
        )
    out.append([ACCT_UPDATE_TIME, 1, time.strftime("%H:%M", time.gmtime())])
    return out
