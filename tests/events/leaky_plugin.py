"""A third-party plugin package that logs a credential through stdlib ``logging``.

Its logger is its own (``leaky_plugin``), as any installed plugin package's would be; the
runner must still take its records through the redacting path.
"""

from __future__ import annotations

import logging

from runner.api import Indicator, hookimpl
from runner.model import Bar

SECRET = "s3cr3t-T0ken-9f2a"
log = logging.getLogger(__name__)


class Leaky(Indicator):
    """Logs the secret on its first bar: in a message, in an argument, in a traceback."""

    name = "leaky"

    def __init__(self, params: Indicator.Params) -> None:
        super().__init__(params)
        self.value = float("nan")
        self.said = False

    def update(self, bar: Bar) -> None:
        self.value = bar.close
        if self.said:
            return
        self.said = True
        log.info("logging in with token %s", SECRET)
        log.warning("token %s is about to expire", SECRET)
        try:
            raise ValueError(f"server refused {SECRET}")
        except ValueError:
            log.exception("renewal failed")
        logging.getLogger("runner_plugins.rithmic.client").error("echo %s", SECRET)
        log.debug("a debug line with %s never reaches the logs", SECRET)


@hookimpl
def register_indicators() -> list[type[Indicator]]:
    return [Leaky]
