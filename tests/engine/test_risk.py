from datetime import datetime
from zoneinfo import ZoneInfo

from runner.config.bot import RiskConfig
from runner.engine.risk import RiskGuard, TradingDay
from runner.model import MINUTE_NS, from_datetime

NY = ZoneInfo("America/New_York")


def ny(*args) -> int:
    return from_datetime(datetime(*args, tzinfo=NY))


def test_trading_day_rolls_at_five_pm_new_york():
    day = TradingDay()
    assert day.rolled(ny(2013, 10, 7, 10, 0))
    assert not day.rolled(ny(2013, 10, 7, 16, 59))
    assert day.rolled(ny(2013, 10, 7, 17, 0))
    assert not day.rolled(ny(2013, 10, 8, 9, 0))


def test_daily_loss_halts_once_and_resets_on_the_next_trading_day():
    guard = RiskGuard(RiskConfig(max_daily_loss=1000), "America/New_York")
    assert guard.new_bar(ny(2013, 10, 7, 9, 0), 100_000) is None
    assert guard.new_bar(ny(2013, 10, 7, 9, 1), 99_001) is None
    assert guard.new_bar(ny(2013, 10, 7, 9, 2), 99_000) == "max_daily_loss"
    assert guard.halted
    assert guard.new_bar(ny(2013, 10, 7, 9, 3), 98_000) is None  # reported once
    assert guard.new_bar(ny(2013, 10, 7, 18, 0), 98_000) is None
    assert not guard.halted


def test_position_cap_allows_closing_and_reversing_up_to_the_cap():
    guard = RiskGuard(RiskConfig(max_position=2), "UTC")
    assert guard.cap(0, 1, 5) == 2
    assert guard.cap(1, 1, 5) == 1
    assert guard.cap(2, 1, 1) == 0
    assert guard.cap(2, -1, 5) == 4


def test_order_rate_is_a_sliding_minute():
    guard = RiskGuard(RiskConfig(max_orders_per_minute=2), "UTC")
    t = ny(2013, 10, 7, 9, 0)
    assert guard.allow_order(t) and guard.allow_order(t + 1)
    assert not guard.allow_order(t + 2)
    assert guard.allow_order(t + MINUTE_NS)
