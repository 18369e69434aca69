"""A tick file replays through the engine: its trades build the bars the bots need
(issue 12 item 5; a Trade used to crash the engine, which asked it for ``.end``)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from runner.config.project import load_project
from runner.engine.backtest import run_backtest
from runner.model import Bar
from runner.plugins import registry
from runner_plugins.feeds.replay import load_bars

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "runner_plugins" / "feeds" / "bundled"
BOT = ROOT / "strategies.d" / "gold_rsi_bb.yaml"  # trades GC, reads ZN


def ticks_of(name: str, out: Path) -> Path:
    """Four trades per bundled one-minute bar (open, high, low, close at :00 :15 :30 :45)
    whose sizes add up to the bar's volume: the bars built from them are the bundled ones."""
    frame = pd.read_csv(BUNDLED / f"{name}.csv.gz")
    stamps = pd.to_datetime(frame["timestamp"], utc=True)
    lines = ["timestamp,price,size"]
    for t, o, h, lo, c, v in zip(
        stamps, frame.open, frame.high, frame.low, frame.close, frame.volume, strict=True
    ):
        vol = int(v)
        sizes = [vol // 4] * 3 + [vol - 3 * (vol // 4)]
        for k, (price, size) in enumerate(zip((o, h, lo, c), sizes, strict=True)):
            when = (t + pd.Timedelta(seconds=15 * k)).isoformat()
            lines.append(f"{when},{price!r},{size}")
    path = out / f"{name}.csv"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def tick_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ticks")
    for name in ("GC", "ZN"):
        ticks_of(name, out)
    return out


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    loaded = load_project([BOT, ROOT / "schedules"], base=tmp_path_factory.mktemp("project"))
    assert not loaded.errors, [str(e) for e in loaded.errors]
    return loaded


def test_trades_build_the_bars_and_the_backtest_trades_as_on_the_bars(project, tick_dir) -> None:
    on_bars = run_backtest(project.bots, registry(), schedules=project.schedules)
    on_ticks = run_backtest(project.bots, registry(), data=tick_dir, schedules=project.schedules)
    # every bundled bar of GC and ZN was rebuilt from the trades, none more
    assert on_ticks.bars == on_bars.bars == len(load_bars("GC")) + len(load_bars("ZN"))
    (bars_bot,) = on_bars.bots
    (ticks_bot,) = on_ticks.bots
    assert len(bars_bot.trades) > 10
    # an order sent on a bar's close meets the next trade, as it meets the next bar's open
    assert ticks_bot.trades == bars_bot.trades
    assert ticks_bot.metrics.to_dict() == bars_bot.metrics.to_dict()


def test_bars_from_trades_reach_the_engine_with_their_full_content(project, tick_dir) -> None:
    from runner.engine.backtest import TradeBars
    from runner.engine.engine import Engine
    from runner_plugins.feeds.replay import ReplayFeed, ReplayParams

    feed = ReplayFeed(ReplayParams(data=str(tick_dir)))
    events = list(feed.replay(["GCZ3"], None, None))
    assert events and all(type(e).__name__ == "Trade" for e in events)
    built = list(TradeBars(Engine([]), {"GCZ3": 60}).bars(iter(events)))
    expected = [
        Bar("GCZ3", b.ts, b.end, b.open, b.high, b.low, b.close, b.volume) for b in load_bars("GC")
    ]
    assert built == expected
