"""``data fetch`` from the local TWS with the real ib_async client: the same synthetic
history as the R|Protocol server, IB's pacing rules kept (and shown), pacing violations
(162) answered by waiting, a dropped socket waited out. Time is a fake clock: ten minutes
of pacing pass at once, and nothing asserts how long anything took."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

from fetch_support import FakeTime, options, run, session_minutes

from runner.catalog.store import Catalog
from runner.commands.data.fetch_run import plan
from runner_plugins.ib.history import IBHistory
from runner_plugins.ib.pacing import PacingRules
from runner_plugins.rithmic.history import RithmicHistory
from runner_sims.ib.messages import parse_contract
from runner_sims.ib.pacing_fault import PacingFault, enable_pacing
from runner_sims.ib.server import TwsServer

_ids = itertools.count(301)
LOOSE = PacingRules(identical_spacing=0.0, same_contract_count=10**6, max_requests=10**6)


def _ib(tws: TwsServer, notices: list[str], clock: FakeTime | None = None, **extra) -> IBHistory:
    params = {"host": tws.host, "port": tws.port, "client_id": next(_ids)}
    params.update(extra.pop("params", {}))
    return IBHistory(None, options(notices, clock, params=params, **extra))


async def test_minute_bars_of_a_root_match_the_rithmic_server(
    tws: TwsServer, rithmic_params: dict, tmp_path: Path
) -> None:
    jobs = plan("GC", date(2026, 5, 26), date(2026, 5, 28), basis="first_notice", days_before=2)
    source = _ib(tws, [])
    await source.connect()
    try:
        tally = await run(source, tmp_path / "ib", jobs)
    finally:
        await source.close()
    assert tally.days == len(jobs) and tally.empty == 0
    assert source.requests == len(jobs)  # a day of minute bars per request
    months = {
        parse_contract(f, 2)["lastTradeDateOrContractMonth"][:6]
        for f in tws.received
        if f[0] == "20"
    }
    assert months == {"202606", "202608"}  # GCM6, GCQ6 of 2026 whatever the wall clock's year
    other = RithmicHistory(None, options([], params=rithmic_params))
    await other.connect()
    try:
        await run(other, tmp_path / "rithmic", jobs)
    finally:
        await other.close()
    ib_cat, r_cat = Catalog(tmp_path / "ib"), Catalog(tmp_path / "rithmic")
    for symbol in ("GCM6", "GCQ6"):
        a, b = ib_cat.read(symbol, "1m"), r_cat.read(symbol, "1m")
        assert a.num_rows == sum(
            session_minutes("COMEX", j.day) for j in jobs if j.symbol == symbol
        )
        assert a.equals(b), "both servers serve the same history of a contract-day"


async def test_pacing_rules_are_kept_and_shown(tws: TwsServer) -> None:
    clock = FakeTime()
    rules = PacingRules(max_requests=3, window=600.0)
    fault = enable_pacing(tws, PacingFault(rules, clock.monotonic))
    notices: list[str] = []
    source = _ib(tws, notices, clock, pacing=rules)
    job = plan("GCQ6", date(2026, 6, 2), date(2026, 6, 2))[0]
    await source.connect()
    try:  # two hours of second bars: four requests of 30 minutes, the fourth must wait
        bars = await source.fetch("GCQ6", "1s", job.start, job.start + 7200 * 10**9)
    finally:
        await source.close()
    assert len(bars) == 7200
    assert [b.ts for b in bars] == sorted({b.ts for b in bars})
    assert fault.violations == 0 and fault.served == 4
    waits = [n for n in notices if n.startswith("pacing: waiting")]
    assert waits == ["pacing: waiting 600 s (at most 3 requests per 10 minutes)"]
    assert clock.slept == [600.0]


async def test_a_pacing_violation_is_answered_by_waiting(tws: TwsServer) -> None:
    clock = FakeTime()
    fault = enable_pacing(
        tws, PacingFault(PacingRules(max_requests=2, window=600.0), clock.monotonic)
    )
    notices: list[str] = []
    # a client that does not keep the rules itself meets TWS's 162 and backs off
    source = _ib(tws, notices, clock, pacing=LOOSE, retry_initial=200.0, retry_max=400.0)
    job = plan("GCQ6", date(2026, 6, 2), date(2026, 6, 2))[0]
    await source.connect()
    try:
        bars = await source.fetch("GCQ6", "1s", job.start, job.start + 5400 * 10**9)
    finally:
        await source.close()
    assert len(bars) == 5400
    assert fault.violations >= 1 and fault.served == 3
    assert source.retried == fault.violations
    answered = [n for n in notices if "TWS answered 162" in n]
    assert len(answered) == fault.violations
    assert "pacing violation" in answered[0] and answered[0].endswith("waiting 200 s")


async def test_identical_requests_are_spaced(tws: TwsServer) -> None:
    clock = FakeTime()
    fault = enable_pacing(tws, PacingFault(PacingRules(), clock.monotonic))
    notices: list[str] = []
    source = _ib(tws, notices, clock)
    job = plan("GCQ6", date(2026, 6, 2), date(2026, 6, 2))[0]
    await source.connect()
    try:
        first = await source.fetch("GCQ6", "1m", job.start, job.end)
        again = await source.fetch("GCQ6", "1m", job.start, job.end)
    finally:
        await source.close()
    assert first == again and fault.violations == 0
    assert notices == ["pacing: waiting 15 s (no identical request within 15 s)"]


async def test_a_dropped_socket_is_waited_out(tws: TwsServer, tmp_path: Path) -> None:
    jobs = plan("GCQ6", date(2026, 6, 1), date(2026, 6, 5))
    notices: list[str] = []
    clock = FakeTime()  # the request lost with the socket is asked again: 15 s apart
    params = {"reconnect_initial": 0.05, "reconnect_max": 0.2}
    source = _ib(tws, notices, clock, params=params)

    def drop_after_second(job, rows) -> None:
        if job.day == jobs[1].day:
            assert tws.drop() == 1

    await source.connect()
    try:
        tally = await run(source, tmp_path, jobs, on_day=drop_after_second)
        reconnects = source.session.reconnects if source.session else 0
    finally:
        await source.close()
    assert tally.days == len(jobs) and reconnects >= 1
    assert "ib: connection lost; waiting for it to come back" in notices
    catalog = Catalog(tmp_path)
    assert catalog.held_days("GCQ6", "1m") == {j.day for j in jobs}
    assert catalog.read("GCQ6", "1m").num_rows == sum(session_minutes("COMEX", j.day) for j in jobs)
