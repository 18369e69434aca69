"""The ``replay`` connection profile: where a replay feed finds its bar files.

Registered like a venue's profile, so a project can keep its data directory in
connections.yaml (``feed: {use: replay, connection: hist}``) rather than in every bot.
"""

from __future__ import annotations

from typing import Literal

from runner.api.connection import ConnectionProfile


class ReplayProfile(ConnectionProfile):
    """Historical data on disk (CSV/Parquet) replayed as a feed."""

    kind: Literal["replay"]
    data_dir: str | None = None
