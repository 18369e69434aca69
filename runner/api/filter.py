"""Filters: may the bot open a position now? Exits run whatever filters say."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from runner.api.base import P, Plugin, PluginKind

if TYPE_CHECKING:
    from runner.api.context import BotContext
    from runner.config.refs import Namespace


class Filter(Plugin[P]):
    kind: ClassVar[PluginKind] = PluginKind.FILTER

    @classmethod
    def check(cls, params: P, names: Namespace) -> list[tuple[str, str]]:
        return []

    def bind(self, ctx: BotContext) -> None:
        """Called once before the first bar."""

    def allows(self, ctx: BotContext) -> bool:
        raise NotImplementedError
