"""Turning a validated bot document into a running :class:`BotRunner`.

Instruments given as a root are resolved to the contract that trades on the start date,
so a bot that says ``root: GC`` trades GCZ3 in a 2013 replay and the right contract today.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from runner.api.base import PluginKind
from runner.api.broker import Broker
from runner.api.clocktime import parse_clock_time
from runner.api.context import BotContext, InstrumentState
from runner.config.bot import BotConfig, RollRule
from runner.contracts import roll, table
from runner.contracts.spec import share_session_open
from runner.engine.bars import BarBuilder, BarGrid
from runner.engine.bot import BotRunner
from runner.engine.risk import RiskGuard
from runner.events import Listener, as_event
from runner.portfolio.ledger import Portfolio
from runner.schedule.windows import WindowSchedule, WindowTracker

if TYPE_CHECKING:
    from runner.api import Indicator
    from runner.config.project import LoadedBot


def resolve_instruments(config: BotConfig, on: date) -> dict[str, InstrumentState]:
    out: dict[str, InstrumentState] = {}
    for key, ic in config.instruments.items():
        if ic.symbol is not None and ic.spec is not None and table.get_spec(ic.symbol) is None:
            symbol = ic.symbol  # described in the bot file: known to every lookup from now
            spec = ic.spec.to_spec(symbol)
            table.define(symbol, spec, f"bot {config.name} (instrument {key})")
        elif ic.symbol is not None:
            symbol = ic.symbol
            spec = table.spec_for_symbol(symbol)
        else:
            assert ic.root is not None
            found = table.get_spec(ic.root)
            if found is None:
                raise ValueError(f"unknown contract root {ic.root!r}")
            spec = found
            rule = ic.roll or RollRule()
            symbol = roll.front_month(ic.root, on, rule.basis, rule.days_before)
        out[key] = InstrumentState(key, symbol, spec, ic.trade)
    return out


def build_bot(
    loaded: LoadedBot,
    broker: Broker,
    *,
    on: date,
    emit: Listener,
    source_bar_seconds: int = 60,
    capital: float | None = None,
    id_prefix: str = "",
    schedules: dict[str, Any] | None = None,
) -> BotRunner:
    """Instantiate every plugin of a bot and wire them into a pipeline."""
    config = loaded.config
    instruments = resolve_instruments(config, on)
    indicators: dict[str, Indicator] = {
        ind_id: spec.build() for ind_id, spec in loaded.indicators.items()
    }
    base_capital = (capital if capital is not None else config.capital) * config.risk.allocation
    ctx = BotContext(config.name, instruments, indicators, base_capital, config.timezone)

    def log(event: str, **fields: object) -> None:
        """A plugin's own notice, by name: plugins see ``runner.api`` only, never the
        event classes. A name or fields no class fits is a Notice, never an error."""
        emit(as_event(event, config.name, ctx.now, fields))

    ctx.log = log
    by_symbol: dict[str, list[Indicator]] = {}
    for ind in indicators.values():
        key = getattr(ind.params, "instrument", None) or config.primary
        by_symbol.setdefault(instruments[key].symbol, []).append(ind)
    builders: dict[str, BarBuilder] = {}
    if config.bar_seconds != source_bar_seconds:
        anchor = parse_clock_time(config.session_open)
        if "session_open" not in config.model_fields_set:  # shares: the exchange's open
            primary = instruments[config.primary].contract
            anchor = share_session_open(primary, config.timezone) or anchor
        for inst in instruments.values():
            grid = BarGrid(config.bar_seconds, config.timezone, anchor)
            builders[inst.symbol] = BarBuilder(inst.symbol, grid)
    window = None
    if config.schedule is not None:
        if not schedules or config.schedule not in schedules:
            raise ValueError(f"bot {config.name}: schedule {config.schedule!r} is not loaded")
        window = WindowTracker(WindowSchedule(schedules[config.schedule]))
    specs = {i.symbol: i.contract for i in instruments.values()}
    # a root instrument rolls to contracts not known at the start (runner.engine.rolling)
    portfolio = Portfolio(
        config.name, base_capital, lambda s: specs.get(s) or table.spec_for_symbol(s)
    )
    return BotRunner(
        config.name,
        ctx,
        by_symbol,
        filters=[s.build() for s in loaded.filters],
        exits=[s.build() for s in loaded.exits],
        signals=[s.build() for s in loaded.signals],
        sizer=loaded.sizing.build(),
        broker=broker,
        portfolio=portfolio,
        risk=RiskGuard(config.risk, config.timezone),
        emit=emit,
        builders=builders,
        id_prefix=id_prefix or config.name,
        on_stop=config.on_stop,
        window=window,
    )


def simulated_broker(loaded: LoadedBot, registry: Any) -> Broker:
    """The bot's own broker when it simulates fills; otherwise a default paper broker.

    A backtest never sends an order anywhere, whatever broker the bot names for live use.
    """
    spec = loaded.broker
    if issubclass(spec.info.cls, Broker) and spec.info.cls.capabilities.simulated:
        return spec.build()
    info = registry.get(PluginKind.BROKER, "paper")
    if info is None:
        raise RuntimeError("the paper broker plugin is not installed")
    return info.cls(info.cls.Params())
