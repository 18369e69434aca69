"""kill -9 of ``runner start`` on the shipped bots, again and again: does history trade twice?

Run: python bench/bench_resume.py [--kills 10] [--speed 3000] [--seed 1]

Runs the eight bots of ``strategies.d/`` on the bundled week (paper, replay paced at
``--speed``) in a fresh log folder, kills the process with SIGKILL after a random wall
delay, starts it again on the same folder, ``--kills`` times, then lets the last run play
to the end of the replay. Before each restart it reads the journal's last market time per
bot (its replay mark, its orders, its fills); afterwards it counts

* orders sent by a later run dated before that time (history traded twice: the issue saw
  1,772 over 10 crashes before replays resumed),
* orders with more fills than quantity, and fills booked twice,
* bots whose fills over all runs differ from one uninterrupted run (run in-process at
  speed 0 on the same bots),

and prints them with the wall time of each restart's catch-up.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def query(log_dir: Path, sql: str, args: tuple = ()) -> list[tuple]:
    db = sqlite3.connect(f"file:{(log_dir / 'journal.sqlite').resolve()}?mode=ro", uri=True)
    try:
        return db.execute(sql, args).fetchall()
    finally:
        db.close()


def reached(log_dir: Path) -> dict[str, int]:
    """Bot: the journal's last market time (mark, orders sent/changed/ended, fills)."""
    out: dict[str, int] = {}
    for sql in (
        "SELECT bot, ts FROM replay_marks",
        "SELECT bot, MAX(MAX(ts, COALESCE(updated, 0))) FROM orders GROUP BY bot",
        "SELECT bot, MAX(ts) FROM fills GROUP BY bot",
    ):
        for bot, ts in query(log_dir, sql):
            out[bot] = max(out.get(bot, 0), ts or 0)
    return out


def _subscribed(log_dir: Path) -> int:
    """How many runs have subscribed their feed so far."""
    path = log_dir / "market.jsonl"
    if not path.is_file():
        return 0
    return sum(1 for line in path.read_text().splitlines() if '"subscribed"' in line)


def story(log_dir: Path) -> dict[str, list[tuple]]:
    out: dict[str, list[tuple]] = {}
    for row in query(
        log_dir, "SELECT bot, ts, side, qty, price, reason FROM fills ORDER BY ts, rowid"
    ):
        out.setdefault(row[0], []).append(row[1:])
    return out


def uninterrupted(log_dir: Path) -> None:
    from runner.config.project import load_project
    from runner.plugins import registry
    from runner.runtime.runtime import Runtime, StartOptions

    reg = registry()
    project = load_project([REPO / "strategies.d", REPO / "schedules"], registry=reg, base=REPO)
    runtime = Runtime(project, StartOptions(log_dir=log_dir, speed=0, quiet=True), reg)
    asyncio.run(runtime.run())
    runtime.journal.close()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--kills", type=int, default=10)
    ap.add_argument("--speed", default="3000")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--min-wait", type=float, default=4.0)
    ap.add_argument("--max-wait", type=float, default=14.0)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    work = Path(tempfile.mkdtemp(prefix="bench-resume-"))
    logs = work / "logs"
    cmd = [sys.executable, "-m", "runner", "start", "--log-dir", str(logs)]
    cmd += ["--speed", args.speed, "--check-interval", "1"]
    env = {**os.environ, "COLUMNS": "200"}
    early_orders = 0
    points: list[dict[str, int]] = []
    for n in range(1, args.kills + 2):
        seq = dict(query(logs, "SELECT bot, MAX(seq) FROM orders GROUP BY bot")) if n > 1 else {}
        subscribed = _subscribed(logs)
        out = (work / f"run{n}.out").open("wb")
        began = time.monotonic()
        proc = subprocess.Popen(cmd, cwd=REPO, stdout=out, stderr=subprocess.STDOUT, env=env)
        if n <= args.kills:  # a random moment after this run has begun replaying
            while proc.poll() is None and _subscribed(logs) <= subscribed:
                time.sleep(0.1)
            time.sleep(rng.uniform(args.min_wait, args.max_wait))
            proc.send_signal(signal.SIGKILL)
        code = proc.wait(900)
        took = time.monotonic() - began
        if n > 1:
            before = points[-1]
            for bot, ts in before.items():
                rows = query(
                    logs,
                    "SELECT COUNT(*) FROM orders WHERE bot = ? AND seq > ? AND ts < ?",
                    (bot, seq.get(bot, 0), ts),
                )
                early_orders += rows[0][0]
        points.append(reached(logs))
        at = max(points[-1].values(), default=0)
        print(
            f"run {n}: exit {code}, {took:.1f} s, journal reached {time.strftime('%a %H:%M', time.gmtime(at / 1e9))} UTC"
        )
    over = query(
        logs,
        "SELECT COUNT(*) FROM (SELECT o.client_id FROM orders o JOIN fills f"
        " ON f.client_id = o.client_id GROUP BY o.client_id HAVING SUM(f.qty) > o.qty)",
    )[0][0]
    twice = query(
        logs,
        "SELECT COUNT(*) FROM (SELECT 1 FROM fills GROUP BY bot, session, client_id, fill_id"
        " HAVING COUNT(*) > 1)",
    )[0][0]
    whole = work / "whole"
    uninterrupted(whole)
    killed, clean = story(logs), story(whole)
    differ = sorted(b for b in set(killed) | set(clean) if killed.get(b) != clean.get(b))
    left = query(logs, "SELECT bot, symbol, SUM(side * qty) FROM fills GROUP BY bot, symbol")
    print(f"kills: {args.kills}, fills: {sum(len(v) for v in killed.values())}")
    print(f"orders dated before the journal's last market time: {early_orders}")
    print(f"orders with more fills than quantity: {over}; fills booked twice: {twice}")
    print(f"positions left: {[r for r in left if r[2]]}")
    print(f"bots whose fills differ from one uninterrupted run: {len(differ)} {differ}")
    print(f"(work folder: {work})")


if __name__ == "__main__":
    main()
