"""``data fetch --bars tick`` over the real protocols of both local servers: Rithmic's
tick-bar replay of one-trade bars (206/207) and IB's historical ticks (reqHistoricalTicks,
TRADES) with the real client library, paged, paced (on a fake clock), whole days written,
a re-run that asks for nothing. Both servers serve the same trades of a contract-day, and
they add up to the minute bars they serve."""

from __future__ import annotations

import itertools
import math
from datetime import date
from pathlib import Path
from types import ModuleType

import pyarrow as pa
from fetch_support import FakeTime, options, run, session_minutes

from runner.catalog.store import Catalog
from runner.commands.data.fetch_run import plan
from runner_plugins.ib.history import TICKS_PER_REQUEST, IBHistory
from runner_plugins.ib.pacing import PacingRules
from runner_plugins.rithmic.history import RithmicHistory
from runner_sims.ib.pacing_fault import PacingFault, enable_pacing
from runner_sims.ib.server import TwsServer
from tests.data_fetch.conftest import PAGE_CAP

CAL = "COMEX"
MINUTE = 60_000_000_000
TRADES_PER_MINUTE = 4  # each history minute is printed as four trades by both servers
_ids = itertools.count(401)


def _jobs() -> list:
    return plan("GCQ6", date(2026, 6, 1), date(2026, 6, 2))


def _ib(tws: TwsServer, notices: list[str], clock: FakeTime) -> IBHistory:
    params = {"host": tws.host, "port": tws.port, "client_id": next(_ids)}
    return IBHistory(None, options(notices, clock, params=params))


def _rithmic(params: dict, **extra: object) -> RithmicHistory:
    return RithmicHistory(None, options([], params=params, **extra))


def _assert_trades_make_the_minutes(trades: pa.Table, minutes: pa.Table) -> None:
    """Each minute bar is its trades: open first, close last, the extremes touched."""
    ts = [t.value for t in trades.column("ts")]
    assert ts == sorted(ts) and len(ts) == len(set(ts))
    prices = trades.column("price").to_pylist()
    by_minute: dict[int, list[float]] = {}
    for t, p in zip(ts, prices, strict=True):
        by_minute.setdefault(t - t % MINUTE, []).append(p)
    assert len(by_minute) == minutes.num_rows
    for row in minutes.to_pylist():
        got = by_minute[row["ts"].value]
        assert (got[0], got[-1]) == (row["open"], row["close"])
        assert (max(got), min(got)) == (row["high"], row["low"])


async def test_rithmic_trades_come_in_pages_and_make_the_minute_bars(
    rithmic_params: dict, tmp_path: Path
) -> None:
    jobs = _jobs()
    source = _rithmic(rithmic_params)
    await source.connect()
    try:
        tally = await run(source, tmp_path, jobs, bar="tick")
        tick_requests = source.requests
        await run(source, tmp_path, jobs)  # and the minute bars, to compare
        again = await run(source, tmp_path, jobs, bar="tick")
        requests_after = source.requests
    finally:
        await source.close()
    catalog = Catalog(tmp_path)
    assert tally.days == len(jobs) and tally.empty == 0
    assert catalog.held_days("GCQ6", "tick") == {j.day for j in jobs}
    per_day = [TRADES_PER_MINUTE * session_minutes(CAL, j.day) for j in jobs]
    assert tally.bars == sum(per_day)
    # the server answers at most PAGE_CAP rows: each day took many pages
    assert tick_requests >= sum(math.ceil(n / PAGE_CAP) for n in per_day)
    _assert_trades_make_the_minutes(catalog.read("GCQ6", "tick"), catalog.read("GCQ6", "1m"))
    assert again.held == len(jobs) and again.days == 0
    assert requests_after == source.requests  # the re-run asked the server for nothing


