"""Plugins' stdlib ``logging`` records, taken into the run's own events.

Built-in and third-party plugins log through ``logging.getLogger(__name__)``. Left to
stdlib defaults those records reach no log file, and warnings go to stderr unredacted.
While a run lasts, the loggers of every plugin package instead hand their records (INFO
and above) to the run's event sink as :class:`~runner.events.PluginLog` events: redacted
here, written to ``system.jsonl`` by the JSON logs (which redact the whole line again),
and printed on the console and the dashboard from WARNING up (the routing table says so).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from runner.events import PluginLog

BUILTIN_PACKAGE = "runner_plugins"
CORE_PACKAGE = "runner"


class PluginLogHandler(logging.Handler):
    """Turns each record into a redacted ``PluginLog`` event for the run's sink."""

    def __init__(
        self,
        sink: Callable[[PluginLog], None],
        redact: Callable[[str], str],
        clock: Callable[[], int],
        level: int = logging.INFO,
    ) -> None:
        super().__init__(level)
        self.sink = sink
        self.redact = redact
        self.clock = clock
        self._busy = threading.local()  # a sink that logs must not loop back here

    def emit(self, record: logging.LogRecord) -> None:
        if getattr(self._busy, "on", False):
            return
        self._busy.on = True
        try:
            text = record.getMessage()
            if record.exc_info:
                text += "\n" + logging.Formatter().formatException(record.exc_info)
            elif record.exc_text:
                text += "\n" + record.exc_text
            if record.stack_info:
                text += "\n" + record.stack_info
            event = PluginLog(
                bot="",
                ts=self.clock(),
                logger=record.name,
                level=record.levelname,
                message=self.redact(text),
            )
            self.sink(event)
        except Exception:
            self.handleError(record)
        finally:
            self._busy.on = False


def plugin_packages(modules: Iterable[str]) -> tuple[str, ...]:
    """The top-level packages of the given plugin modules, built-ins always, core never."""
    found = {BUILTIN_PACKAGE}
    for module in modules:
        top = module.partition(".")[0]
        if top and top != CORE_PACKAGE:
            found.add(top)
    return tuple(sorted(found))


@contextlib.contextmanager
def capture_plugin_logs(
    handler: PluginLogHandler, packages: Iterable[str] = (BUILTIN_PACKAGE,)
) -> Iterator[PluginLogHandler]:
    """For the duration of a run, the packages' loggers log into ``handler`` only.

    Their level is lowered to the handler's (INFO) and propagation to the root logger is
    cut, so a record is neither lost below the root's WARNING nor printed twice, raw, by
    stdlib's last-resort handler. Everything is put back on exit.
    """
    saved: list[tuple[logging.Logger, int, bool]] = []
    for name in packages:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level, logger.propagate))
        logger.addHandler(handler)
        if logger.level == logging.NOTSET or logger.level > handler.level:
            logger.setLevel(handler.level)
        logger.propagate = False
    try:
        yield handler
    finally:
        for logger, level, propagate in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate


def capture_for_run(runtime: Any, modules: Iterable[str]) -> AbstractContextManager[Any]:
    """The capture ``runner start`` installs around a run: the loggers of the packages
    of ``modules`` (the plugin classes' modules) into the runtime's sink, through its
    redactor, stamped with its clock."""
    handler = PluginLogHandler(runtime.emit, runtime.redactor, runtime.now)
    return capture_plugin_logs(handler, plugin_packages(modules))
