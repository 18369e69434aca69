"""A paper bot must not name a live broker.

``mode: paper`` promises that no order reaches a venue. A bot that says so while naming a
broker that trades at a venue (rithmic, ib) is ambiguous: it could mean "paper-trade the
venue's live data" or "trade there". Guessing either way is wrong for somebody, so the
file is refused at its ``broker:`` line with the two spellings that say what is meant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner.config.locate import located

if TYPE_CHECKING:
    from runner.config.botcheck import PluginSpec
    from runner.config.yamlload import Document
    from runner.errors import ConfigError


def simulates_fills(spec: PluginSpec) -> bool:
    """Whether the broker's class declares that it only simulates fills."""
    capabilities = getattr(spec.info.cls, "capabilities", None)
    return bool(getattr(capabilities, "simulated", False))


def check_mode_broker(doc: Document, broker: PluginSpec | None) -> list[ConfigError]:
    """The error of a ``mode: paper`` bot whose broker is not simulated, if it is one."""
    data = doc.data
    mode = data.get("mode", "paper") if isinstance(data, dict) else None
    if mode != "paper" or broker is None or simulates_fills(broker):
        return []
    name = broker.name
    return [
        located(
            doc,
            ("broker",),
            f"broker {name!r} sends orders to a real account, but the bot is mode: paper; "
            "to paper-trade live data keep the live feed and set broker: paper, or set "
            f"mode: live to trade through {name!r} (and start with --live)",
        )
    ]
