"""The ``reconcile:`` block of a bot: how often the bot is compared with its broker and
what happens when they differ.

The broker's account is the truth. The default, ``protect``, is fail-closed: the bot sends
no new entry until the difference is gone, and whatever the broker actually holds gets a
protective stop. ``adopt`` and ``flatten`` are the two ways a trader may choose to end a
difference at once instead.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import ConfigDict, Field, field_validator

from runner.api.base import Model
from runner.fielddocs import field_docs

MIN_EVERY_SECONDS = 5
MAX_EVERY_SECONDS = 3_600
DEFAULT_EVERY_SECONDS = 60
_EVERY = re.compile(r"^(\d+)(s|m)$")


@field_docs
class ReconcileConfig(Model):
    model_config = ConfigDict(extra="forbid")

    on_difference: Literal["protect", "adopt", "flatten"] = "protect"
    """What a difference between the bot and its broker leads to. Every choice first books
    the broker's position as the bot's (so nothing sent later invents a position).
    ``protect`` (the default): an alert, a stop for the whole position the broker holds,
    and no new entries until a later comparison finds the bot and the broker agreeing with
    that position closed. ``adopt``: the position is the bot's, with a stop, and the bot
    trades on. ``flatten``: the position is closed at market and entries resume once a
    comparison sees the broker flat."""
    every: Annotated[int, Field(ge=MIN_EVERY_SECONDS, le=MAX_EVERY_SECONDS)] | str = (
        DEFAULT_EVERY_SECONDS
    )
    """How often the bot is compared with its broker while it runs, on the runner's clock:
    seconds (``60``) or ``30s`` / ``2m``; 5 s to 1 h. It is also compared at start and after
    every reconnect of its broker."""
    stop_ticks: int = Field(default=40, gt=0, le=10_000)
    """Distance in ticks from the last price of the protective stop given to a position the
    bot did not open itself (``protect``, ``adopt``), used when the bot's exits name no stop
    level of their own."""
    timeout: float = Field(default=10.0, ge=1.0, le=120.0)
    """Seconds to wait for the broker's answer; a comparison that gets none is "unknown",
    never "flat", and entries stay blocked until one succeeds."""

    @field_validator("every", mode="before")
    @classmethod
    def _every(cls, v: object) -> object:
        if isinstance(v, bool) or not isinstance(v, int | str):
            return v  # the field's own types refuse it
        if isinstance(v, str):
            m = _EVERY.match(v.strip())
            if not m:
                raise ValueError("every is seconds (60) or a number with s or m (30s, 2m)")
            v = int(m.group(1)) * (60 if m.group(2) == "m" else 1)
        if not MIN_EVERY_SECONDS <= v <= MAX_EVERY_SECONDS:
            raise ValueError(
                f"every must be between {MIN_EVERY_SECONDS} s and {MAX_EVERY_SECONDS} s, got {v} s"
            )
        return v

    @property
    def every_seconds(self) -> int:
        return int(self.every)
