"""What ``runner validate`` must do with any file, checked from the outside.

A mutant is run through the real ``runner validate --format json`` (in process) inside a
copy of the project. Whatever the file holds, the command must not raise, must exit 0 or 1,
and every error about the file must carry a line and a column. When it accepts a file:

* meaning: an independent YAML parser (ruamel's safe loader) reads the same bytes, and the
  models built from that parse equal what runner loaded, field by field, including which
  fields were written at all. A tag dropped, a key lost, a value turned into text by
  runner's own loader shows up here as ``changed``;
* dangerous values: no infinity or NaN, no number beyond 10^12, and no boolean that became a
  number;
* silent defaults: a bot missing its schedule, its ``risk`` block, its daily loss limit or a
  protective exit is a live bot refused, or a paper bot warned about by that field's path.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import typer
from ruamel.yaml import YAML
from typer.testing import CliRunner

HUGE = 1e12
BOT_PLUGIN_SECTIONS = ("indicators", "filters", "signals", "exits", "sizing", "feed", "broker")
_DEFAULT_PLUGINS = {"sizing": "fixed", "feed": "replay", "broker": "paper"}


@dataclass
class Verdict:
    accepted: bool = False
    problems: list[str] = field(default_factory=list)
    """``traceback``, ``exit``, ``unlocated``, ``changed``, ``dangerous`` or ``silent``,
    a colon and the detail."""

    def problem(self, kind: str, detail: str) -> None:
        self.problems.append(f"{kind}: {detail}")


def make_app() -> typer.Typer:
    from runner.commands import validate

    app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

    @app.callback()
    def _root() -> None:
        """runner (fuzz)"""

    validate.register(app)
    return app


class Judge:
    """Runs mutants of files of the project in ``root`` (a scratch copy, changed in place)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.app = make_app()
        self.cli = CliRunner()

    def __call__(self, name: str, content: bytes) -> Verdict:
        path = self.root / name
        original = path.read_bytes() if path.exists() else None
        path.write_bytes(content)
        try:
            with contextlib.chdir(self.root):
                return self._judge(name, content)
        finally:
            if original is not None:
                path.write_bytes(original)

    def _judge(self, name: str, content: bytes) -> Verdict:
        verdict = Verdict()
        result = self.cli.invoke(self.app, ["validate", name, "--format", "json"])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            exc = result.exception
            verdict.problem("traceback", f"{type(exc).__name__}: {exc}")
            return verdict
        if result.exit_code not in (0, 1):
            verdict.problem("exit", f"exit code {result.exit_code}: {result.output[-300:]}")
            return verdict
        if "Traceback" in result.output:
            verdict.problem("traceback", result.output[-300:])
        try:
            out = json.loads(result.stdout)
        except ValueError:
            verdict.problem("exit", f"not JSON: {result.output[-300:]}")
            return verdict
        mine = [e for e in out["errors"] if e["file"] == name]
        for e in mine:
            if e["line"] is None or e["column"] is None:
                verdict.problem("unlocated", f"{e['path']}: {e['message']}")
        if result.exit_code == 1:
            if not mine:
                verdict.problem("unlocated", f"exit 1 with no error about {name}")
            return verdict
        verdict.accepted = True
        warned = {w["path"] for w in out["warnings"] if w["file"] == name}
        self._accepted(name, content, warned, verdict)
        return verdict

    def _accepted(self, name: str, content: bytes, warned: set[str], verdict: Verdict) -> None:
        from runner.config.project import load_project

        try:
            independent = _parse(content)
        except Exception as exc:
            verdict.problem("changed", f"accepted, but a YAML parser refuses it: {exc}")
            return
        _dangerous(independent, (), verdict)
        with contextlib.chdir(self.root):
            project = load_project([Path(name)], base=self.root)
        mine = [b for b in project.bots if b.path == Path(name)]
        if mine:
            _same_bot(mine[0], independent, verdict)
            _safety(mine[0], independent, warned, verdict)
        elif isinstance(independent, dict) and "schedules" in independent:
            _same_schedules(project, independent, verdict)
        elif isinstance(independent, dict) and "connections" in independent:
            _same_connections(project, independent, verdict)


TAB_COMMENT = re.compile(rb"^[ \t]*\t[ \t]*#.*$", re.M)


def _parse(content: bytes) -> Any:
    """The content as ruamel's pure safe loader reads it.

    That loader refuses a tab before a comment, which YAML 1.2 allows (a comment may follow
    any separating white space); such lines carry no meaning, so they are dropped and the
    text read again.
    """
    try:
        return YAML(typ="safe", pure=True).load(io.BytesIO(content))
    except Exception:
        stripped = TAB_COMMENT.sub(b"", content)
        if stripped == content:
            raise
        return YAML(typ="safe", pure=True).load(io.BytesIO(stripped))


def _dangerous(value: Any, path: tuple[Any, ...], verdict: Verdict) -> None:
    if isinstance(value, dict):
        for k, v in value.items():
            _dangerous(v, (*path, k), verdict)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            _dangerous(v, (*path, i), verdict)
    elif isinstance(value, float) and not math.isfinite(value):
        verdict.problem("dangerous", f"{_fmt(path)} = {value} accepted")
    elif isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > HUGE:
        verdict.problem("dangerous", f"{_fmt(path)} = {value} accepted")


def _fmt(path: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in path) or "(document)"


