"""Does the event loop keep up with hundreds of bots? Heartbeat, Ctrl-C and CPU per bot count.

Run: python bench/bench_loop.py [--bots 50,100,200,400] [--seconds 20] [--processes 400]

For each bot count and each phase, one fresh process runs the real Runtime (journal,
JSON-lines logs, supervision, heartbeat every second, paper brokers) on the bundled replay
with the bots of ``bench_scale.py`` (ten instruments, a tenth of the bots on each), and a
real SIGINT is sent to it by a timer thread:

* ``startup``: the SIGINT comes 0.3 s into ``Runtime.run``, while the bots are built,
  recovered and the feed opened;
* ``paced``: the replay at 1500 market seconds per wall second; SIGINT after ``--seconds``;
* ``full``: the replay as fast as the engine takes it; SIGINT after ``--seconds``.

Measured: how late each heartbeat came (p50/p99/max), the longest stall of the loop seen by
a probe task that wakes every 50 ms from before the runtime starts (so startup counts too),
the time from the SIGINT to the ``shutdown`` event (the runtime closed the feeds and begins
to flatten), the time to the end of the run, and the process's CPU use (user + system over
wall time; 100 % is one core).

``--processes N`` adds rows for ``runner start --processes`` with N bots (one process each,
the parent forwarding SIGINT): the time from SIGINT until every child's journal run is
closed, and the machine's memory that many processes take.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_scale import REPO, bot_document

PACED_SPEED = 1500.0
PROBE = 0.05  # seconds between the probe's wake-ups


def _pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))]


def write_bots(work: Path, bots: int) -> Path:
    shutil.copytree(REPO / "schedules", work / "schedules")
    folder = work / "strategies.d"
    folder.mkdir()
    for i in range(bots):
        (folder / f"bot{i:03d}.yaml").write_text(bot_document(i))
    return folder


def child(bots: int, phase: str, seconds: float) -> dict[str, Any]:
    """One runner in this process; SIGINT from a timer thread; returns the measurements."""
    import psutil

    from runner.config.project import load_project
    from runner.events import Shutdown, Stopping
    from runner.plugins import registry
    from runner.runtime.runtime import Runtime, StartOptions

    proc = psutil.Process()
    work = Path(tempfile.mkdtemp(prefix="bench_loop_"))
    try:
        folder = write_bots(work, bots)
        reg = registry()
        project = load_project([folder, work / "schedules"], registry=reg, base=work)
        if project.errors:
            raise SystemExit("\n".join(str(e) for e in project.errors))
        speed = {"paced": PACED_SPEED, "full": 0.0, "startup": 0.0}[phase]
        opts = StartOptions(log_dir=work / "logs", speed=speed, check_interval=1.0, quiet=True)
        rt = Runtime(project, opts, reg)
        marks: dict[str, float] = {}
        bars = [0]

        def seen(event: Any) -> None:
            if isinstance(event, Stopping) and "stopping" not in marks:
                marks["stopping"] = time.monotonic()
            if isinstance(event, Shutdown) and "shutdown" not in marks:
                marks["shutdown"] = time.monotonic()

        rt.emit.sinks.append(seen)
        take = rt.market.bar

        def counted(bar: Any) -> None:
            if "first_bar" not in marks:
                marks["first_bar"] = time.monotonic()
            bars[0] += 1
            take(bar)

        rt.market.bar = counted  # type: ignore[method-assign]
        stalls: list[float] = []

        async def probe(done: asyncio.Event) -> None:
            while not done.is_set() and "sigint" not in marks:  # the shutdown is not counted
                due = time.monotonic() + PROBE
                await asyncio.sleep(PROBE)
                stalls.append(time.monotonic() - due)

        def interrupt() -> None:
            marks["sigint"] = time.monotonic()
            os.kill(os.getpid(), signal.SIGINT)

        async def main() -> int:
            done = asyncio.Event()
            watcher = asyncio.create_task(probe(done))
            marks["run"] = time.monotonic()
            delay = 0.3 if phase == "startup" else seconds
            timer = threading.Timer(delay, interrupt)
            timer.start()
            try:
                return await rt.run()
            finally:
                timer.cancel()
                marks["end"] = time.monotonic()
                done.set()
                await watcher

        cpu0 = proc.cpu_times()
        wall0 = time.monotonic()
        code = asyncio.run(main())
        wall = time.monotonic() - wall0
        cpu1 = proc.cpu_times()
        cpu = (cpu1.user - cpu0.user) + (cpu1.system - cpu0.system)
        delays = list(rt.heartbeat_delays)
        stop = marks.get("sigint")
        return {
            "bots": bots,
            "phase": phase,
            "exit": code,
            "bars": bars[0],
            "bars_per_s": bars[0] / (stop - marks["first_bar"])
            if stop and marks.get("first_bar", stop) < stop
            else None,
            "heartbeats": len(delays),
            "hb_p50": _pct(delays, 0.5),
            "hb_p99": _pct(delays, 0.99),
            "hb_max": max(delays) if delays else None,
            "stall_max": max(stalls) if stalls else None,
            "sigint_to_stopping": marks["stopping"] - stop
            if stop and "stopping" in marks
            else None,
            "sigint_to_shutdown": marks["shutdown"] - stop
            if stop and "shutdown" in marks
            else None,
            "sigint_to_exit": marks["end"] - stop if stop else None,
            "cpu_pct": 100 * cpu / wall,
            "wall": wall,
            "stopped_by": rt.stop_reason,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run_child(bots: int, phase: str, seconds: float) -> dict[str, Any]:
    out = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            phase,
            "--bots",
            str(bots),
            "--seconds",
            str(seconds),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=900,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def run_processes(bots: int, seconds: float) -> dict[str, Any]:
    """``runner start --processes`` with ``bots`` bots, SIGINT after ``seconds``."""
    import psutil

    work = Path(tempfile.mkdtemp(prefix="bench_loop_p_"))
    try:
        folder = write_bots(work, bots)
        logs = work / "logs"
        cmd = [sys.executable, "-m", "runner", "start", str(folder), "--processes"]
        cmd += ["--speed", str(PACED_SPEED), "--log-dir", str(logs), "--check-interval", "1"]
        parent = subprocess.Popen(
            cmd, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        ps = psutil.Process(parent.pid)
        cpu_start: dict[int, float] = {}
        t0 = time.monotonic()
        rss = 0
        while time.monotonic() - t0 < seconds:
            time.sleep(1.0)
            total = 0
            for p in [ps, *ps.children(recursive=True)]:
                try:
                    total += p.memory_info().rss
                    if p.pid not in cpu_start:
                        t = p.cpu_times()
                        cpu_start[p.pid] = t.user + t.system
                except psutil.Error:
                    pass
            rss = max(rss, total)
        cpu_used = 0.0
        for p in [ps, *ps.children(recursive=True)]:
            try:
                t = p.cpu_times()
                cpu_used += t.user + t.system - cpu_start.get(p.pid, 0.0)
            except psutil.Error:
                pass
        window = time.monotonic() - t0
        sig = time.monotonic()
        parent.send_signal(signal.SIGINT)
        code = parent.wait(timeout=900)
        return {
            "bots": bots,
            "phase": "processes",
            "exit": code,
            "sigint_to_exit": time.monotonic() - sig,
            "rss_total_mib": rss / 2**20,
            "cpu_pct": 100 * cpu_used / window,
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _ms(v: float | None) -> str:
    return "-" if v is None else f"{1000 * v:,.0f}"


def _rate(v: float | None) -> str:
    return "-" if v is None else f"{v:,.0f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--bots", default="50,100,200,400")
    ap.add_argument("--phases", default="startup,paced,full")
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--processes", type=int, default=0, help="bots for a --processes row")
    ap.add_argument("--child", default="", help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.child:
        print(json.dumps(child(int(a.bots), a.child, a.seconds)))
        return
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")
    print(
        "| bots | phase | heartbeat late p50 / p99 / max (ms) | loop stall max (ms) "
        "| SIGINT -> stopping said / shutdown begun (ms) | SIGINT -> exit (s) | CPU % "
        "| market bars/s | exit |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for bots in [int(b) for b in a.bots.split(",")]:
        for phase in a.phases.split(","):
            r = run_child(bots, phase, a.seconds)
            hb = f"{_ms(r['hb_p50'])} / {_ms(r['hb_p99'])} / {_ms(r['hb_max'])}"
            if not r["heartbeats"]:
                hb = "- (stopped before the first beat)"
            print(
                f"| {bots} | {phase} | {hb} | {_ms(r['stall_max'])} "
                f"| {_ms(r['sigint_to_stopping'])} / {_ms(r['sigint_to_shutdown'])} "
                f"| {r['sigint_to_exit']:.1f} "
                f"| {r['cpu_pct']:.0f} | {_rate(r['bars_per_s'])} | {r['exit']} |",
                flush=True,
            )
    if a.processes:
        r = run_processes(a.processes, a.seconds)
        print(
            f"| {a.processes} | --processes, paced | (one process per bot) | - | - "
            f"| {r['sigint_to_exit']:.1f} | {r['cpu_pct']:.0f} | - | {r['exit']} |"
        )
        print(f"--processes: {a.processes} processes took {r['rss_total_mib']:,.0f} MiB RSS")
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}")


if __name__ == "__main__":
    main()
