"""runner symbols to qualified IB contracts, and back.

``MCLZ3`` becomes ``Future(MCL, 202312, NYMEX)``, ``USO`` becomes ``Stock(USO, SMART,
primaryExchange=ARCA)``, a bare futures root (``MCL``) becomes its front month as IB lists
it (``reqContractDetails``, nearest last trade date still ahead). Each symbol is qualified
once per session; events name the symbol exactly as the bot wrote it.
"""

from __future__ import annotations

from datetime import UTC
from typing import Any

from runner.api import RunnerError
from runner.api.contracts import format_symbol
from runner_plugins.ib.catalog import parse_listing, product


class ContractError(RunnerError, ValueError):
    """A symbol IB cannot trade; the message names the symbol and what was asked."""


class ContractBook:
    def __init__(self, client: Any, lib: Any, exchanges: dict[str, str] | None = None) -> None:
        self.client = client  # the library's IB
        self.lib = lib  # ib_async or ib_insync: where the contract classes come from
        self.exchanges = {k.upper(): v for k, v in (exchanges or {}).items()}
        self._by_symbol: dict[str, Any] = {}
        self._symbol_of: dict[int, str] = {}

    def build(self, symbol: str) -> Any:
        """The unqualified IB contract of a runner symbol (a root alone means front month)."""
        listing = parse_listing(symbol)
        if listing is None:
            p = product(symbol)
            if p is None:
                raise ContractError(
                    f"{symbol!r}: not a product IB trades through runner (unknown root or symbol)"
                )
            return self.lib.Future(
                symbol=p.ib_symbol, exchange=self._exchange(p.root, p.exchange), currency=p.currency
            )
        p = listing.product
        exchange = self._exchange(p.root, p.exchange)
        if p.is_index:
            return self.lib.Index(p.ib_symbol, exchange, p.currency)
        if not listing.is_future:
            return self.lib.Stock(
                p.ib_symbol, exchange, p.currency, primaryExchange=p.primary_exchange
            )
        return self.lib.Future(
            symbol=p.ib_symbol,
            lastTradeDateOrContractMonth=listing.contract_month,
            exchange=exchange,
            currency=p.currency,
        )

    def _exchange(self, root: str, default: str) -> str:
        return self.exchanges.get(root, default)

    def forget(self, symbol: str | None = None) -> None:
        """Qualify ``symbol`` (or every symbol) afresh on next use: the server that
        qualified it may have restarted. The bot's names for known contract ids stay, so
        orders and fills from before keep the symbol the bot wrote."""
        if symbol is None:
            self._by_symbol.clear()
        else:
            self._by_symbol.pop(symbol, None)

    def cached(self, symbol: str) -> Any | None:
        return self._by_symbol.get(symbol)

    async def qualify(self, symbol: str) -> Any:
        found = self._by_symbol.get(symbol)
        if found is not None:
            return found
        contract = self.build(symbol)
        if isinstance(contract, self.lib.Future) and not contract.lastTradeDateOrContractMonth:
            contract = await self._front(contract, symbol)
        else:
            result = await self.client.qualifyContractsAsync(contract)
            if not result or result[0] is None:
                raise ContractError(f"{symbol!r}: IB has no contract for {_describe(contract)}")
        self._by_symbol[symbol] = contract
        self._symbol_of.setdefault(contract.conId, symbol)
        return contract

    async def _front(self, template: Any, symbol: str) -> Any:
        details = await self.client.reqContractDetailsAsync(template)
        # "Expired" by TWS's clock, not this machine's: the broker's date is the truth.
        server_now = await self.client.reqCurrentTimeAsync()
        today = server_now.astimezone(UTC).strftime("%Y%m%d")
        live = sorted(
            (
                d.contract
                for d in details
                if d.contract is not None and d.contract.lastTradeDateOrContractMonth >= today
            ),
            key=lambda c: c.lastTradeDateOrContractMonth,
        )
        if not live:
            raise ContractError(
                f"{symbol!r}: IB lists no unexpired contract for {_describe(template)}"
            )
        return live[0]

    async def front_month(self, root: str, exchange: str | None = None) -> str | None:
        p = product(root)
        if p is None or p.undated:
            return None
        template = self.lib.Future(
            symbol=p.ib_symbol,
            exchange=exchange or self._exchange(root, p.exchange),
            currency=p.currency,
        )
        try:
            contract = await self._front(template, root)
        except ContractError:
            return None
        return self.symbol_of(contract, prefer_given=False)

    def symbol_of(self, contract: Any, prefer_given: bool = True) -> str:
        """The runner symbol of an IB contract: the bot's own name for it when known."""
        if prefer_given and contract.conId in self._symbol_of:
            return self._symbol_of[contract.conId]
        p = product(contract.symbol or "")
        if p is None:
            return contract.localSymbol or contract.symbol
        if p.undated:
            return p.root
        local = contract.localSymbol or ""
        if local.startswith(p.root) and parse_listing(local) is not None:
            return local
        month = _contract_month(contract)
        if month:
            return format_symbol(p.root, int(month[:4]), int(month[4:6]))
        return local or p.root


def _contract_month(contract: Any) -> str:
    local = parse_listing(contract.localSymbol or "")
    if local is not None and local.is_future:
        return local.contract_month
    return (contract.lastTradeDateOrContractMonth or "")[:6]


def _describe(c: Any) -> str:
    parts = [c.secType, c.symbol, c.lastTradeDateOrContractMonth, c.exchange, c.currency]
    return " ".join(p for p in parts if p)