def _same_bot(bot: Any, data: Any, verdict: Verdict) -> None:
    from pydantic import ValidationError

    from runner.config.bot import BotConfig

    try:
        theirs = BotConfig.model_validate(data)
    except ValidationError as exc:
        verdict.problem("changed", f"runner accepted what the parsed content is not: {exc}")
        return
    skip = set(BOT_PLUGIN_SECTIONS)
    ours_d = bot.config.model_dump(exclude_unset=True, exclude=skip)
    theirs_d = theirs.model_dump(exclude_unset=True, exclude=skip)
    if ours_d != theirs_d:
        verdict.problem("changed", f"bot fields {ours_d!r} != parsed {theirs_d!r}")
    for section in BOT_PLUGIN_SECTIONS:
        raw = data.get(section, _DEFAULT_PLUGINS.get(section))
        specs = getattr(bot, section)
        if raw is None and section not in data:
            if specs:
                verdict.problem("changed", f"{section}: loaded {specs!r}, none written")
            continue
        if isinstance(raw, dict) and "use" not in raw:
            pairs = [(specs.get(k), v) for k, v in raw.items()]
            if set(raw) != set(specs):
                verdict.problem("changed", f"{section}: ids {sorted(specs)} != {sorted(raw)}")
        elif isinstance(raw, list):
            pairs = list(zip(specs, raw, strict=False))
            if len(specs) != len(raw):
                verdict.problem("changed", f"{section}: {len(specs)} loaded, {len(raw)} written")
        else:
            pairs = [(specs, raw)]
        for spec, written in pairs:
            _same_plugin(section, spec, written, verdict)
    _booleans(data, bot, verdict)


def _same_plugin(section: str, spec: Any, written: Any, verdict: Verdict) -> None:
    if spec is None:
        verdict.problem("changed", f"{section}: {written!r} was not loaded")
        return
    use = written if isinstance(written, str) else written.get("use")
    params = {} if isinstance(written, str) else {k: v for k, v in written.items() if k != "use"}
    if use != spec.name:
        verdict.problem("changed", f"{section}: loaded {spec.name!r}, written {use!r}")
        return
    try:
        theirs = spec.info.cls.Params.model_validate(params)
    except Exception as exc:
        verdict.problem("changed", f"{section} {use}: parsed content is refused: {exc}")
        return
    ours = spec.params
    if ours.model_dump() != theirs.model_dump() or _set(ours) != _set(theirs):
        verdict.problem("changed", f"{section} {use}: {ours!r} != parsed {theirs!r}")


def _set(model: Any) -> set[str]:
    return set(model.model_fields_set)


def _booleans(data: Any, bot: Any, verdict: Verdict) -> None:
    """A boolean written where the loaded model holds a number: true taken as 1."""
    loaded = bot.config.model_dump()
    for section in BOT_PLUGIN_SECTIONS:
        specs = getattr(bot, section)
        if isinstance(specs, dict):
            loaded[section] = {k: s.params.model_dump() for k, s in specs.items()}
        elif isinstance(specs, list):
            loaded[section] = [s.params.model_dump() for s in specs]
        else:
            loaded[section] = specs.params.model_dump()

    def walk(written: Any, ours: Any, path: tuple[Any, ...]) -> None:
        if isinstance(written, dict) and isinstance(ours, dict):
            for k, v in written.items():
                if k in ours:
                    walk(v, ours[k], (*path, k))
        elif isinstance(written, list) and isinstance(ours, list):
            for i, (w, o) in enumerate(zip(written, ours, strict=False)):
                walk(w, o, (*path, i))
        elif isinstance(written, bool) and isinstance(ours, int | float):
            if not isinstance(ours, bool):
                verdict.problem("dangerous", f"{_fmt(path)}: {written} became {ours}")

    walk(data, loaded, ())


def _safety(bot: Any, data: dict[str, Any], warned: set[str], verdict: Verdict) -> None:
    from runner.config.safety import protects

    missing = []
    if "schedule" not in data:
        missing.append("schedule")
    risk = data.get("risk")
    if "risk" not in data:
        missing.append("risk")
    elif not isinstance(risk, dict) or risk.get("max_daily_loss") is None:
        missing.append("risk.max_daily_loss")
    if not any(protects(e) for e in bot.exits):
        missing.append("exits")
    if bot.config.mode == "live":
        safety = [m for m in missing if m != "schedule"]
        if safety:
            verdict.problem("silent", f"a live bot accepted without {', '.join(safety)}")
    for m in missing:
        if m not in warned:
            verdict.problem("silent", f"{m} is missing and validate did not warn")


def _same_schedules(project: Any, data: Any, verdict: Verdict) -> None:
    from runner.config.schedule import ScheduleFile

    try:
        theirs = ScheduleFile.model_validate(data)
    except Exception as exc:
        verdict.problem("changed", f"runner accepted what the parsed content is not: {exc}")
        return
    for name, schedule in theirs.schedules.items():
        ours = project.schedules.get(name)
        if ours is None or ours.model_dump(exclude_unset=True) != schedule.model_dump(
            exclude_unset=True
        ):
            verdict.problem("changed", f"schedule {name}: {ours!r} != parsed {schedule!r}")


def _same_connections(project: Any, data: Any, verdict: Verdict) -> None:
    from runner import plugins
    from runner.config.connections import connections_model

    try:
        theirs = connections_model(plugins.registry()).model_validate(data)
    except Exception as exc:
        verdict.problem("changed", f"runner accepted what the parsed content is not: {exc}")
        return
    for name, profile in theirs.connections.items():
        ours = project.connections.get(name)
        if ours is None or ours.model_dump(exclude_unset=True) != profile.model_dump(
            exclude_unset=True
        ):
            verdict.problem("changed", f"connection {name}: {ours!r} != parsed {profile!r}")
