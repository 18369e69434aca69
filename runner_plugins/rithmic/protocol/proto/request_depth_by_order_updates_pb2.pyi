from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestDepthByOrderUpdates(_message.Message):
    __slots__ = ("request", "symbol", "exchange", "user_msg", "depth_price", "template_id")
    class Request(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        SUBSCRIBE: _ClassVar[RequestDepthByOrderUpdates.Request]
        UNSUBSCRIBE: _ClassVar[RequestDepthByOrderUpdates.Request]
    SUBSCRIBE: RequestDepthByOrderUpdates.Request
    UNSUBSCRIBE: RequestDepthByOrderUpdates.Request
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    DEPTH_PRICE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    request: RequestDepthByOrderUpdates.Request
    symbol: str
    exchange: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    depth_price: float
    template_id: int
    def __init__(self, request: _Optional[_Union[RequestDepthByOrderUpdates.Request, str]] = ..., symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., depth_price: _Optional[float] = ..., template_id: _Optional[int] = ...) -> None: ...
