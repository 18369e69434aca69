from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class RequestDepthByOrderSnapshot(_message.Message):
    __slots__ = ("symbol", "exchange", "user_msg", "depth_price", "template_id")
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    DEPTH_PRICE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    symbol: str
    exchange: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    depth_price: float
    template_id: int
    def __init__(self, symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., depth_price: _Optional[float] = ..., template_id: _Optional[int] = ...) -> None: ...
