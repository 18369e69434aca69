"""Bots that join or leave a running runner: a bot file added or deleted while it runs.

A new file starts a new bot on a feed (and symbols) this run already streams, recovered
from the journal like any bot at start (or, for a bot that was removed earlier in this
run, going on with the books it left). A deleted file stops its bot the way a shutdown
does: orders cancelled or the position flattened by its ``on_stop``, its state saved to
the journal; the slot stays, marked ``removed``, so the session's metrics keep its trades.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from runner.errors import display_path
from runner.events import BotAdded, BotRemoved
from runner.runtime.options import StartError
from runner.runtime.supervision import BotSlot

if TYPE_CHECKING:
    from runner.config.project import LoadedBot
    from runner.engine.bot import BotRunner
    from runner.model import Bar
    from runner.runtime.runtime import Runtime


class Reject(Protocol):
    """Says why a change was not applied (``HotReload._reject`` emits the event)."""

    def __call__(self, bot: str, path: Path, error: str, restart_needed: bool = False) -> None: ...


def flat(runner: BotRunner) -> bool:
    """No position in any instrument and no order still working."""
    if any(i.position for i in runner.ctx.instruments.values()):
        return False
    return all(rec.status.is_done for rec in runner.live.values())


def positions(runner: BotRunner) -> dict[str, int]:
    return {i.symbol: i.position for i in runner.ctx.instruments.values() if i.tradable}


def recent_bars(rt: Runtime, runner: BotRunner) -> list[Bar]:
    """The market's recent bars of the bot's symbols, in time order: its warm-up."""
    recent = rt.market.recent
    bars = [b for s in runner.by_symbol for b in recent.get(s, ())]
    return sorted(bars, key=lambda b: (b.end, b.symbol))


async def add_bot(rt: Runtime, new: LoadedBot, path: Path, reject: Reject) -> None:
    """A new file: a new bot on a feed this run reads, recovered from the journal."""
    earlier = rt.supervisor.slots.get(new.name)
    if earlier is not None and earlier.state != "removed":
        where = display_path(earlier.loaded.path)
        reject(new.name, path, f"a bot named {new.name!r} runs from {where}")
        return
    try:
        found = rt.wiring.open_feed_for(new)
        broker = rt.wiring.broker_for(new) if found is not None else None
    except StartError as exc:
        reject(new.name, path, str(exc))
        return
    if found is None or broker is None:
        why = "its feed is not one this run reads; a new feed connection needs a restart"
        reject(new.name, path, why, restart_needed=True)
        return
    feed, readers = found
    try:
        runner = rt.wiring.rebuild(new, broker)
    except Exception as exc:
        reject(new.name, path, f"could not be built: {type(exc).__name__}: {exc}")
        return
    streamed = {s for r in readers for s in r.by_symbol}
    missing = sorted(set(runner.by_symbol) - streamed)
    if missing:
        why = (
            f"{', '.join(missing)} is not streamed by feed {feed.name} in this run; "
            "a new subscription needs a restart"
        )
        reject(new.name, path, why, restart_needed=True)
        return
    try:
        await broker.connect()
    except Exception as exc:
        reject(new.name, path, f"broker {broker.name}: {exc}")
        return
    if earlier is not None:  # the same bot back: its books go on
        runner.adopt(earlier.runner)
        runner.risk.config = new.config.risk
    else:
        await rt.recovery.recover([runner], False)
        rt.reconciler.recall(runner)
    rt.connections.watch_broker(broker)
    rt.connections.add_reader(feed, runner)
    rt.connections.apply(runner)
    rt.reconciler.apply(runner)
    runner.warm(recent_bars(rt, runner))
    if feed.capabilities.resumes:  # its replay mark moves from here on
        source = feed.source_id(sorted(runner.by_symbol))
        last = rt.journal.bot(new.name).last_seq
        rt.journal.replay_began(new.name, source, last, rt.market.data_now)
    readers.append(runner)
    rt.engine.attach(runner)
    rt.supervisor.add(BotSlot(new, runner))
    rt.emit(BotAdded(bot=new.name, ts=rt.now(), file=display_path(path)))


async def remove_bot(rt: Runtime, slot: BotSlot, path: Path) -> None:
    """The file is gone: the bot stops as a shutdown stops it, the others run on."""
    runner = slot.runner
    rt.engine.flush()
    rt.engine.detach(runner)
    orphans = rt.market.orphans
    for symbol in runner.by_symbol:  # its closing orders still need the market
        brokers = orphans.setdefault(symbol, [])
        if runner.broker not in brokers:  # a failed bot's broker is there already
            brokers.append(runner.broker)
    slot.state = "removed"
    rt.shutdown.stop_bot(runner, "bot file deleted")
    clock = rt.opts.monotonic
    deadline = clock() + rt.opts.shutdown_timeout
    while clock() < deadline and runner.on_stop == "flatten" and not flat(runner):
        await asyncio.sleep(0.05)
    left = {s: q for s, q in positions(runner).items() if q}
    if not left:
        for symbol in runner.by_symbol:
            if runner.broker in orphans.get(symbol, ()):
                orphans[symbol].remove(runner.broker)
    runner.portfolio.record(rt.now())
    state = runner.status()
    state.update(state=slot.state, restarts=slot.restarts)
    rt.journal.save_state(slot.name, state, rt.now())
    rt.emit(
        BotRemoved(
            bot=slot.name,
            ts=rt.now(),
            file=display_path(path),
            on_stop=runner.on_stop,
            positions=left,
        )
    )
