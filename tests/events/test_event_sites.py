"""Every event the core emits is built from its class at the call site, with its fields.

This reads the code without running it. Every ``emit(...)`` in ``runner/`` must be handed
one call of an event class (or of a function the events package declares as returning
one), and a class call must name exactly the class's fields, ``bot`` and ``ts`` included:
a field renamed at a call site or in a class fails here, not in a live run. Plugins cannot
import the event classes and say ``ctx.log("kind", ...)`` instead; those names and fields
are checked against the classes too, since one that does not fit is only a notice.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import typing
from dataclasses import dataclass
from pathlib import Path

import runner.events as ev
from runner.events import BY_KIND, Event, FeedStale, Notice, as_event
from runner.model import OrderStatus
from runner.orders.manager import ENDED

REPO = Path(__file__).resolve().parents[2]


@dataclass
class Site:
    where: str
    call: ast.Call
    aliases: dict[str, str]  # local name -> name in runner.events
    tables: dict[str, list[str]]  # module-level dicts of event classes, by name


def _event_aliases(tree: ast.Module) -> dict[str, str]:
    found = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "runner.events":
            for alias in node.names:
                found[alias.asname or alias.name] = alias.name
    return found


def _class_tables(tree: ast.Module, aliases: dict[str, str]) -> dict[str, list[str]]:
    """Module-level ``NAME = {key: EventClass, ...}`` (a class picked at run time)."""
    tables = {}
    for node in tree.body:
        target = node.target if isinstance(node, ast.AnnAssign) else None
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
        value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
        if isinstance(target, ast.Name) and isinstance(value, ast.Dict):
            names = [aliases.get(v.id, "") for v in value.values if isinstance(v, ast.Name)]
            if names and all(names):
                tables[target.id] = names
    return tables


def _emit_sites() -> list[Site]:
    sites = []
    for path in sorted((REPO / "runner").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        aliases = _event_aliases(tree)
        tables = _class_tables(tree, aliases)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called(node.func) == "emit":
                where = f"{path.relative_to(REPO)}:{node.lineno}"
                sites.append(Site(where, node, aliases, tables))
    return sites


def _called(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _classes_called(site: Site, made: ast.Call) -> list[str]:
    """The names in runner.events that the call builds its event with."""
    func = made.func
    if isinstance(func, ast.Subscript) and isinstance(func.value, ast.Name):
        return site.tables.get(func.value.id, [])  # a class picked from a table
    if isinstance(func, ast.Name):
        return [site.aliases[func.id]] if func.id in site.aliases else []
    return []


def _returns_event(obj: object) -> bool:
    if not inspect.isfunction(obj):
        return False
    returned = typing.get_type_hints(obj).get("return")
    return isinstance(returned, type) and issubclass(returned, Event)


def _check_fields(where: str, cls: type[Event], made: ast.Call, known: set[str]) -> None:
    """The call's keywords (and ``known``, what the caller adds) are the class's fields."""
    assert not made.args, f"{where}: {cls.__name__} takes its fields by name"
    assert all(k.arg is not None for k in made.keywords), f"{where}: no **fields for events"
    given = known | {str(k.arg) for k in made.keywords}
    fields = {f.name for f in dataclasses.fields(cls)}
    required = {
        f.name
        for f in dataclasses.fields(cls)
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    }
    assert given <= fields, f"{where}: {cls.__name__} has no field(s) {sorted(given - fields)}"
    assert required <= given, f"{where}: {cls.__name__} misses {sorted(required - given)}"


def test_every_emit_in_the_core_is_handed_one_typed_event_with_its_fields():
    sites = _emit_sites()
    assert len(sites) > 40
    for site in sites:
        where, call = site.where, site.call
        assert len(call.args) == 1 and not call.keywords, f"{where}: emit(event), nothing else"
        made = call.args[0]
        assert isinstance(made, ast.Call), f"{where}: the event is built where it is emitted"
        names = _classes_called(site, made)
        assert names, f"{where}: {ast.unparse(made.func)} is no class of runner.events"
        for name in names:
            obj = getattr(ev, name, None)
            if _returns_event(obj):
                continue  # connection_event, as_event: their own tests cover them
            assert isinstance(obj, type) and issubclass(obj, Event) and obj.kind, (
                f"{where}: {name} is not an event class"
            )
            _check_fields(where, obj, made, set())


def test_names_are_turned_into_events_only_where_they_arrive_at_run_time():
    users = set()
    for path in sorted((REPO / "runner").rglob("*.py")):
        if "events" in path.relative_to(REPO).parts[:2]:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _called(node.func) == "as_event":
                users.add(str(path.relative_to(REPO)))
    # a plugin's ctx.log (plugins see runner.api only) and a feed's Timer
    assert users == {"runner/engine/factory.py", "runner/runtime/market.py"}


def test_every_ctx_log_of_a_plugin_names_a_kind_with_its_fields():
    sites = 0
    for root in ("runner", "runner_plugins"):
        for path in sorted((REPO / root).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                func = node.func if isinstance(node, ast.Call) else None
                if not (
                    isinstance(func, ast.Attribute)
                    and func.attr == "log"
                    and isinstance(func.value, ast.Name)
                    and func.value.id == "ctx"
                ):
                    continue
                assert isinstance(node, ast.Call)
                where = f"{path.relative_to(REPO)}:{node.lineno}"
                first, *rest = node.args
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), where
                cls = BY_KIND.get(first.value)
                assert cls is not None, f"{where}: event {first.value!r} has no class"
                fields = ast.Call(func=func, args=rest, keywords=node.keywords)
                _check_fields(where, cls, fields, {"bot", "ts"})  # the bot's and its clock's
                sites += 1
    assert sites >= 3


def test_the_names_that_arrive_at_run_time_have_classes_too():
    # the market loop passes a feed's Timer on by its name; Rithmic's is "feed_stale"
    from runner_plugins.rithmic.data import STALE_EVENT

    stale = as_event(STALE_EVENT, "", 1, {"symbol": "GCZ3", "silent_s": 12.5})
    assert isinstance(stale, FeedStale) and not isinstance(stale, Notice)


def test_an_order_ending_unfilled_is_the_kind_of_its_final_status():
    assert set(ENDED) == {OrderStatus.REJECTED, OrderStatus.CANCELLED, OrderStatus.EXPIRED}
    for status, cls in ENDED.items():
        assert cls.kind == "order_" + status.value
