"""Rule expressions: a small, safe language compiled once into a plain Python function.

A trader writes ``rsi < 30 and close < bb.lower`` in YAML. The text is parsed with
:mod:`ast`, every node is checked against a whitelist (comparisons, ``and``/``or``/``not``,
``+ - * / %``, unary minus, numbers, ``True``/``False``, names, ``name.output`` and calls to
``abs``, ``min``, ``max``, ``between``, ``cross_above``, ``cross_below``), names are checked
against what the bot defines, and the operand types are checked (``and`` joins conditions,
``<`` compares numbers). Anything else is an :class:`ExpressionError` carrying the column of
the offending part, so ``runner validate`` can point at it.

The checked tree is then turned into the source of one function whose only globals are the
objects it reads (indicators, instrument states). Evaluating a rule on a bar is one call of
that function: no tree walking, no dictionary look-ups by name, no ``eval`` of user text.

Semantics worth knowing:

* A bare indicator id means its first output (``rsi`` is ``rsi.value``; ``bb`` is
  ``bb.upper``); other outputs are written ``bb.lower``.
* ``open high low close volume`` are the primary instrument's latest bar; ``vix.close`` is
  another instrument's; ``position`` is the primary's signed position, ``bars_in_trade``
  the bars since its entry (0 when flat); ``vix.position`` works for any instrument.
* ``entry_price`` (the open position's average fill price) and ``at_entry(atr)`` (an
  indicator output's value when the entry was sent) read the open trade; while flat they
  are NaN and the expression is false (see :mod:`runner_plugins.signals.trade_names`).
* While any indicator output an expression reads is NaN (not warm yet), the expression is
  false (a number expression gives its default). This is stricter than Python's own NaN
  rule (every comparison with NaN is false) because ``not (rsi > 70)`` would otherwise be
  true on a cold indicator. An indicator that is not warm never triggers anything.
* Arithmetic that fails on a bar (division by zero, an instrument that has not printed a bar
  yet) makes the expression false for that bar instead of stopping the bot.
* ``between(x, lo, hi)`` is ``lo <= x <= hi``; ``min``/``max`` give NaN when any input is
  NaN (Python's own answer would depend on the argument order).
* ``cross_above(a, b)`` is true on the bar where ``a > b`` and, on the bar just before,
  ``a <= b``. It needs the previous bar's values, so each call site keeps them; if the rule
  was not evaluated on the previous bar (bar indices not consecutive) there is no previous
  value and the cross is false. ``cross_below`` mirrors it.
"""

from __future__ import annotations

import ast
import difflib
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from runner.api import BAR_FIELDS, Namespace
from runner_plugins.signals.trade_names import (
    AT_ENTRY,
    ENTRY_PRICE,
    at_entry_output,
    at_entry_source,
    entry_price_source,
)

if TYPE_CHECKING:
    from runner.api.context import BotContext

MAX_LENGTH = 2000
MAX_DEPTH = 100

Kind = Literal["bool", "number"]

INSTRUMENT_FIELDS = (*BAR_FIELDS, "position")
SPECIAL_NAMES = ("position", "bars_in_trade", ENTRY_PRICE)

# name -> (min args, max args, argument kind, result kind)
FUNCTIONS: dict[str, tuple[int, int, Kind, Kind]] = {
    "abs": (1, 1, "number", "number"),
    "min": (2, 8, "number", "number"),
    "max": (2, 8, "number", "number"),
    "between": (3, 3, "number", "bool"),
    "cross_above": (2, 2, "number", "bool"),
    "cross_below": (2, 2, "number", "bool"),
    AT_ENTRY: (1, 1, "number", "number"),
}

_COMPARE_OPS = {
    ast.Lt: "<",
    ast.LtE: "<=",
    ast.Gt: ">",
    ast.GtE: ">=",
    ast.Eq: "==",
    ast.NotEq: "!=",
}
_BIN_OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Mod: "%"}

