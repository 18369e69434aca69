from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class DepthByOrderEndEvent(_message.Message):
    __slots__ = ("symbol", "exchange", "sequence_number", "ssboe", "usecs", "template_id")
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SSBOE_FIELD_NUMBER: _ClassVar[int]
    USECS_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    symbol: _containers.RepeatedScalarFieldContainer[str]
    exchange: _containers.RepeatedScalarFieldContainer[str]
    sequence_number: int
    ssboe: int
    usecs: int
    template_id: int
    def __init__(self, symbol: _Optional[_Iterable[str]] = ..., exchange: _Optional[_Iterable[str]] = ..., sequence_number: _Optional[int] = ..., ssboe: _Optional[int] = ..., usecs: _Optional[int] = ..., template_id: _Optional[int] = ...) -> None: ...
