"""Clock times in files (``"09:30"``, ``"15:55:30"``): one rule for every field that takes one.

Schedules, bot files and plugin parameters all name wall-clock times, and a time that one
field accepts and another refuses (``9:30``, ``18:00:30``) is a trap. The rule: ``HH:MM``
or ``HH:MM:SS``, 24-hour, every part two ASCII digits, nothing around it. Each way a value
can miss the rule has its own message, so the fix is in the error.

Fields declare ``ClockTime`` (the text, checked, as written) and read the time with
:func:`parse_clock_time`; the JSON Schema of such a field carries the same rule as a
pattern, so an editor flags a bad time before ``runner validate`` does.
"""

from __future__ import annotations

import re
from datetime import time
from typing import Annotated

from pydantic import BeforeValidator, WithJsonSchema

PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"
"""The rule as a regular expression (for JSON Schema); :func:`parse_clock_time` is the check."""

_FORM = "HH:MM or HH:MM:SS (24-hour)"
_SHAPE = re.compile(r"([0-9]+):([0-9]+)(?::([0-9]+))?")
_SHOWN = 40  # characters of a bad value quoted back


def parse_clock_time(value: object) -> time:
    """The time of day ``value`` names; a ValueError saying what to write otherwise."""
    if not isinstance(value, str):
        raise ValueError(
            f'{_quote(value)} is not a time of day {_FORM}; write it as text, for example "15:55"'
        )
    m = _SHAPE.fullmatch(value)
    if m is None:
        if value.strip() != value and _SHAPE.fullmatch(value.strip()):
            raise _bad(value, "remove the white space around it")
        raise _bad(value, "for example 15:55 or 15:55:30", sep=", ")
    parts = [p for p in m.groups() if p is not None]
    if len(parts[0]) == 1 and all(len(p) == 2 for p in parts[1:]):
        raise _bad(value, f"write the hour with two digits, {'0' + value!r}")
    if any(len(p) != 2 for p in parts):
        raise _bad(value, "every part has two digits")
    hour, minute, second = (int(p) for p in (*parts, "0")[:3])
    if hour > 23:
        raise _bad(value, "the hour runs from 00 to 23")
    if minute > 59:
        raise _bad(value, "the minutes run from 00 to 59")
    if second > 59:
        raise _bad(value, "the seconds run from 00 to 59")
    return time(hour, minute, second)


def check_clock_time(value: object) -> str:
    """A validator's body: ``value`` itself when it is a clock time."""
    parse_clock_time(value)
    return str(value)


ClockTime = Annotated[
    str,
    BeforeValidator(check_clock_time),
    WithJsonSchema({"type": "string", "pattern": PATTERN}),
]
"""A field holding a clock time as written; read it with :func:`parse_clock_time`."""


def _bad(value: str, why: str, sep: str = ": ") -> ValueError:
    return ValueError(f"{_quote(value)} is not a time of day {_FORM}{sep}{why}")


def _quote(value: object) -> str:
    text = repr(value)
    return text if len(text) <= _SHOWN else text[: _SHOWN - 4] + "...'"
