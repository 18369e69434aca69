"""``anchor`` and ``trigger`` of stop_target and trailing_stop: the exits on their own, and
wired to an order manager whose broker the test plays (what is sent, and when)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from botctx_support import GC, bar_at, make_ctx, ns_at, outputs, position, step
from pydantic import ValidationError

from runner.api.exit import ExitLevels
from runner.api.signal import Intent
from runner.config.project import load_project
from runner.engine.entries import EntryPlanner
from runner.model import OrderStatus, OrderType, Side
from runner_plugins.exits.stop_target import StopTarget
from runner_plugins.exits.trailing import TrailingStop
from runner_plugins.sizers.risk import RiskPerTrade
from tests.orders.orders_support import desk

T = ns_at("2013-10-07 10:00")
MIN = 60 * 1_000_000_000


def bind(cls, ctx, **params):
    ex = cls(cls.Params(**params))
    ex.bind(ctx)
    return ex


@pytest.fixture
def ctx():
    c = make_ctx({"gc": GC}, {"atr": outputs("value", value=2.0)})
    step(c, bar_at(T, 1300.0, 1301.0, 1299.0, 1300.0))
    return c


def close_at(ctx, i, close):
    step(ctx, bar_at(T + i * MIN, close, close, close, close))


# ---------------------------------------------------------------------------- params


def test_defaults_are_the_bracket_from_the_signal_bar():
    p = StopTarget.Params(stop={"ticks": 20})
    assert (p.anchor, p.trigger) == ("signal", "touch")
    t = TrailingStop.Params(ticks=10)
    assert (t.anchor, t.trigger) == ("signal", "touch")


@pytest.mark.parametrize("field", ["anchor", "trigger"])
def test_unknown_values_are_refused(field):
    with pytest.raises(ValidationError, match=field):
        StopTarget.Params(stop={"ticks": 20}, **{field: "entry"})


def test_a_stop_checked_on_closes_does_not_protect():
    assert StopTarget.protects(StopTarget.Params(stop={"ticks": 20}, anchor="fill"))
    assert not StopTarget.protects(StopTarget.Params(stop={"ticks": 20}, trigger="close"))
    assert TrailingStop.protects(TrailingStop.Params(ticks=10, anchor="fill"))
    assert not TrailingStop.protects(TrailingStop.Params(ticks=10, trigger="close"))


# ---------------------------------------------------------------------------- stop_target


def test_signal_touch_levels_go_with_the_entry(ctx):
    ex = bind(StopTarget, ctx, stop={"atr": 2.0}, target={"atr": 3.0}, atr_indicator="atr")
    assert ex.on_entry(ctx, ctx.primary, 1, 1300.0) == ExitLevels(1296.0, 1306.0, placed=True)
    assert ex.on_fill(ctx, ctx.primary, 1, 1300.4) is None


def test_fill_anchor_measures_from_the_fill_with_the_signal_bars_atr(ctx):
    ex = bind(
        StopTarget,
        ctx,
        stop={"atr": 2.0},
        target={"atr": 3.0},
        atr_indicator="atr",
        anchor="fill",
    )
    at_signal = ex.on_entry(ctx, ctx.primary, -1, 1300.0)
    assert at_signal == ExitLevels(1304.0, 1294.0, placed=False)  # sizes, is not sent
    ctx.indicators["atr"].value = 5.0  # the next bar's ATR does not change the distances
    assert ex.on_fill(ctx, ctx.primary, -1, 1299.7) == ExitLevels(1303.7, 1293.7, placed=True)


def test_close_trigger_exits_when_a_close_is_at_or_through_a_level(ctx):
    ex = bind(StopTarget, ctx, stop={"ticks": 20}, target={"ticks": 30}, trigger="close")
    assert ex.on_entry(ctx, ctx.primary, 1, 1300.0) == ExitLevels(1298.0, 1303.0, placed=False)
    close_at(ctx, 1, 1300.6)
    position(ctx.primary, 1, 1300.6, ctx)  # filled above the signal close: levels stay put
    assert ex.on_bar(ctx, ctx.primary) is None
    close_at(ctx, 2, 1298.1)
    assert ex.on_bar(ctx, ctx.primary) is None  # the low may be lower: only closes count
    close_at(ctx, 3, 1298.0)
    action = ex.on_bar(ctx, ctx.primary)
    assert (action.kind, action.reason) == ("close", "stop 1298 (close 1298)")


def test_close_trigger_anchored_on_the_fill(ctx):
    ex = bind(
        StopTarget, ctx, stop={"ticks": 20}, target={"ticks": 30}, trigger="close", anchor="fill"
    )
    ex.on_entry(ctx, ctx.primary, -1, 1300.0)
    close_at(ctx, 1, 1299.0)
    position(ctx.primary, -1, 1299.5, ctx)  # levels from 1299.5: stop 1301.5, target 1296.5
    assert ex.on_bar(ctx, ctx.primary) is None
    close_at(ctx, 2, 1296.6)
    assert ex.on_bar(ctx, ctx.primary) is None
    close_at(ctx, 3, 1296.4)
    assert ex.on_bar(ctx, ctx.primary).reason == "target 1296.5 (close 1296.4)"


def test_close_trigger_on_a_position_it_never_saw_enter(ctx):
    """Restored after a restart: measured from its average price with the ATR now."""
    ex = bind(StopTarget, ctx, stop={"atr": 1.0}, atr_indicator="atr", trigger="close")
    position(ctx.primary, 1, 1310.0, ctx)
    close_at(ctx, 1, 1308.1)
    assert ex.on_bar(ctx, ctx.primary) is None
    close_at(ctx, 2, 1308.0)
    assert ex.on_bar(ctx, ctx.primary).reason == "stop 1308 (close 1308)"


# ---------------------------------------------------------------------------- trailing_stop


def test_trailing_close_trigger_checks_the_stop_in_force_then_trails(ctx):
    ex = bind(TrailingStop, ctx, ticks=10, trigger="close")
    assert ex.on_entry(ctx, ctx.primary, 1, 1300.0) == ExitLevels(stop=1299.0, placed=False)
    close_at(ctx, 1, 1300.2)
    position(ctx.primary, 1, 1300.2, ctx)
    seen = []
    for i, close in enumerate([1300.2, 1303.0, 1302.1, 1302.0], start=1):
        close_at(ctx, i, close)
        seen.append(ex.on_bar(ctx, ctx.primary))
    # nothing is ever sent: the trail only moves the level the next close is held to
    assert seen[:3] == [None, None, None]
    assert (seen[3].kind, seen[3].reason) == ("close", "trailing stop 1302 (close 1302)")


def test_trailing_fill_anchor_places_its_first_stop_from_the_fill(ctx):
    ex = bind(TrailingStop, ctx, ticks=10, anchor="fill")
    assert ex.on_entry(ctx, ctx.primary, 1, 1300.0) == ExitLevels(stop=1299.0, placed=False)
    assert ex.on_fill(ctx, ctx.primary, 1, 1300.6) == ExitLevels(stop=1299.6)
    close_at(ctx, 1, 1300.6)
    position(ctx.primary, 1, 1300.6, ctx)
    assert ex.on_bar(ctx, ctx.primary) is None  # 1300.6 - 1 is the stop already working
    close_at(ctx, 2, 1301.0)
    assert ex.on_bar(ctx, ctx.primary).price == 1300.0


# ---------------------------------------------------------------------------- with orders


def planner(native: bool, *more: dict, **params):
    d = desk(native_brackets=native)
    d.ctx.indicators["atr"] = outputs("value", value=2.0)
    exits = [StopTarget(StopTarget.Params(**p)) for p in (params, *more) if p]
    for ex in exits:
        ex.bind(d.ctx)
    sizer = RiskPerTrade(RiskPerTrade.Params(risk=0.01, max_leverage=20, max_contracts=10))
    plan = EntryPlanner(d.ctx, exits, sizer, d.om)
    d.bar("gc", 2000.0)
    return d, plan


def entry_of(d):
    (entry,) = [o for o in d.broker.sent if o.reason == "entry"]
    return entry


@pytest.mark.parametrize("native", [True, False])
def test_fill_anchored_bracket_is_sent_when_the_entry_fills(native):
    d, plan = planner(
        native, stop={"atr": 2.0}, target={"atr": 3.0}, atr_indicator="atr", anchor="fill"
    )
    plan.enter(Intent(1, reason="long"))
    assert d.broker.brackets == []  # nothing to send with the entry
    entry = entry_of(d)
    assert entry.qty == 2  # sized by the 4-point stop from the signal price: 1000 / 400
    assert [o.reason for o in d.broker.sent] == ["entry"]
    d.broker.fill(entry, price=2000.3)
    d.broker.answer(entry.client_id, OrderStatus.FILLED)
    stop, target = d.broker.sent[1:]
    assert (stop.type, stop.side, stop.qty, stop.stop_price) == (
        OrderType.STOP,
        Side.SELL,
        2,
        1996.3,
    )
    assert (target.type, target.limit_price) == (OrderType.LIMIT, 2006.3)
    assert stop.oco_group == target.oco_group == f"{entry.client_id}.oco"
    assert d.om.brackets.covering_stop(d.inst("gc")) is not None  # protected at once
    assert d.om.trade.levels["gc"] == ExitLevels(1996.3, 2006.3)  # what reconcile restores
    # after a restart the comparison with the broker asks for the level at the fill it knows
    assert plan.levels(d.inst("gc"), 1, 2000.3) == ExitLevels(1996.3, 2006.3)


def test_close_triggered_levels_size_the_trade_and_send_nothing():
    d, plan = planner(True, stop={"atr": 2.0}, atr_indicator="atr", trigger="close")
    plan.enter(Intent(1, reason="long"))
    entry = entry_of(d)
    assert entry.qty == 2 and d.broker.brackets == []
    d.broker.fill(entry, price=2000.3)
    d.broker.answer(entry.client_id, OrderStatus.FILLED)
    assert [o.reason for o in d.broker.sent] == ["entry"]
    assert d.om.brackets.covering_stop(d.inst("gc")) is None
    # a protective stop the runtime would place for it knows no level of this exit
    assert plan.levels(d.inst("gc"), 1, 2000.3) is None


def test_the_signal_bracket_is_unchanged_by_default():
    d, plan = planner(True, stop={"atr": 2.0}, target={"atr": 3.0}, atr_indicator="atr")
    plan.enter(Intent(1, reason="long"))
    (bracket,) = d.broker.brackets
    assert (bracket.stop.stop_price, bracket.target.limit_price) == (1996.0, 2006.0)


@pytest.mark.parametrize("native", [True, False])
def test_a_target_from_the_fill_joins_the_stop_sent_with_the_entry(native):
    d, plan = planner(
        native,
        {"target": {"ticks": 30}, "anchor": "fill"},
        stop={"ticks": 40},
    )
    plan.enter(Intent(1, reason="long"))
    if native:
        (bracket,) = d.broker.brackets
        stop, entry = bracket.stop, bracket.entry
        assert bracket.target is None
    else:
        entry = entry_of(d)
    d.broker.fill(entry, price=2000.5)
    d.broker.answer(entry.client_id, OrderStatus.FILLED)
    if not native:
        stop = next(o for o in d.broker.sent if o.reason == "stop")
    assert stop.stop_price == 1996.0  # from the signal close, as sent
    target = next(o for o in d.broker.sent if o.reason == "target")
    assert (target.type, target.limit_price, target.qty) == (OrderType.LIMIT, 2003.5, 2)
    assert target.oco_group == stop.oco_group is not None
    assert d.om.trade.levels["gc"] == ExitLevels(1996.0, 2003.5)


def test_a_tighter_stop_from_the_fill_moves_the_bracket_stop():
    d, plan = planner(True, {"stop": {"ticks": 20}, "anchor": "fill"}, stop={"ticks": 40})
    plan.enter(Intent(1, reason="long"))
    (bracket,) = d.broker.brackets
    assert bracket.entry.qty == 5  # sized by the tightest stop of all: 2 points
    d.broker.fill(bracket.entry, price=2000.5)
    d.broker.answer(bracket.entry.client_id, OrderStatus.FILLED)
    assert d.broker.modifies == [(bracket.stop.client_id, {"stop_price": 1998.5})]


def test_entry_values_are_saved_when_the_entry_is_sent():
    d, plan = planner(False, stop={"ticks": 20})
    plan.enter(Intent(1, reason="long"))
    assert d.ctx.entry_values == {("atr", "value"): 2.0}
    d.ctx.indicators["atr"].value = 9.0
    assert d.ctx.entry_values == {("atr", "value"): 2.0}


def test_a_late_filling_entry_that_was_given_up_gets_no_bracket():
    d, plan = planner(False, stop={"ticks": 20}, anchor="fill")
    plan.enter(Intent(1, reason="long"))
    entry = entry_of(d)
    d.om.close_all("window_end")  # the trade is forgotten before the entry fills
    d.broker.fill(entry, price=2000.3)
    d.broker.answer(entry.client_id, OrderStatus.FILLED)
    assert [o.reason for o in d.broker.sent] == ["entry", "late_fill"]  # closed, no bracket


# ---------------------------------------------------------------------------- validation

BOT = """\
schema_version: 1
name: b
mode: live
instruments:
  gc: {{root: GC}}