_NODE_WORDS = {
    ast.Subscript: "indexing with [ ]",
    ast.Lambda: "lambda",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.IfExp: "'x if c else y'",
    ast.NamedExpr: "':='",
    ast.List: "lists",
    ast.Tuple: "tuples",
    ast.Dict: "dicts",
    ast.Set: "sets",
    ast.JoinedStr: "strings",
    ast.Await: "await",
    ast.Starred: "'*'",
    ast.Slice: "slices",
}


class ExpressionError(ValueError):
    """A rule that cannot be compiled; ``col`` is the 1-based column of the offending part."""

    def __init__(self, message: str, col: int = 1) -> None:
        super().__init__(message, col)
        self.message = message
        self.col = col

    def __str__(self) -> str:
        return f"{self.message} (column {self.col})"

    def pointer(self, text: str) -> str:
        """The expression with a caret under the offending column, for terminal output."""
        line = text.replace("\n", " ")
        return f"{line}\n{' ' * (self.col - 1)}^"


# ---------------------------------------------------------------------------- references


@dataclass(frozen=True, slots=True)
class Ref:
    """One thing an expression reads: ``kind`` is indicator, instrument, bar, special, or
    entry (an indicator output's value at the trade's entry)."""

    kind: Literal["indicator", "instrument", "bar", "special", "entry"]
    owner: str  # indicator id, instrument key, or "" for the primary
    attr: str  # output name, bar field, "position", "bars_in_trade" or "entry_price"

    @property
    def trade_value(self) -> bool:
        """NaN while flat: the expression is then false, like on a cold indicator."""
        return self.kind == "entry" or (self.kind == "special" and self.attr == ENTRY_PRICE)

    @property
    def text(self) -> str:
        return f"{self.owner}.{self.attr}" if self.owner else self.attr


@dataclass(frozen=True, slots=True)
class CrossSite:
    above: bool
    first: str  # generated source of the two arguments
    second: str


# ---------------------------------------------------------------------------- checking


