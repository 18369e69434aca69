"""Exits: protective stops, targets and managed exits of an open position."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from runner.api.base import P, Plugin, PluginKind

if TYPE_CHECKING:
    from runner.api.context import BotContext, InstrumentState
    from runner.config.refs import Namespace


@dataclass(slots=True)
class ExitLevels:
    """Prices set at entry. They become a server-side bracket (OCO) where the broker can.

    ``placed`` False: the levels size the trade (the stop distance) but no order goes to
    the broker for them; the exit that gave them checks them itself (a stop checked on bar
    closes), or places its real levels once the entry fills (:meth:`Exit.on_fill`).
    """

    stop: float | None = None
    target: float | None = None
    placed: bool = True


@dataclass(slots=True)
class ExitAction:
    """A managed exit: close now at market, or move the protective stop to ``price``."""

    kind: Literal["close", "move_stop"]
    price: float | None = None
    reason: str = ""


class Exit(Plugin[P]):
    kind: ClassVar[PluginKind] = PluginKind.EXIT

    @classmethod
    def check(cls, params: P, names: Namespace) -> list[tuple[str, str]]:
        return []

    @classmethod
    def protects(cls, params: P) -> bool:
        """Whether this exit, so configured, closes a losing position on its own: a stop, or
        a limit on the time in the trade, rather than waiting for a signal or a profit.

        ``runner validate`` refuses a live bot without one such exit and warns about a
        paper bot; a third-party exit that places a stop says so here.
        """
        return False

    def bind(self, ctx: BotContext) -> None:
        """Called once before the first bar."""

    def on_entry(
        self, ctx: BotContext, inst: InstrumentState, direction: int, price: float
    ) -> ExitLevels | None:
        """Stop and target for a position about to open at ``price`` (also used for sizing)."""
        return None

    def on_fill(
        self, ctx: BotContext, inst: InstrumentState, direction: int, price: float
    ) -> ExitLevels | None:
        """Stop and target measured from the entry's actual average fill ``price``, sent
        to the broker as soon as the entry has filled (None: nothing to add to the levels
        of :meth:`on_entry`). Only single-instrument trades are asked."""
        return None

    def on_bar(self, ctx: BotContext, inst: InstrumentState) -> ExitAction | None:
        """Called on every bar while ``inst`` holds a position."""
        return None
