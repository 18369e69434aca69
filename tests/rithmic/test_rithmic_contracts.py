"""The local R|Protocol server and a bot name the same contract on every date: both take
front months, expiries and tick sizes from runner's contract table and roll rules."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rithmic_support import conn, gc_bars

from runner.config.bot import RollRule
from runner.contracts.roll import front_month
from runner.contracts.table import get_spec, roots
from runner.engine.clock import parse_instant
from runner_plugins.rithmic.client import RithmicError
from runner_plugins.rithmic.data import RithmicFeed
from runner_sims.rithmic.server import RithmicServer

FUTURES = [r for r in roots() if (s := get_spec(r)) is not None and s.sec_type == "FUT"]

# roll days, expiries, first-notice rolls, holidays, a weekend, year ends, a leap day
DATES = [
    "2026-12-10",
    "2026-12-11",
    "2026-12-18",
    "2026-12-21",
    "2026-12-31",
    "2027-01-02",
    "2027-01-27",
    "2027-01-28",
    "2027-03-12",
    "2027-06-17",
    "2027-06-18",
    "2026-11-26",
    "2032-02-29",
]


@pytest.mark.parametrize("day", DATES)
async def test_the_server_names_the_front_month_a_bot_would_trade(tmp_path: Path, day: str):
    at = parse_instant(f"{day}T15:00:00Z")
    on = date.fromisoformat(day)
    default = RollRule()  # what a bot that names a root and no roll rule gets
    server = RithmicServer({"GC": gc_bars()}, clock=lambda: at, cert_dir=tmp_path)
    async with server:
        feed = RithmicFeed(RithmicFeed.Params(**conn(server)))
        await feed.connect()
        try:
            for root in FUTURES:
                spec = get_spec(root)
                assert spec is not None
                expected = front_month(root, on, default.basis, default.days_before)
                assert await feed.front_month(root, spec.exchange) == expected, (root, day)
                tick, point = await feed.contract(expected)
                assert (tick, point) == (spec.tick_size, spec.point_value), root
        finally:
            await feed.close()


async def test_an_expired_or_unlisted_contract_has_no_reference_data(tmp_path: Path):
    at = parse_instant("2026-12-21T15:00:00Z")  # ESZ6 expired on Friday the 18th
    server = RithmicServer({"ES": gc_bars()}, clock=lambda: at, cert_dir=tmp_path)
    async with server:
        feed = RithmicFeed(RithmicFeed.Params(**conn(server), exchanges={"XX": "CME"}))
        await feed.connect()
        try:
            assert await feed.contract("ESH7") == (0.25, 50.0)
            for gone in ("ESZ6", "ESF7", "XXZ6"):  # expired, not a listed month, no product
                with pytest.raises(RithmicError, match="no data"):
                    await feed.contract(gone)
        finally:
            await feed.close()
