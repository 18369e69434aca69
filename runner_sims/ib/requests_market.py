"""Requests about contracts and prices: contract details, market data, tick-by-tick,
5-second bars, historical bars and historical trades, and the ticks each subscription gets as the market moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner.api import NS
from runner_plugins.ib.catalog import Listing
from runner_sims.ib import messages as msg
from runner_sims.ib.market import Book
from runner_sims.ib.pacing_fault import refused
from runner_sims.ib.session import HistSub, Session
from runner_sims.ib.wire import as_int, parse_ib_time

if TYPE_CHECKING:
    from runner_sims.ib.server import TwsServer

NO_DEFINITION = "No security definition has been found for the request"

_BAR_UNITS = {
    "sec": 1,
    "secs": 1,
    "min": 60,
    "mins": 60,
    "hour": 3600,
    "hours": 3600,
    "day": 86400,
    "days": 86400,
    "week": 604800,
    "weeks": 604800,
}
_DURATION_UNITS = {"S": 1, "D": 86400, "W": 604800, "M": 2_592_000, "Y": 31_536_000}


def parse_bar_size(text: str) -> int:
    """``"1 min"`` -> 60 s in ns; ``"5 mins"``, ``"1 hour"``, ``"1 day"``."""
    count, _, unit = text.strip().partition(" ")
    return int(count) * _BAR_UNITS[unit.strip().lower()] * NS


def parse_duration(text: str) -> int:
    """``"2 D"`` -> two days in ns (IB's duration strings: S, D, W, M, Y)."""
    count, _, unit = text.strip().partition(" ")
    return int(count) * _DURATION_UNITS[unit.strip().upper()] * NS


def one(srv: TwsServer, s: Session, req_id: int, c: dict[str, str]) -> Listing | None:
    """The one listing a request names, or error 200 to the client and None."""
    found = srv.directory.resolve(c)
    if len(found) != 1:
        text = NO_DEFINITION if not found else "The contract description specified is ambiguous"
        s.error(req_id, 200, text)
        return None
    return found[0]


def contract_details(srv: TwsServer, s: Session, f: list[str]) -> None:
    req_id = as_int(f[2])
    found = srv.directory.resolve(msg.parse_contract(f, 3))
    if not found:
        s.error(req_id, 200, NO_DEFINITION)
        return
    for listing in found:
        s.send(msg.contract_data(s.version, req_id, listing))
    s.send([msg.CONTRACT_DATA_END, 1, req_id])


def market_data(srv: TwsServer, s: Session, f: list[str]) -> None:
    req_id = as_int(f[2])
    listing = one(srv, s, req_id, msg.parse_contract(f, 3))
    if listing is None:
        return
    snapshot = f[17] == "1" if len(f) > 17 else False
    root = listing.product.root
    s.send([msg.MARKET_DATA_TYPE, 1, req_id, 1])
    book = srv.market.book(root)
    if book.bid is not None and book.ask is not None:
        s.send(msg.tick_price(req_id, msg.BID, book.bid, book.bid_size))
        s.send(msg.tick_price(req_id, msg.ASK, book.ask, book.ask_size))
    if book.last is not None:
        s.send(msg.tick_price(req_id, msg.LAST, book.last, book.last_size))
    if snapshot:
        s.send([msg.TICK_SNAPSHOT_END, 1, req_id])
    else:
        s.market[req_id] = root


def cancel_market_data(srv: TwsServer, s: Session, f: list[str]) -> None:
    s.market.pop(as_int(f[2]), None)


def tick_by_tick(srv: TwsServer, s: Session, f: list[str]) -> None:
    req_id = as_int(f[1])
    listing = one(srv, s, req_id, msg.parse_contract(f, 2))
    if listing is not None:
        s.tick_by_tick[req_id] = (listing.product.root, f[14])


def cancel_tick_by_tick(srv: TwsServer, s: Session, f: list[str]) -> None:
    s.tick_by_tick.pop(as_int(f[1]), None)


def realtime_bars(srv: TwsServer, s: Session, f: list[str]) -> None:
    req_id = as_int(f[2])
    listing = one(srv, s, req_id, msg.parse_contract(f, 3))
    if listing is not None:
        s.realtime[req_id] = listing.product.root


def cancel_realtime_bars(srv: TwsServer, s: Session, f: list[str]) -> None:
    s.realtime.pop(as_int(f[2]), None)


def historical(srv: TwsServer, s: Session, f: list[str]) -> None:
    req_id = as_int(f[1])
    listing = one(srv, s, req_id, msg.parse_contract(f, 2))
    if listing is None or refused(srv, s, req_id, listing.symbol, f):  # pacing fault
        return
    end = parse_ib_time(f[15]) or srv.market.now()
    bar_ns = parse_bar_size(f[16])
    duration = parse_duration(f[17])
    daily = bar_ns >= 86400 * NS
    epoch = f[20] == "2"
    root = listing.product.root
    bars = srv.market.history(root, end, duration, bar_ns, listing.symbol)
    s.send(msg.historical_data(req_id, bars, end - duration, end, daily, epoch))
    if len(f) > 21 and f[21] == "1":
        s.history[req_id] = HistSub(root, bar_ns, daily, epoch)


MAX_TICKS = 1000
"""The most trades one reqHistoricalTicks answers (plus the rest of the last second)."""
HISTORICAL_ERROR = 162
HISTORICAL_TEXT = "Historical Market Data Service error message:"


def historical_ticks(srv: TwsServer, s: Session, f: list[str]) -> None:
    """reqHistoricalTicks (96): trades only; exactly one of start and end is given."""
    req_id = as_int(f[1])
    listing = one(srv, s, req_id, msg.parse_contract(f, 2))
    if listing is None:
        return
    start, end = parse_ib_time(f[15]), parse_ib_time(f[16])
    count, what = as_int(f[17]), f[18]
    problem = ""
    if what != "TRADES":
        problem = f"whatToShow {what} is not served here (TRADES only)"
    elif (start is None) == (end is None):
        problem = "give exactly one of start and end time"
    elif not 0 < count <= MAX_TICKS:
        problem = f"numberOfTicks must be 1..{MAX_TICKS}"
    if problem:
        s.error(req_id, HISTORICAL_ERROR, f"{HISTORICAL_TEXT}{problem}")
        return
    if refused(srv, s, req_id, listing.symbol, f, ticks=True):  # pacing fault
        return
    root = listing.product.root
    if start is not None:
        trades = srv.market.trades_from(root, listing.symbol, start, count)
    else:
        assert end is not None
        trades = srv.market.trades_before(root, listing.symbol, end, count)
    s.send(msg.historical_ticks_last(req_id, trades, listing.product.exchange))


def cancel_historical(srv: TwsServer, s: Session, f: list[str]) -> None:
    s.history.pop(as_int(f[2]), None)


def send_trade(srv: TwsServer, s: Session, root: str, price: float, size: float, ts: int) -> None:
    """A trade to every subscription of ``s`` on ``root``."""
    for req_id, r in s.market.items():
        if r == root:
            s.send(msg.tick_price(req_id, msg.LAST, price, size))
            s.send(msg.tick_size(req_id, msg.VOLUME, srv.market.book(root).volume))
    for req_id, (r, kind) in s.tick_by_tick.items():
        if r == root and kind in ("Last", "AllLast"):
            s.send(msg.tick_by_tick_last(req_id, 1 if kind == "Last" else 2, ts, price, size))


def send_quote(s: Session, root: str, book: Book, ts: int) -> None:
    """The top of the book to every subscription of ``s`` on ``root``."""
    bid, ask = book.bid, book.ask
    if bid is None or ask is None:  # never: push_quote sets both first
        return
    for req_id, r in s.market.items():
        if r == root:
            s.send(msg.tick_price(req_id, msg.BID, bid, book.bid_size))
            s.send(msg.tick_price(req_id, msg.ASK, ask, book.ask_size))
    for req_id, (r, kind) in s.tick_by_tick.items():
        if r == root and kind == "BidAsk":
            s.send(msg.tick_by_tick_bid_ask(req_id, ts, bid, ask, book.bid_size, book.ask_size))
