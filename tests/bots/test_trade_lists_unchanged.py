"""The trade list and metrics of every shipped bot on the bundled data, byte for byte.

``golden/`` was written by ``runner backtest --report`` before the core was reorganised
into model, orders and runtime packages (commit 2f5da0c). A refactor must leave both files
identical; a change of a trading rule on purpose rewrites them in the same commit and says
so in its message.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).with_name("golden")


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "report"
    proc = subprocess.run(
        [sys.executable, "-m", "runner", "backtest", "--report", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    return out


@pytest.mark.parametrize("name", ["trades.csv", "metrics.json"])
def test_report_is_byte_identical_to_the_golden_one(report: Path, name: str) -> None:
    got, want = (report / name).read_text(), (GOLDEN / name).read_text()
    if got != want:
        diff = [
            f"- {w}\n+ {g}"
            for w, g in zip(want.splitlines(), got.splitlines(), strict=False)
            if w != g
        ]
        pytest.fail(f"{name} differs from tests/bots/golden/{name}:\n" + "\n".join(diff[:10]))


def test_the_golden_list_covers_every_shipped_bot() -> None:
    bots = {line.split(",")[0] for line in (GOLDEN / "trades.csv").read_text().splitlines()[1:]}
    shipped = {p.stem for p in (ROOT / "strategies.d").glob("*.yaml")}
    assert bots == shipped  # every bot of strategies.d trades on the bundled data
