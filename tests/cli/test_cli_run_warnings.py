"""What validate warns about a valid bot is said by the commands that run it, too: a paper
bot whose file lost its risk block still backtests, and stderr says what it runs without."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BOT = ROOT / "strategies.d" / "gold_rsi_bb.yaml"


def test_backtest_says_a_paper_bot_runs_without_its_risk_limits(tmp_path: Path) -> None:
    text = BOT.read_text()
    start = text.index("\nrisk:\n")
    end = text.index("\n\n", start + 1)
    bot = tmp_path / "gold_rsi_bb.yaml"
    bot.write_text(text[:start] + text[end:])
    done = subprocess.run(
        [sys.executable, "-m", "runner", "backtest", str(bot), "--to", "2013-10-08"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning: ")]
    assert any(str(bot) in w and "risk" in w for w in warnings), done.stderr
    assert "Traceback" not in done.stderr
