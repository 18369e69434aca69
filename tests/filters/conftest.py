"""A real BotContext for filter tests and a UTC instant helper."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from runner.api.context import BotContext, InstrumentState
from runner.contracts.table import get_spec


def utc_ns(y: int, m: int, d: int, hh: int = 0, mm: int = 0, ss: int = 0) -> int:
    return int(datetime(y, m, d, hh, mm, ss, tzinfo=UTC).timestamp()) * 1_000_000_000


@pytest.fixture(name="utc_ns")
def utc_ns_fixture() -> Callable[..., int]:
    return utc_ns


@pytest.fixture
def make_ctx() -> Callable[..., BotContext]:
    def make(root: str = "ES", timezone: str = "America/New_York") -> BotContext:
        spec = get_spec(root)
        assert spec is not None
        inst = InstrumentState(root.lower(), root, spec, True)
        return BotContext("test", {inst.key: inst}, {}, 100_000.0, timezone)

    return make


@pytest.fixture
def check() -> Callable[..., None]:
    """Assert a filter's answers at (UTC instant, expected) pairs, through ``allows``."""

    def run(flt, ctx: BotContext, cases: list[tuple[tuple[int, ...], bool]]) -> None:
        got = []
        for when, _ in cases:
            ctx.now = utc_ns(*when)
            got.append(flt.allows(ctx))
        assert got == [want for _, want in cases], list(
            zip([w for w, _ in cases], got, strict=True)
        )

    return run
