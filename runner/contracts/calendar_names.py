"""The names exchange_calendars knows, without importing it.

Checking a calendar name is part of validating every contract table, schedule and filter,
but importing exchange_calendars (and with it pandas) costs about a second. The names
of the installed version are kept in ``calendar_names.json``, next to the version they
were read from; when the installed library is another version the names come from the
library itself, so the answer is always the installed library's.

Regenerate after upgrading exchange_calendars: ``python -m runner.contracts.calendar_names``.
"""

from __future__ import annotations

import functools
import importlib.metadata
import json
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).with_name("calendar_names.json")
LIBRARY = "exchange_calendars"


def installed_version() -> str | None:
    try:
        return importlib.metadata.version(LIBRARY)
    except importlib.metadata.PackageNotFoundError:
        return None


def from_library() -> dict[str, Any]:
    """The names as the installed library lists them (imports it: slow)."""
    import exchange_calendars as xc

    return {
        "version": installed_version(),
        "canonical": sorted(xc.get_calendar_names(include_aliases=False)),
        "aliases": sorted(
            set(xc.get_calendar_names(include_aliases=True))
            - set(xc.get_calendar_names(include_aliases=False))
        ),
    }


def read_snapshot(path: Path | None = None) -> dict[str, Any] | None:
    """The stored names (of ``SNAPSHOT`` by default), or None when the file is missing or
    unreadable."""
    try:
        data = json.loads((path or SNAPSHOT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(
        isinstance(data.get(k), list) for k in ("canonical", "aliases")
    ):
        return None
    return data


@functools.cache
def _names() -> dict[str, Any]:
    snapshot = read_snapshot()
    if snapshot is not None and snapshot.get("version") == installed_version():
        return snapshot
    return from_library()


@functools.cache
def calendar_names(include_aliases: bool = True) -> frozenset[str]:
    """Every calendar name of the installed exchange_calendars (aliases too by default)."""
    names = _names()
    return frozenset(names["canonical"] + (names["aliases"] if include_aliases else []))


def write_snapshot(path: Path | None = None) -> dict[str, Any]:
    data = from_library()
    (path or SNAPSHOT).write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")
    return data


if __name__ == "__main__":
    written = write_snapshot()
    print(
        f"{SNAPSHOT}: {len(written['canonical'])} calendars and {len(written['aliases'])} "
        f"aliases of exchange_calendars {written['version']}"
    )
