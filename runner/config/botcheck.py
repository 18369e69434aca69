"""Validating one bot document: the model, every plugin's parameters, every reference.

Errors are collected, never raised, so one run reports all of a file's mistakes. Checks
that would only repeat an earlier error (a signal naming an indicator whose own parameters
are wrong) are kept quiet by still defining the names of plugins that failed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from runner.api.base import Params, PluginKind
from runner.api.indicator import Indicator
from runner.config.bot import BotConfig
from runner.config.locate import from_validation, located, unknown_name
from runner.config.modecheck import check_mode_broker
from runner.config.refs import Namespace
from runner.config.safety import checked_exits, is_live, safety_problems
from runner.config.yamlload import Document, PathT
from runner.errors import ConfigError

if TYPE_CHECKING:
    from runner.config.connections import ConnectionProfile
    from runner.plugins import PluginInfo, PluginRegistry


@dataclass
class PluginSpec:
    """A plugin class with validated parameters, ready to instantiate once per bot run."""

    info: PluginInfo
    params: Params
    path: str = ""
    """Where the plugin is configured in its bot file (``signals[0]``), for runtime messages."""

    @property
    def name(self) -> str:
        return self.info.name

    def build(self, **kw: Any) -> Any:
        return self.info.cls(self.params, **kw)


@dataclass
class LoadedBot:
    path: Path
    config: BotConfig
    indicators: dict[str, PluginSpec]
    filters: list[PluginSpec]
    signals: list[PluginSpec]
    exits: list[PluginSpec]
    sizing: PluginSpec
    feed: PluginSpec
    broker: PluginSpec

    @property
    def name(self) -> str:
        return self.config.name

    def summary(self) -> str:
        c = self.config
        parts = [
            _count(len(c.instruments), "instrument"),
            _count(len(self.indicators), "indicator"),
            _count(len(self.filters), "filter"),
            _count(len(self.signals), "signal"),
            _count(len(self.exits), "exit"),
        ]
        tail = f"feed {self.feed.name}, broker {self.broker.name}, sizing {self.sizing.name}"
        if c.schedule:
            tail += f", schedule {c.schedule}"
        return f"bot {c.name}: {', '.join(parts)}; {tail}"


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


@dataclass
class Refs:
    """What other files define, for the cross-file checks of a bot."""

    schedules: set[str] | None = None
    """Schedule names from loaded schedule files; None when no schedule file was loaded."""
    connections: dict[str, ConnectionProfile] | None = None
    connections_file: str = "connections.yaml"
    used_connections: set[str] = field(default_factory=set)
    schedule_origin: dict[str, str] = field(default_factory=dict)


SECTIONS: tuple[tuple[str, PluginKind, str], ...] = (
    ("indicators", PluginKind.INDICATOR, "dict"),
    ("filters", PluginKind.FILTER, "list"),
    ("signals", PluginKind.SIGNAL, "list"),
    ("exits", PluginKind.EXIT, "list"),
    ("sizing", PluginKind.SIZER, "one"),
    ("feed", PluginKind.FEED, "one"),
    ("broker", PluginKind.BROKER, "one"),
)
_DEFAULTS = {"sizing": "fixed", "feed": "replay", "broker": "paper"}


def check_bot(
    doc: Document, registry: PluginRegistry, refs: Refs, path: Path
) -> tuple[LoadedBot | None, list[ConfigError]]:
    data = doc.data
    if not isinstance(data, dict):
        what = (
            "a list"
            if isinstance(data, list)
            else "an empty document"
            if data is None
            else f"the single value {data!r}"
        )
        return None, [
            doc.error(
                (),
                f"expected a bot document (a mapping with name, instruments, signals, ...), "
                f"found {what}",
            )
        ]
    errors: list[ConfigError] = []
    config: BotConfig | None = None
    try:
        config = BotConfig.model_validate(data)
    except ValidationError as exc:
        errors += from_validation(doc, (), exc, BotConfig)

    specs: dict[str, Any] = {}
    failed_indicators: dict[str, tuple[str, ...]] = {}
    for section, kind, shape in SECTIONS:
        raw = data.get(section, _DEFAULTS.get(section))
        if shape == "dict":
            items = list(raw.items()) if isinstance(raw, dict) else []
            got: Any = {}
        elif shape == "list":
            items = list(enumerate(raw)) if isinstance(raw, list) else []
            got = []
        else:
            items = [(None, raw)]
            got = None
        for key, value in items:
            p: PathT = (section,) if key is None else (section, key)
            spec, errs = _plugin(doc, registry, kind, p, value, section in data)
            errors += errs
            if spec is None:
                if shape == "dict" and isinstance(key, str):
                    info = _info(registry, kind, value)
                    failed_indicators[key] = (
                        tuple(info.cls.outputs) if info and issubclass(info.cls, Indicator) else ()
                    )
                continue
            if shape == "dict":
                got[key] = spec
            elif shape == "list":
                got.append(spec)
            else:
                got = spec
        specs[section] = got

    instruments = data.get("instruments")
    inst_keys = (
        tuple(k for k in instruments if isinstance(k, str)) if isinstance(instruments, dict) else ()
    )
    taken = {(e.line, e.col, e.path) for e in errors}
    errors += [e for e in _contracts(doc, instruments) if (e.line, e.col, e.path) not in taken]
    ns = Namespace(instruments=inst_keys, indicators=dict(failed_indicators))
    for ind_id, spec in specs["indicators"].items():
        try:
            ns.indicators[ind_id] = tuple(spec.info.cls.output_names(spec.params))
        except Exception as exc:  # a broken plugin must not crash validate
            errors.append(located(doc, spec_path(spec), _broken(spec, "output_names", exc)))
            ns.indicators[ind_id] = ()
    if isinstance(instruments, dict):
        for ind_id, spec in specs["indicators"].items():
            inst = getattr(spec.params, "instrument", None)
            if isinstance(inst, str) and inst not in inst_keys:
                errors.append(
                    located(
                        doc,
                        ("indicators", ind_id, "instrument"),
                        unknown_name("instrument", inst, inst_keys),
                    )
                )
    # an indicator already reported (unknown plugin, bad parameters) has no known outputs;
    # reporting every reference to them again would bury the one real mistake
    broken = [k for k, outs in failed_indicators.items() if not outs]
    for section, _kind, shape in SECTIONS:
        group = specs[section]
        group_specs = (
            list(group.values()) if shape == "dict" else group if shape == "list" else [group]
        )
        for spec in group_specs:
            if spec is not None:
                errors += [
                    e
                    for e in _plugin_check(doc, spec, ns)
                    if not any(f"indicator {k!r}" in e.message for k in broken)
                ]
    errors += _schedule(doc, refs)
    for section in ("feed", "broker"):
        if specs[section] is not None:
            errors += _connection(doc, specs[section], refs)
    errors += check_mode_broker(doc, specs["broker"])
    if is_live(doc):
        errors += safety_problems(doc, checked_exits(doc, specs["exits"]))

    if errors or config is None:
        return None, errors
    return (
        LoadedBot(
            path=path,
            config=config,
            indicators=specs["indicators"],
            filters=specs["filters"],
            signals=specs["signals"],
            exits=specs["exits"],
            sizing=specs["sizing"],
            feed=specs["feed"],
            broker=specs["broker"],
        ),
        [],
    )


def spec_path(spec: PluginSpec) -> PathT:
    return tuple(int(x) if x.isdigit() else x for x in re.split(r"[.\[\]]+", spec.path) if x)


def _info(registry: PluginRegistry, kind: PluginKind, value: Any) -> PluginInfo | None:
    use = value if isinstance(value, str) else value.get("use") if isinstance(value, dict) else None
    return registry.get(kind, use) if isinstance(use, str) else None


def _plugin(
    doc: Document,
    registry: PluginRegistry,
    kind: PluginKind,
    p: PathT,
    value: Any,
    present: bool,
) -> tuple[PluginSpec | None, list[ConfigError]]:
    if isinstance(value, str):
        use, params = value, {}
        use_path = p
    elif isinstance(value, dict) and isinstance(value.get("use"), str):
        use = value["use"]
        params = {k: v for k, v in value.items() if k != "use"}
        use_path = (*p, "use")
    else:
        return None, []  # the bot model reports a missing or mistyped 'use'
    info = registry.get(kind, use)
    if info is None:
        message = registry.unknown_message(kind, use)
        if not present:
            message += f" (the default {p[0]}; name one explicitly)"
        if present:
            return None, [located(doc, use_path, message)]
        line, col = doc.value_pos(())
        return None, [ConfigError(doc.file, line, col, _fmt(p), message)]
    try:
        params_obj = info.cls.Params.model_validate(params)
    except ValidationError as exc:
        return None, from_validation(doc, p, exc, info.cls.Params)
    except Exception as exc:  # a plugin validator that raises something odd
        return None, [located(doc, p, f"{info.package} plugin {use!r} failed: {exc}")]
    return PluginSpec(info, params_obj, _fmt(p)), []


def _fmt(p: PathT) -> str:
    from runner.config.yamlload import format_path

    return format_path(p)


def _broken(spec: PluginSpec, method: str, exc: Exception) -> str:
    return (
        f"plugin {spec.name!r} from {spec.info.package} failed in {method}: "
        f"{type(exc).__name__}: {exc}"
    )


def _plugin_check(doc: Document, spec: PluginSpec, ns: Namespace) -> list[ConfigError]:
    check = getattr(spec.info.cls, "check", None)
    if check is None:
        return []
    base = spec_path(spec)
    try:
        problems = list(check(spec.params, ns) or ())
    except Exception as exc:
        return [located(doc, base, _broken(spec, "check", exc))]
    out = []
    for fld, message in problems:
        parts = tuple(int(x) if x.isdigit() else x for x in re.split(r"[.\[\]]+", str(fld)) if x)
        full = (*base, *parts)
        if isinstance(doc.get(base), str):
            full = base
        err = located(doc, full, str(message))
        m = _COLUMN.search(err.message)
        pos = doc.column_in(full, int(m.group(1))) if m else None
        if m and pos is not None:
            err.line, err.col = pos
            err.message = err.message[: m.start()]
        # keep the dotted path the plugin named even when the YAML spells it differently
        err.path = _fmt(full) if doc.has(full) else _fmt(base) + ("." + str(fld) if fld else "")
        out.append(err)
    return out


_COLUMN = re.compile(r"\s*\(column (\d+)\)$")
"""Plugins that check expressions end a message with the column inside the expression."""


def _schedule(doc: Document, refs: Refs) -> list[ConfigError]:
    name = doc.get(("schedule",))
    if not isinstance(name, str):
        return []
    if refs.schedules is None:
        return [
            located(
                doc,
                ("schedule",),
                f"unknown schedule {name!r}: no schedule file was loaded (none in "
                "./schedules/ or in schedules/ beside the bot's folder); name the folder with "
                "--schedules DIR, or list it after the bot files",
            )
        ]
    if name not in refs.schedules:
        return [located(doc, ("schedule",), unknown_name("schedule", name, refs.schedules))]
    return []


def _connection(doc: Document, spec: PluginSpec, refs: Refs) -> list[ConfigError]:
    name = getattr(spec.params, "connection", None)
    if not isinstance(name, str):
        return []
    where = (*spec_path(spec), "connection")
    if refs.connections is None:
        return [
            located(
                doc,
                where,
                f"unknown connection profile {name!r}: no connections file was loaded "
                "(create connections.yaml or pass --connections FILE)",
            )
        ]
    profile = refs.connections.get(name)
    if profile is None:
        msg = unknown_name("connection profile", name, refs.connections)
        return [located(doc, where, f"{msg} (in {refs.connections_file})")]
    refs.used_connections.add(name)
    wanted = getattr(spec.info.cls, "connection_kind", None)
    if wanted is not None and profile.kind is not None and profile.kind != wanted:
        return [
            located(
                doc,
                where,
                f"{spec.info.kind} {spec.name!r} needs a {wanted} connection profile; "
                f"{name!r} is a {profile.kind} profile",
            )
        ]
    return []


def _contracts(doc: Document, instruments: Any) -> list[ConfigError]:
    """Symbols and roots the contract table does not know (skipped until it exists)."""
    if not isinstance(instruments, dict):
        return []
    try:
        from runner.contracts.symbols import parse_symbol
        from runner.contracts.table import get_spec, roots
    except ImportError:
        return []
    out: list[ConfigError] = []
    for key, inst in instruments.items():
        if not isinstance(inst, dict):
            continue
        root: str | None = None
        where: PathT = (key,)
        if isinstance(inst.get("symbol"), str) and isinstance(inst.get("spec"), dict):
            from runner.config.contracts import inline_contract

            origin = f"{doc.file} (instrument {key})"
            problem = inline_contract(inst["symbol"], inst["spec"], origin)
            if problem:
                out.append(located(doc, ("instruments", key, "spec"), problem))
            continue
        if isinstance(inst.get("symbol"), str):
            where = ("instruments", key, "symbol")
            if get_spec(inst["symbol"]) is not None:  # an ETF or index has no month code
                continue
            try:
                root = parse_symbol(inst["symbol"])[0]
            except ValueError:
                from runner.config.contracts import unknown_symbol

                out.append(located(doc, where, unknown_symbol(inst["symbol"], roots())))
                continue
        elif isinstance(inst.get("root"), str):
            where = ("instruments", key, "root")
            root = inst["root"]
        if root is not None and get_spec(root) is None:
            out.append(located(doc, where, unknown_name("contract root", root, roots())))
    return out
