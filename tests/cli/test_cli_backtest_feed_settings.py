"""`runner backtest` honours the bot's own feed settings (timezone, bar_seconds, start, end);
the command line overrides them (issue 12 item 4: they used to be dropped, so naive New York
stamps were read as UTC and every trade shifted by 4 hours)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from runner.config.project import load_project
from runner.engine.backtest import FeedOverrides, backtest_feeds, run_backtest
from runner.plugins import registry
from runner_plugins.feeds.barfile import FeedDataError

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "runner_plugins" / "feeds" / "bundled"
BOT = ROOT / "strategies.d" / "gold_rsi_bb.yaml"  # trades GC, reads ZN


def naive_new_york(name: str, out: Path) -> None:
    """The bundled bars with their stamps written as New York wall-clock time, no offset."""
    frame = pd.read_csv(BUNDLED / f"{name}.csv.gz")
    local = pd.to_datetime(frame["timestamp"], utc=True).dt.tz_convert("America/New_York")
    frame["timestamp"] = local.dt.strftime("%Y-%m-%d %H:%M:%S")
    frame.to_csv(out / f"{name}.csv", index=False)


def bot_with_feed(tmp: Path, feed: str, name: str = "bot.yaml") -> Path:
    text = BOT.read_text()
    text, n = re.subn(r"(?m)^feed: .*$", f"feed: {feed}", text)
    assert n == 1
    path = tmp / name
    path.write_text(text)
    return path


def load(path: Path, base: Path):
    loaded = load_project([path, ROOT / "schedules"], base=base)
    assert not loaded.errors, [str(e) for e in loaded.errors]
    return loaded


@pytest.fixture(scope="module")
def ny_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ny")
    for name in ("GC", "ZN"):
        naive_new_york(name, out)
    return out


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory):
    project = load(BOT, tmp_path_factory.mktemp("ref"))
    return run_backtest(project.bots, registry(), schedules=project.schedules).bots[0]


def test_the_bots_timezone_reads_naive_stamps_right(ny_data, reference, tmp_path) -> None:
    bot = bot_with_feed(tmp_path, f"{{use: replay, timezone: America/New_York, data: {ny_data}}}")
    project = load(bot, tmp_path)
    (got,) = run_backtest(project.bots, registry(), schedules=project.schedules).bots
    assert len(reference.trades) > 10
    assert got.trades == reference.trades  # not shifted by 4 hours


def test_naive_stamps_without_a_timezone_are_refused(ny_data, reference, tmp_path) -> None:
    bot = bot_with_feed(tmp_path, f"{{use: replay, data: {ny_data}}}")
    project = load(bot, tmp_path)
    with pytest.raises(
        FeedDataError,
        match=r"GC\.csv: row 2: timestamp: '2013-10-06 20:00:00' has "
        r"no UTC offset and the feed states no timezone",
    ):
        run_backtest(project.bots, registry(), schedules=project.schedules)
    # --timezone states it for the bot
    (got,) = run_backtest(
        project.bots, registry(), schedules=project.schedules, timezone="America/New_York"
    ).bots
    assert got.trades == reference.trades


def test_the_command_line_overrides_the_bots_settings(ny_data, reference, tmp_path) -> None:
    bot = bot_with_feed(tmp_path, f"{{use: replay, timezone: Asia/Tokyo, data: {ny_data}}}")
    project = load(bot, tmp_path)
    (tokyo,) = run_backtest(project.bots, registry(), schedules=project.schedules).bots
    assert tokyo.trades != reference.trades  # the stated zone is used ...
    (ny,) = run_backtest(
        project.bots, registry(), schedules=project.schedules, timezone="America/New_York"
    ).bots
    assert ny.trades == reference.trades  # ... and --timezone wins over it


def test_start_and_end_come_from_the_bot_and_the_command_line_wins(tmp_path) -> None:
    plain = load(BOT, tmp_path)
    window = run_backtest(
        plain.bots,
        registry(),
        start=date(2013, 10, 8),
        end=date(2013, 10, 9),
        schedules=plain.schedules,
    ).bots[0]
    assert window.trades
    assert all(
        pd.Timestamp(t.entry_ts, tz="UTC").date() in (date(2013, 10, 8), date(2013, 10, 9))
        for t in window.trades
    )
    own = load(
        bot_with_feed(tmp_path, "{use: replay, start: 2013-10-08, end: 2013-10-09}"), tmp_path
    )
    (got,) = run_backtest(own.bots, registry(), schedules=own.schedules).bots
    assert got.trades == window.trades
    other = load(
        bot_with_feed(tmp_path, "{use: replay, start: 2013-10-10, end: 2013-10-11}", "b2.yaml"),
        tmp_path,
    )
    (over,) = run_backtest(
        other.bots,
        registry(),
        start=date(2013, 10, 8),
        end=date(2013, 10, 9),
        schedules=other.schedules,
    ).bots
    assert over.trades == window.trades


def test_bar_seconds_reaches_the_feed_and_the_command_line_wins(tmp_path) -> None:
    project = load(bot_with_feed(tmp_path, "{use: replay, bar_seconds: 120}"), tmp_path)
    (group,) = backtest_feeds(project.bots, registry(), FeedOverrides())
    assert group.feed.params.bar_seconds == 120
    (group,) = backtest_feeds(project.bots, registry(), FeedOverrides(bar_seconds=300))
    assert group.feed.params.bar_seconds == 300


@pytest.mark.slow
def test_the_command_exits_1_naming_file_and_row(ny_data, tmp_path) -> None:
    bot = bot_with_feed(tmp_path, f"{{use: replay, data: {ny_data}}}")
    env = {k: v for k, v in os.environ.items() if k != "RUNNER_PLUGINS"}
    exe = Path(sys.executable).parent / "runner"
    result = subprocess.run(
        [str(exe), "backtest", str(bot)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {ny_data / 'GC.csv'}: row 2: timestamp: ")
    helped = subprocess.run(
        [str(exe), "backtest", "--help"],
        env={**env, "COLUMNS": "200"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "overrides the bots' feed setting 'timezone'" in helped.stdout
