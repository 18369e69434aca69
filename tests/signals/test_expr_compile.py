"""The rule-expression compiler: what it accepts, what it computes, what it refuses."""

from __future__ import annotations

import math

import pytest
from botctx_support import GC, VIX, bar_at, make_ctx, names_of, outputs, position, step
from hypothesis import given, settings
from hypothesis import strategies as st

from runner.config.refs import Namespace
from runner_plugins.signals.expr import (
    ExpressionError,
    check_expression,
    compile_expression,
    namespace_of,
)

T0 = 1_381_150_800 * 1_000_000_000  # 2013-10-07 13:00 UTC


@pytest.fixture
def ctx():
    c = make_ctx(
        {"gc": GC, "vix": VIX},
        {
            "rsi": outputs("value"),
            "bb": outputs("upper", "middle", "lower"),
            "fast": outputs("value"),
            "slow": outputs("value"),
            "atr": outputs("value"),
        },
        trade=["gc"],
    )
    step(c, bar_at(T0, 1300.0, 1302.0, 1299.0, 1301.0))
    c.instruments["vix"].bar = bar_at(T0, 15.0, 16.0, 14.5, 15.5, symbol="VIX")
    return c


def value(ctx, text, expect="bool"):
    return compile_expression(text, namespace_of(ctx), expect).bind(ctx)()


def set_ind(ctx, **values):
    for ref, v in values.items():
        ind, _, out = ref.partition("__")
        setattr(ctx.indicators[ind], out or "value", v)


# ---------------------------------------------------------------------------- values


def test_rsi_and_band_condition(ctx):
    fn = compile_expression("rsi < 30 and close < bb.lower", namespace_of(ctx)).bind(ctx)
    set_ind(ctx, rsi=25.0, bb__lower=1302.0, bb__upper=1310.0, bb__middle=1306.0)
    assert fn() is True
    set_ind(ctx, rsi=31.0)
    assert fn() is False
    set_ind(ctx, rsi=25.0, bb__lower=1301.0)  # close == lower is not below it
    assert fn() is False
    set_ind(ctx, bb__lower=1301.1)
    assert fn() is True


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("close > open", True),
        ("close - open == 1.0", True),
        ("high - low == 3", True),
        ("(close - 1300) * 2 == 2", True),
        ("close % 7 == 1301 % 7", True),
        ("close / 2 > 650", True),
        ("-close < 0", True),
        ("+close > 0", True),
        ("not close > open", False),
        ("close > open or close < open", True),
        ("close > 1302 or close < 1300", False),
        ("1299 < close < 1302", True),
        ("1299 < close < 1300", False),
        ("abs(open - close) == 1", True),
        ("min(open, close, 5) == 5", True),
        ("max(open, close) == 1301", True),
        ("between(close, 1301, 1302)", True),
        ("between(close, 1301.5, 1302)", False),
        ("vix.close > 15", True),
        ("vix.high - vix.low == 1.5", True),
        ("position == 0", True),
        ("bars_in_trade == 0", True),
        ("vix.position == 0", True),
        ("True", True),
        ("False or close != open", True),
        ("close >= 1301 and close <= 1301", True),
    ],
)
def test_values(ctx, text, expected):
    assert value(ctx, text) is expected


def test_number_expression(ctx):
    set_ind(ctx, rsi=40.0)
    assert value(ctx, "rsi / 100", "number") == pytest.approx(0.4)
    assert value(ctx, "(close - open) * 3", None) == 3.0


def test_bare_indicator_is_first_output(ctx):
    set_ind(ctx, bb__upper=1400.0, bb__middle=1350.0, bb__lower=1300.0)
    assert value(ctx, "bb == 1400 and bb.upper == bb") is True


def test_position_and_bars_in_trade(ctx):
    position(ctx.primary, 2, 1301.0, ctx)  # entered on bar 1
    for minute in (1, 2, 3):
        step(ctx, bar_at(T0 + minute * 60_000_000_000, 1301, 1302, 1300, 1301.5))
    assert value(ctx, "position == 2 and bars_in_trade == 3") is True
    ctx.primary.position = -1
    assert value(ctx, "position < 0") is True


def test_nan_indicator_makes_every_condition_false(ctx):
    """A cold indicator never triggers, not even through 'not' or 'or'."""
    for text in ("rsi < 30", "not rsi > 70", "rsi != 50", "close > 0 or rsi < 30"):
        assert value(ctx, text) is False, text
    assert math.isnan(value(ctx, "rsi * 2", "number"))
    set_ind(ctx, rsi=10.0)
    assert value(ctx, "not rsi > 70") is True
    assert value(ctx, "close > 0 or rsi < 30") is True


