"""The safety settings a bot must write down rather than inherit.

A bot file that lost its tail (a bad copy, a truncated upload, a merge gone wrong) still
parses, and the model would fill what is missing with defaults: no daily loss limit and no
exits at all. For a live bot that is refused: ``mode: live`` must come with an explicit
``risk`` block holding ``max_daily_loss`` and with at least one exit that closes a losing
position on its own (``Exit.protects``). A paper bot gets the same findings as warnings, so
``runner validate`` still names what is missing before the bot goes live.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner.errors import ConfigError

if TYPE_CHECKING:
    from runner.config.botcheck import PluginSpec
    from runner.config.yamlload import Document

RISK_EXAMPLE = "risk: {max_position: 1, max_daily_loss: 1000, max_orders_per_minute: 20}"
PROTECTIVE = (
    "add one to exits: stop_target with a stop, trailing_stop, time_exit or flatten_at; "
    "a stop with trigger: close is only checked on bar closes, not placed at the broker, "
    "so it does not count"
)


def is_live(doc: Document) -> bool:
    data = doc.data
    return isinstance(data, dict) and data.get("mode") == "live"


def protects(spec: PluginSpec) -> bool:
    """Whether the exit says it closes a losing position on its own; a broken plugin does not."""
    check = getattr(spec.info.cls, "protects", None)
    if check is None:
        return False
    try:
        return bool(check(spec.params))
    except Exception:  # a third-party exit's own bug must not crash validate
        return False


def checked_exits(doc: Document, exits: list[PluginSpec]) -> list[PluginSpec] | None:
    """The exits when every one written was checked; None when some failed (their own
    errors say why, and "no protective exit" on top would be a guess)."""
    raw = doc.get(("exits",), [])
    return exits if isinstance(raw, list) and len(raw) == len(exits) else None


def safety_problems(doc: Document, exits: list[PluginSpec] | None) -> list[ConfigError]:
    """What the file leaves to defaults that remove a safety setting.

    Errors for a live bot, each at the ``mode: live`` line when the setting is absent
    altogether; warnings for a paper bot. ``exits`` are the bot's checked exit plugins
    (None when they could not be checked: their own errors are reported instead).
    """
    live = is_live(doc)
    out: list[ConfigError] = []

    def problem(path: tuple[str, ...], at: tuple[str, ...], message: str) -> None:
        line, col = doc.key_pos(at) if doc.has(at) else doc.value_pos(("mode",) if live else ())
        out.append(ConfigError(doc.file, line, col, ".".join(path), message))

    if not doc.has(("risk",)):
        lead = (
            "a live bot must state its risk limits; the defaults have no daily loss limit"
            if live
            else "not set; the bot runs with the defaults max_position 1, "
            "max_orders_per_minute 20 and no daily loss limit"
        )
        problem(("risk",), ("risk",), f"{lead} (add {RISK_EXAMPLE})")
    elif isinstance(doc.get(("risk",)), dict) and doc.get(("risk", "max_daily_loss")) is None:
        given = "null" if doc.has(("risk", "max_daily_loss")) else "not set"
        lead = (
            f"a live bot needs a daily loss limit; max_daily_loss is {given}"
            if live
            else f"{given}; the bot has no daily loss limit"
        )
        problem(("risk", "max_daily_loss"), ("risk",), f"{lead} (add max_daily_loss: DOLLARS)")
    if exits is not None and not any(protects(e) for e in exits):
        found = (
            f"none of its exits ({', '.join(sorted({e.name for e in exits}))}) closes a "
            "losing position on its own"
            if exits
            else "it has no exits"
        )
        lead = "a live bot needs a protective exit" if live else "no protective exit"
        problem(("exits",), ("exits",), f"{lead}; {found} ({PROTECTIVE})")
    return out
