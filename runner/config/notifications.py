"""``notifications.yaml``: which notifiers exist, which events go to which, the daily report.

The file sits at a project's root next to ``strategies.d/``. Notifiers are plugins (the
``register_notifiers`` hook), each checked against its own ``Params``; rules name event
kinds (``fill``, ``order_rejected``, ...) or a group of them (``fills``, ``rejects``,
``disconnects``, ``reconcile``, ``risk_halts``, ``bot_down``). Every mistake is reported
with file, line and field, like every other file of a project.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import ConfigDict, Field, ValidationError, field_validator

from runner.api.base import Model, Params, PluginKind
from runner.api.zones import check_timezone
from runner.config.locate import from_validation, located, unknown_name
from runner.config.yamlload import Document
from runner.errors import ConfigError

if TYPE_CHECKING:
    from runner.config.project import Project
    from runner.plugins import PluginRegistry

NOTIFICATIONS_FILE = "notifications.yaml"

GROUPS: dict[str, tuple[str, ...]] = {
    "fills": ("fill",),
    "rejects": ("order_rejected", "leg_failed"),
    "disconnects": ("disconnected",),
    "reconcile": ("difference", "reconcile_unknown"),
    "risk_halts": ("risk_limit",),
    "bot_down": ("bot_down",),
}
"""Names a rule may use for several kinds at once."""


class _Strict(Model):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NotifierRef(Model):
    """One notifier: ``use:`` names the plugin, the other keys are its parameters."""

    model_config = ConfigDict(extra="allow", frozen=True)
    use: str = Field(min_length=1, description="The notifier plugin (webhook, email, ...).")


class Rule(_Strict):
    """Events of these kinds (of these bots, when given) go to these notifiers."""

    events: list[str] = Field(min_length=1, description="Event kinds or groups.")
    to: list[str] = Field(min_length=1, description="Names of notifiers above.")
    bots: list[str] | None = Field(None, description="Only these bots (default: every bot).")


class DailyReport(_Strict):
    """The metrics table and the equity PNG, sent every day at ``at``."""

    at: str = Field(description="HH:MM, 24-hour clock, in the report's timezone.")
    timezone: str | None = Field(None, description="Default: the file's timezone.")
    days: Literal["every", "weekdays"] = "weekdays"
    to: list[str] = Field(min_length=1)

    @field_validator("at")
    @classmethod
    def _hh_mm(cls, v: str) -> str:
        if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", v):
            raise ValueError(f"{v!r} is not a time of day; expected HH:MM such as 17:15")
        return v

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str | None) -> str | None:
        if v is not None:
            check_timezone(v)
        return v

    @property
    def time(self) -> dt.time:
        hour, minute = self.at.split(":")
        return dt.time(int(hour), int(minute))


class NotificationsSection(_Strict):
    timezone: str = Field("UTC", description="The project's timezone (the daily report's).")
    notifiers: dict[str, NotifierRef] = Field(min_length=1)
    rules: list[Rule] = Field(default_factory=list)
    daily_report: DailyReport | None = None

    @field_validator("timezone")
    @classmethod
    def _zone(cls, v: str) -> str:
        check_timezone(v)
        return v


class NotificationsFile(_Strict):
    """A project's notifications.yaml."""

    schema_version: Literal[1] = 1
    notifications: NotificationsSection


class _Header(_Strict):
    """The section's own keys, its parts left to be checked one by one (every mistake of
    every notifier and rule is reported at once)."""

    timezone: str = "UTC"
    notifiers: dict[str, dict[str, Any]] = Field(min_length=1)
    rules: list[Any] = Field(default_factory=list)
    daily_report: Any = None


class _Top(_Strict):
    schema_version: Literal[1] = 1
    notifications: _Header


@dataclass
class Notifications:
    """A checked notifications file: each notifier's class and parameters, and the rules."""

    file: str
    timezone: str
    notifiers: dict[str, tuple[type[Any], Params]] = field(default_factory=dict)
    rules: list[tuple[frozenset[str], tuple[str, ...], frozenset[str] | None]] = field(
        default_factory=list
    )
    """(event kinds, notifier names, bots or None for all)."""
    daily_report: DailyReport | None = None

    def targets(self, kind: str, bot: str) -> list[str]:
        """The notifiers an event of ``kind`` about ``bot`` goes to, each once."""
        out: list[str] = []
        for kinds, to, bots in self.rules:
            if kind in kinds and (bots is None or bot in bots):
                out += [n for n in to if n not in out]
        return out


