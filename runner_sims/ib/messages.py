"""Server-to-client messages of the TWS API but orders (``order_messages``), per version.

Layouts follow what the client libraries decode: some messages are unpacked to an exact
field count and are silently dropped if one field is missing or extra, so each builder
returns exactly the fields of the session's version (the first argument where the layout
depends on it).
"""

from __future__ import annotations

import time

from runner.api import NS, Bar
from runner_plugins.ib.catalog import Listing
from runner_sims.ib import versions as V
from runner_sims.ib.records import Account
from runner_sims.ib.wire import Field, ib_time
from runner_sims.trades import Print

# Server -> client message ids.
TICK_PRICE, TICK_SIZE, ORDER_STATUS, ERR_MSG, OPEN_ORDER = 1, 2, 3, 4, 5
ACCT_VALUE, PORTFOLIO_VALUE, ACCT_UPDATE_TIME, NEXT_VALID_ID = 6, 7, 8, 9
CONTRACT_DATA, EXECUTION_DATA, MANAGED_ACCTS, HISTORICAL_DATA = 10, 11, 15, 17
CURRENT_TIME, CONTRACT_DATA_END, OPEN_ORDER_END, ACCT_DOWNLOAD_END = 49, 52, 53, 54
REAL_TIME_BARS = 50
EXECUTION_DATA_END, TICK_SNAPSHOT_END, MARKET_DATA_TYPE, COMMISSION_REPORT = 55, 57, 58, 59
POSITION_DATA, POSITION_END, ACCOUNT_SUMMARY, ACCOUNT_SUMMARY_END = 61, 62, 63, 64
ACCOUNT_UPDATE_MULTI, ACCOUNT_UPDATE_MULTI_END, HISTORICAL_DATA_UPDATE = 73, 74, 90
TICK_BY_TICK, COMPLETED_ORDER, COMPLETED_ORDERS_END = 99, 101, 102
HISTORICAL_TICKS_LAST = 98

# Tick types of reqMktData.
BID_SIZE, BID, ASK, ASK_SIZE, LAST, LAST_SIZE, VOLUME = 0, 1, 2, 3, 4, 5, 8


def error(v: int, req_id: int, code: int, text: str) -> list[Field]:
    fields: list[Field] = [ERR_MSG, 2, req_id, code, text]
    if v >= V.ADVANCED_ORDER_REJECT:
        fields.append("")  # advancedOrderRejectJson
    return fields


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


_ORDER_TYPES = "ACTIVETIM,ADJUST,ALERT,ALLOC,DAY,GTC,LMT,MKT,OCA,STP,STPLMT,TRAIL"


def contract_data(v: int, req_id: int, listing: Listing) -> list[Field]:
    """Contract details of a future month, an ETF or an index (no order types: read only)."""
    p = listing.product
    ltd = listing.last_trade_date
    last_times = ltd.strftime("%Y%m%d") if ltd else ""
    if listing.is_future:
        market_name, valid_exchanges, stock_type = p.root, p.exchange, ""
    elif p.is_index:
        market_name, valid_exchanges, stock_type = p.ib_symbol, p.exchange, ""
    else:
        market_name, valid_exchanges, stock_type = "NMS", "SMART,ARCA,NYSE,NASDAQ", "ETF"
    order_types = "" if p.is_index else _ORDER_TYPES
    fields: list[Field] = [
        CONTRACT_DATA,
        *([8] if v < V.SIZE_RULES else []),  # the message's own version, dropped at 164
        req_id,
        p.ib_symbol,
        p.sec_type,
        last_times,
        "0",
        "",
        p.exchange,
        p.currency,
        listing.local_symbol,
        market_name,
        p.root if listing.is_future else p.ib_symbol,
        listing.con_id,
        p.min_tick,
        *([1] if v < V.SIZE_RULES else []),  # mdSizeMultiplier, dropped at 164
        p.multiplier,
        order_types,
        valid_exchanges,
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
        stock_type,
    ]
    if v == V.SUGGESTED_SIZE_INCREMENT:
        fields.append(1)
    elif v >= V.SIZE_RULES:
        fields += [1, 1, 1]  # minSize, sizeIncrement, suggestedSizeIncrement
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


def historical_ticks_last(
    req_id: int, trades: list[Print], exchange: str, done: bool = True
) -> list[Field]:
    """reqHistoricalTicks' TRADES answer: time (epoch seconds), attribute mask, price, size,
    exchange and special conditions of each trade, then whether the request is complete.
    The layout is the same in every version served (sizes are written as whole numbers,
    which the decimal sizes of version 163 on read the same)."""
    fields: list[Field] = [HISTORICAL_TICKS_LAST, req_id, len(trades)]
    for t in trades:
        fields += [t.ts // NS, 0, t.price, t.size, exchange, ""]
    fields.append(done)
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
