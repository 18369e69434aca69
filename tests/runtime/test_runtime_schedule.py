"""A bot with a schedule trades only inside its window and is flat at its flatten time."""

from __future__ import annotations

from datetime import UTC, datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

from runtime_support import events, fills_of, run_in_process, write_bot

from runner.plugins import registry

NY = ZoneInfo("America/New_York")
OPEN, FLATTEN, CLOSE = time(8, 20), time(13, 25), time(13, 30)  # cme_metals_day


def _ny(ts: int) -> datetime:
    return datetime.fromtimestamp(ts / 1e9, UTC).astimezone(NY)


def test_scheduled_bot_trades_inside_its_window_and_flattens_at_its_flatten_time(
    project_dir: Path,
) -> None:
    bot = write_bot(project_dir, "day_gold", schedule="cme_metals_day")
    logs = project_dir / "logs"
    run_in_process(project_dir, [bot], logs, registry())

    fills = fills_of(logs, "day_gold")
    days = sorted({_ny(f[5]).date() for f in fills})
    assert len(days) == 5  # Monday 2013-10-07 to Friday 2013-10-11
    position = 0
    for _cid, _sym, side, qty, _px, ts, reason in fills:
        when = _ny(ts)
        assert when.weekday() < 5
        assert OPEN <= when.time() < CLOSE, (when, reason)
        if reason == "entry":
            assert when.time() < FLATTEN, when
        position += side * qty
        if when.time() >= FLATTEN:
            assert reason == "window_end" and position == 0, (when, reason, position)

    # flat at every day's flatten time: the last fill of each day leaves no position
    by_day: dict = {}
    pos = 0
    for _cid, _sym, side, qty, _px, ts, _reason in fills:
        pos += side * qty
        by_day[_ny(ts).date()] = pos
    assert set(by_day.values()) == {0}

    flattens = [e for e in events(logs, "orders", "flatten") if e["reason"] == "window_end"]
    assert flattens, "the bot never held a position into its flatten time"
    for e in flattens:
        assert datetime.fromisoformat(e["time"]).astimezone(NY).time() == FLATTEN
    opened = [
        datetime.fromisoformat(e["time"]).astimezone(NY)
        for e in events(logs, "system", "window_open")
    ]
    assert [t.time() for t in opened] == [OPEN] * 5