class _Checker:
    """Walks a parsed expression: whitelist, names, types; collects every error."""

    def __init__(self, text: str, names: Namespace, lead: int) -> None:
        self.text = text
        self.names = names
        self.lead = lead
        self.errors: list[ExpressionError] = []
        self.refs: dict[Ref, str] = {}  # ref -> local variable name in the generated code
        self.crosses: list[CrossSite] = []
        self.lines = text.splitlines() or [""]

    # -- positions
    def col(self, node: ast.AST) -> int:
        return self._col(getattr(node, "lineno", 1) or 1, getattr(node, "col_offset", 0) or 0)

    def _col(self, line: int, offset: int) -> int:
        """1-based character column in the original text of a byte offset on ``line``."""
        src = self.lines[line - 1] if line - 1 < len(self.lines) else ""
        chars = len(src.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
        before = sum(len(x) + 1 for x in self.lines[: line - 1])
        return before + chars + self.lead + 1

    def fail(self, node: ast.AST, message: str) -> None:
        self.errors.append(ExpressionError(message, self.col(node)))

    def fail_attr(self, node: ast.Attribute, message: str) -> None:
        """Point at the part after the dot, which is what is wrong."""
        end = node.end_col_offset
        line = node.end_lineno or 1
        if end is None:
            col = self.col(node)
        else:
            col = self._col(line, end - len(node.attr.encode("utf-8")))
        self.errors.append(ExpressionError(message, col))

    # -- the walk: returns (generated source, kind) or None after an error
    def visit(self, node: ast.AST, depth: int = 0) -> tuple[str, Kind] | None:
        if depth > MAX_DEPTH:
            self.fail(node, f"expression is nested more than {MAX_DEPTH} levels deep")
            return None
        method = getattr(self, f"visit_{type(node).__name__}", None)
        if method is None:
            word = _NODE_WORDS.get(type(node), f"'{type(node).__name__}' syntax")
            self.fail(node, f"{word} not allowed in a rule")
            return None
        return method(node, depth + 1)

    def visit_Constant(self, node: ast.Constant, depth: int) -> tuple[str, Kind] | None:
        value = node.value
        if isinstance(value, bool):
            return repr(value), "bool"
        if isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                self.fail(node, "number is too large")
                return None
            if isinstance(value, int) and abs(value) > 10**18:
                self.fail(node, "number is too large")
                return None
            return repr(value), "number"
        if isinstance(value, str | bytes):
            self.fail(node, "strings not allowed in a rule")
        else:
            self.fail(node, f"{value!r} not allowed in a rule")
        return None

    def visit_BoolOp(self, node: ast.BoolOp, depth: int) -> tuple[str, Kind] | None:
        word = "and" if isinstance(node.op, ast.And) else "or"
        parts = []
        for value in node.values:
            res = self.visit(value, depth)
            if res is None:
                continue
            if res[1] != "bool":
                self.fail(value, f"'{word}' joins conditions; this side is a number")
            parts.append(res[0])
        if len(parts) != len(node.values):
            return None
        return "(" + f" {word} ".join(parts) + ")", "bool"

    def visit_UnaryOp(self, node: ast.UnaryOp, depth: int) -> tuple[str, Kind] | None:
        res = self.visit(node.operand, depth)
        if isinstance(node.op, ast.Not):
            if res is not None and res[1] != "bool":
                self.fail(node.operand, "'not' applies to a condition; this is a number")
                return None
            return (f"(not {res[0]})", "bool") if res else None
        if isinstance(node.op, ast.USub | ast.UAdd):
            sign = "-" if isinstance(node.op, ast.USub) else "+"
            if res is not None and res[1] != "number":
                self.fail(node.operand, f"'{sign}' applies to a number; this is a condition")
                return None
            return (f"({sign}{res[0]})", "number") if res else None
        self.fail(node, "'~' not allowed in a rule")
        return None

    def visit_BinOp(self, node: ast.BinOp, depth: int) -> tuple[str, Kind] | None:
        op = _BIN_OPS.get(type(node.op))
        if op is None:
            allowed = " ".join(_BIN_OPS.values())
            self.fail(node, f"operator not allowed in a rule (use {allowed})")
            self.visit(node.left, depth)
            self.visit(node.right, depth)
            return None
        left = self.visit(node.left, depth)
        right = self.visit(node.right, depth)
        ok = True
        for side, res in ((node.left, left), (node.right, right)):
            if res is not None and res[1] != "number":
                self.fail(side, f"'{op}' needs numbers; this side is a condition")
                ok = False
        if left is None or right is None or not ok:
            return None
        return f"({left[0]} {op} {right[0]})", "number"

    def visit_Compare(self, node: ast.Compare, depth: int) -> tuple[str, Kind] | None:
        parts: list[str] = []
        ok = True
        operands = [node.left, *node.comparators]
        results = [self.visit(x, depth) for x in operands]
        for operand, res in zip(operands, results, strict=True):
            if res is None:
                ok = False
            elif res[1] != "number":
                self.fail(operand, "comparisons need numbers; this side is a condition")
                ok = False
        for op in node.ops:
            sym = _COMPARE_OPS.get(type(op))
            if sym is None:
                self.fail(node, "only < <= > >= == != comparisons are allowed in a rule")
                ok = False
            parts.append(sym or "")
        if not ok:
            return None
        src = results[0][0]  # type: ignore[index]
        for sym, res in zip(parts, results[1:], strict=True):
            src += f" {sym} {res[0]}"  # type: ignore[index, operator]
        return f"({src})", "bool"

    def visit_Call(self, node: ast.Call, depth: int) -> tuple[str, Kind] | None:
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            allowed = ", ".join(FUNCTIONS)
            shown = node.func.id if isinstance(node.func, ast.Name) else _callee(node.func)
            hint = _suggest(shown, list(FUNCTIONS)) if isinstance(node.func, ast.Name) else None
            msg = f"cannot call {shown!r}; a rule may call only {allowed}"
            if hint:
                msg += f"; did you mean {hint!r}?"
            self.fail(node.func, msg)
            return None
        name = node.func.id
        lo, hi, arg_kind, result = FUNCTIONS[name]
        if node.keywords:
            self.fail(node.keywords[0].value, f"{name}() takes no keyword arguments")
            return None
        if not lo <= len(node.args) <= hi:
            want = str(lo) if lo == hi else f"{lo} to {hi}"
            self.fail(node, f"{name}() takes {want} arguments, {len(node.args)} given")
            return None
        if name == AT_ENTRY:
            found = at_entry_output(node.args[0], self.names)
            if isinstance(found[0], ast.AST):
                self.fail(found[0], found[1])
                return None
            return self._local(Ref("entry", found[0], found[1])), "number"
        args: list[str] = []
        ok = True
        for arg in node.args:
            res = self.visit(arg, depth)
            if res is None:
                ok = False
                continue
            if res[1] != arg_kind:
                self.fail(arg, f"{name}() needs numbers; this argument is a condition")
                ok = False
            args.append(res[0])
        if not ok:
            return None
        if name in ("cross_above", "cross_below"):
            index = len(self.crosses)
            self.crosses.append(CrossSite(name == "cross_above", args[0], args[1]))
            return f"_c{index}", "bool"
        if name == "between":
            return f"({args[1]} <= {args[0]} <= {args[2]})", "bool"
        return f"_{name}({', '.join(args)})", result

    def visit_Name(self, node: ast.Name, depth: int) -> tuple[str, Kind] | None:
        name = node.id
        if name.startswith("_"):
            self.fail(node, f"names starting with '_' are not allowed ({name!r})")
            return None
        if name in FUNCTIONS:
            self.fail(node, f"{name} is a function; call it like {name}(...)")
            return None
        ref = self._resolve_bare(node, name)
        return (self._local(ref), "number") if ref else None

    def visit_Attribute(self, node: ast.Attribute, depth: int) -> tuple[str, Kind] | None:
        if node.attr.startswith("_"):
            self.fail_attr(node, f"attribute {node.attr!r} is not allowed in a rule")
            return None
        if not isinstance(node.value, ast.Name):
            self.fail_attr(node, "only one level of '.' is allowed (like bb.lower or vix.close)")
            return None
        owner = node.value.id
        if owner.startswith("_"):
            self.fail(node.value, f"names starting with '_' are not allowed ({owner!r})")
            return None
        ref = self._resolve_dotted(node, owner, node.attr)
        return (self._local(ref), "number") if ref else None

    # -- name resolution
    def _resolve_bare(self, node: ast.AST, name: str) -> Ref | None:
        names = self.names
        found: list[Ref] = []
        if name in names.indicators:
            outs = names.indicators[name]
            if not outs:
                self.fail(node, f"indicator {name!r} has no outputs")
                return None
            found.append(Ref("indicator", name, outs[0]))
        if name in BAR_FIELDS:
            found.append(Ref("bar", "", name))
        if name in SPECIAL_NAMES:
            found.append(Ref("special", "", name))
        if name in names.instruments:
            if found:
                found.append(Ref("instrument", name, "close"))
            else:
                self.fail(
                    node,
                    f"{name!r} is an instrument; write one of its fields, like {name}.close",
                )
                return None
        if len(found) > 1:
            self.fail(
                node,
                f"{name!r} is ambiguous: it is both {_describe(found[0])} and "
                f"{_describe(found[1])}; rename the indicator or instrument",
            )
            return None
        if found:
            return found[0]
        self.fail(node, self._unknown(name))
        return None

    def _resolve_dotted(self, node: ast.Attribute, owner: str, attr: str) -> Ref | None:
        names = self.names
        if owner in names.indicators and owner in names.instruments:
            self.fail(node, f"{owner!r} is both an indicator id and an instrument key")
            return None
        if owner in names.indicators:
            outs = names.indicators[owner]
            if attr in outs:
                return Ref("indicator", owner, attr)
            msg = f"indicator {owner!r} has no output {attr!r}; its outputs: {', '.join(outs)}"
            hint = _suggest(attr, list(outs))
            self.fail_attr(node, msg + (f"; did you mean {owner}.{hint}?" if hint else ""))
            return None
        if owner in names.instruments:
            if attr in INSTRUMENT_FIELDS:
                return Ref("instrument", owner, attr)
            hint = _suggest(attr, list(INSTRUMENT_FIELDS))
            msg = (
                f"instrument {owner!r} has no field {attr!r}; "
                f"its fields: {', '.join(INSTRUMENT_FIELDS)}"
            )
            self.fail_attr(node, msg + (f"; did you mean {owner}.{hint}?" if hint else ""))
            return None
        if owner in BAR_FIELDS or owner in SPECIAL_NAMES:
            self.fail(node, f"{owner!r} is a number and has no fields")
            return None
        self.fail(node, self._unknown(owner, f"{owner}.{attr}"))
        return None

    def _unknown(self, name: str, shown: str | None = None) -> str:
        candidates = self.names.all_names() + list(SPECIAL_NAMES)
        hint = _suggest(shown or name, candidates) or _suggest(name, candidates)
        msg = f"unknown name {shown or name!r}"
        if hint:
            return f"{msg}; did you mean {hint!r}?"
        defined = list(self.names.indicators) + list(self.names.instruments)
        if defined:
            return f"{msg}; this bot defines {', '.join(defined)}"
        return msg

    def _local(self, ref: Ref) -> str:
        local = self.refs.get(ref)
        if local is None:
            local = f"_v{len(self.refs)}"
            self.refs[ref] = local
        return local


def _describe(ref: Ref) -> str:
    return {
        "indicator": "an indicator id",
        "bar": "a bar field",
        "special": "a built-in name",
        "instrument": "an instrument key",
        "entry": "a value at entry",
    }[ref.kind]


def _callee(func: ast.expr, limit: int = 40) -> str:
    """What the rule tried to call, as written (``os.system``, ``__import__('os').system``),
    shortened so that a long expression does not swamp the message."""
    text = ast.unparse(func)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _suggest(name: str, candidates: list[str]) -> str | None:
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


# ---------------------------------------------------------------------------- compiling


@dataclass(frozen=True)
class CompiledExpr:
    """A checked expression, ready to be bound to a bot's context.

    ``refs`` lists what it reads; ``kind`` says whether it is a condition or a number.
    """

    text: str
    kind: Kind
    body: str  # generated source of the expression over locals _v0.. and _c0..
    refs: tuple[Ref, ...]
    locals_: tuple[str, ...]
    crosses: tuple[CrossSite, ...] = field(default_factory=tuple)

    @property
    def indicator_ids(self) -> set[str]:
        return {r.owner for r in self.refs if r.kind == "indicator"}

    def source(self) -> str:
        """The generated function, for reading and debugging."""
        lines = ["def _rule():", "    try:"]
        for i, (ref, local) in enumerate(zip(self.refs, self.locals_, strict=True)):
            lines.append(f"        {local} = {_load(ref, i)}")
        for i, site in enumerate(self.crosses):
            call = "_cross_above" if site.above else "_cross_below"
            lines.append(f"        _c{i} = {call}{i}(_ctx.bar_index, {site.first}, {site.second})")
        guards = [
            f"{loc} != {loc}"
            for ref, loc in zip(self.refs, self.locals_, strict=True)
            if ref.kind == "indicator" or ref.trade_value
        ]
        if guards:
            lines.append(f"        if {' or '.join(guards)}:")
            lines.append("            return _default")
        lines.append(f"        return {self.body}")
        lines.append("    except _errors:")
        lines.append("        return _default")
        return "\n".join(lines) + "\n"

    def bind(self, ctx: BotContext, default: Any = None) -> Callable[[], Any]:
        """A no-argument function giving the expression's value on the current bar.

        ``default`` is what a cold indicator or failed arithmetic gives: ``False`` for
        conditions unless told otherwise, ``nan`` for numbers.
        """
        if default is None:
            default = False if self.kind == "bool" else math.nan
        env: dict[str, Any] = {
            "__builtins__": {},
            "_ctx": ctx,
            "_p": ctx.primary,
            "_default": default,
            "_nan": math.nan,
            "_errors": (ArithmeticError, AttributeError, TypeError, ValueError),
            "_abs": abs,
            "_min": _nan_min,
            "_max": _nan_max,
        }
        for i, ref in enumerate(self.refs):
            if ref.kind == "indicator":
                env[f"_o{i}"] = ctx.indicators[ref.owner]
            elif ref.kind == "instrument":
                env[f"_o{i}"] = ctx.instruments[ref.owner]
        for i, site in enumerate(self.crosses):
            name = "_cross_above" if site.above else "_cross_below"
            env[f"{name}{i}"] = Cross(site.above)
        code = compile(self.source(), f"<rule {self.text!r}>", "exec")
        exec(code, env)  # the source is generated from a whitelisted tree, never user text
        fn: Callable[[], Any] = env["_rule"]
        return fn


def _load(ref: Ref, index: int) -> str:
    if ref.kind == "entry":
        return at_entry_source(ref.owner, ref.attr)
    if ref.kind == "special" and ref.attr == ENTRY_PRICE:
        return entry_price_source()
    if ref.kind == "indicator":
        return f"_o{index}.{ref.attr}"
    if ref.kind == "bar":
        return f"_p.bar.{ref.attr}"
    if ref.kind == "instrument":
        if ref.attr == "position":
            return f"_o{index}.position"
        return f"_o{index}.bar.{ref.attr}"
    if ref.attr == "position":
        return "_p.position"
    return "((_ctx.bar_index - _p.entry_bar_index) if _p.position else 0)"


def _nan_min(*values: float) -> float:
    """``min`` that answers NaN when any input is NaN (the builtin's answer depends on order)."""
    for v in values:
        if v != v:
            return math.nan
    return min(values)


def _nan_max(*values: float) -> float:
    for v in values:
        if v != v:
            return math.nan
    return max(values)


class Cross:
    """State of one ``cross_above``/``cross_below`` call site: the previous bar's values."""

    __slots__ = ("above", "cur_a", "cur_b", "index", "prev_a", "prev_b")

    def __init__(self, above: bool) -> None:
        self.above = above
        self.index = -(10**9)
        self.prev_a = self.prev_b = self.cur_a = self.cur_b = math.nan

    def __call__(self, index: int, a: float, b: float) -> bool:
        if index != self.index:
            if index == self.index + 1:
                self.prev_a, self.prev_b = self.cur_a, self.cur_b
            else:
                self.prev_a = self.prev_b = math.nan
            self.index = index
        self.cur_a, self.cur_b = a, b
        if self.above:
            return self.prev_a <= self.prev_b and a > b
        return self.prev_a >= self.prev_b and a < b


def _parse(text: str) -> tuple[ast.Expression, int]:
    if not isinstance(text, str):
        raise ExpressionError("a rule must be a text expression", 1)
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"rule is longer than {MAX_LENGTH} characters", MAX_LENGTH)
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    if not stripped.strip():
        raise ExpressionError("empty rule", 1)
    src = stripped.rstrip().replace("\r", " ").replace("\n", " ")
    try:
        tree = ast.parse(src, mode="eval")
    except SyntaxError as exc:
        reason = (exc.msg or "invalid syntax").split(" (")[0]
        if not exc.offset or (exc.lineno or 1) > 1:
            col, reason = len(src) + 1 + lead, "the rule ends too early"
        else:
            col = exc.offset + lead
            at = src[exc.offset - 1 : exc.offset + 1]
            if at.startswith("=") and at != "==":
                reason += "; compare with == (or <=, >=)"
        raise ExpressionError(f"syntax error: {reason}", max(1, col)) from None
    except (ValueError, RecursionError, MemoryError, OverflowError) as exc:
        raise ExpressionError(f"cannot parse rule: {exc}", 1) from None
    return tree, lead