indicators:
  atr: {{use: atr, period: 14}}
signals:
  - {{use: rule, long: "close > open"}}
exits:
{exits}risk: {{max_position: 1, max_daily_loss: 1000}}
"""


def validate(tmp_path: Path, exits: str) -> list[str]:
    shutil.copytree(Path(__file__).resolve().parents[2] / "schedules", tmp_path / "schedules")
    path = tmp_path / "b.yaml"
    path.write_text(BOT.format(exits=exits))
    return [str(e) for e in load_project([path], base=tmp_path).errors]


def test_a_live_bot_with_only_close_triggered_stops_is_refused(tmp_path):
    errors = validate(
        tmp_path,
        "  - {use: stop_target, stop: {atr: 2.0}, atr_indicator: atr, trigger: close}\n"
        "  - {use: trailing_stop, ticks: 30, trigger: close}\n",
    )
    assert len(errors) == 1
    assert "a live bot needs a protective exit" in errors[0]
    assert "trigger: close is only checked on bar closes" in errors[0]


def test_a_wide_touch_stop_beside_it_makes_it_valid(tmp_path):
    exits = (
        "  - {use: stop_target, stop: {atr: 2.0}, atr_indicator: atr, trigger: close}\n"
        "  - {use: stop_target, stop: {atr: 6.0}, atr_indicator: atr, anchor: fill}\n"
    )
    assert validate(tmp_path, exits) == []
