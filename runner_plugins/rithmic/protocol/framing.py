"""R|Protocol framing: one length-prefixed protobuf message per WebSocket binary frame.

A frame is a 4-byte big-endian signed length followed by exactly that many bytes of one
serialized message. The reader parses the common ``Base`` (``template_id`` only) first and
then the class the id names; ids this build does not know are reported, never fatal,
because servers add templates over time.
"""

from __future__ import annotations

import logging
import struct

from google.protobuf.message import DecodeError

from runner_plugins.rithmic.protocol.proto.base_pb2 import Base
from runner_plugins.rithmic.protocol.templates import CLASSES, IDS, Templated

log = logging.getLogger(__name__)

_LEN = struct.Struct(">i")


class FrameError(ValueError):
    """A frame that cannot be a valid R|Protocol message (bad length or bad protobuf)."""


def encode(msg: Templated) -> bytes:
    """Length prefix plus the serialized message, ready for one binary frame."""
    if not msg.HasField("template_id"):
        msg.template_id = IDS[type(msg)]
    body = msg.SerializeToString()
    return _LEN.pack(len(body)) + body


def split(frame: bytes) -> bytes:
    """The message bytes of a frame, after checking the length prefix matches."""
    if len(frame) < 4:
        raise FrameError(f"frame of {len(frame)} bytes is shorter than its length prefix")
    (size,) = _LEN.unpack_from(frame)
    if size != len(frame) - 4:
        raise FrameError(f"length prefix says {size} bytes but the frame holds {len(frame) - 4}")
    return frame[4:]


def template_id(body: bytes) -> int:
    """The template id of a message body (0 when the message carries none)."""
    base = Base()
    try:
        base.ParseFromString(body)
    except DecodeError as exc:
        raise FrameError(f"not a protobuf message: {exc}") from exc
    return base.template_id


def decode(frame: bytes) -> tuple[int, Templated | None]:
    """``(template_id, message)``; the message is None for an unknown template id."""
    body = split(frame)
    tid = template_id(body)
    cls = CLASSES.get(tid)
    if cls is None:
        log.info("skipping message with unknown template id %d (%d bytes)", tid, len(body))
        return tid, None
    msg = cls()
    try:
        msg.ParseFromString(body)
    except DecodeError as exc:
        raise FrameError(f"template {tid} ({cls.__name__}) does not parse: {exc}") from exc
    return tid, msg