async def test_rithmic_pages_of_any_size_lose_and_double_no_trade(
    rithmic_params: dict, tmp_path: Path
) -> None:
    job = _jobs()[0]
    whole = _rithmic(rithmic_params)
    small = _rithmic(rithmic_params, page=333)  # pages end anywhere inside a minute
    for source in (whole, small):
        await source.connect()
    try:
        a = await whole.fetch_trades("GCQ6", job.start, job.end)
        b = await small.fetch_trades("GCQ6", job.start, job.end)
    finally:
        for source in (whole, small):
            await source.close()
    assert a == b and len(a) == TRADES_PER_MINUTE * session_minutes(CAL, job.day)
    assert small.requests > whole.requests


async def test_ib_trades_are_paged_paced_and_match_the_rithmic_server(
    ib_lib: ModuleType, tws: TwsServer, rithmic_params: dict, tmp_path: Path
) -> None:
    jobs = _jobs()
    clock = FakeTime()
    fault = enable_pacing(tws, PacingFault(PacingRules(), clock.monotonic))
    notices: list[str] = []
    source = _ib(tws, notices, clock)
    await source.connect()
    try:
        tally = await run(source, tmp_path / "ib", jobs, bar="tick")
        requests = source.requests
        again = await run(source, tmp_path / "ib", jobs, bar="tick")
        assert source.requests == requests and again.days == 0
    finally:
        await source.close()
    per_day = [TRADES_PER_MINUTE * session_minutes(CAL, j.day) for j in jobs]
    assert tally.days == len(jobs) and tally.bars == sum(per_day)
    # 1000 trades per answer, from a start time: each day's pages, the last one reaching past
    assert requests == sum(math.ceil(n / TICKS_PER_REQUEST) for n in per_day)
    assert fault.violations == 0 and fault.served == requests
    assert "pacing: waiting 2 s (fewer than 6 requests for one contract within 2 s)" in notices
    other = _rithmic(rithmic_params)
    await other.connect()
    try:
        await run(other, tmp_path / "rithmic", jobs, bar="tick")
    finally:
        await other.close()
    ib_trades = Catalog(tmp_path / "ib").read("GCQ6", "tick")
    assert ib_trades.equals(Catalog(tmp_path / "rithmic").read("GCQ6", "tick"))


async def test_ib_refuses_what_it_does_not_serve(ib_lib: ModuleType, tws: TwsServer) -> None:
    """The server checks a tick request as TWS does, answering 162; the source does not ask
    again for what can never be served, and refuses a kind it does not fetch."""
    import asyncio
    from datetime import UTC, datetime

    import pytest

    from runner.api.history import HistoryError

    source = _ib(tws, [], FakeTime())
    await source.connect()
    try:
        assert source.session is not None
        contract = await source._contract("GCQ6", date(2026, 6, 1))
        ib = source.session.ib
        begin = datetime(2026, 6, 1, tzinfo=UTC)
        for what, count, said in (("BID_ASK", 100, "BID_ASK"), ("TRADES", 5000, "1..1000")):
            answer = ib.reqHistoricalTicksAsync(contract, begin, "", count, what, False)
            with pytest.raises(ib_lib.RequestError) as refused:
                await asyncio.wait_for(answer, 30)
            assert refused.value.code == 162 and said in refused.value.message
        with pytest.raises(HistoryError, match="not '5m' bars"):
            await source.fetch("GCQ6", "5m", 0, 1)
    finally:
        await source.close()


async def test_ib_answers_the_last_trades_before_an_end_time(
    ib_lib: ModuleType, tws: TwsServer
) -> None:
    """With an end time instead of a start, TWS answers the trades just before it."""
    import asyncio
    from datetime import UTC, datetime

    job = _jobs()[0]
    source = _ib(tws, [], FakeTime())
    await source.connect()
    try:
        assert source.session is not None
        trades = await source.fetch_trades("GCQ6", job.start, job.end)
        contract = await source._contract("GCQ6", job.day)
        end = datetime.fromtimestamp(job.end // 10**9, tz=UTC)
        answer = source.session.ib.reqHistoricalTicksAsync(contract, "", end, 10, "TRADES", False)
        last = await asyncio.wait_for(answer, 30)
    finally:
        await source.close()
    assert [(int(t.time.timestamp()) * 10**9, t.price) for t in last] == [
        (t.ts, t.price) for t in trades[-10:]
    ]
