"""Feeds, brokers and bots built from the project, as one run needs them.

Bots with the same feed share one connection; a paper bot gets a simulated broker with ids
of its own per run; a live bot needs ``--live``. Contracts resolve on the data's first day
in a replay, on today's date when live. Nothing here connects: building is synchronous and
fails before any order could leave.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from runner.api.base import PluginKind
from runner.api.broker import Broker
from runner.engine.bot import BotRunner
from runner.engine.factory import build_bot, simulated_broker
from runner.events import Listener
from runner.journal.logs import Redactor
from runner.journal.store import Journal
from runner.model import NS
from runner.runtime.options import StartError, StartOptions

if TYPE_CHECKING:
    from runner.api import Feed
    from runner.config.project import LoadedBot, Project

DEFAULT_REPLAY_SPEED = 3000.0  # market seconds per wall second for the embedded replay


class Wiring:
    """Builds the run's feeds, brokers and bots; ``build`` fills the attributes below."""

    def __init__(
        self,
        project: Project,
        opts: StartOptions,
        registry: Any,
        journal: Journal,
        emit: Listener,
        redactor: Redactor,
    ) -> None:
        self.project = project
        self.opts = opts
        self.registry = registry
        self.journal = journal
        self.emit = emit
        self.redactor = redactor
        self.on_date: date = datetime.fromtimestamp(opts.clock() / NS, tz=UTC).date()
        self.feeds: list[tuple[Feed, list[BotRunner]]] = []
        self.runners: list[tuple[LoadedBot, BotRunner]] = []
        self.trade_bar_seconds: dict[str, int] = {}  # bar size built from a symbol's trades
        self._feed_keys: dict[str, tuple[Feed, list[LoadedBot]]] = {}

    def build(self) -> None:
        for _ in self.steps():
            pass

    def steps(self) -> Iterator[None]:
        """The build, one bot at a time: a runtime with hundreds of bots gives the event
        loop a turn between them (see ``Runtime.build_cooperatively``)."""
        self._feed_keys = {}
        per_bot_feed: dict[str, str] = {}
        for loaded in self.project.bots:
            key, feed = self._feed_for(loaded)
            self._feed_keys.setdefault(key, (feed, []))[1].append(loaded)
            per_bot_feed[loaded.config.name] = key
        yield from self._resolve_date()
        # bars from a file come as they are (one minute); bars from live trades are built
        # at the shortest bar size among the bots on that feed, the others resample them
        source = {
            key: 60
            if feed.capabilities.replays_history
            else min(b.config.bar_seconds for b in bots)
            for key, (feed, bots) in self._feed_keys.items()
        }
        runners: dict[str, list[BotRunner]] = {k: [] for k in self._feed_keys}
        for loaded in self.project.bots:
            broker = self._broker_for(loaded)
            key = per_bot_feed[loaded.config.name]
            runner = build_bot(
                loaded,
                broker,
                on=self.on_date,
                emit=self.emit,
                capital=self.opts.capital,
                schedules=self.project.schedules,
                source_bar_seconds=source[key],
            )
            for symbol in runner.by_symbol:
                self.trade_bar_seconds[symbol] = min(
                    source[key], self.trade_bar_seconds.get(symbol, source[key])
                )
            runner.journal = self.journal
            self.runners.append((loaded, runner))
            runners[key].append(runner)
            yield
        self.feeds = [(feed, runners[k]) for k, (feed, _) in self._feed_keys.items()]

    def rebuild(self, loaded: LoadedBot, broker: Broker) -> BotRunner:
        """A bot anew from its file around the broker it had (a restart after a crash)."""
        runner = build_bot(
            loaded,
            broker,
            on=self.on_date,
            emit=self.emit,
            capital=self.opts.capital,
            schedules=self.project.schedules,
        )
        runner.journal = self.journal
        return runner

    def open_feed_for(self, loaded: LoadedBot) -> tuple[Feed, list[BotRunner]] | None:
        """The feed of this run a bot added while running would read (None: a feed this
        run has not opened; a new connection needs a restart)."""
        key, _ = self._feed_for(loaded)
        found = self._feed_keys.get(key)
        if found is None:
            return None
        for feed, runners in self.feeds:
            if feed is found[0]:
                return feed, runners
        return None

    def broker_for(self, loaded: LoadedBot) -> Broker:
        """The broker a bot added while running trades through (``StartError``: refused)."""
        return self._broker_for(loaded)

    def _connection(self, name: str | None) -> Any:
        if name is None:
            return None
        profile = self.project.connections.get(name)
        if profile is None:
            raise StartError(f"connection profile {name!r} is not defined in connections.yaml")
        try:
            secrets = self.project.secrets(name)
        except Exception as exc:  # missing env var / credentials entry
            raise StartError(f"connection {name!r}: {exc}") from None
        for value in secrets.values():
            self.redactor.add(value.get_secret_value())
        return BoundProfile(profile, self.project.credentials_path)

    def _feed_for(self, loaded: LoadedBot) -> tuple[str, Feed]:
        spec = loaded.feed
        name, cls, params = spec.info.name, cast("type[Feed[Any]]", spec.info.cls), spec.params
        if self.opts.connection is not None:
            profile = self._connection(self.opts.connection)
            kind = getattr(profile, "kind", None)
            found = self.registry.get(PluginKind.FEED, kind) if kind else None
            if found is None:
                raise StartError(
                    f"--connection {self.opts.connection}: no feed plugin for "
                    f"connection kind {kind!r}"
                )
            name, cls = found.name, found.cls
            fields = cls.Params.model_fields
            params = cls.Params(
                **({"connection": self.opts.connection} if "connection" in fields else {})
            )
        values = params.model_dump(exclude_unset=True)
        if cls.capabilities.replays_history:
            if self.opts.data is not None:
                values["data"] = str(self.opts.data)
            if self.opts.speed is not None:
                values["speed"] = self.opts.speed
            elif not values.get("speed"):
                values["speed"] = DEFAULT_REPLAY_SPEED
        key = name + json.dumps(values, sort_keys=True, default=str)
        if key in self._feed_keys:  # bots with the same feed share one connection
            return key, self._feed_keys[key][0]
        conn = self._connection(values.get("connection")) if "connection" in values else None
        feed = cls(cls.Params(**values), connection=conn)
        return key, feed

    def _broker_for(self, loaded: LoadedBot) -> Broker:
        cfg = loaded.config
        if cfg.mode == "live":
            if not self.opts.live:
                raise StartError(
                    f"bot {cfg.name} is mode: live; start with --live to trade it with real "
                    "money, or set mode: paper"
                )
            spec = loaded.broker
            conn = self._connection(spec.params.model_dump().get("connection"))
            broker: Broker = spec.build(connection=conn)
            return broker
        return self._paper(simulated_broker(loaded, self.registry))

    def _paper(self, broker: Broker) -> Broker:
        """A simulated broker for this run, with ids of its own.

        The matching engine numbers orders and fills from 1 in every process, so after a
        restart its new ``P1.1`` would be taken for the journal's ``P1.1`` of the previous
        run and the fill dropped as a duplicate; each later run gets its own id prefix.
        """
        run = self.journal.run_id
        fields = type(broker.params).model_fields
        if run > 1 and "id_prefix" in fields:
            values = broker.params.model_dump(exclude_unset=True)
            values["id_prefix"] = f"{broker.params.model_dump()['id_prefix']}{run}-"
            broker = type(broker)(type(broker.params)(**values))
        return broker

    def _resolve_date(self) -> Iterator[None]:
        """Contracts resolve on the data's first day in a replay, today when live.

        One symbol at a time (each may be a file to read), a step each."""
        from runner.engine.backtest import first_date

        for feed, bots in self._feed_keys.values():
            if feed.capabilities.replays_history:
                by_symbol: dict[str, LoadedBot] = {}
                for bot in bots:
                    inst = bot.config.instruments[bot.config.primary]
                    by_symbol.setdefault(str(inst.symbol or inst.root), bot)
                days = []
                for bot in by_symbol.values():
                    days.append(first_date(feed, [bot]))
                    yield
                self.on_date = min(days)
                return


class BoundProfile:
    """A connection profile whose ``secrets()`` reads this project's credentials file.

    Plugins resolve credentials themselves (at connect time, so a rotated secret is picked
    up on reconnect); this makes them read the file the project was validated with.
    """

    def __init__(self, profile: Any, credentials: Path | None) -> None:
        self._profile = profile
        self._credentials = credentials

    def __getattr__(self, name: str) -> Any:
        return getattr(self._profile, name)

    def secrets(self, **kw: Any) -> Any:
        kw.setdefault("credentials", self._credentials)
        return self._profile.secrets(**kw)

    def __repr__(self) -> str:
        return f"<connection {getattr(self._profile, 'kind', '?')} profile>"
