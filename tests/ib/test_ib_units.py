"""Framing, IB names of runner symbols, and the server's position bookkeeping."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from runner.model import NS
from runner_plugins.ib.catalog import listed_months, parse_listing, product
from runner_sims.ib.records import Position
from runner_sims.ib.wire import (
    ProtocolError,
    frame,
    ib_time,
    parse_ib_time,
    read_frame,
    read_handshake,
    split,
    text,
)


def test_fields_are_written_as_tws_writes_them():
    assert [text(v) for v in (True, False, None, 2, 2.0, 75.25, "MKT")] == [
        "1",
        "0",
        "",
        "2",
        "2.0",
        "75.25",
        "MKT",
    ]
    body = frame([9, 1, 42])
    assert body == b"\x00\x00\x00\x079\x001\x0042\x00"
    assert split(body[4:]) == ["9", "1", "42"]
    assert split(frame(["a", "", "c"])[4:]) == ["a", "", "c"]  # empty fields survive


async def test_handshake_is_read_exactly_and_bad_prefixes_are_refused():
    reader = asyncio.StreamReader()
    reader.feed_data(b"API\x00\x00\x00\x00\x12v157..178 +PACEAPI" + frame([71, 2, 5, ""]))
    assert await read_handshake(reader) == (157, 178, "+PACEAPI")
    assert split(await read_frame(reader)) == ["71", "2", "5", ""]
    bad = asyncio.StreamReader()
    bad.feed_data(b"GET / HTTP/1.1\r\n")
    with pytest.raises(ProtocolError):
        await read_handshake(bad)


def test_ib_times_round_trip():
    ts = 1_700_000_000 * NS
    assert ib_time(ts) == "20231114 22:13:20 UTC"
    assert parse_ib_time(ib_time(ts)) == ts
    assert parse_ib_time("20231114-22:13:20") == ts
    assert parse_ib_time("20231114 17:13:20 US/Eastern") == ts
    assert parse_ib_time("") is None


def test_runner_symbols_map_to_ib_contracts():
    z3 = parse_listing("MCLZ3", date(2023, 10, 1))
    assert (z3.product.ib_symbol, z3.product.exchange, z3.contract_month) == (
        "MCL",
        "NYMEX",
        "202312",
    )
    assert z3.local_symbol == "MCLZ3" and z3.product.multiplier == "100"
    assert z3.con_id == parse_listing("MCLZ23").con_id  # stable, whatever the spelling
    assert parse_listing("6EH4", date(2024, 1, 5)).product.ib_symbol == "EUR"
    uso = parse_listing("USO")
    assert (uso.product.exchange, uso.product.primary_exchange, uso.is_future) == (
        "SMART",
        "ARCA",
        False,
    )
    vix = parse_listing("VIX")  # an index: one undated contract, read and never traded
    assert vix is not None and not vix.is_future and not vix.product.tradable
    assert (vix.product.sec_type, vix.product.exchange) == ("IND", "CBOE")
    assert parse_listing("XYZZ3") is None


def test_listed_months_skip_expired_and_unlisted_months():
    gc = listed_months(product("GC"), date(2026, 12, 30), count=3)
    assert [x.local_symbol for x in gc] == ["GCG7", "GCJ7", "GCM7"]  # GCZ6 expired 12-29
    es = listed_months(product("ES"), date(2026, 11, 21), count=2)
    assert [x.local_symbol for x in es] == ["ESZ6", "ESH7"]


@given(
    st.lists(
        st.tuples(st.integers(-5, 5).filter(bool), st.integers(7000, 7100)), min_size=1, max_size=30
    )
)
def test_position_pnl_equals_cash_flow(fills):
    listing = parse_listing("MCLZ6", date(2026, 1, 1))
    pos = Position(listing)
    cash = 0.0
    for qty, cents in fills:
        price = cents / 100
        pos.apply(float(qty), price)
        cash -= qty * price * 100
    mark = fills[-1][1] / 100
    assert pos.qty == sum(q for q, _ in fills)
    # everything realized plus the open position marked at the last price = the cash flow
    assert pos.realized + pos.unrealized == pytest.approx(cash + pos.qty * mark * 100, abs=1e-6)
