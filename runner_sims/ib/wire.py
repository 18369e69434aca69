"""TWS API framing and value text, shared by the local server and its tests.

A frame is a 4-byte big-endian length and a payload of NUL-terminated text fields. The
client opens with the raw bytes ``API\\0`` and one framed version-range string; everything
after that is framed fields in both directions.
"""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Iterable
from datetime import UTC, datetime

from runner.api import NS

API_PREFIX = b"API\0"
MAX_FRAME = 16 * 1024 * 1024  # a frame larger than this is a broken peer, not a message
UNSET_DOUBLE_TEXT = "1.7976931348623157E308"

Field = str | int | float | bool | None


class ProtocolError(Exception):
    """The peer sent bytes that are not the TWS API."""


def text(value: Field) -> str:
    """One field as TWS writes it: bools as 0/1, None as empty, floats without noise."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        if value != value:  # NaN is "no value" on the wire
            return ""
        return repr(value)
    return str(value)


def payload(fields: Iterable[Field]) -> bytes:
    return "".join(text(f) + "\0" for f in fields).encode()


def frame(fields: Iterable[Field]) -> bytes:
    body = payload(fields)
    return struct.pack(">I", len(body)) + body


def split(body: bytes) -> list[str]:
    """Fields of one payload; the terminator of the last field leaves an empty tail."""
    parts = body.decode(errors="backslashreplace").split("\0")
    if parts and parts[-1] == "":
        parts.pop()
    return parts


async def read_frame(reader: asyncio.StreamReader) -> bytes:
    head = await reader.readexactly(4)
    (size,) = struct.unpack(">I", head)
    if size > MAX_FRAME:
        raise ProtocolError(f"frame of {size} bytes exceeds {MAX_FRAME}")
    return await reader.readexactly(size)


async def read_handshake(reader: asyncio.StreamReader) -> tuple[int, int, str]:
    """The client's offered version range and connect options (``v157..178 +PACEAPI``)."""
    prefix = await reader.readexactly(4)
    if prefix != API_PREFIX:
        raise ProtocolError(f"expected API\\0 prefix, got {prefix!r}")
    offer = (await read_frame(reader)).decode(errors="replace").strip()
    head, _, options = offer.partition(" ")
    if not head.startswith("v"):
        raise ProtocolError(f"bad version offer {offer!r}")
    low, sep, high = head[1:].partition("..")
    try:
        lo = int(low)
        hi = int(high) if sep else lo
    except ValueError as exc:
        raise ProtocolError(f"bad version offer {offer!r}") from exc
    return lo, hi, options


def ib_time(ts: int) -> str:
    """``YYYYMMDD HH:MM:SS UTC``: the form ib_async parses into an aware datetime."""
    return datetime.fromtimestamp(ts / NS, tz=UTC).strftime("%Y%m%d %H:%M:%S UTC")


def parse_ib_time(value: str) -> int | None:
    """ns of an IB end-time string (``YYYYMMDD HH:MM:SS[ zone]`` or ``YYYYMMDD-HH:MM:SS``)."""
    value = value.strip()
    if not value:
        return None
    from zoneinfo import ZoneInfo

    parts = value.replace("-", " ").split()
    zone = ZoneInfo(parts[2]) if len(parts) > 2 else UTC
    if len(parts) == 1:
        dt = datetime.strptime(parts[0], "%Y%m%d").replace(tzinfo=zone)
    else:
        dt = datetime.strptime(parts[0] + parts[1], "%Y%m%d%H:%M:%S").replace(tzinfo=zone)
    return int(dt.timestamp()) * NS


def as_float(value: str, default: float | None = None) -> float | None:
    if value == "" or value == UNSET_DOUBLE_TEXT:
        return default
    number = float(value)
    return default if number >= 1.7e308 else number


def as_int(value: str, default: int = 0) -> int:
    if value == "":
        return default
    number = int(float(value))
    return default if number == 2**31 - 1 else number
