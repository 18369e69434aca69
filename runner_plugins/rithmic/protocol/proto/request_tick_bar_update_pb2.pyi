from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestTickBarUpdate(_message.Message):
    __slots__ = ("request", "symbol", "exchange", "bar_type", "bar_sub_type", "custom_session_open_ssm", "custom_session_close_ssm", "user_msg", "bar_type_specifier", "template_id")
    class BarType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        TICK_BAR: _ClassVar[RequestTickBarUpdate.BarType]
        RANGE_BAR: _ClassVar[RequestTickBarUpdate.BarType]
        VOLUME_BAR: _ClassVar[RequestTickBarUpdate.BarType]
    TICK_BAR: RequestTickBarUpdate.BarType
    RANGE_BAR: RequestTickBarUpdate.BarType
    VOLUME_BAR: RequestTickBarUpdate.BarType
    class BarSubType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        REGULAR: _ClassVar[RequestTickBarUpdate.BarSubType]
        CUSTOM: _ClassVar[RequestTickBarUpdate.BarSubType]
    REGULAR: RequestTickBarUpdate.BarSubType
    CUSTOM: RequestTickBarUpdate.BarSubType
    class Request(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        SUBSCRIBE: _ClassVar[RequestTickBarUpdate.Request]
        UNSUBSCRIBE: _ClassVar[RequestTickBarUpdate.Request]
    SUBSCRIBE: RequestTickBarUpdate.Request
    UNSUBSCRIBE: RequestTickBarUpdate.Request
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    BAR_TYPE_FIELD_NUMBER: _ClassVar[int]
    BAR_SUB_TYPE_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_SESSION_OPEN_SSM_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_SESSION_CLOSE_SSM_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    BAR_TYPE_SPECIFIER_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    request: RequestTickBarUpdate.Request
    symbol: str
    exchange: str
    bar_type: RequestTickBarUpdate.BarType
    bar_sub_type: RequestTickBarUpdate.BarSubType
    custom_session_open_ssm: int
    custom_session_close_ssm: int
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    bar_type_specifier: str
    template_id: int
    def __init__(self, request: _Optional[_Union[RequestTickBarUpdate.Request, str]] = ..., symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., bar_type: _Optional[_Union[RequestTickBarUpdate.BarType, str]] = ..., bar_sub_type: _Optional[_Union[RequestTickBarUpdate.BarSubType, str]] = ..., custom_session_open_ssm: _Optional[int] = ..., custom_session_close_ssm: _Optional[int] = ..., user_msg: _Optional[_Iterable[str]] = ..., bar_type_specifier: _Optional[str] = ..., template_id: _Optional[int] = ...) -> None: ...