def test_bound_default_for_numbers(ctx):
    fn = compile_expression("rsi / 100", namespace_of(ctx), "number").bind(ctx, 0.0)
    assert fn() == 0.0
    set_ind(ctx, rsi=50.0)
    assert fn() == 0.5


def test_division_by_zero_is_false_for_that_bar(ctx):
    set_ind(ctx, atr=0.0)
    fn = compile_expression("(close - open) / atr > 1", namespace_of(ctx)).bind(ctx)
    assert fn() is False
    set_ind(ctx, atr=0.5)
    assert fn() is True


def test_instrument_without_a_bar_is_false(ctx):
    ctx.instruments["vix"].bar = None
    assert value(ctx, "vix.close > 0") is False
    assert value(ctx, "vix.close > 0 or close > 0") is False


def test_min_max_propagate_nan(ctx):
    fn = compile_expression("max(rsi, 50) >= 50", namespace_of(ctx)).bind(ctx)
    assert fn() is False  # rsi cold
    set_ind(ctx, rsi=10.0)
    assert fn() is True


def test_cross_above_and_below(ctx):
    up = compile_expression("cross_above(fast, slow)", namespace_of(ctx)).bind(ctx)
    down = compile_expression("cross_below(fast, slow)", namespace_of(ctx)).bind(ctx)
    seq = [
        (math.nan, math.nan, False, False),  # cold
        (1.0, 2.0, False, False),  # first warm bar: no previous values
        (2.0, 2.0, False, False),  # touching is not crossing
        (2.5, 2.0, True, False),  # was <=, now >
        (3.0, 2.0, False, False),  # still above: no new cross
        (1.0, 2.0, False, True),
        (1.0, 2.0, False, False),
    ]
    for i, (f, s, want_up, want_down) in enumerate(seq):
        step(ctx, bar_at(T0 + (i + 1) * 60_000_000_000, 1, 1, 1, 1), fast=f, slow=s)
        assert (up(), down()) == (want_up, want_down), i


def test_cross_needs_consecutive_bars(ctx):
    up = compile_expression("cross_above(fast, slow)", namespace_of(ctx)).bind(ctx)
    step(ctx, bar_at(T0 + 60_000_000_000, 1, 1, 1, 1), fast=1.0, slow=2.0)
    assert up() is False
    ctx.bar_index += 1  # a bar on which the rule was not evaluated
    step(ctx, bar_at(T0 + 180_000_000_000, 1, 1, 1, 1), fast=3.0, slow=2.0)
    assert up() is False
    step(ctx, bar_at(T0 + 240_000_000_000, 1, 1, 1, 1), fast=1.0, slow=2.0)
    assert up() is False
    step(ctx, bar_at(T0 + 300_000_000_000, 1, 1, 1, 1), fast=3.0, slow=2.0)
    assert up() is True
    assert up() is True  # evaluated twice on the same bar: same answer


def test_cross_of_expressions(ctx):
    fn = compile_expression("cross_above(close, bb.upper * 1.001)", namespace_of(ctx)).bind(ctx)
    step(ctx, bar_at(T0 + 60_000_000_000, 1300, 1300, 1300, 1300), bb__upper=1300.0)
    assert fn() is False
    step(ctx, bar_at(T0 + 120_000_000_000, 1300, 1302, 1300, 1301.2), bb__upper=1300.0)
    assert fn() is False  # 1301.2 < 1301.3
    step(ctx, bar_at(T0 + 180_000_000_000, 1300, 1302, 1300, 1301.4), bb__upper=1300.0)
    assert fn() is True


def test_each_bind_has_its_own_cross_state(ctx):
    compiled = compile_expression("cross_above(fast, slow)", namespace_of(ctx))
    a, b = compiled.bind(ctx), compiled.bind(ctx)
    step(ctx, bar_at(T0 + 60_000_000_000, 1, 1, 1, 1), fast=1.0, slow=2.0)
    assert a() is False
    step(ctx, bar_at(T0 + 120_000_000_000, 1, 1, 1, 1), fast=3.0, slow=2.0)
    assert a() is True
    assert b() is False  # b never saw the previous bar


def test_refs_and_kind(ctx):
    c = compile_expression("rsi < 30 and close < bb.lower and vix.close > 20", namespace_of(ctx))
    assert c.kind == "bool"
    assert c.indicator_ids == {"rsi", "bb"}
    assert [r.text for r in c.refs] == ["rsi.value", "close", "bb.lower", "vix.close"]