def event_kinds() -> set[str]:
    from runner.events import BY_KIND

    return set(BY_KIND)


def read_notifications(
    project: Project, path: Path, docs: list[Document], registry: PluginRegistry
) -> None:
    """Check a notifications file; the project keeps it (``project.notifications``)."""
    report = next(r for r in project.files if r.path == path)
    report.kind = "notifications"
    if report.errors:
        return
    if len(docs) != 1:
        what = "file is empty" if not docs else f"found {len(docs)} documents"
        err = ConfigError(report.file, 1, 1, "", f"{what}; expected one notifications document")
        _fail(project, report, [err])
        return
    doc = docs[0]
    if not isinstance(doc.data, dict):
        _fail(project, report, [located(doc, (), "expected a mapping with 'notifications:'")])
        return
    try:
        sec = _Top.model_validate(doc.data).notifications
    except ValidationError as exc:
        _fail(project, report, from_validation(doc, (), exc, NotificationsFile))
        return
    errors: list[ConfigError] = []
    top: tuple[Any, ...] = ("notifications",)
    try:
        check_timezone(sec.timezone)
    except ValueError as exc:
        errors.append(located(doc, (*top, "timezone"), str(exc)))
    daily: DailyReport | None = None
    if sec.daily_report is not None:
        try:
            daily = DailyReport.model_validate(sec.daily_report)
        except ValidationError as exc:
            errors += from_validation(doc, (*top, "daily_report"), exc, DailyReport)
    out = Notifications(report.file, sec.timezone, daily_report=daily)
    for name, raw in sec.notifiers.items():
        at: tuple[Any, ...] = (*top, "notifiers", name)
        try:
            ref = NotifierRef.model_validate(raw)
        except ValidationError as exc:
            errors += from_validation(doc, at, exc, NotifierRef)
            continue
        info = registry.get(PluginKind.NOTIFIER, ref.use)
        if info is None:
            msg = registry.unknown_message(PluginKind.NOTIFIER, ref.use)
            errors.append(located(doc, (*at, "use"), msg))
            continue
        try:
            params = info.cls.Params.model_validate(dict(ref.model_extra or {}))
        except ValidationError as exc:
            errors += from_validation(doc, at, exc, info.cls.Params)
            continue
        out.notifiers[name] = (info.cls, params)
    known = event_kinds()
    for i, raw_rule in enumerate(sec.rules):
        where: tuple[Any, ...] = (*top, "rules", i)
        try:
            rule = Rule.model_validate(raw_rule)
        except ValidationError as exc:
            errors += from_validation(doc, where, exc, Rule)
            continue
        kinds: set[str] = set()
        for j, ev in enumerate(rule.events):
            if ev in GROUPS:
                kinds.update(GROUPS[ev])
            elif ev in known:
                kinds.add(ev)
            else:
                what = unknown_name("event kind or group", ev, [*GROUPS, *sorted(known)])
                errors.append(located(doc, (*where, "events", j), what))
        errors += _unknown_targets(doc, (*where, "to"), rule.to, sec.notifiers)
        bots = frozenset(rule.bots) if rule.bots is not None else None
        out.rules.append((frozenset(kinds), tuple(rule.to), bots))
    if daily is not None:
        errors += _unknown_targets(doc, (*top, "daily_report", "to"), daily.to, sec.notifiers)
    errors += _literal_secrets(doc, path)
    if errors:
        _fail(project, report, errors)
        return
    project.notifications = out
    n = len(out.notifiers)
    when = f", daily report at {daily.at}" if daily else ""
    report.summary = f"{n} notifier{'' if n == 1 else 's'}, {len(out.rules)} rule(s){when}"


def _literal_secrets(doc: Document, path: Path) -> list[ConfigError]:
    """A password written out in a file git may publish is refused, as in connections.yaml."""
    from runner.config.secrets import is_tracked, literal_secrets

    found = literal_secrets(doc)
    if not found or not is_tracked(path):
        return []
    return [
        located(
            doc,
            where,
            "a credential written in a tracked file; use {env: VARIABLE} or {credentials: KEY}",
        )
        for where in found
    ]


def _unknown_targets(
    doc: Document, where: tuple[Any, ...], names: list[str], notifiers: dict[str, Any]
) -> list[ConfigError]:
    return [
        located(doc, (*where, k), unknown_name("notifier", n, notifiers))
        for k, n in enumerate(names)
        if n not in notifiers
    ]


def _fail(project: Project, report: Any, errors: list[ConfigError]) -> None:
    report.errors += len(errors)
    project.errors += errors
