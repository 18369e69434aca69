"""Time zone names in files: one check for bots, schedules, the contract table and plugins.

``ZoneInfo`` fails in more ways than ``ZoneInfoNotFoundError``: a region ("America") is a
folder of the zone database (IsADirectoryError), a 300-character name is too long for a file
name (OSError). Every field that takes a zone goes through :func:`check_timezone`, so each
of them gives the same located message instead of an operating-system error.
"""

from __future__ import annotations

import difflib
import functools
import zoneinfo

_EXAMPLE_ZONES = ("America/New_York", "Europe/London", "Asia/Tokyo", "Australia/Sydney")
_SHOWN = 60  # characters of a bad name quoted back


def check_timezone(name: str) -> zoneinfo.ZoneInfo:
    """The zone for an IANA name, or a ValueError with a region's zone or a did-you-mean."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError, OSError):
        pass
    text = str(name)
    shown = text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."
    zones = _zone_names() if len(text) <= _SHOWN else []
    inside = sorted((z for z in zones if z.startswith(f"{text}/")), key=_example_first)
    if inside:
        extra = f" (a region; name a zone in it such as {inside[0]!r})"
    elif hint := _closest(text, zones):
        extra = f"; did you mean {hint!r}?"
    else:
        extra = " (for example America/New_York)"
    raise ValueError(f"unknown time zone {shown!r}{extra}") from None


def zone_name(value: str) -> str:
    """A pydantic field validator's body: ``value`` if it names a zone."""
    check_timezone(value)
    return value


def _example_first(zone: str) -> bool:
    return zone not in _EXAMPLE_ZONES


def _closest(name: str, zones: list[str]) -> str | None:
    lowered = {z.lower(): z for z in zones}
    if name.lower() in lowered:
        return lowered[name.lower()]
    close = difflib.get_close_matches(name.lower(), list(lowered), n=1, cutoff=0.6)
    return lowered[close[0]] if close else None


@functools.cache
def _zone_names() -> list[str]:
    return sorted(zoneinfo.available_timezones())