def test_multiline_and_indented_text(ctx):
    set_ind(ctx, rsi=20.0)
    assert value(ctx, "  rsi < 30\n  and close > open  ") is True


# ---------------------------------------------------------------------------- errors

NS = Namespace(
    instruments=("gc", "vix"),
    indicators={"rsi": ("value",), "bb": ("upper", "middle", "lower"), "zn_roc": ("value",)},
)


def error(text: str, expect="bool") -> ExpressionError:
    with pytest.raises(ExpressionError) as info:
        compile_expression(text, NS, expect)
    return info.value


@pytest.mark.parametrize(
    ("text", "message", "col"),
    [
        ("rsj < 30", "unknown name 'rsj'; did you mean 'rsi'?", 1),
        ("rsi < 30 and close < bb.lowr", "indicator 'bb' has no output 'lowr'", 25),
        ("rsi < 30 and close < bb.lowr", "did you mean bb.lower?", 25),
        ("vix.clse > 20", "instrument 'vix' has no field 'clse'", 5),
        ("vix > 20", "'vix' is an instrument; write one of its fields", 1),
        ("close.x > 1", "'close' is a number and has no fields", 1),
        ("bb.lower.x > 1", "only one level of '.'", 10),
        ("rsi[0] < 3", "indexing with [ ] not allowed", 1),
        ("rsi < 30 and 'a' == 'a'", "strings not allowed", 14),
        ("(lambda: 1)() > 0", "cannot call 'lambda: 1'", 2),
        (
            '__import__("os").system("id")',
            "cannot call \"__import__('os').system\"; a rule may call only abs",
            1,
        ),
        ("os.system('id') > 1", "cannot call 'os.system'", 1),
        ("lambda: 1", "lambda not allowed", 1),
        ("[x for x in y]", "comprehensions not allowed", 1),
        ("rsi if rsi else 2", "'x if c else y' not allowed", 1),
        ("rsi ** 2 > 4", "operator not allowed in a rule", 1),
        ("rsi // 2 > 4", "operator not allowed in a rule", 1),
        ("rsi in 3", "only < <= > >= == != comparisons", 1),
        ("rsi is 3", "only < <= > >= == != comparisons", 1),
        ("~rsi > 3", "'~' not allowed", 1),
        ("None", "None not allowed", 1),
        ("rsi < 30 and", "syntax error: the rule ends too early", 13),
        ("rsi = 30", "compare with ==", 5),
        ("rsi", "this rule gives a number, not a condition", 1),
        ("rsi < 3 and 4", "'and' joins conditions; this side is a number", 13),
        ("not rsi", "'not' applies to a condition", 5),
        ("(rsi < 3) + 1 > 0", "'+' needs numbers; this side is a condition", 2),
        ("-(rsi < 3)", "'-' applies to a number", 3),
        ("(rsi < 3) < 4", "comparisons need numbers", 2),
        ("abs(rsi, 2) > 1", "abs() takes 1 arguments, 2 given", 1),
        ("cross_above(rsi) ", "cross_above() takes 2 arguments, 1 given", 1),
        ("max(rsi) > 1", "max() takes 2 to 8 arguments, 1 given", 1),
        ("abs(x=rsi) > 1", "abs() takes no keyword arguments", 7),
        ("cross_above(rsi < 3, 4)", "cross_above() needs numbers", 13),
        ("abss(rsi) > 1", "cannot call 'abss'; a rule may call only abs, min, max", 1),
        ("abss(rsi) > 1", "did you mean 'abs'?", 1),
        ("abs > 1", "abs is a function; call it like abs(...)", 1),
        ("_x > 1", "names starting with '_' are not allowed", 1),
        ("rsi.__class__ > 1", "attribute '__class__' is not allowed", 5),
        ("1e400 > rsi", "number is too large", 1),
        ("", "empty rule", 1),
        ("   ", "empty rule", 1),
        ("rsi < 30", "this must be a number, not a condition", 1),
    ],
)
def test_errors_name_the_column(text, message, col):
    expect = "number" if message.startswith("this must be a number") else "bool"
    err = error(text, expect)
    assert message in err.message
    assert err.col == col
    assert str(err).endswith(f"(column {col})")


def test_column_counts_characters_not_bytes():
    err = error("close > 1 and é > 2")
    assert err.col == 15


