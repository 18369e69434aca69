"""A backtest whose window holds no bars of a traded symbol names what the data covers and
fails, instead of printing "0 bars" and all zeros (issue 12 item 7)."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from runner.config.project import load_project
from runner.engine.backtest import NoBarsInRange, run_backtest
from runner.plugins import registry

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "runner_plugins" / "feeds" / "bundled"
BOT = ROOT / "strategies.d" / "gold_rsi_bb.yaml"  # trades GC, reads ZN


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory):
    base = tmp_path_factory.mktemp("project")
    loaded = load_project([BOT, ROOT / "schedules"], base=base)
    assert not loaded.errors, [str(e) for e in loaded.errors]
    return loaded


def test_a_window_after_the_data_names_the_range_per_symbol(project) -> None:
    with pytest.raises(NoBarsInRange) as caught:
        run_backtest(
            project.bots,
            registry(),
            start=date(2030, 1, 1),
            end=date(2030, 1, 31),
            schedules=project.schedules,
        )
    assert str(caught.value) == (
        "no bars of GCG0 (bot gold_rsi_bb) from 2030-01-01 to 2030-01-31; the data "
        f"({BUNDLED / 'GC.csv.gz'}) covers GCG0 from 2013-10-07 00:00 to 2013-10-11 21:15 UTC; "
        "no bars of ZNH0 (bot gold_rsi_bb) from 2030-01-01 to 2030-01-31; the data "
        f"({BUNDLED / 'ZN.csv.gz'}) covers ZNH0 from 2013-10-06 22:00 to 2013-10-11 21:00 UTC; "
        "nothing was tested"
    )


def test_one_instrument_without_bars_in_the_window(project, tmp_path: Path) -> None:
    """GC has the whole week, ZN only its first two days: from Oct 9 only ZN is named."""
    with gzip.open(BUNDLED / "GC.csv.gz", "rt") as f:
        (tmp_path / "GC.csv").write_text(f.read())
    with gzip.open(BUNDLED / "ZN.csv.gz", "rt") as f:
        rows = f.read().splitlines()
    kept = [rows[0], *(r for r in rows[1:] if r < "2013-10-08T")]
    (tmp_path / "ZN.csv").write_text("\n".join(kept) + "\n")
    with pytest.raises(NoBarsInRange) as caught:
        run_backtest(
            project.bots,
            registry(),
            data=tmp_path,
            start=date(2013, 10, 9),
            schedules=project.schedules,
        )
    assert str(caught.value) == (
        "no bars of ZNZ3 (bot gold_rsi_bb) from 2013-10-09 on; the data "
        f"({tmp_path / 'ZN.csv'}) covers ZNZ3 from 2013-10-06 22:00 to 2013-10-08 00:00 UTC; "
        "nothing was tested"
    )
    # inside the data's range the same backtest runs
    ok = run_backtest(
        project.bots,
        registry(),
        data=tmp_path,
        start=date(2013, 10, 7),
        end=date(2013, 10, 7),
        schedules=project.schedules,
    )
    assert ok.bars > 0


@pytest.mark.slow
def test_the_command_exits_1_with_one_line(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "RUNNER_PLUGINS"}
    exe = Path(sys.executable).parent / "runner"
    result = subprocess.run(
        [str(exe), "backtest", str(BOT), "--to", "2001-01-01"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: no bars of GCZ3 (bot gold_rsi_bb) up to 2001-01-01; ")
    assert "covers GCZ3 from 2013-10-07 00:00 to 2013-10-11 21:15 UTC;" in lines[0]
    assert lines[0].endswith("; nothing was tested")
