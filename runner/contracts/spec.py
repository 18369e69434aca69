"""The facts of one contract as a YAML file writes them, checked field by field.

One model serves the three places a contract can be described: runner's own table
(``contracts.yaml`` beside this module), a project's ``contracts.yaml`` next to its
``strategies.d/``, and the ``spec:`` of one instrument in a bot file::

    instruments:
      spy: {symbol: SPY, spec: {sec_type: STK, tick: 0.01, point_value: 1,
                                currency: USD, exchange: ARCA, calendar: XNYS}}

A future (``sec_type: FUT``) names its listed months and expiry rules so that a bot can
give its root and a roll rule; a share or ETF (``STK``) trades in whole shares at
``point_value`` 1, in the sessions of its exchange calendar; an index (``IND``) is read
and never traded.
"""

from __future__ import annotations

from datetime import time
from typing import Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from runner.api.base import Model
from runner.api.zones import zone_name
from runner.contracts.calendar import calendar_open_time, calendar_timezone, check_calendar_name
from runner.contracts.rules import parse_rule
from runner.contracts.symbols import MONTH_CODES
from runner.fielddocs import field_docs
from runner.model.instrument import ContractSpec

SecType = Literal["FUT", "STK", "IND"]
COMPARED = ("sec_type", "exchange", "currency", "tick_size", "point_value", "calendar")
"""The facts two descriptions of one symbol must agree on."""


@field_docs
class ContractFields(Model):
    """A contract's facts: what runner needs to price, round, value and schedule it."""

    model_config = ConfigDict(extra="forbid")

    sec_type: SecType = "FUT"
    """FUT (a future, rolled by its expiry rules), STK (a share or ETF, traded in whole
    shares) or IND (an index: read only, never traded)."""
    exchange: str = Field(min_length=1, max_length=20)
    """The listing exchange as brokers name it (COMEX, CME, ARCA, NASDAQ ...)."""
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    """ISO currency code of prices and PnL (USD)."""
    tick: float = Field(gt=0, le=1e6)
    """Smallest price step, more than 0 and at most 10^6 (0.01 for US shares)."""
    point_value: float = Field(default=1.0, gt=0, le=1e9)
    """Currency units per full point of price and per contract (GC: 100; a share: 1);
    more than 0, at most 10^9."""
    calendar: str
    """exchange_calendars name of the exchange's sessions and holidays (XNYS, CMES ...)."""
    business_calendar: str = ""
    """Calendar whose sessions are business days for the expiry rules ("" = calendar)."""
    timezone: str = ""
    """The exchange's time zone; "" takes the calendar's (XNYS: America/New_York)."""
    description: str = ""
    months: str | None = None
    """Listed contract months as month codes (F=Jan ... Z=Dec); futures only, default all."""
    last_trade_rule: str = ""
    """The last trading day as a date rule (see runner/contracts/rules.py); futures only."""
    first_notice_rule: str = ""
    """The first notice day of a physically delivered future, as a date rule."""

    @field_validator("calendar", "business_calendar")
    @classmethod
    def _calendar(cls, v: str) -> str:
        return check_calendar_name(v) if v else v

    @field_validator("timezone")
    @classmethod
    def _tz(cls, v: str) -> str:
        return zone_name(v) if v else v

    @field_validator("months")
    @classmethod
    def _months(cls, v: str | None) -> str | None:
        if v is None:
            return v
        bad = [c for c in v if c not in MONTH_CODES]
        if bad or len(set(v)) != len(v):
            raise ValueError(f"months must be distinct month codes from {MONTH_CODES}, got {v!r}")
        return "".join(sorted(v, key=MONTH_CODES.index))

    @field_validator("last_trade_rule", "first_notice_rule")
    @classmethod
    def _rule(cls, v: str) -> str:
        if v:
            parse_rule(v)
        return v

    @model_validator(mode="after")
    def _kind(self) -> ContractFields:
        if self.sec_type == "FUT":
            if not self.last_trade_rule:
                raise ValueError(
                    "a future (sec_type FUT) needs 'last_trade_rule' to be rolled; "
                    "a share or ETF is sec_type STK"
                )
            if self.months == "":
                raise ValueError("a future needs at least one listed month in 'months'")
        elif self.months or self.last_trade_rule or self.first_notice_rule:
            raise ValueError(
                f"'months', 'last_trade_rule' and 'first_notice_rule' describe futures; "
                f"a {self.sec_type} contract has none"
            )
        return self

    def to_spec(self, root: str) -> ContractSpec:
        """The engine's record of these facts for ``root`` (a futures root or a symbol)."""
        months = self.months if self.months is not None else ""
        if self.sec_type == "FUT" and self.months is None:
            months = MONTH_CODES
        return ContractSpec(
            root=root,
            description=self.description or root,
            exchange=self.exchange,
            currency=self.currency,
            tick_size=float(self.tick),
            point_value=float(self.point_value),
            calendar=self.calendar,
            timezone=self.timezone or calendar_timezone(self.calendar),
            sec_type=self.sec_type,
            months=months,
            last_trade_rule=self.last_trade_rule,
            first_notice_rule=self.first_notice_rule,
            business_calendar=self.business_calendar,
        )


def differences(a: ContractSpec, b: ContractSpec) -> list[str]:
    """The facts two specs of one symbol disagree on, as ``tick 0.01 vs 0.05``."""
    out = []
    for name in COMPARED:
        x, y = getattr(a, name), getattr(b, name)
        if x != y:
            label = "tick" if name == "tick_size" else name
            out.append(f"{label} {x:g} vs {y:g}" if isinstance(x, float) else f"{label} {x} vs {y}")
    return out


def share_session_open(spec: ContractSpec, timezone: str) -> time | None:
    """Where the bars of a bot trading shares begin each day: its exchange's regular open.

    A futures session opens the evening before (runner's default 18:00 anchor), a share's
    at 09:30 New York: an hourly SPY bot wants 09:30-10:30, not 09:00-10:00. None for
    anything but shares, or when the bot keeps its time in another zone than the exchange.
    """
    if spec.sec_type != "STK" or spec.timezone != timezone:
        return None
    return calendar_open_time(spec.calendar)
