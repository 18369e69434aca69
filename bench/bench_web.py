"""The web dashboard's cost and speed with the eight shipped bots on the bundled replay.

    python bench/bench_web.py [--seconds 60] [--speed 1000]

Three runs of ``runner start`` on a copy of the project, each measured over the same
window of wall time once the replay is connected:

* ``plain``: no web app, the baseline;
* ``web``: ``--web`` with nobody watching;
* ``web + browser``: ``--web`` with the page open in headless Chromium (system package,
  driven by Playwright), which receives every event and a snapshot at least each second.

For each: the runner process's CPU time over the window (user + system, in % of one core).
For the browser run also the update latency: for every event shown, the page's clock when
its line went into the page minus the runner's clock when the event was emitted (one
machine, one clock), as median, 95th percentile and maximum.
"""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def start(root: Path, speed: str, web: bool) -> tuple[subprocess.Popen[bytes], Path]:
    for name in ("strategies.d", "schedules"):
        shutil.copytree(REPO / name, root / name)
    out = root / "output.txt"
    args = [sys.executable, "-m", "runner", "start", "--speed", speed, "--check-interval", "1"]
    if web:
        args += ["--web", "127.0.0.1:0"]
    with out.open("wb") as f:
        proc = subprocess.Popen(args, cwd=root, stdout=f, stderr=subprocess.STDOUT)
    return proc, out


def wait_connected(proc: subprocess.Popen[bytes], out: Path, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while "CONNECTED" not in out.read_text(errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the runner did not start:\n{out.read_text()[-2000:]}")
        time.sleep(0.1)


def cpu(proc: psutil.Process) -> float:
    t = proc.cpu_times()
    return t.user + t.system


def stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()


def measure(mode: str, seconds: float, speed: str) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        root = Path(tmp)
        proc, out = start(root, speed, web=mode != "plain")
        browser = None
        try:
            wait_connected(proc, out)
            delays: list[float] = []
            if mode == "web + browser":
                from playwright.sync_api import sync_playwright

                play = sync_playwright().start()
                browser = play.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
                page = browser.new_page()
                page.add_init_script("window.runnerDelays = []")
                info = json.loads((root / "var" / "web.json").read_text())
                token = (root / "var" / "web-token").read_text().strip()
                page.goto(f"{info['url']}/#token={token}")
                page.wait_for_selector("#link.live")
            p = psutil.Process(proc.pid)
            before, t0 = cpu(p), time.monotonic()
            time.sleep(seconds)
            used, wall = cpu(p) - before, time.monotonic() - t0
            if browser is not None:
                delays = page.evaluate("window.runnerDelays")
                browser.close()
                play.stop()
                browser = None
            result = {"cpu_pct": 100 * used / wall, "events": float(len(delays))}
            if delays:
                ordered = sorted(delays)
                result.update(
                    median_ms=statistics.median(ordered),
                    p95_ms=ordered[int(0.95 * (len(ordered) - 1))],
                    max_ms=ordered[-1],
                )
            return result
        finally:
            if browser is not None:
                browser.close()
            stop(proc)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=60.0, help="measured wall seconds per run")
    ap.add_argument("--speed", default="1000", help="replay speed (market seconds per second)")
    args = ap.parse_args()
    print(f"8 bots, bundled replay at --speed {args.speed}, {args.seconds:g} s measured per run")
    print(f"{'run':<15} {'CPU % of a core':>16} {'events':>7} {'median':>8} {'p95':>8} {'max':>8}")
    for mode in ("plain", "web", "web + browser"):
        r = measure(mode, args.seconds, args.speed)
        lat = (
            f"{r['median_ms']:7.1f}ms {r['p95_ms']:7.1f}ms {r['max_ms']:7.1f}ms"
            if "median_ms" in r
            else ""
        )
        print(f"{mode:<15} {r['cpu_pct']:16.1f} {int(r['events']):7d} {lat}", flush=True)


if __name__ == "__main__":
    main()
