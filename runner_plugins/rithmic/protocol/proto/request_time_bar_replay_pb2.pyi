from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestTimeBarReplay(_message.Message):
    __slots__ = ("symbol", "exchange", "bar_type_period", "bar_type", "user_msg", "direction", "time_order", "start_index", "finish_index", "resume_bars", "user_max_count", "template_id")
    class BarType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        SECOND_BAR: _ClassVar[RequestTimeBarReplay.BarType]
        MINUTE_BAR: _ClassVar[RequestTimeBarReplay.BarType]
        DAILY_BAR: _ClassVar[RequestTimeBarReplay.BarType]
        WEEKLY_BAR: _ClassVar[RequestTimeBarReplay.BarType]
    SECOND_BAR: RequestTimeBarReplay.BarType
    MINUTE_BAR: RequestTimeBarReplay.BarType
    DAILY_BAR: RequestTimeBarReplay.BarType
    WEEKLY_BAR: RequestTimeBarReplay.BarType
    class Direction(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        FIRST: _ClassVar[RequestTimeBarReplay.Direction]
        LAST: _ClassVar[RequestTimeBarReplay.Direction]
    FIRST: RequestTimeBarReplay.Direction
    LAST: RequestTimeBarReplay.Direction
    class TimeOrder(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        FORWARDS: _ClassVar[RequestTimeBarReplay.TimeOrder]
        BACKWARDS: _ClassVar[RequestTimeBarReplay.TimeOrder]
    FORWARDS: RequestTimeBarReplay.TimeOrder
    BACKWARDS: RequestTimeBarReplay.TimeOrder
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    BAR_TYPE_PERIOD_FIELD_NUMBER: _ClassVar[int]
    BAR_TYPE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    DIRECTION_FIELD_NUMBER: _ClassVar[int]
    TIME_ORDER_FIELD_NUMBER: _ClassVar[int]
    START_INDEX_FIELD_NUMBER: _ClassVar[int]
    FINISH_INDEX_FIELD_NUMBER: _ClassVar[int]
    RESUME_BARS_FIELD_NUMBER: _ClassVar[int]
    USER_MAX_COUNT_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    symbol: str
    exchange: str
    bar_type_period: int
    bar_type: RequestTimeBarReplay.BarType
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    direction: RequestTimeBarReplay.Direction
    time_order: RequestTimeBarReplay.TimeOrder
    start_index: int
    finish_index: int
    resume_bars: bool
    user_max_count: int
    template_id: int
    def __init__(self, symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., bar_type_period: _Optional[int] = ..., bar_type: _Optional[_Union[RequestTimeBarReplay.BarType, str]] = ..., user_msg: _Optional[_Iterable[str]] = ..., direction: _Optional[_Union[RequestTimeBarReplay.Direction, str]] = ..., time_order: _Optional[_Union[RequestTimeBarReplay.TimeOrder, str]] = ..., start_index: _Optional[int] = ..., finish_index: _Optional[int] = ..., resume_bars: _Optional[bool] = ..., user_max_count: _Optional[int] = ..., template_id: _Optional[int] = ...) -> None: ...