def test_column_after_leading_whitespace():
    assert error("   rsj < 3").col == 4


def test_error_pointer():
    err = error("rsi < 30 and close < bb.lowr")
    assert err.pointer("rsi < 30 and close < bb.lowr").splitlines()[1] == " " * 24 + "^"


def test_ambiguous_name():
    ns = Namespace(instruments=("gc",), indicators={"close": ("value",)})
    with pytest.raises(ExpressionError, match="'close' is ambiguous"):
        compile_expression("close > 1", ns)


def test_check_expression_reports_every_problem():
    problems = check_expression("rsj < 30 and close < bb.lowr or vix.clse > 2", NS)
    assert problems == [
        "unknown name 'rsj'; did you mean 'rsi'? (column 1)",
        "indicator 'bb' has no output 'lowr'; its outputs: upper, middle, lower; "
        "did you mean bb.lower? (column 25)",
        "instrument 'vix' has no field 'clse'; its fields: open, high, low, close, volume, "
        "position; did you mean vix.close? (column 37)",
    ]
    assert check_expression("zn_roc < 0.5", NS) == []
    assert check_expression("abs(zn_roc) > 2 and close > bb.upper * 1.001", NS) == []


def test_unknown_name_lists_definitions_without_a_close_match():
    assert "this bot defines rsi, bb, zn_roc, gc, vix" in error("qqqqqq > 1").message


def test_deep_nesting_is_an_error_not_a_crash():
    err = error("-" * 200 + "rsi > 1")
    assert "nested more than" in err.message
    err = error("(" * 300 + "rsi" + ")" * 300 + " > 1")
    assert err.col >= 1


def test_too_long():
    assert "longer than" in error("rsi > 1 and " * 300 + "rsi > 1").message


# ---------------------------------------------------------------------------- safety

ESCAPES = [
    "__import__('os').system('true')",
    "open('/etc/passwd')",
    "eval('1')",
    "exec('x=1')",
    "getattr(rsi, 'value') > 1",
    "rsi.__class__.__bases__",
    "close.__class__ == 1",
    "().__class__.__base__.__subclasses__()",
    "bb.__dict__ == 1",
    "rsi.update == 1",
    "globals()",
    "__builtins__",
    "_ctx.bot == 1",
    "_p.position > 0",
    "_default",
    "type(rsi) == 1",
    "print(1)",
    "[].append(1)",
    "{'a': 1}",
    "f'{rsi}' == 1",
    "b'x' == 1",
    "(x := 1) > 0",
    "rsi.value.real > 1",
    "breakpoint()",
]


@pytest.mark.parametrize("text", ESCAPES)
def test_cannot_reach_builtins_or_attributes(text):
    with pytest.raises(ExpressionError):
        compile_expression(text, NS)


def test_unknown_attribute_of_indicator_is_refused():
    """Only declared outputs are readable: not methods such as ``update`` nor params."""
    with pytest.raises(ExpressionError, match="has no output 'params'"):
        compile_expression("rsi.params == 1", NS)


def test_generated_function_has_no_builtins(ctx):
    fn = compile_expression("rsi < 30", namespace_of(ctx)).bind(ctx)
    assert fn.__globals__["__builtins__"] == {}
    assert set(fn.__globals__) >= {"_o0", "_p", "_ctx"}


@settings(max_examples=400, deadline=None, database=None)
@given(st.text(max_size=80))
def test_junk_only_raises_expression_error(text):
    try:
        compile_expression(text, NS)
    except ExpressionError as exc:
        assert exc.col >= 1
        assert exc.message


ALPHABET = list("rsi bb.lower close vix() <>=!+-*/%,_ andornot 0123456789 abs max min'[]")


@settings(max_examples=400, deadline=None, database=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join))
def test_near_miss_junk_only_raises_expression_error(text):
    """Strings made of the language's own pieces reach deeper into the checker."""
    try:
        compiled = compile_expression(text, NS, None)
    except ExpressionError as exc:
        assert 1 <= exc.col <= len(text) + 1
    else:
        assert compiled.kind in ("bool", "number")


def test_names_of_matches_namespace_of(ctx):
    assert names_of(ctx) == namespace_of(ctx)


def test_generated_source_holds_no_user_names(ctx):
    """Names become bound objects: the user's words never reach the compiled source."""
    src = compile_expression("rsi < 30 and close < bb.lower", namespace_of(ctx)).source()
    assert "rsi" not in src and "bb" not in src
    assert "_o0.value" in src and "_o2.lower" in src and "_p.bar.close" in src
