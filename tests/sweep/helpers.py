"""Sweep files of the gold bot over the bundled week, and running ``runner`` in a child."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "strategies.d" / "gold_rsi_bb.yaml"

SMALL = f"""\
bot: {GOLD}
parameters:
  indicators.rsi.period: {{int: [7, 21], step: 7}}
  exits[0].stop.atr: {{choice: [1.5, 3.0]}}
method: grid
seed: 3
batch: 4
objective: {{metric: total_pnl, min_trades: 1}}
data: {{from: 2013-10-07, to: 2013-10-11}}
"""


def write(folder: Path, text: str, name: str = "tune.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def runner(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "runner", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
