"""The model of one bot document (a file in strategies.d/)."""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from runner.api.base import MAX_CONTRACTS, MAX_DOLLARS, Model
from runner.api.clocktime import ClockTime
from runner.api.zones import zone_name
from runner.config.reconcile import ReconcileConfig
from runner.contracts.roll import DEFAULT_ROLL_BASIS, DEFAULT_ROLL_DAYS
from runner.contracts.spec import ContractFields

IDENT = r"^[a-z][a-z0-9_]*$"
BAR_SIZE = re.compile(r"^(\d+)(s|m|h|d)$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_ORDERS_PER_MINUTE = 1_000
MAX_BAR_SECONDS = 86_400
"""The longest bar a bot may ask for: one day."""


class Strict(Model):
    model_config = ConfigDict(extra="forbid")


class PluginRef(BaseModel):
    """``use: NAME`` plus that plugin's parameters, checked against its ``Params`` model.

    A bare string is shorthand for a plugin with default parameters (``broker: paper``).
    """

    model_config = ConfigDict(extra="allow")
    use: str = Field(pattern=r"^[A-Za-z][A-Za-z0-9_.-]*$")

    @model_validator(mode="before")
    @classmethod
    def _shorthand(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"use": value}
        return value

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class RollRule(Strict):
    """When to move from the expiring contract to the next one."""

    basis: Literal["last_trade", "first_notice"] = DEFAULT_ROLL_BASIS
    days_before: int = Field(default=DEFAULT_ROLL_DAYS, ge=0, le=60)
    positions: Literal["flatten", "hold"] = "flatten"
    """What a position does at a roll in a backtest across months: ``flatten`` closes it in
    the old contract and enters the same quantity in the new one (two trades in the list);
    ``hold`` carries the open trade into the new contract, its prices moved by the step
    between the contracts and the roll's commissions charged to it."""
    adjusted: bool = False
    """In a backtest from the catalog, the instrument's indicators read the back-adjusted
    front-month series (``runner data continuous --adjust back``: no jump at a roll) while
    orders, fills and ``close`` in rules stay on the real contract. For indicators that
    are not compared with the price itself (RSI, crossovers, z-scores)."""


class InstrumentConfig(Strict):
    """A contract symbol (GCZ6, SPY), or a root (GC) resolved to the front month by a roll
    rule; a symbol runner does not know is described by ``spec``."""

    symbol: str | None = Field(default=None, pattern=r"^[A-Z0-9]{1,6}([FGHJKMNQUVXZ]\d{1,2})?$")
    root: str | None = Field(default=None, pattern=r"^[A-Z0-9]{1,5}$")
    roll: RollRule | None = None
    spec: ContractFields | None = None
    """The contract's facts, for a symbol that neither runner's contract table nor the
    project's contracts.yaml describes: ``{sec_type: STK, tick: 0.01, point_value: 1,
    currency: USD, exchange: ARCA, calendar: XNYS}``."""
    trade: bool = True
    """False for instruments the bot only reads (VIX for the ES bot)."""

    @model_validator(mode="after")
    def _one_of(self) -> InstrumentConfig:
        if (self.symbol is None) == (self.root is None):
            raise ValueError("give exactly one of 'symbol' (e.g. GCZ6) or 'root' (e.g. GC)")
        if self.roll is not None and self.root is None:
            raise ValueError("'roll' applies to 'root' instruments only")
        if self.spec is not None and self.symbol is None:
            raise ValueError(
                "'spec' describes the contract of a 'symbol'; a 'root' takes its facts "
                "from the contract table or the project's contracts.yaml"
            )
        return self


class RiskConfig(Strict):
    max_position: int = Field(default=1, gt=0, le=MAX_CONTRACTS)
    """Largest absolute position per instrument, in contracts (1 to 10,000)."""
    max_daily_loss: float | None = Field(default=None, gt=0, le=MAX_DOLLARS)
    """Dollars (more than 0, at most 10^12); when the day's loss reaches it the bot flattens
    and halts until the next day."""
    max_orders_per_minute: int = Field(default=20, gt=0, le=MAX_ORDERS_PER_MINUTE)
    """Orders the bot may send in any minute (1 to 1,000); more is refused as a runaway."""
    allocation: float = Field(default=1.0, gt=0, le=1.0)
    """Fraction of the runner's capital this bot may use."""


class ReloadConfig(Strict):
    """How an edit of this file is applied while ``runner start`` runs."""

    when: Literal["flat", "keep"] = "flat"
    """``flat``: new entries are held and the edit takes over once the bot is flat with no
    working order. ``keep``: it takes over at once, keeping the position, the working
    orders and their protective stops (exits follow the new parameters from the next
    bar; stops already at the broker stay where they are until an exit moves them)."""


class BotConfig(Strict):
    schema_version: Literal[1] = 1
    name: str = Field(pattern=IDENT)
    description: str = ""
    mode: Literal["paper", "live"] = "paper"
    instruments: dict[str, InstrumentConfig] = Field(min_length=1)
    bar_size: str = "1m"
    """Bar length: a number and a unit s, m, h or d (5m, 1h); at most 1d."""
    feed: PluginRef = Field(default_factory=lambda: PluginRef(use="replay"))
    broker: PluginRef = Field(default_factory=lambda: PluginRef(use="paper"))
    schedule: str | None = None
    """Name of a schedule in schedules/; the bot trades only inside its windows."""
    timezone: str = "America/New_York"
    """The bot's exchange-local time zone: sessions, bar alignment and the trading day."""
    session_open: ClockTime = "18:00"
    """Local time the trading session opens, HH:MM or HH:MM:SS; bars longer than a minute
    align to it. Unset, a bot whose first traded instrument is a share or ETF aligns to
    its exchange's open instead (09:30 for XNYS)."""
    indicators: dict[str, PluginRef] = Field(default_factory=dict)
    filters: list[PluginRef] = Field(default_factory=list)
    signals: list[PluginRef] = Field(min_length=1)
    exits: list[PluginRef] = Field(default_factory=list)
    sizing: PluginRef = Field(default_factory=lambda: PluginRef(use="fixed"))
    risk: RiskConfig = Field(default_factory=RiskConfig)
    capital: float = Field(default=100_000.0, gt=0, le=MAX_DOLLARS)
    """Starting equity of this bot in dollars (before ``risk.allocation``); more than 0, at
    most 10^12."""
    on_stop: Literal["flatten", "keep"] = "flatten"
    """What happens to an open position when the bot stops, crashes or the runner shuts down."""
    reconcile: ReconcileConfig = Field(default_factory=ReconcileConfig)
    """How often the bot is compared with its broker, and what a difference leads to."""
    reload: ReloadConfig = Field(default_factory=ReloadConfig)
    """How an edit of this file is applied while the runner runs (hot reload)."""

    @field_validator("bar_size")
    @classmethod
    def _bar_size(cls, v: str) -> str:
        m = BAR_SIZE.match(v)
        if not m or int(m.group(1)) == 0:
            raise ValueError("bar size is a number and a unit s, m, h or d, for example 5m")
        if int(m.group(1)) * _UNIT_SECONDS[m.group(2)] > MAX_BAR_SECONDS:
            raise ValueError(f"bar size {v!r} is longer than the longest allowed, 1d")
        return v

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, v: str) -> str:
        return zone_name(v)

    @field_validator("instruments", "indicators")
    @classmethod
    def _keys(cls, v: dict[str, Any]) -> dict[str, Any]:
        for key in v:
            if not re.match(IDENT, key):
                raise ValueError(f"{key!r} is not a valid name (lower case, digits, _)")
        return v

    @model_validator(mode="after")
    def _tradable(self) -> BotConfig:
        if not any(i.trade for i in self.instruments.values()):
            raise ValueError("at least one instrument must have trade: true")
        return self

    @property
    def bar_seconds(self) -> int:
        m = BAR_SIZE.match(self.bar_size)
        assert m
        return int(m.group(1)) * _UNIT_SECONDS[m.group(2)]

    @property
    def primary(self) -> str:
        return next(k for k, i in self.instruments.items() if i.trade)
