"""The state a bot's plugins read on every bar.

One :class:`BotContext` per bot, owned and updated by the engine; plugins read it and
never write it. It is a slots class because signals and exits read it on the hot path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from runner.api.indicator import Indicator
    from runner.model import Bar
    from runner.model.instrument import ContractSpec


class InstrumentState:
    """One instrument of a bot: its contract, its latest bar and the bot's position in it."""

    __slots__ = (
        "avg_price",
        "bar",
        "contract",
        "entry_bar_index",
        "entry_ts",
        "key",
        "position",
        "symbol",
        "tradable",
    )

    def __init__(self, key: str, symbol: str, contract: ContractSpec, tradable: bool) -> None:
        self.key = key  # the name the bot file gives it (gc, vix, ...)
        self.symbol = symbol  # the contract traded now, e.g. GCZ6
        self.contract = contract
        self.tradable = tradable
        self.bar: Bar | None = None
        self.position = 0  # signed contracts
        self.avg_price = 0.0
        self.entry_ts = 0
        self.entry_bar_index = 0


class BotContext:
    """What plugins see. ``primary`` is the first tradable instrument of the bot."""

    __slots__ = (
        "bar_index",
        "bot",
        "capital",
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
        self.log = _no_log

    @property
    def bar(self) -> Bar | None:
        return self.primary.bar

    @property
    def position(self) -> int:
        return self.primary.position


def _no_log(event: str, **fields: Any) -> None:
    return None
