from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestTimeBarUpdate(_message.Message):
    __slots__ = ("request", "symbol", "exchange", "bar_type_period", "bar_type", "user_msg", "template_id")
    class BarType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        SECOND_BAR: _ClassVar[RequestTimeBarUpdate.BarType]
        MINUTE_BAR: _ClassVar[RequestTimeBarUpdate.BarType]
        DAILY_BAR: _ClassVar[RequestTimeBarUpdate.BarType]
        WEEKLY_BAR: _ClassVar[RequestTimeBarUpdate.BarType]
    SECOND_BAR: RequestTimeBarUpdate.BarType
    MINUTE_BAR: RequestTimeBarUpdate.BarType
    DAILY_BAR: RequestTimeBarUpdate.BarType
    WEEKLY_BAR: RequestTimeBarUpdate.BarType
    class Request(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        SUBSCRIBE: _ClassVar[RequestTimeBarUpdate.Request]
        UNSUBSCRIBE: _ClassVar[RequestTimeBarUpdate.Request]
    SUBSCRIBE: RequestTimeBarUpdate.Request
    UNSUBSCRIBE: RequestTimeBarUpdate.Request
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    BAR_TYPE_PERIOD_FIELD_NUMBER: _ClassVar[int]
    BAR_TYPE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    request: RequestTimeBarUpdate.Request
    symbol: str
    exchange: str
    bar_type_period: int
    bar_type: RequestTimeBarUpdate.BarType
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    template_id: int
    def __init__(self, request: _Optional[_Union[RequestTimeBarUpdate.Request, str]] = ..., symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., bar_type_period: _Optional[int] = ..., bar_type: _Optional[_Union[RequestTimeBarUpdate.BarType, str]] = ..., user_msg: _Optional[_Iterable[str]] = ..., template_id: _Optional[int] = ...) -> None: ...
