"""JSON Schema of the configuration files, for editors (yaml-language-server and the like).

The bot schema is built from the installed plugins: for each kind, the ``Params`` model of
every plugin gains a ``use: Literal[name]`` field and the kind's plugins become a union
discriminated on ``use``, so an editor completes ``use:`` and then that plugin's keys.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from types import GenericAlias
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, Field, create_model

from runner.api.base import PluginKind
from runner.config.bot import BotConfig, PluginRef
from runner.config.connections import connections_model
from runner.config.schedule import ScheduleFile

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
DOCUMENTS = ("bot", "schedules", "connections", "contracts", "notifications", "sweep")

_SECTION_KINDS = {
    "indicators": PluginKind.INDICATOR,
    "filters": PluginKind.FILTER,
    "signals": PluginKind.SIGNAL,
    "exits": PluginKind.EXIT,
    "sizing": PluginKind.SIZER,
    "feed": PluginKind.FEED,
    "broker": PluginKind.BROKER,
}


def _model_name(kind: PluginKind, name: str) -> str:
    words = re.split(r"[^A-Za-z0-9]+", f"{kind.value} {name}")
    return "".join(w[:1].upper() + w[1:] for w in words if w)


def _literal(*values: str) -> Any:
    """``Literal[values]`` for names known only at run time."""
    return Literal.__getitem__(values)


def _plugin_model(info: Any) -> type[BaseModel]:
    """The plugin's Params with a ``use`` field naming it."""
    doc = (info.cls.__doc__ or "").strip() or f"{info.kind} plugin {info.name!r}"
    use: dict[str, Any] = {
        "use": (_literal(info.name), Field(description=f"{info.name}: {info.summary}".rstrip(": ")))
    }
    name = _model_name(info.kind, info.name)
    model = create_model(name, __base__=info.cls.Params, __doc__=doc, **use)
    try:
        model.model_json_schema()
    except Exception:  # a Params type JSON Schema cannot express: accept any keys
        model = create_model(name, __doc__=doc, **use)
        model.model_config["extra"] = "allow"
    return model


def _ref_type(infos: list[Any]) -> Any:
    if not infos:
        return PluginRef
    models = [_plugin_model(i) for i in infos]
    if len(models) == 1:
        member: Any = models[0]
    else:
        member = Annotated[Union[tuple(models)], Field(discriminator="use")]  # noqa: UP007
    return Union[_literal(*(i.name for i in infos)), member]  # noqa: UP007


def bot_schema(infos: Iterable[Any]) -> dict[str, Any]:
    """JSON Schema of a bot document with the given plugins (``PluginInfo`` objects)."""
    by_kind: dict[PluginKind, list[Any]] = {k: [] for k in PluginKind}
    for info in sorted(infos, key=lambda i: (i.kind.value, i.name)):
        by_kind[info.kind].append(info)
    t = {section: _ref_type(by_kind[kind]) for section, kind in _SECTION_KINDS.items()}
    # the field types are built at run time from the registered plugins
    fields: dict[str, Any] = {
        "indicators": (GenericAlias(dict, (str, t["indicators"])), Field(default_factory=dict)),
        "filters": (GenericAlias(list, (t["filters"],)), Field(default_factory=list)),
        "signals": (GenericAlias(list, (t["signals"],)), Field(min_length=1)),
        "exits": (GenericAlias(list, (t["exits"],)), Field(default_factory=list)),
        "sizing": (t["sizing"], Field(default="fixed")),
        "feed": (t["feed"], Field(default="replay")),
        "broker": (t["broker"], Field(default="paper")),
    }
    model = create_model(
        "BotConfig",
        __base__=BotConfig,
        __doc__="A bot: one YAML document in strategies.d/.",
        **fields,
    )
    return _finish(model.model_json_schema(), "runner bot")


def document_schema(document: str, infos: Iterable[Any] = ()) -> dict[str, Any]:
    if document == "bot":
        return bot_schema(infos)
    if document == "schedules":
        return _finish(ScheduleFile.model_json_schema(), "runner schedules")
    if document == "connections":
        return _finish(connections_model().model_json_schema(), "runner connections")
    if document == "contracts":
        from runner.config.contracts import ContractsFile

        return _finish(ContractsFile.model_json_schema(), "runner contracts")
    if document == "notifications":
        return notifications_schema(infos)
    if document == "sweep":
        from runner.sweep.model import SweepFile

        return _finish(SweepFile.model_json_schema(by_alias=True), "runner sweep")
    raise ValueError(f"unknown document {document!r}; expected one of {', '.join(DOCUMENTS)}")


def notifications_schema(infos: Iterable[Any]) -> dict[str, Any]:
    """JSON Schema of notifications.yaml: each notifier is one of the installed notifiers."""
    from runner.config.notifications import NotificationsFile, NotificationsSection

    found = sorted((i for i in infos if i.kind == PluginKind.NOTIFIER), key=lambda i: i.name)
    models = [_plugin_model(i) for i in found]
    member: Any = Any
    if len(models) == 1:
        member = models[0]
    elif models:
        member = Annotated[Union[tuple(models)], Field(discriminator="use")]  # noqa: UP007
    notifiers: Any = (GenericAlias(dict, (str, member)), Field(min_length=1))
    section = create_model(
        "Notifications",
        __base__=NotificationsSection,
        __doc__=NotificationsSection.__doc__,
        notifiers=notifiers,
    )
    model = create_model(
        "NotificationsFile",
        __base__=NotificationsFile,
        __doc__=NotificationsFile.__doc__,
        notifications=(section, ...),
    )
    return _finish(model.model_json_schema(), "runner notifications")


def _finish(schema: dict[str, Any], title: str) -> dict[str, Any]:
    return {"$schema": JSON_SCHEMA_DIALECT, **schema, "title": title}
