"""What a feed or a broker can do, declared once on its class.

The core reads these declarations and never a plugin's name or private attributes: a
third-party broker that keeps brackets at the exchange says so here and is treated exactly
like a built-in one that does.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class FeedCapabilities:
    streams: bool = True
    """``connect`` + ``subscribe`` deliver live events into the sink."""
    replays_history: bool = False
    """``replay`` yields stored history; a stream from such a feed starts at the beginning of
    its data, so it needs no warm-up from ``history``."""
    stale_watch: bool = False
    """The feed notices a silent market itself and calls its ``on_stale`` callbacks."""
    session_check: bool = False
    """The feed asks the core, through ``session_check``, whether a silence is expected."""
    paced: bool = False
    """The stream is paced by the feed's own clock: ``wait()`` returns when it has ended."""
    resumes: bool = False
    """A replay that can begin at a market time (``start_at``) and names the data it replays
    (``source_id``): a crashed paper replay resumes where it stood instead of trading its
    history again."""


@dataclass(frozen=True, slots=True)
class BrokerCapabilities:
    native_brackets: bool = False
    """Stop and target are held by the broker as one-cancels-other children of the entry."""
    multi_leg: bool = False
    """``submit_many`` sends the legs of one trade together."""
    simulated: bool = False
    """Fills come from the engine's own market data (a paper broker), not from a venue."""
    restores_orders: bool = False
    """A simulated broker that takes back a crashed run's working orders itself through
    ``restore``; without it recovery hands them over one by one. (A live broker is always
    told, through ``restore``, which of the venue's working orders are this bot's.)"""
