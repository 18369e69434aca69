"""Signals: read indicators and prices, say what the bot should hold."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from runner.api.base import P, Plugin, PluginKind

if TYPE_CHECKING:
    from runner.api.context import BotContext
    from runner.config.refs import Namespace


@dataclass(slots=True)
class Intent:
    """What a signal wants: +1 long, -1 short, 0 flat (close what is open).

    ``legs`` maps instrument keys to signed weights for multi-leg trades (a pair is
    ``{"mcl": 1.0, "uso": -hedge}``); ``None`` means the primary instrument alone.
    ``confidence`` in [0, 1] may scale the size.
    """

    direction: int
    confidence: float = 1.0
    reason: str = ""
    legs: dict[str, float] | None = None


class Signal(Plugin[P]):
    kind: ClassVar[PluginKind] = PluginKind.SIGNAL

    @classmethod
    def check(cls, params: P, names: Namespace) -> list[tuple[str, str]]:
        """Validate-time reference check: (field, message) for each name that does not exist."""
        return []

    def bind(self, ctx: BotContext) -> None:
        """Resolve references and compile, once, before the first bar."""

    def evaluate(self, ctx: BotContext) -> Intent | None:
        raise NotImplementedError

    def stateless(self) -> bool:
        """True when ``evaluate`` keeps nothing from one bar to the next, so a bar it does
        not see changes none of its later answers. A flat bot outside its window can act on
        no intent; when every signal is stateless the bot then skips them (a backtest spends
        most bars there). Asked once, after ``bind``; the default is the safe answer."""
        return False
