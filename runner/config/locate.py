"""Turning pydantic validation errors into located, readable configuration errors.

pydantic reports a ``loc`` tuple that mixes real keys with union branch tags; we walk it
over the YAML data to find the deepest part that exists in the file, and we know which
model sits there so an unknown key can get a did-you-mean among that model's fields.
"""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any, Literal, Union

from pydantic import BaseModel, ValidationError

from runner.config.yamlload import Document, PathT, format_path
from runner.errors import ConfigError

MISSING = "missing required field"

PATTERN_MESSAGES = {
    r"^[a-z][a-z0-9_]*$": (
        "expected a lower-case name (letters, digits and _, starting with a letter)"
    ),
    r"^[A-Z0-9]{1,6}([FGHJKMNQUVXZ]\d{1,2})?$": (
        "expected a contract symbol in capitals: root, month code and year, such as GCZ6"
    ),
    r"^[A-Z0-9]{1,5}$": "expected a contract root in capitals, such as GC",
    r"^wss?://[^\s/]+": "expected a WebSocket URI such as wss://host:443",
    r"^[A-Za-z_][A-Za-z0-9_]*$": "expected an environment variable name such as BROKER_PASSWORD",
    r"^[A-Za-z][A-Za-z0-9_.-]*$": "expected a plugin name such as rsi",
}
"""Plain words for the regular expressions of the models, keyed by the pattern."""


