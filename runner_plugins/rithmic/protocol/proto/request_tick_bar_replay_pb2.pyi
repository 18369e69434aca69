from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestTickBarReplay(_message.Message):
    __slots__ = ("symbol", "exchange", "bar_type", "bar_sub_type", "custom_session_open_ssm", "custom_session_close_ssm", "user_msg", "bar_type_specifier", "direction", "time_order", "start_index", "finish_index", "resume_bars", "user_max_count", "template_id")
    class BarType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        TICK_BAR: _ClassVar[RequestTickBarReplay.BarType]
        RANGE_BAR: _ClassVar[RequestTickBarReplay.BarType]
        VOLUME_BAR: _ClassVar[RequestTickBarReplay.BarType]
    TICK_BAR: RequestTickBarReplay.BarType
    RANGE_BAR: RequestTickBarReplay.BarType
    VOLUME_BAR: RequestTickBarReplay.BarType
    class BarSubType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        REGULAR: _ClassVar[RequestTickBarReplay.BarSubType]
        CUSTOM: _ClassVar[RequestTickBarReplay.BarSubType]
    REGULAR: RequestTickBarReplay.BarSubType
    CUSTOM: RequestTickBarReplay.BarSubType
    class Direction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        FIRST: _ClassVar[RequestTickBarReplay.Direction]
        LAST: _ClassVar[RequestTickBarReplay.Direction]
    FIRST: RequestTickBarReplay.Direction
    LAST: RequestTickBarReplay.Direction
    class TimeOrder(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        FORWARDS: _ClassVar[RequestTickBarReplay.TimeOrder]
        BACKWARDS: _ClassVar[RequestTickBarReplay.TimeOrder]
    FORWARDS: RequestTickBarReplay.TimeOrder
    BACKWARDS: RequestTickBarReplay.TimeOrder
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    BAR_TYPE_FIELD_NUMBER: _ClassVar[int]
    BAR_SUB_TYPE_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_SESSION_OPEN_SSM_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_SESSION_CLOSE_SSM_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    BAR_TYPE_SPECIFIER_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    TIME_ORDER_FIELD_NUMBER: _ClassVar[int]
    START_INDEX_FIELD_NUMBER: _ClassVar[int]
    FINISH_INDEX_FIELD_NUMBER: _ClassVar[int]
    RESUME_BARS_FIELD_NUMBER: _ClassVar[int]
    USER_MAX_COUNT_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    symbol: str
    exchange: str
    bar_type: RequestTickBarReplay.BarType
    bar_sub_type: RequestTickBarReplay.BarSubType
    custom_session_open_ssm: int
    custom_session_close_ssm: int
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    bar_type_specifier: str
    direction: RequestTickBarReplay.Direction
    time_order: RequestTickBarReplay.TimeOrder
    start_index: int
    finish_index: int
    resume_bars: bool
    user_max_count: int
    template_id: int
    def __init__(self, symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., bar_type: _Optional[_Union[RequestTickBarReplay.BarType, str]] = ..., bar_sub_type: _Optional[_Union[RequestTickBarReplay.BarSubType, str]] = ..., custom_session_open_ssm: _Optional[int] = ..., custom_session_close_ssm: _Optional[int] = ..., user_msg: _Optional[_Iterable[str]] = ..., bar_type_specifier: _Optional[str] = ..., direction: _Optional[_Union[RequestTickBarReplay.Direction, str]] = ..., time_order: _Optional[_Union[RequestTickBarReplay.TimeOrder, str]] = ..., start_index: _Optional[int] = ..., finish_index: _Optional[int] = ..., resume_bars: _Optional[bool] = ..., user_max_count: _Optional[int] = ..., template_id: _Optional[int] = ...) -> None: ...
