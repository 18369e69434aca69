"""``runner start --metrics``: a real run of the bundled replay, scraped over HTTP.

The text is parsed with Prometheus' own parser; every family must be there with its
labels, and the order and PnL figures must move once the bot has filled.
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

REPO = Path(__file__).resolve().parents[2]

BOT = """\
schema_version: 1
name: {name}
mode: paper
instruments:
  main: {{root: {root}}}
bar_size: 1m
timezone: America/New_York
feed: replay
broker: paper
indicators:
  fast: {{use: sma, period: 3}}
  slow: {{use: sma, period: 8}}
signals:
  - use: rule
    long: "cross_above(fast, slow)"
    short: "cross_below(fast, slow)"
exits:
  - {{use: stop_target, stop: {{ticks: 30}}, target: {{ticks: 60}}}}
"""

FAMILIES = {
    # name as parsed: (type, label names)
    "runner_equity_dollars": ("gauge", {"bot"}),
    "runner_pnl_dollars": ("gauge", {"bot"}),
    "runner_pnl_today_dollars": ("gauge", {"bot"}),
    "runner_pnl_open_dollars": ("gauge", {"bot"}),
    "runner_position_contracts": ("gauge", {"bot", "symbol"}),
    "runner_bot_state": ("gauge", {"bot", "state"}),
    "runner_bot_halted": ("gauge", {"bot"}),
    "runner_bot_restarts": ("counter", {"bot"}),
    "runner_orders_sent": ("counter", {"bot", "symbol"}),
    "runner_orders_filled": ("counter", {"bot", "symbol"}),
    "runner_orders_rejected": ("counter", {"bot", "symbol"}),
    "runner_feed_staleness_seconds": ("gauge", {"bot", "symbol"}),
    "runner_reconnects": ("counter", {"bot", "role", "source"}),
    "runner_event_loop_lag_seconds": ("gauge", {"window"}),
    "runner_heartbeat_lateness_seconds": ("gauge", set()),
    "runner_heartbeats": ("counter", set()),
    "runner_notifications": ("counter", {"notifier", "outcome"}),
}


def scrape(url: str) -> dict[str, list[tuple[dict[str, str], float, str]]]:
    """Family name: (labels, value, sample name) of every sample."""
    with urllib.request.urlopen(url, timeout=30) as resp:
        assert resp.status == 200
        assert resp.headers["Content-Type"].startswith("text/plain")
        text = resp.read().decode()
    out: dict[str, list[tuple[dict[str, str], float, str]]] = {}
    types: dict[str, str] = {}
    for fam in text_string_to_metric_families(text):
        types[fam.name] = fam.type
        out[fam.name] = [(s.labels, s.value, s.name) for s in fam.samples]
    out["__types__"] = [({k: v}, 0.0, "") for k, v in types.items()]
    return out


def value(fams: dict, family: str, **labels: str) -> float:
    for got, v, name in fams[family]:
        if name.endswith("_created"):
            continue
        if all(got.get(k) == want for k, want in labels.items()):
            return v
    raise AssertionError(f"no sample {family}{labels} in {fams.get(family)}")


def wait(check, timeout: float, what: str, proc: subprocess.Popen) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        got = check()
        if got:
            return got
        if proc.poll() is not None:
            pytest.fail(f"runner exited {proc.returncode} while waiting for {what}")
        time.sleep(0.1)
    pytest.fail(f"timed out after {timeout}s waiting for {what}")


@pytest.mark.slow
def test_metrics_of_a_running_replay_over_http(tmp_path: Path) -> None:
    shutil.copytree(REPO / "schedules", tmp_path / "schedules")
    (tmp_path / "strategies.d").mkdir()
    for name, root in (("gc_cross", "GC"), ("cl_cross", "CL")):
        (tmp_path / "strategies.d" / f"{name}.yaml").write_text(BOT.format(name=name, root=root))
    out = tmp_path / "run.out"
    args = ["start", "strategies.d", "--log-dir", "logs", "--speed", "1200"]
    args += ["--check-interval", "0.5", "--metrics", "127.0.0.1:0"]
    with out.open("wb") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "runner", *args],
            cwd=tmp_path,
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    try:
        found = wait(
            lambda: re.search(r"metrics on (http://\S+/metrics)", out.read_text()),
            120,
            "the metrics address",
            proc,
        )
        assert isinstance(found, re.Match)
        url = found.group(1)

        # the port opens before the bots are built: a scrape then is valid, and empty
        def built() -> dict | None:
            fams = scrape(url)
            return fams if len(fams["runner_equity_dollars"]) == 2 else None

        first = wait(built, 120, "both bots in the metrics", proc)
        assert isinstance(first, dict)
        types = {k: v for labels, _, _ in first["__types__"] for k, v in labels.items()}
        for family, (kind, labels) in FAMILIES.items():
            assert types.get(family) == kind, (family, types.get(family))
            for got, _, _ in first[family]:
                assert set(got) == labels, (family, got)
        for bot, symbol in (("gc_cross", "GCV3"), ("cl_cross", "CLX3")):
            assert value(first, "runner_bot_state", bot=bot, state="running") == 1.0
            assert value(first, "runner_bot_state", bot=bot, state="down") == 0.0
            assert value(first, "runner_equity_dollars", bot=bot) > 0
            for fam in ("runner_orders_sent", "runner_orders_filled", "runner_position_contracts"):
                value(first, fam, bot=bot, symbol=symbol)  # present from the start
            value(first, "runner_feed_staleness_seconds", bot=bot, symbol=symbol)
        assert {lab["window"] for lab, _, _ in first["runner_event_loop_lag_seconds"]} == {
            "latest",
            "peak",
        }

        def filled() -> dict | None:
            fams = scrape(url)
            n = value(fams, "runner_orders_filled", bot="gc_cross", symbol="GCV3")
            beats = value(fams, "runner_heartbeats")
            return fams if n >= 1 and beats >= 1 else None

        later = wait(filled, 240, "a fill of gc_cross in the metrics", proc)
        assert isinstance(later, dict)
        sent = value(later, "runner_orders_sent", bot="gc_cross", symbol="GCV3")
        fills = value(later, "runner_orders_filled", bot="gc_cross", symbol="GCV3")
        assert sent >= fills >= 1
        # a fill pays commission: the bot's PnL is no longer zero, its equity moved with it
        pnl = value(later, "runner_pnl_dollars", bot="gc_cross")
        equity = value(later, "runner_equity_dollars", bot="gc_cross")
        assert pnl != 0.0
        assert equity == pytest.approx(value(first, "runner_equity_dollars", bot="gc_cross") + pnl)
        assert value(later, "runner_feed_staleness_seconds", bot="gc_cross", symbol="GCV3") < 600
        assert value(later, "runner_heartbeat_lateness_seconds") >= 0.0

        # not the metrics path: refused, and the server goes on answering
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(url.removesuffix("metrics") + "elsewhere", timeout=30)
        assert err.value.code == 404
        assert scrape(url)["runner_equity_dollars"]

        proc.send_signal(signal.SIGINT)
        assert proc.wait(120) == 0, out.read_text()[-3000:]
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
