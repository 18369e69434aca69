"""Where an exit's levels are measured from and how they are triggered.

Shared by ``stop_target`` and ``trailing_stop``: the two parameters, and the per-trade
memory of the distances worked out when the entry was decided, so that a level measured
from the fill, or checked on closes, uses the ATR of the signal bar whatever happens
between the decision and the fill.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Anchor = Literal["signal", "fill"]
Trigger = Literal["touch", "close"]

ANCHOR_DOC = (
    "Where the levels are measured from. ``signal`` (default): the close of the bar the "
    "entry was decided on, known before the entry is sent, so a touch level goes out with "
    "the entry as one bracket. ``fill``: the entry's actual average fill price; touch "
    "levels are sent as soon as the entry has filled (in a backtest they work from the bar "
    "after the fill bar: the fill bar itself cannot hit them). Either way an ``atr`` "
    "distance uses the ATR at the signal bar, and the sizer sizes from the signal price."
)
TRIGGER_DOC = (
    "How a level closes the position. ``touch`` (default): working orders at the broker "
    "that fill at the level inside a bar (a stop with slippage, a target at its price). "
    "``close``: nothing is placed at the broker; at each bar's close (the fill bar's "
    "included) the bot compares the close with the levels and exits at market, filled at "
    "the next bar's open in a backtest. A close-triggered stop does not protect a live "
    "position between closes, so it does not count as a protective exit: a live bot also "
    "needs a touch stop, a time_exit or a flatten_at."
)


def places_with_entry(anchor: Anchor, trigger: Trigger) -> bool:
    """Whether the levels given at the entry decision are orders sent with the entry."""
    return anchor == "signal" and trigger == "touch"


@dataclass(slots=True)
class Plan:
    """The distances of one entry, in price points (NaN: the ATR was not warm), and the
    price the entry was decided at."""

    direction: int
    signal_price: float
    distances: tuple[float, ...]


class Plans:
    """Per instrument: the plan of the entry decided last, and the one bound to the open
    trade (by its entry time) once the exit first sees the position."""

    __slots__ = ("_bound", "_pending")

    def __init__(self) -> None:
        self._pending: dict[str, Plan] = {}
        self._bound: dict[str, tuple[int, Plan | None]] = {}

    def decided(self, key: str, plan: Plan) -> None:
        self._pending[key] = plan

    def pending(self, key: str) -> Plan | None:
        return self._pending.get(key)

    def for_trade(self, key: str, entry_ts: int) -> tuple[Plan | None, bool]:
        """The plan of the trade that opened at ``entry_ts`` (None: it opened without one,
        e.g. restored after a restart) and whether this is the first look at that trade."""
        bound = self._bound.get(key)
        if bound is not None and bound[0] == entry_ts:
            return bound[1], False
        plan = self._pending.pop(key, None)
        self._bound[key] = (entry_ts, plan)
        return plan, True