def _check(text: str, names: Namespace, expect: Kind | None) -> tuple[_Checker, str, Kind]:
    tree, lead = _parse(text)
    # Errors are reported in the stripped single-line text, shifted back by ``lead``.
    checker = _Checker(text[lead:].replace("\r", " ").replace("\n", " "), names, lead)
    try:
        res = checker.visit(tree.body)
    except RecursionError:
        raise ExpressionError(
            f"expression is nested more than {MAX_DEPTH} levels deep", 1
        ) from None
    if res is None:
        if not checker.errors:  # pragma: no cover - every failing visit records an error
            checker.errors.append(ExpressionError("invalid rule", 1))
        return checker, "", "bool"
    body, kind = res
    if expect == "bool" and kind != "bool":
        checker.errors.append(
            ExpressionError(
                "this rule gives a number, not a condition; compare it (e.g. rsi < 30)",
                checker.col(tree.body),
            )
        )
    elif expect == "number" and kind != "number":
        checker.errors.append(
            ExpressionError("this must be a number, not a condition", checker.col(tree.body))
        )
    return checker, body, kind


def compile_expression(text: str, names: Namespace, expect: Kind | None = "bool") -> CompiledExpr:
    """Check ``text`` against the bot's ``names`` and compile it, or raise ExpressionError.

    ``expect`` is ``"bool"`` for conditions (the default), ``"number"`` for values such as
    a confidence, ``None`` for either.
    """
    checker, body, kind = _check(text, names, expect)
    if checker.errors:
        raise checker.errors[0]
    refs = tuple(checker.refs)
    compiled = CompiledExpr(
        text=text,
        kind=kind,
        body=body,
        refs=refs,
        locals_=tuple(checker.refs[r] for r in refs),
        crosses=tuple(checker.crosses),
    )
    try:  # prove the generated source compiles now, not on the first bar
        compile(compiled.source(), "<rule>", "exec")
    except (SyntaxError, RecursionError, MemoryError, ValueError) as exc:
        raise ExpressionError(f"rule is too complex to compile: {exc}", 1) from None
    return compiled


