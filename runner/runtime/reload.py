"""Hot reload: the bot files are watched while ``runner start`` runs, and edits applied.

An edit is checked as ``runner validate`` checks it: the whole project is read again from
the paths the start read (plugins, references, connections, safety, names), and only the
problems located in the edited file count against it. A rejected edit is an event naming
file and line; the running bot goes on unchanged.

A valid edit is applied the way a supervisor restart builds a crashed bot anew: the new
bot is built from the file around the broker the bot already has and adopts its orders,
positions, fills, client ids and PnL (one position book; nothing is sent again, and the
stops at the broker stay). Its indicators warm up on the market's recent bars. When it
takes over is the bot's ``reload.when`` (from the edited file): ``keep`` at once, ``flat``
once the bot is flat with no working order. Until then its entries are held, so a bot
that trades all day cannot put the edit off for ever; its exits and stops still run under
the old parameters. A deleted file stops its bot the way a shutdown does, and a new file
starts a new bot (:mod:`runner.runtime.reload_bots`).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING

from runner.config.discover import SUFFIXES, dir_files
from runner.config.project import load_project
from runner.errors import display_path
from runner.events import BotReloaded, BotReloadPending, BotReloadRejected
from runner.runtime.options import ReloadOptions
from runner.runtime.reload_bots import add_bot, flat, positions, recent_bars, remove_bot
from runner.runtime.reload_plan import bot_at, changed_fields, errors_of, restart_reason
from runner.runtime.supervision import BotSlot

if TYPE_CHECKING:
    from runner.config.project import LoadedBot
    from runner.runtime.runtime import Runtime

HOLD = "a reload of its file waits for it to be flat"


class HotReload:
    """Watches the bot folders in the runtime's loop and applies each change."""

    def __init__(self, runtime: Runtime, options: ReloadOptions) -> None:
        self.rt = runtime
        self.options = options
        self.pending: dict[str, tuple[LoadedBot, list[str]]] = {}  # bot: edit waiting for flat

    # ------------------------------------------------------------------ watching
    async def run(self, stopping: asyncio.Event) -> None:
        from watchfiles import awatch

        self.install()
        folders = sorted(
            {p.resolve() if p.is_dir() else p.resolve().parent for p in self.options.watch}
        )
        folders = [f for f in folders if f.is_dir()]
        if not folders:
            return
        missed = self.missed(folders)
        if missed:
            await self.guarded(missed)
        async for changes in awatch(
            *folders,
            debounce=self.options.debounce_ms,
            stop_event=stopping,
            recursive=False,
        ):
            paths = {p for p in (Path(c) for _, c in changes) if self.concerns(p)}
            if paths and not stopping.is_set():
                await self.guarded(paths)

    async def guarded(self, paths: set[Path]) -> None:
        """``apply``, and an unexpected failure said per file: the watcher lives on."""
        try:
            await self.apply(paths)
        except Exception as exc:
            for path in sorted(paths):
                slot = self._slot_at(path)
                error = f"not applied: {type(exc).__name__}: {exc}"
                self._reject(slot.name if slot else "", path, error)

    def concerns(self, path: Path) -> bool:
        """A bot file in a watched folder, or a file named to the start by itself."""
        if path.suffix not in SUFFIXES or path.name.startswith("."):
            return False
        real = path.resolve()
        for given in self.options.watch:
            here = given.resolve()
            if real == here or (real.parent == here and not given.is_file()):
                return True
        return False

    def missed(self, folders: list[Path]) -> set[Path]:
        """Files saved, added or deleted between the start's reading and the watcher."""
        since = self.options.since
        if since is None:
            return set()
        out = {
            s.loaded.path for s in self.rt.supervisor.slots.values() if not s.loaded.path.exists()
        }
        for folder in folders:
            for path in dir_files(folder):
                if not self.concerns(path):
                    continue
                try:
                    if path.stat().st_mtime >= since:
                        out.add(path)
                except OSError:  # deleted meanwhile: the watcher will say so
                    continue
        return out

    def install(self) -> None:
        """A waiting edit is looked at before each new slice of bars and at each heartbeat."""
        market = self.rt.market
        before = market.on_new_slice

        def on_new_slice() -> None:
            if before is not None:
                before()
            self.check_pending()

        market.on_new_slice = on_new_slice
        self.rt.heartbeat.listeners.append(lambda _statuses: self.check_pending())

    # ------------------------------------------------------------------ deciding
    async def apply(self, paths: set[Path]) -> None:
        """One debounced batch of changed files, each judged against the project as read now."""
        rt = self.rt
        project = load_project(
            list(self.options.paths),
            connections=self.options.connections,
            registry=rt.wiring.registry,
        )
        for path in sorted(paths):
            slot = self._slot_at(path)
            if not path.exists():
                if slot is not None and slot.state != "removed":
                    self.pending.pop(slot.name, None)
                    await remove_bot(self.rt, slot, path)
                continue
            errors = errors_of(project, path)
            if errors:
                text = "; ".join(str(e) for e in errors)
                self._reject(slot.name if slot else "", path, text, line=errors[0].line)
                continue
            new = bot_at(project, path)
            if new is None:
                continue  # not a bot file: a schedule or connections file is read at start
            if slot is None or slot.state == "removed":
                await add_bot(self.rt, new, path, self._reject)
            else:
                self.edit(slot, new, path)

    def edit(self, slot: BotSlot, new: LoadedBot, path: Path) -> None:
        changed = changed_fields(slot.loaded, new)
        if not changed:  # saved unchanged, or changed back: nothing waits any more
            self._drop_pending(slot)
            return
        why = restart_reason(changed)
        if why:
            self._reject(slot.name, path, why, restart_needed=True)
            return
        if slot.state != "running":  # restarting or down: it comes back from the new file
            slot.loaded = new
            return
        runner = slot.runner
        if new.config.reload.when == "keep" or flat(runner):
            self._drop_pending(slot)
            self.swap(slot, new, changed)
            return
        self.pending[slot.name] = (new, changed)
        if not runner.entries_held:
            runner.hold_entries(HOLD)
        self.rt.emit(
            BotReloadPending(
                bot=slot.name,
                ts=self.rt.now(),
                file=display_path(path),
                changed=changed,
                position=positions(runner),
            )
        )

    def check_pending(self) -> None:
        for name, (new, changed) in list(self.pending.items()):
            slot = self.rt.supervisor.slots.get(name)
            if slot is None or slot.state != "running":
                continue  # a restart or a stop comes first; the edit waits
            if flat(slot.runner):
                del self.pending[name]
                self.swap(slot, new, changed)
            elif not slot.runner.entries_held:  # a comparison with the broker released it
                slot.runner.hold_entries(HOLD)

    def _drop_pending(self, slot: BotSlot) -> None:
        if self.pending.pop(slot.name, None) is not None and slot.runner.entries_held == HOLD:
            slot.runner.hold_entries("")

    # ------------------------------------------------------------------ acting
    def swap(self, slot: BotSlot, new: LoadedBot, changed: list[str]) -> None:
        """The bot built anew from ``new`` around its state, as a supervisor restart does."""
        rt = self.rt
        old = slot.runner
        rt.engine.flush()  # the slice under way is decided by the bot that received it
        try:
            runner = rt._rebuild(new, old.broker)
            runner.adopt(old)
            runner.warm(recent_bars(rt, runner))
        except Exception as exc:
            old.broker.sink = old.on_broker_event  # the old bot keeps its broker's reports
            error = f"the edited bot could not be built: {type(exc).__name__}: {exc}"
            self._reject(slot.name, new.path, error)
            return
        runner.risk.config = new.config.risk  # new limits (shared guard: the day's count goes on)
        rt.engine.detach(old)
        rt.engine.attach(runner)
        for _, readers in rt.wiring.feeds:
            readers[:] = [runner if r is old else r for r in readers]
        slot.runner = runner
        slot.loaded = new
        rt.emit(
            BotReloaded(
                bot=slot.name,
                ts=rt.now(),
                file=display_path(new.path),
                when=new.config.reload.when,
                changed=changed,
                position=positions(runner),
                working_orders=sum(1 for r in runner.live.values() if not r.status.is_done),
            )
        )

    # ------------------------------------------------------------------ helpers
    def _slot_at(self, path: Path) -> BotSlot | None:
        real = path.resolve()
        for slot in self.rt.supervisor.slots.values():
            if slot.loaded.path.resolve() == real:
                return slot
        return None

    def _reject(
        self,
        bot: str,
        path: Path,
        error: str,
        restart_needed: bool = False,
        line: int | None = None,
    ) -> None:
        self.rt.emit(
            BotReloadRejected(
                bot=bot,
                ts=self.rt.now(),
                file=display_path(path),
                line=line,
                error=error,
                restart_needed=restart_needed,
            )
        )
