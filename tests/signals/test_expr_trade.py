"""Rules that read the open trade: ``entry_price`` and ``at_entry(...)``."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from botctx_support import GC, bar_at, make_ctx, names_of, outputs, position, step

from runner.config.project import load_project
from runner.plugins import registry
from runner_plugins.signals.expr import ExpressionError, check_expression, compile_expression

T0 = 1_381_150_800 * 1_000_000_000  # 2013-10-07 13:00 UTC
MIN = 60 * 1_000_000_000

EXIT_RULE = "close < entry_price - 2 * at_entry(atr)"


@pytest.fixture
def ctx():
    c = make_ctx({"gc": GC}, {"atr": outputs("value"), "bb": outputs("upper", "middle", "lower")})
    step(c, bar_at(T0, 1300.0, 1302.0, 1299.0, 1301.0))
    return c


def bind(ctx, text, expect="bool"):
    return compile_expression(text, names_of(ctx), expect).bind(ctx)


def test_entry_price_is_the_open_positions_average_price(ctx):
    value = bind(ctx, "entry_price", "number")
    position(ctx.primary, 2, 1300.5, ctx)
    assert value() == 1300.5
    position(ctx.primary, -1, 1310.0, ctx)
    assert value() == 1310.0


def test_at_entry_reads_the_value_saved_at_the_entry_not_the_current_one(ctx):
    ctx.indicators["atr"].value = 4.0
    ctx.entry_values = {("atr", "value"): 2.5, ("bb", "lower"): 1290.0}
    position(ctx.primary, 1, 1300.0, ctx)
    assert bind(ctx, "at_entry(atr)", "number")() == 2.5  # a bare id is its first output
    assert bind(ctx, "at_entry(bb.lower)", "number")() == 1290.0
    assert math.isnan(bind(ctx, "at_entry(bb)", "number")())  # bb.upper was not saved


def test_the_custom_stop_closes_below_two_entry_atrs(ctx):
    rule = bind(ctx, EXIT_RULE)
    ctx.entry_values = {("atr", "value"): 2.0}
    position(ctx.primary, 1, 1300.0, ctx)
    ctx.indicators["atr"].value = 50.0  # today's ATR does not move the level
    step(ctx, bar_at(T0 + MIN, 1300.0, 1300.0, 1296.0, 1296.1))
    assert rule() is False  # 1296.1 is not below 1300 - 4
    step(ctx, bar_at(T0 + 2 * MIN, 1296.0, 1296.0, 1295.0, 1295.9))
    assert rule() is True


def test_while_flat_the_rule_is_false_even_negated(ctx):
    ctx.entry_values = {("atr", "value"): 2.0}  # left from the last trade
    assert ctx.primary.position == 0
    assert bind(ctx, EXIT_RULE)() is False
    # NaN would make a plain negation true; a rule reading the trade is false while flat
    assert bind(ctx, f"not ({EXIT_RULE})")() is False
    assert bind(ctx, "not (entry_price > 0)")() is False
    assert math.isnan(bind(ctx, "entry_price + 1", "number")())
    assert math.isnan(bind(ctx, "at_entry(atr)", "number")())


def test_a_position_without_entry_values_reads_nan(ctx):
    position(ctx.primary, 1, 1300.0, ctx)  # e.g. restored after a restart
    assert math.isnan(bind(ctx, "at_entry(atr)", "number")())
    assert bind(ctx, EXIT_RULE)() is False
    assert bind(ctx, "entry_price > 1000")() is True


@pytest.mark.parametrize(
    ("text", "col", "message"),
    [
        ("close < at_entry(art)", 18, "at_entry() of unknown indicator 'art'; did you mean 'atr'?"),
        (
            "close < at_entry(bb.lowr)",
            18,
            "indicator 'bb' has no output 'lowr'; its outputs: upper, middle, lower",
        ),
        (
            "close < at_entry(close)",
            18,
            "at_entry() of unknown indicator 'close'; this bot's indicators: atr, bb",
        ),
        (
            "close < at_entry(atr * 2)",
            18,
            "at_entry() takes an indicator id or output, like at_entry(atr) or at_entry(bb.lower)",
        ),
        ("close < at_entry(atr, bb)", 9, "at_entry() takes 1 arguments, 2 given"),
        (
            "at_entry(atr)",
            1,
            "this rule gives a number, not a condition; compare it (e.g. rsi < 30)",
        ),
        ("close < entry_pric", 9, "unknown name 'entry_pric'; did you mean 'entry_price'?"),
    ],
)
def test_mistakes_name_their_column(ctx, text, col, message):
    assert check_expression(text, names_of(ctx)) == [f"{message} (column {col})"]
    with pytest.raises(ExpressionError) as err:
        compile_expression(text, names_of(ctx))
    assert err.value.col == col


BOT = """\
name: gold
instruments:
  gc: {root: GC}
indicators:
  atr: {use: atr, period: 14}
  bb: {use: bbands, period: 20}
signals:
  - use: rule
    long: "close < bb.lower"
    exit_long: "close < entry_price - 2 * at_entry(atr) or close > at_entry(bb.upper)"
exits:
  - {use: stop_target, stop: {atr: 3.0}, atr_indicator: atr}
sizing: {use: fixed, contracts: 1}
risk: {max_daily_loss: 1000}
"""


def validate(tmp_path: Path, text: str) -> list[dict]:
    path = tmp_path / "bot.yaml"
    path.write_text(text)
    project = load_project([path], connections=None, registry=registry())
    return [e.to_dict() for e in project.errors]


def test_a_bot_file_using_them_is_valid(tmp_path):
    assert validate(tmp_path, BOT) == []


def test_an_unknown_name_in_at_entry_is_a_file_line_error(tmp_path):
    got = validate(tmp_path, BOT.replace("at_entry(atr)", "at_entry(atr14)"))
    assert [(e["path"], e["line"], e["column"], e["message"]) for e in got] == [
        (
            "signals[0].exit_long",
            10,
            52,  # at 'atr14' inside the quoted expression
            "at_entry() of unknown indicator 'atr14'; did you mean 'atr'?",
        )
    ]
    assert got[0]["file"].endswith("bot.yaml")
