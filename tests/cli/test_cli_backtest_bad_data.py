"""`runner backtest` on corrupt data: exit 1, one located line, no traceback (issue 12)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from runner.commands import backtest

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "runner_plugins" / "feeds" / "bundled"
BOT = ROOT / "strategies.d" / "gold_rsi_bb.yaml"  # trades GC, reads ZN

with gzip.open(BUNDLED / "GC.csv.gz", "rt") as _f:
    GC = _f.read().splitlines()


def _row(i: int, column: int, value: str) -> list[str]:
    lines = list(GC)
    fields = lines[i].split(",")
    fields[column] = value
    lines[i] = ",".join(fields)
    return lines


def _swap(i: int) -> list[str]:
    lines = list(GC)
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return lines


CASES = {
    "zero price": (_row(40, 3, "0"), rb"row 41: low: price 0\.0 is not above zero"),
    "negative price": (_row(40, 1, "-1313.3"), rb"row 41: open: price -1313\.3 is not above"),
    "nan": (_row(7, 4, "NaN"), rb"row 8: close: not a finite number: 'NaN'"),
    "inf": (_row(7, 2, "inf"), rb"row 8: high: not a finite number: inf"),
    "high below low": (_row(9, 2, "1300.0"), rb"row 10: high: high 1300\.0 is below low"),
    "out of order": (_swap(30), rb"row 32: timestamp: .* comes before the row above it"),
    "duplicate": (
        [*GC[:21], GC[20], *GC[21:]],
        rb"row 22: timestamp: two bars start at .*\(rows 21 and 22\)",
    ),
    "naive": (
        _row(5, 0, "2013-10-07 00:04:00"),
        rb"row 6: timestamp: '2013-10-07 00:04:00' has no",
    ),
    "dd/mm": (_row(5, 0, "07/10/2013 00:04"), rb"row 6: timestamp: '07/10/2013 00:04' reads as"),
    "row numbers": (
        [GC[0], *(f"{i}," + r.split(",", 1)[1] for i, r in enumerate(GC[1:]))],
        rb"row 2: timestamp: 0 read as epoch s is 1970-01-01",
    ),
}


@pytest.fixture
def app() -> typer.Typer:
    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def _root() -> None:
        """runner (test)"""

    backtest.register(app)
    return app


@pytest.mark.parametrize("case", sorted(CASES))
def test_corrupt_data_exits_1_naming_file_and_row(
    app: typer.Typer, case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines, message = CASES[case]
    (tmp_path / "GC.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "ZN.csv.gz").write_bytes((BUNDLED / "ZN.csv.gz").read_bytes())
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["backtest", str(BOT), "--data", str(tmp_path)])
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    out = result.output.encode()
    assert b"Traceback" not in out
    assert re.search(
        rb"error: " + re.escape(str(tmp_path / "GC.csv").encode()) + rb": " + message, out
    ), out


def test_a_spike_is_a_warning_by_default_and_an_error_when_asked(
    app: typer.Typer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = _row(100, 2, "131380.0")
    (tmp_path / "GC.csv").write_text("\n".join(lines) + "\n")
    (tmp_path / "ZN.csv.gz").write_bytes((BUNDLED / "ZN.csv.gz").read_bytes())
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["backtest", str(BOT), "--data", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "warning:" in result.output
    assert "1 row(s) with a price jump of more than 2x, first at row 101: high 131380.0" in (
        " ".join(result.output.split())
    )
    strict = tmp_path / "strict.yaml"
    strict.write_text(
        BOT.read_text().replace(
            "feed: replay ", f"feed: {{use: replay, on_jump: error, data: {tmp_path}}} ", 1
        )
    )
    result = CliRunner().invoke(app, ["backtest", str(strict)])
    assert result.exit_code == 1, result.output
    assert "row 101: high: price jump: high 131380.0" in " ".join(result.output.split())
