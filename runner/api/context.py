"""The state a bot's plugins read on every bar.

One :class:`BotContext` per bot, owned and updated by the engine; plugins read it and
never write it. It is a slots class because signals and exits read it on the hot path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runner.api.indicator import Indicator
    from runner.model import Bar, Quote
    from runner.model.instrument import ContractSpec
    from runner.portfolio.position import Position


class InstrumentState:
    """One instrument of a bot: its contract, its latest bar and quote and the bot's position.

    The position is not a copy: ``position``, ``avg_price``, ``entry_ts`` and
    ``entry_bar_index`` read the bot's one position book (``holding``), which only the
    order manager changes. The setters exist for tests that stage a position by hand.
    """

    __slots__ = ("bar", "contract", "holding", "key", "quote", "symbol", "tradable")

    def __init__(
        self,
        key: str,
        symbol: str,
        contract: ContractSpec,
        tradable: bool,
        holding: Position | None = None,
    ) -> None:
        self.key = key  # the name the bot file gives it (gc, vix, ...)
        self.symbol = symbol  # the contract traded now, e.g. GCZ6
        self.contract = contract
        self.tradable = tradable
        self.bar: Bar | None = None
        self.quote: Quote | None = None
        """The latest best bid/offer of ``symbol`` from a live feed that streams quotes;
        None before the first one and in a backtest (bars carry no quotes)."""
        if holding is None:  # a context of its own (tests, tools): a flat position
            from runner.portfolio.position import Position

            holding = Position("", symbol, contract.point_value)
        self.holding = holding

    @property
    def position(self) -> int:
        """Signed contracts."""
        return self.holding.qty

    @position.setter
    def position(self, qty: int) -> None:
        self.holding.qty = qty

    @property
    def avg_price(self) -> float:
        return self.holding.avg_price

    @avg_price.setter
    def avg_price(self, price: float) -> None:
        self.holding.avg_price = price

    @property
    def entry_ts(self) -> int:
        return self.holding.entry_ts

    @entry_ts.setter
    def entry_ts(self, ts: int) -> None:
        self.holding.entry_ts = ts

    @property
    def entry_bar_index(self) -> int:
        return self.holding.entry_bar_index

    @entry_bar_index.setter
    def entry_bar_index(self, index: int) -> None:
        self.holding.entry_bar_index = index


class BotContext:
    """What plugins see. ``primary`` is the first tradable instrument of the bot."""

    __slots__ = (
        "bar_index",
        "bot",
        "capital",
        "entry_values",
        "equity",
        "indicators",
        "instruments",
        "log",
        "now",
        "primary",
        "realized_today",
        "state",
        "timezone",
    )

    def __init__(
        self,
        bot: str,
        instruments: dict[str, InstrumentState],
        indicators: dict[str, Indicator],
        capital: float,
        timezone: str,
    ) -> None:
        self.bot = bot
        self.instruments = instruments
        self.primary = next(i for i in instruments.values() if i.tradable)
        self.indicators = indicators
        self.capital = capital
        self.equity = capital
        self.realized_today = 0.0
        self.timezone = timezone  # the bot's exchange time zone
        self.now = 0  # ns, the close time of the bar being processed
        self.bar_index = 0  # count of primary bars processed
        self.state: dict[str, Any] = {}  # per-plugin scratch space, keyed by plugin id
        # (indicator id, output) -> its value when the current trade's entry was sent (the
        # signal bar's close); what rules read as at_entry(...). Replaced at each entry.
        self.entry_values: dict[tuple[str, str], float] = {}
        self.log = _no_log

    @property
    def bar(self) -> Bar | None:
        return self.primary.bar

    @property
    def position(self) -> int:
        return self.primary.holding.qty


def _no_log(event: str, **fields: Any) -> None:
    return None