def check_expression(text: str, names: Namespace, expect: Kind | None = "bool") -> list[str]:
    """Every problem of ``text`` as messages naming the column ([] when it is fine)."""
    try:
        checker, _, _ = _check(text, names, expect)
    except ExpressionError as exc:
        return [str(exc)]
    return [str(e) for e in checker.errors]


def namespace_of(ctx: BotContext) -> Namespace:
    """The names a running bot defines (for compiling at bind time)."""
    indicators = {
        key: tuple(type(ind).output_names(ind.params)) for key, ind in ctx.indicators.items()
    }
    return Namespace(instruments=tuple(ctx.instruments), indicators=indicators)


def check_indicator(names: Namespace, ident: str, outputs: tuple[str, ...] = ()) -> str | None:
    """Why ``ident`` is not an indicator with ``outputs`` (None when it is), with a hint."""
    if ident not in names.indicators:
        hint = _suggest(ident, list(names.indicators))
        msg = f"unknown indicator {ident!r}"
        if hint:
            return f"{msg}; did you mean {hint!r}?"
        known = ", ".join(names.indicators) or "none"
        return f"{msg}; this bot's indicators: {known}"
    have = names.indicators[ident]
    missing = [o for o in outputs if o not in have]
    if missing:
        return f"indicator {ident!r} has no output {missing[0]!r} (its outputs: {', '.join(have)})"
    return None


def check_instrument(names: Namespace, key: str) -> str | None:
    """Why ``key`` is not one of the bot's instruments (None when it is), with a hint."""
    if key in names.instruments:
        return None
    hint = _suggest(key, list(names.instruments))
    msg = f"unknown instrument {key!r}"
    if hint:
        return f"{msg}; did you mean {hint!r}?"
    return f"{msg}; this bot's instruments: {', '.join(names.instruments) or 'none'}"
