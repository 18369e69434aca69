"""Our .proto files, the checked-in generated modules, and the frame format."""

from __future__ import annotations

import importlib.util
import struct
from pathlib import Path

import pytest
from google.protobuf.internal.encoder import _VarintBytes
from hypothesis import given, settings
from hypothesis import strategies as st

from runner_plugins.rithmic.protocol import framing, templates
from runner_plugins.rithmic.protocol.framing import FrameError

ROOT = Path(__file__).resolve().parents[2]
PROTO_DIR = ROOT / "runner_plugins" / "rithmic" / "protocol" / "proto"


def _gen_module():
    spec = importlib.util.spec_from_file_location("gen_protos", ROOT / "scripts" / "gen_protos.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_regenerating_gives_the_checked_in_modules(tmp_path: Path) -> None:
    written = _gen_module().generate(tmp_path)
    checked_in = sorted(PROTO_DIR.glob("*_pb2.py"))
    assert [p.name for p in written] == [p.name for p in checked_in]
    assert len(written) == len(list(PROTO_DIR.glob("*.proto")))
    for new in written:
        assert new.read_bytes() == (PROTO_DIR / new.name).read_bytes(), new.name
        stub = new.with_suffix(".pyi")
        assert stub.read_bytes() == (PROTO_DIR / stub.name).read_bytes(), stub.name


@pytest.mark.parametrize(
    ("tid", "name"),
    [
        (10, "RequestLogin"),
        (312, "RequestNewOrder"),
        (314, "RequestModifyOrder"),
        (316, "RequestCancelOrder"),
        (330, "RequestBracketOrder"),
        (400, "RequestPnLPositionUpdates"),
        (202, "RequestTimeBarReplay"),
        (3506, "RequestReplayExecutions"),
    ],
)
def test_template_ids_name_the_right_messages(tid: int, name: str) -> None:
    assert templates.CLASSES[tid].__name__ == name


def test_field_numbers_and_types_follow_the_protocol() -> None:
    fields = templates.BY_NAME["RequestNewOrder"].DESCRIPTOR.fields_by_name
    assert fields["user_tag"].number == 154119
    assert fields["template_id"].number == 154467
    assert fields["user_msg"].number == 132760
    assert fields["price"].number == 110306
    notif = templates.BY_NAME["ExchangeOrderNotification"].DESCRIPTOR.fields_by_name
    assert notif["fill_id"].number == 110311
    assert notif["fill_size"].cpp_type == notif["fill_size"].CPPTYPE_INT32
    login = templates.BY_NAME["ResponseLogin"].DESCRIPTOR.fields_by_name
    assert login["heartbeat_interval"].cpp_type == login["heartbeat_interval"].CPPTYPE_DOUBLE


def test_repeated_numerics_are_not_packed() -> None:
    msg = templates.new("DepthByOrder", depth_size=[5, 7])
    field = msg.DESCRIPTOR.fields_by_name["depth_size"]
    assert not field.is_packed
    wire = msg.SerializeToString()
    # field 154406, wire type 0 (varint) once per element, never one length-delimited run
    key_varint = _VarintBytes(154406 << 3)
    assert wire.count(key_varint) == 2


def test_frame_round_trip() -> None:
    msg = templates.new("RequestLogin", user="trader", template_version="3.9", user_msg=["7"])
    frame = framing.encode(msg)
    assert struct.unpack(">i", frame[:4])[0] == len(frame) - 4
    tid, back = framing.decode(frame)
    assert tid == 10
    assert back == msg


def test_unknown_template_id_is_skipped_not_fatal() -> None:
    base = templates.new("Reject")
    base.template_id = 999_999
    tid, msg = framing.decode(framing.encode(base))
    assert (tid, msg) == (999_999, None)


@pytest.mark.parametrize(
    "frame",
    [b"", b"\x00\x00", b"\x00\x00\x00\x05abc", b"\x00\x00\x00\x03\xff\xff\xff"],
)
def test_malformed_frames_raise_frame_error(frame: bytes) -> None:
    with pytest.raises(FrameError):
        framing.decode(frame)


@settings(max_examples=300, deadline=None, database=None)
@given(st.binary(max_size=64))
def test_any_bytes_decode_or_raise_frame_error(body: bytes) -> None:
    frame = struct.pack(">i", len(body)) + body
    try:
        tid, msg = framing.decode(frame)
    except FrameError:
        return
    assert msg is None or msg.template_id == tid


@settings(max_examples=200, deadline=None, database=None)
@given(
    price=st.floats(allow_nan=False, allow_infinity=False),
    size=st.integers(min_value=-(2**31), max_value=2**31 - 1),
    symbol=st.text(max_size=12),
    ssboe=st.integers(min_value=0, max_value=2**31 - 1),
)
def test_last_trade_round_trips(price: float, size: int, symbol: str, ssboe: int) -> None:
    msg = templates.new(
        "LastTrade", trade_price=price, trade_size=size, symbol=symbol, ssboe=ssboe, presence_bits=1
    )
    tid, back = framing.decode(framing.encode(msg))
    assert tid == 150 and back == msg