def suggest(name: str, choices: typing.Iterable[str]) -> str | None:
    """The closest known name, case-insensitive, or None when nothing is close."""
    choices = [str(c) for c in choices]
    lowered = {c.lower(): c for c in choices}
    if str(name).lower() in lowered:
        return lowered[str(name).lower()]
    close = difflib.get_close_matches(str(name).lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


def unknown_name(what: str, name: str, choices: typing.Iterable[str]) -> str:
    """``unknown schedule 'cme_rth'; did you mean 'cme_rt'?`` or the list of known names."""
    choices = sorted(str(c) for c in choices)
    hint = suggest(name, choices)
    if hint:
        return f"unknown {what} {name!r}; did you mean {hint!r}?"
    if len(choices) > 12:
        return f"unknown {what} {name!r}; known: {', '.join(choices[:12])}, ..."
    if choices:
        return f"unknown {what} {name!r}; known: {', '.join(choices)}"
    return f"unknown {what} {name!r}; none are defined"


def located(doc: Document, path: PathT, message: str, *, key: bool | None = None) -> ConfigError:
    """An error at ``path``: containers point at their key, scalars at their value."""
    if key is None:
        key = isinstance(doc.get(path), dict | list) and path in doc.keys
    return doc.error(path, message, key=key)


def from_validation(
    doc: Document, base: PathT, exc: ValidationError, model: Any
) -> list[ConfigError]:
    """One located error per pydantic error, merged where union branches repeat a path."""
    data = doc.get(base)
    merged: dict[tuple[PathT, bool], list[str]] = {}
    for raw in exc.errors(include_url=False):
        parts, on_key, message = _one(raw, data, model)
        full = (*base, *parts)
        msgs = merged.setdefault((full, on_key), [])
        if message not in msgs:
            msgs.append(message)
    out = []
    for (full, on_key), msgs in merged.items():
        key = True if on_key else None
        if not doc.has(full) and msgs == [MISSING]:
            err = located(doc, full[:-1], MISSING)  # the mapping that lacks the key
            err.path = format_path(full)
        else:
            err = located(doc, full, "; or ".join(msgs), key=key)
        out.append(err)
    return out


def _one(err: Any, data: Any, model: Any) -> tuple[PathT, bool, str]:
    loc = tuple(err.get("loc", ()))
    typ = err.get("type", "")
    msg = str(err.get("msg", ""))
    ctx = err.get("ctx") or {}
    parts: list[Any] = []
    node = data
    on_key = False
    tail: Any = None
    for i, elem in enumerate(loc):
        if isinstance(node, dict) and elem in node:
            parts.append(elem)
            node = node[elem]
        elif (
            isinstance(node, list)
            and isinstance(elem, int)
            and not isinstance(elem, bool)
            and 0 <= elem < len(node)
        ):
            parts.append(elem)
            node = node[elem]
        elif elem == "[key]":
            on_key = True
        elif i == len(loc) - 1:
            tail = elem
    if typ == "missing" and tail is not None:
        return (*parts, tail), False, MISSING
    if typ == "extra_forbidden":
        name = parts[-1] if parts else tail
        allowed = allowed_keys(model, data, tuple(parts[:-1]))
        message = _unknown_field(name, allowed)
        if "did you mean" not in message:
            at = tuple(parts[:-1])
            home = _nested_home(model, data, at, name)
            misplaced = _misplaced(model, data, at, home)
            if misplaced is not None:  # the mapping holding the key is itself misplaced
                return at, True, misplaced
            if home:
                message = f"unknown field {name!r} here; it belongs under {home!r}"
            else:
                inside = _entry_home(model, data, at, name)
                if inside is not None:
                    message = (
                        f"unknown field {name!r} here; it belongs inside each entry of "
                        f"{inside[-3]!r}, such as {format_path(inside)}"
                    )
        return tuple(parts), True, message
    if typ == "union_tag_invalid":
        disc = str(ctx.get("discriminator", "")).strip("'\"")
        tag = ctx.get("tag")
        expected = [t.strip().strip("'\"") for t in str(ctx.get("expected_tags", "")).split(",")]
        if isinstance(node, dict) and disc in node:
            parts.append(disc)
        return tuple(parts), False, unknown_name(disc or "tag", str(tag), expected)
    if typ == "union_tag_not_found":
        disc = str(ctx.get("discriminator", "")).strip("'\"")
        return (*parts, disc), False, MISSING
    from runner.config.secrets import is_secret_key

    secret = bool(parts) and is_secret_key(parts[-1])  # never echo what may be a credential
    if typ == "string_pattern_mismatch" and ctx.get("pattern") in PATTERN_MESSAGES:
        shown = "" if secret else f", found {node!r}"
        msg = PATTERN_MESSAGES[ctx["pattern"]] + shown
    elif typ == "dict_type" or typ == "model_type" or typ == "model_attributes_type":
        msg = f"expected a mapping (key: value), found {_kind(node, secret)}"
    elif typ == "list_type":
        msg = f"expected a list, found {_kind(node, secret)}"
    elif typ == "finite_number":
        msg = "expected a finite number, not infinity or NaN"
    elif typ == "int_parsing_size":
        msg = "number too large"
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    return tuple(parts), on_key, msg


def _kind(value: Any, secret: bool = False) -> str:
    if secret and not isinstance(value, dict | list):
        return "a single value"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    return f"a string ({value!r})"


def _unknown_field(name: Any, allowed: list[str] | None) -> str:
    msg = f"unknown field {name!r}"
    if not allowed:
        return msg
    hint = suggest(str(name), allowed)
    if hint:
        return f"{msg}; did you mean {hint!r}?"
    return f"{msg}; expected one of: {', '.join(allowed)}"


def allowed_keys(model: Any, data: Any, parts: PathT) -> list[str] | None:
    """Field names of the model that validates the mapping at ``parts`` (None if unknown)."""
    ann: Any = model
    node = data
    for part in parts:
        ann = _concrete(ann, node)
        if isinstance(ann, type) and issubclass(ann, BaseModel):
            field = _field(ann, part)
            if field is None:
                return None
            ann = field.annotation
        else:
            origin = typing.get_origin(ann)
            args = typing.get_args(ann)
            if origin in (dict, typing.Mapping) and len(args) == 2:
                ann = args[1]
            elif origin in (list, tuple, set, frozenset) and args:
                ann = args[0]
            else:
                return None
        node = node[part] if isinstance(node, dict | list) else None
    ann = _concrete(ann, node)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return [f.alias or n for n, f in ann.model_fields.items()]
    return None


def _nested_home(model: Any, data: Any, parts: PathT, name: Any) -> str | None:
    """The field of this model whose own model has ``name`` (``max_position`` -> ``risk``)."""
    allowed = allowed_keys(model, data, parts)
    for fld in allowed or ():
        sub = allowed_keys(model, _with(data, parts, fld), (*parts, fld))
        if sub and name in sub:
            return fld
    return None


def _misplaced(model: Any, data: Any, at: PathT, home: str | None) -> str | None:
    """The message for a mapping that is one level too shallow.

    A dedented ``roll:`` under ``instruments`` is read as an instrument named ``roll``;
    its keys are then "unknown here" and "belong under 'roll'", although they are under
    ``roll``. What is wrong is ``roll`` itself: it belongs inside an instrument.
    """
    if not home or not at or at[-1] != home:
        return None
    container = at[:-1]
    entries = _get(data, container)
    if not isinstance(entries, dict):
        return None
    owners = [
        k
        for k in entries
        if k != home and home in (allowed_keys(model, data, (*container, k)) or ())
    ]
    where = f"under {owners[0]!r}" if owners else "one level deeper"
    within = f"directly under {container[-1]!r}" if container else "at the top of the file"
    return (
        f"{home!r} is at the wrong level: {within} it is read as one more entry named "
        f"{home!r}, not as the {home!r} of an entry; indent it {where}"
    )


def _entry_home(model: Any, data: Any, at: PathT, name: Any) -> PathT | None:
    """Where ``name`` is a field one level further down, inside an entry of a mapping
    (a top-level ``roll:`` -> ``instruments.gc.roll``)."""
    for fld in allowed_keys(model, data, at) or ():
        entries = _get(data, (*at, fld))
        if not isinstance(entries, dict):
            continue
        for key in entries:
            if name in (allowed_keys(model, data, (*at, fld, key)) or ()):
                return (*at, fld, key, name)
    return None


def _get(data: Any, path: PathT) -> Any:
    node = data
    for part in path:
        if isinstance(node, dict):
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
        else:
            return None
    return node


def _with(data: Any, parts: PathT, fld: str) -> Any:
    """``data`` with an empty mapping at ``parts + (fld,)``, to ask what model lives there."""
    if not parts:
        return {**data, fld: {}} if isinstance(data, dict) else {fld: {}}
    head, rest = parts[0], parts[1:]
    if isinstance(data, dict):
        return {**data, head: _with(data.get(head), rest, fld)}
    if isinstance(data, list) and isinstance(head, int) and 0 <= head < len(data):
        copy = list(data)
        copy[head] = _with(data[head], rest, fld)
        return copy
    return data


def _field(model: type[BaseModel], name: Any) -> Any:
    for n, f in model.model_fields.items():
        if name in (n, f.alias):
            return f
    return None


def _concrete(ann: Any, node: Any) -> Any:
    """Strip Annotated/Optional and pick the union member that matches ``node``."""
    while typing.get_origin(ann) is typing.Annotated:
        ann = typing.get_args(ann)[0]
    if typing.get_origin(ann) in (Union, types.UnionType):
        members = [_concrete(a, node) for a in typing.get_args(ann) if a is not type(None)]
        models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
        if isinstance(node, dict):
            for m in models:
                if _literals_match(m, node):
                    return m
        if len(models) == 1:
            return models[0]
        others = [m for m in members if m not in models]
        if isinstance(node, dict):
            for m in others:
                if typing.get_origin(m) in (dict, typing.Mapping):
                    return m
        if isinstance(node, list):
            for m in others:
                if typing.get_origin(m) in (list, tuple):
                    return m
        return models[0] if models else (members[0] if members else ann)
    return ann


def _literals_match(model: type[BaseModel], node: dict[Any, Any]) -> bool:
    found = False
    for name, f in model.model_fields.items():
        if typing.get_origin(f.annotation) is Literal and (f.alias or name) in node:
            found = True
            if node[f.alias or name] not in typing.get_args(f.annotation):
                return False
    return found


__all__ = ["allowed_keys", "format_path", "from_validation", "located", "suggest", "unknown_name"]
