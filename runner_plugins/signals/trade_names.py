"""What a rule may read about the open trade: ``entry_price`` and ``at_entry(...)``.

``entry_price`` is the average fill price of the primary instrument's open position (what
the position book holds), ``at_entry(atr)`` or ``at_entry(bb.lower)`` the value an indicator
output had when the trade's entry was sent: at the close of the signal bar, the values the
entry signal itself saw. Both are NaN while the primary instrument is flat, and a rule that
reads them is then false (a number rule gives its default), as it is while an indicator is
not warm: ``close < entry_price - 2 * at_entry(atr)`` can only close a trade that is open.
A position the bot did not enter itself (restored after a restart, taken over from the
broker) has an ``entry_price`` but no entry values until its next entry.

:mod:`runner_plugins.signals.expr` checks and compiles these like every other name; this
module holds their resolution and the code they compile to.
"""

from __future__ import annotations

import ast
import difflib

from runner.api import Namespace

ENTRY_PRICE = "entry_price"
AT_ENTRY = "at_entry"

USAGE = "at_entry() takes an indicator id or output, like at_entry(atr) or at_entry(bb.lower)"


def at_entry_output(arg: ast.expr, names: Namespace) -> tuple[str, str] | tuple[ast.AST, str]:
    """``(indicator id, output)`` the argument of ``at_entry`` names, or ``(node, message)``
    pointing at what is wrong with it."""
    if isinstance(arg, ast.Name):
        ident = arg.id
        outs = names.indicators.get(ident)
        if outs is None:
            return arg, _unknown(ident, names)
        if not outs:
            return arg, f"indicator {ident!r} has no outputs"
        return ident, outs[0]
    if isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name):
        ident, out = arg.value.id, arg.attr
        outs = names.indicators.get(ident)
        if outs is None:
            return arg.value, _unknown(ident, names)
        if out not in outs:
            return arg, f"indicator {ident!r} has no output {out!r}; its outputs: {', '.join(outs)}"
        return ident, out
    return arg, USAGE


def _unknown(ident: str, names: Namespace) -> str:
    known = list(names.indicators)
    if ident in names.instruments:
        return f"{ident!r} is an instrument; {USAGE}"
    close = difflib.get_close_matches(ident, known, n=1, cutoff=0.6)
    msg = f"at_entry() of unknown indicator {ident!r}"
    if close:
        return f"{msg}; did you mean {close[0]!r}?"
    return f"{msg}; this bot's indicators: {', '.join(known) or 'none'}"


def entry_price_source() -> str:
    """Generated code: the open position's average price, NaN when flat."""
    return "(_p.avg_price if _p.position else _nan)"


def at_entry_source(ident: str, output: str) -> str:
    """Generated code: the output's value at the entry, NaN when flat or never entered."""
    return f"(_ctx.entry_values.get(({ident!r}, {output!r}), _nan) if _p.position else _nan)"
