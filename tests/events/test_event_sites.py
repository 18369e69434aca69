"""Every ``emit("kind", ...)`` and ``ctx.log("kind", ...)`` in the code builds its typed event.

While the call form is still in use (see ``runner.events.sink``), this reads every call
site with a literal kind and checks, without running it, that the kind has a class, that
each keyword is one of the class's fields and that no required field is missing: a field
renamed at a call site or in a class fails here, not in a live run.
"""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

from runner.events import BY_KIND

REPO = Path(__file__).resolve().parents[2]


def _sites() -> list[tuple[str, str, set[str], bool]]:
    """(where, kind, keywords, has **kwargs) of each call with a literal (prefix of a) kind."""
    out = []
    for root in ("runner", "runner_plugins"):
        for path in sorted((REPO / root).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call) or not node.args:
                    continue
                func = node.func
                emit = isinstance(func, ast.Attribute | ast.Name) and (
                    getattr(func, "attr", getattr(func, "id", None)) == "emit"
                )
                log = (
                    isinstance(func, ast.Attribute)
                    and func.attr == "log"
                    and isinstance(func.value, ast.Name)
                    and func.value.id == "ctx"
                )
                if not (emit or log):
                    continue
                first = node.args[0]
                where = f"{path.relative_to(REPO)}:{node.lineno}"
                keywords = {k.arg for k in node.keywords if k.arg is not None}
                spread = any(k.arg is None for k in node.keywords)
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    out.append((where, first.value, keywords, spread))
                elif (
                    isinstance(first, ast.BinOp)
                    and isinstance(first.left, ast.Constant)
                    and isinstance(first.left.value, str)
                ):  # "order_" + status: every kind of that prefix
                    prefix = first.left.value
                    kinds = [k for k in BY_KIND if k.startswith(prefix)]
                    assert kinds, f"{where}: no event kind starts with {prefix!r}"
                    out += [(where, k, keywords, spread) for k in kinds]
    return out


def test_every_emit_call_site_names_a_kind_with_its_fields():
    sites = _sites()
    # when none is left, the call form is gone: delete runner.events.as_event and this test
    assert sites, "no emit(kind, ...) call left"
    for where, kind, keywords, spread in sites:
        cls = BY_KIND.get(kind)
        assert cls is not None, f"{where}: event {kind!r} has no class in runner.events"
        own = {f.name for f in dataclasses.fields(cls)} - {"bot", "ts"}
        required = {
            f.name
            for f in dataclasses.fields(cls)
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        } - {"bot", "ts"}
        assert keywords <= own, f"{where}: {kind}: no field(s) {sorted(keywords - own)}"
        if not spread:
            assert required <= keywords, f"{where}: {kind}: missing {sorted(required - keywords)}"


def test_the_dynamic_kinds_have_classes_too():
    # runtime.py passes a feed's Timer on by its name; Rithmic's is "feed_stale"
    from runner_plugins.rithmic.data import STALE_EVENT

    assert STALE_EVENT in BY_KIND
    # "recovered" is emitted with **summary: its keys, as runtime.recover builds them
    BY_KIND["recovered"](bot="b", ts=1, positions={}, working_orders=0, fills=0, after_crash=False)
