"""A backtest without the replay feed is a broken installation: exit 2, one line."""

from __future__ import annotations

import pytest

from runner.engine.backtest import ReplayNotInstalled, replay_feed


class NoPlugins:
    """A registry in which nothing is installed."""

    def get(self, kind: object, name: str) -> None:
        return None


def test_a_missing_replay_feed_is_a_broken_installation() -> None:
    with pytest.raises(ReplayNotInstalled) as info:
        replay_feed(NoPlugins(), None)
    assert info.value.exit_code == 2
    assert "not installed" in str(info.value) and "\n" not in str(info.value)
