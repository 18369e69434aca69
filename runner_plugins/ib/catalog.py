"""IB's names for the products runner trades, and the listed months of each future.

The contract facts (tick, point value, months, expiry rules) come from runner's contract
table; this module adds only what IB calls things: its symbol (``EUR`` for 6E), its
exchange (``SMART`` routing with ``ARCA`` as primary for ETFs) and its local symbols
(``MCLZ3``: root, month code, one-digit year). Both sides use it: the plugin to build IB
contracts from runner symbols, the local TWS server to answer contract requests.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from datetime import UTC, date, datetime

from runner.api import ContractSpec
from runner.api.contracts import (
    MONTH_CODES,
    format_symbol,
    get_spec,
    last_trade_date,
    parse_symbol,
    roots,
)

# root -> IB symbol where IB names a product differently from the exchange code.
_IB_SYMBOL = {"6E": "EUR", "6J": "JPY"}


@dataclass(frozen=True, slots=True)
class Product:
    spec: ContractSpec

    @property
    def root(self) -> str:
        return self.spec.root

    @property
    def ib_symbol(self) -> str:
        return _IB_SYMBOL.get(self.root, self.root)

    @property
    def sec_type(self) -> str:
        return self.spec.sec_type

    @property
    def is_stock(self) -> bool:
        return self.spec.sec_type == "STK"

    @property
    def is_index(self) -> bool:
        """A read-only index (VIX): quoted and charted, never traded."""
        return self.spec.sec_type == "IND"

    @property
    def undated(self) -> bool:
        """One contract with no months: a stock, an ETF or an index."""
        return self.is_stock or self.is_index

    @property
    def tradable(self) -> bool:
        return self.spec.tradable

    @property
    def exchange(self) -> str:
        """The exchange IB routes to: SMART for stocks and ETFs, the listing exchange else."""
        return "SMART" if self.is_stock else self.spec.exchange

    @property
    def primary_exchange(self) -> str:
        return self.spec.exchange if self.is_stock else ""

    @property
    def currency(self) -> str:
        return self.spec.currency

    @property
    def multiplier(self) -> str:
        if self.is_stock:
            return ""
        value = self.spec.point_value
        return str(int(value)) if value == int(value) else str(value)

    @property
    def min_tick(self) -> float:
        return self.spec.tick_size

    @property
    def long_name(self) -> str:
        return self.spec.description

    @property
    def time_zone(self) -> str:
        return self.spec.timezone


def product(root_or_ib_symbol: str) -> Product | None:
    name = root_or_ib_symbol.strip().upper()
    spec = get_spec(name)
    if spec is None:
        for root, ib_name in _IB_SYMBOL.items():
            if ib_name == name:
                spec = get_spec(root)
    if spec is None or not (spec.tradable or spec.sec_type == "IND"):
        return None
    return Product(spec)


def products() -> list[Product]:
    return [p for p in (product(r) for r in roots()) if p is not None]


@dataclass(frozen=True, slots=True)
class Listing:
    """One tradable contract: a future's month or a stock."""

    product: Product
    year: int = 0
    month: int = 0

    @property
    def is_future(self) -> bool:
        return not self.product.undated

    @property
    def contract_month(self) -> str:
        return f"{self.year:04d}{self.month:02d}" if self.is_future else ""

    @property
    def local_symbol(self) -> str:
        """IB's local symbol: ``MCLZ3`` (one-digit year), the ticker for a stock."""
        if not self.is_future:
            return self.product.ib_symbol
        return format_symbol(self.product.root, self.year, self.month)

    @property
    def symbol(self) -> str:
        """runner's name for the listing: the local symbol of a future, the root of a stock."""
        return self.local_symbol if self.is_future else self.product.root

    @property
    def con_id(self) -> int:
        """A stable contract id: the same listing gets the same id in every run."""
        key = f"{self.product.root}:{self.contract_month}".encode()
        return 100_000 + zlib.crc32(key) % 900_000_000

    @property
    def last_trade_date(self) -> date | None:
        if not self.is_future:
            return None
        return last_trade_date(self.product.root, self.year, self.month)


def parse_listing(symbol: str, today: date | None = None) -> Listing | None:
    """``MCLZ3`` -> MCL Dec 2023 (nearest year ending in 3), ``USO`` -> the ETF; else None."""
    name = symbol.strip().upper()
    p = product(name)
    if p is not None and p.undated:
        return Listing(p)
    try:
        root, year, month = parse_symbol(name, today)
    except ValueError:
        return None
    p = product(root)
    if p is None or p.undated:
        return None
    return Listing(p, year, month)


def listed_months(p: Product, today: date | None = None, count: int = 6) -> list[Listing]:
    """The next ``count`` listed contracts still trading on ``today``, nearest first."""
    today = today or datetime.now(UTC).date()
    out: list[Listing] = []
    year, month = today.year, today.month
    while len(out) < count:
        if MONTH_CODES[month - 1] in p.spec.months:
            listing = Listing(p, year, month)
            ltd = listing.last_trade_date
            if ltd is not None and ltd >= today:
                out.append(listing)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


def match_listings(c: dict[str, str], today: date) -> list[Listing]:
    """Listings a request's contract block (without conId) names, as TWS qualifies them:
    by local symbol, or by symbol with a month (one contract) or without (all listed
    months); secType and exchange must agree when given."""
    sec_type = c.get("secType", "").upper()
    exchange = c.get("exchange", "").upper()
    found: list[Listing] = []
    if c.get("localSymbol"):
        listing = parse_listing(c["localSymbol"], today)
        found = [listing] if listing is not None else []
    elif c.get("symbol"):
        p = product(c["symbol"])
        month = c.get("lastTradeDateOrContractMonth", "")
        if p is None:
            found = []
        elif p.undated:
            found = [Listing(p)]
        elif month:
            year, mon = int(month[:4]), int(month[4:6])
            found = [Listing(p, year, mon)] if MONTH_CODES[mon - 1] in p.spec.months else []
        else:
            found = listed_months(p, today)
    out = []
    for listing in found:
        p = listing.product
        if sec_type and sec_type != p.sec_type:
            continue
        if exchange and exchange not in (p.exchange, p.spec.exchange, "SMART"):
            continue
        if exchange == "SMART" and not p.is_stock:
            continue
        out.append(listing)
    return out
