from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseTimeBarReplay(_message.Message):
    __slots__ = ("high_price", "low_price", "open_price", "close_price", "settlement_price", "symbol", "exchange", "marker", "num_trades", "volume", "period", "bid_volume", "ask_volume", "type", "request_key", "user_msg", "rq_handler_rp_code", "rp_code", "has_settlement_price", "template_id", "must_clear_settlement_price")
    class BarType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        SECOND_BAR: _ClassVar[ResponseTimeBarReplay.BarType]
        MINUTE_BAR: _ClassVar[ResponseTimeBarReplay.BarType]
        DAILY_BAR: _ClassVar[ResponseTimeBarReplay.BarType]
        WEEKLY_BAR: _ClassVar[ResponseTimeBarReplay.BarType]
    SECOND_BAR: ResponseTimeBarReplay.BarType
    MINUTE_BAR: ResponseTimeBarReplay.BarType
    DAILY_BAR: ResponseTimeBarReplay.BarType
    WEEKLY_BAR: ResponseTimeBarReplay.BarType
    HIGH_PRICE_FIELD_NUMBER: _ClassVar[int]
    LOW_PRICE_FIELD_NUMBER: _ClassVar[int]
    OPEN_PRICE_FIELD_NUMBER: _ClassVar[int]
    CLOSE_PRICE_FIELD_NUMBER: _ClassVar[int]
    SETTLEMENT_PRICE_FIELD_NUMBER: _ClassVar[int]
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    MARKER_FIELD_NUMBER: _ClassVar[int]
    NUM_TRADES_FIELD_NUMBER: _ClassVar[int]
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    PERIOD_FIELD_NUMBER: _ClassVar[int]
    BID_VOLUME_FIELD_NUMBER: _ClassVar[int]
    ASK_VOLUME_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    REQUEST_KEY_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RQ_HANDLER_RP_CODE_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    HAS_SETTLEMENT_PRICE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    MUST_CLEAR_SETTLEMENT_PRICE_FIELD_NUMBER: _ClassVar[int]
    high_price: float
    low_price: float
    open_price: float
    close_price: float
    settlement_price: float
    symbol: str
    exchange: str
    marker: int
    num_trades: int
    volume: int
    period: str
    bid_volume: int
    ask_volume: int
    type: ResponseTimeBarReplay.BarType
    request_key: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rq_handler_rp_code: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    has_settlement_price: bool
    template_id: int
    must_clear_settlement_price: bool
    def __init__(self, high_price: _Optional[float] = ..., low_price: _Optional[float] = ..., open_price: _Optional[float] = ..., close_price: _Optional[float] = ..., settlement_price: _Optional[float] = ..., symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., marker: _Optional[int] = ..., num_trades: _Optional[int] = ..., volume: _Optional[int] = ..., period: _Optional[str] = ..., bid_volume: _Optional[int] = ..., ask_volume: _Optional[int] = ..., type: _Optional[_Union[ResponseTimeBarReplay.BarType, str]] = ..., request_key: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., rq_handler_rp_code: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., has_settlement_price: _Optional[bool] = ..., template_id: _Optional[int] = ..., must_clear_settlement_price: _Optional[bool] = ...) -> None: ...
