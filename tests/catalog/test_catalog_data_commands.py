"""`runner data list`, `check` and `continuous` on synthetic contracts, values checked by hand."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from typer.testing import CliRunner

from runner.catalog import Catalog
from runner.contracts.calendar import exchange_calendar
from runner.contracts.roll import roll_date
from tests.catalog.conftest import data_app
from tests.catalog.synth import walk_day

ROLL_1, ROLL_2 = date(2026, 3, 27), date(2026, 5, 27)


@pytest.fixture
def catalog(gold_catalog: Path, tmp_path: Path) -> Path:
    """A private copy: the commands write into the manifest and the series."""
    root = tmp_path / "catalog"
    shutil.copytree(gold_catalog, root)
    return root


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(data_app(), list(args))
    return result.exit_code, result.output


def test_the_roll_days_are_the_bots_roll_days() -> None:
    # first notice of GCJ6 is 2026-03-31, two business days before: 03-27 (hand-checked)
    assert roll_date("GC", 2026, 4, "first_notice", 2) == ROLL_1
    assert roll_date("GC", 2026, 6, "first_notice", 2) == ROLL_2


def test_list_shows_each_holding(catalog: Path) -> None:
    code, out = _run("data", "list", "--catalog", str(catalog))
    assert code == 0, out
    for symbol, days, bars in (("GCJ6", 42, "2,520"), ("GCM6", 51, "3,060"), ("GCQ6", 53, "3,180")):
        line = next(ln for ln in out.splitlines() if f" {symbol} " in ln)
        assert f" {days} " in line and bars in line and "?" in line  # not checked yet
    code, out = _run("data", "list", "GCM6", "--catalog", str(catalog))
    assert "GCM6" in out and "GCJ6" not in out


def test_list_of_a_missing_catalog_is_a_clear_error(tmp_path: Path) -> None:
    code, out = _run("data", "list", "--catalog", str(tmp_path / "nope"))
    assert code == 1 and "is not a folder" in out and "Traceback" not in out


def _session(day: date) -> pa.Table:
    """Every minute of the COMEX session of ``day``."""
    cal = exchange_calendar("COMEX")
    opens = cal.session_open(pd.Timestamp(day)).to_pydatetime().astimezone(UTC)
    closes = cal.session_close(pd.Timestamp(day)).to_pydatetime().astimezone(UTC)
    minutes = int((closes - opens) / timedelta(minutes=1))
    return walk_day(day, seed=day.toordinal(), start_price=2000.0, minutes=minutes, first=opens)


def test_check_finds_a_gap_and_a_bad_bar(tmp_path: Path) -> None:
    cat = Catalog(tmp_path / "catalog")
    days = [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)]
    for d in days:
        table = _session(d)
        if d == days[1]:  # 90 minutes lost in the middle of the session
            table = pa.concat_tables([table.slice(0, 600), table.slice(690)])
        cat.write_day("GCM6", "1m", d, table, source="synthetic")
    clean_code, clean = _run("data", "check", "--catalog", str(cat.root))
    assert clean_code == 0, clean
    assert "1 gap(s), 0 bad day(s) (COMEX)" in clean
    start = datetime.combine(days[1], datetime.min.time(), UTC) - timedelta(hours=1)  # 23:00
    assert f"gap: {start + timedelta(minutes=600):%Y-%m-%d %H:%M} to " in clean
    assert "90 open minutes without bars" in clean
    held = cat.manifest().get("GCM6", "1m")
    assert held is not None and len(held.gaps) == 1 and held.checked_at is not None

    bad = _session(days[2]).to_pydict()
    bad["high"][41] = bad["low"][41] - 1.0  # row 42: high under low
    cat.write_day("GCM6", "1m", days[2], pa.table(bad), source="synthetic")
    code, out = _run("data", "check", "GCM6", "--catalog", str(cat.root))
    assert code == 1
    path = cat.day_path("GCM6", "1m", days[2])
    assert f"bad: {path}: row 42: high: high " in out.replace("\n", "")
    assert "is below low" in out and "Traceback" not in out
    _, listing = _run("data", "list", "--catalog", str(cat.root))
    assert "?" not in listing.split("GCM6")[1].splitlines()[0]  # checked: a gap count


def _close(cat: Catalog, symbol: str, day: date, i: int = -1) -> float:
    return float(cat.read_day(symbol, "1m", day).column("close")[i].as_py())


def test_continuous_back_ratio_none(catalog: Path) -> None:
    cat = Catalog(catalog)
    for adjust in ("none", "back", "ratio"):
        code, out = _run(
            "data", "continuous", "GC", "--roll", "first_notice:2", "--adjust", adjust,
            "--catalog", str(catalog),
        )  # fmt: skip
        assert code == 0, out
        assert "2026-03-27 │ GCJ6 │ GCM6" in out and "2026-05-27 │ GCM6 │ GCQ6" in out
    # the step at each roll: both contracts on the last day before it, at its last bar;
    # the contracts differ by their premiums (0, 10, 20) at every minute
    j_last, m_then = _close(cat, "GCJ6", date(2026, 3, 26)), _close(cat, "GCM6", date(2026, 3, 26))
    m_last, q_then = _close(cat, "GCM6", date(2026, 5, 26)), _close(cat, "GCQ6", date(2026, 5, 26))
    assert m_then - j_last == pytest.approx(10) and q_then - m_last == pytest.approx(10)
    info = cat.manifest().get("GC.c.back", "1m")
    assert info is not None and info.continuous is not None
    assert [(r.day, r.from_symbol, r.to_symbol, r.difference) for r in info.continuous.rolls] == [
        (ROLL_1, "GCJ6", "GCM6", pytest.approx(10)),
        (ROLL_2, "GCM6", "GCQ6", pytest.approx(10)),
    ]
    before, between, after = date(2026, 3, 26), date(2026, 4, 15), date(2026, 6, 1)
    # none: the front month's own prices, day by day
    assert _close(cat, "GC.c", before) == _close(cat, "GCJ6", before)
    assert _close(cat, "GC.c", ROLL_1) == _close(cat, "GCM6", ROLL_1)
    assert _close(cat, "GC.c", after) == _close(cat, "GCQ6", after)
    # back: earlier contracts raised by every later step (10 + 10, then 10)
    assert _close(cat, "GC.c.back", before) == pytest.approx(j_last + 20)
    assert _close(cat, "GC.c.back", between) == pytest.approx(_close(cat, "GCM6", between) + 10)
    assert _close(cat, "GC.c.back", after) == _close(cat, "GCQ6", after)
    # ratio: earlier contracts scaled by every later ratio
    r1, r2 = m_then / j_last, q_then / m_last
    assert _close(cat, "GC.c.ratio", before) == pytest.approx(j_last * r1 * r2)
    assert _close(cat, "GC.c.ratio", between) == pytest.approx(_close(cat, "GCM6", between) * r2)
    assert _close(cat, "GC.c.ratio", after) == _close(cat, "GCQ6", after)
    # every weekday from the first held one to the last day GCQ6 is front (V6 not held)
    assert len(cat.held_days("GC.c", "1m")) == 127
    held = cat.manifest().get("GC.c.back", "1m")
    assert held is not None and (held.source, held.days) == ("continuous of GC", 127)
    assert held.continuous is not None and held.continuous.roll == "first_notice:2"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--roll", "sideways:2"], "the basis must be first_notice or last_trade"),
        (["--roll", "first_notice:x"], "days before must be a whole number"),
        (["--adjust", "log"], "is not one of none, back, ratio"),
        (["--from", "2026-13-01"], "is not a date"),
    ],
)
def test_continuous_refuses_bad_options(catalog: Path, args: list[str], message: str) -> None:
    code, out = _run("data", "continuous", "GC", *args, "--catalog", str(catalog))
    assert code == 1 and message in out.replace("\n", " ") and "Traceback" not in out


def test_continuous_of_a_root_not_held(catalog: Path) -> None:
    code, out = _run("data", "continuous", "CL", "--catalog", str(catalog))
    assert code == 1 and "holds no 1m bars of any CL contract" in out
