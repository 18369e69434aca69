"""What the local TWS server remembers about orders, executions and positions."""

from __future__ import annotations

from dataclasses import dataclass, field

from runner_plugins.ib.catalog import Listing


@dataclass(slots=True)
class PlacedOrder:
    """The fields of a placeOrder request the server acts on (indices of the v178 layout)."""

    order_id: int
    action: str  # BUY / SELL
    qty: float
    order_type: str  # MKT, LMT, STP, STP LMT
    lmt_price: float | None
    aux_price: float | None
    tif: str
    oca_group: str
    account: str
    order_ref: str
    transmit: bool
    parent_id: int
    oca_type: int


@dataclass(slots=True)
class ServerOrder:
    client_id: int
    order_id: int
    perm_id: int
    listing: Listing
    placed: PlacedOrder
    status: str = "PendingSubmit"
    filled: float = 0.0
    avg_price: float = 0.0
    last_fill_price: float = 0.0
    engine_qty: float = 0.0  # how much of the order the matching engine was given
    at_engine: bool = False
    why_held: str = ""
    done_ts: int = 0  # when it was filled, cancelled or rejected (completed orders)

    @property
    def key(self) -> str:
        return f"{self.client_id}:{self.order_id}"

    @property
    def remaining(self) -> float:
        return 0.0 if self.is_done else max(self.placed.qty - self.filled, 0.0)

    @property
    def is_done(self) -> bool:
        return self.status in ("Filled", "Cancelled", "ApiCancelled", "Inactive")


@dataclass(slots=True)
class Execution:
    exec_id: str
    order: ServerOrder
    ts: int
    shares: float
    price: float
    cum_qty: float
    avg_price: float
    commission: float
    realized_pnl: float | None


@dataclass(slots=True)
class Position:
    listing: Listing
    qty: float = 0.0
    avg_price: float = 0.0
    realized: float = 0.0
    last_price: float = 0.0

    @property
    def multiplier(self) -> float:
        return float(self.listing.product.multiplier or 1)

    def apply(self, signed_qty: float, price: float) -> float | None:
        """Book a fill; returns the PnL it realized, or None if it only added to the position."""
        pnl: float | None = None
        if self.qty == 0 or (self.qty > 0) == (signed_qty > 0):
            total = self.qty + signed_qty
            self.avg_price = (self.avg_price * self.qty + price * signed_qty) / total
            self.qty = total
        else:
            closing = min(abs(signed_qty), abs(self.qty))
            direction = 1.0 if self.qty > 0 else -1.0
            pnl = (price - self.avg_price) * closing * direction * self.multiplier
            self.realized += pnl
            rest = signed_qty + closing * direction
            self.qty += -closing * direction
            if self.qty == 0:
                self.avg_price = 0.0
            if rest != 0:
                self.qty = rest
                self.avg_price = price
        self.last_price = price
        return pnl

    @property
    def unrealized(self) -> float:
        return (self.last_price - self.avg_price) * self.qty * self.multiplier


@dataclass(slots=True)
class Account:
    name: str
    initial_cash: float
    commissions: float = 0.0
    positions: dict[int, Position] = field(default_factory=dict)

    @property
    def realized(self) -> float:
        return sum(p.realized for p in self.positions.values())

    @property
    def unrealized(self) -> float:
        return sum(p.unrealized for p in self.positions.values() if p.qty)

    @property
    def cash(self) -> float:
        return self.initial_cash + self.realized - self.commissions

    @property
    def net_liquidation(self) -> float:
        return self.cash + self.unrealized

    def values(self) -> list[tuple[str, str, str]]:
        """(key, value, currency) rows as TWS reports an account's values."""

        def money(v: float) -> str:
            return f"{v:.2f}"

        return [
            ("AccountCode", self.name, ""),
            ("AccountType", "INDIVIDUAL", ""),
            ("Currency", "USD", "USD"),
            ("NetLiquidation", money(self.net_liquidation), "USD"),
            ("TotalCashValue", money(self.cash), "USD"),
            ("CashBalance", money(self.cash), "USD"),
            ("AvailableFunds", money(self.net_liquidation), "USD"),
            ("BuyingPower", money(self.net_liquidation * 4), "USD"),
            ("RealizedPnL", money(self.realized), "USD"),
            ("UnrealizedPnL", money(self.unrealized), "USD"),
        ]
