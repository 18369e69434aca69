from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class TimeBar(_message.Message):
    __slots__ = ("high_price", "low_price", "open_price", "close_price", "settlement_price", "symbol", "exchange", "marker", "num_trades", "volume", "period", "bid_volume", "ask_volume", "type", "has_settlement_price", "template_id", "must_clear_settlement_price")
    class BarType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        SECOND_BAR: _ClassVar[TimeBar.BarType]
        MINUTE_BAR: _ClassVar[TimeBar.BarType]
        DAILY_BAR: _ClassVar[TimeBar.BarType]
        WEEKLY_BAR: _ClassVar[TimeBar.BarType]
    SECOND_BAR: TimeBar.BarType
    MINUTE_BAR: TimeBar.BarType
    DAILY_BAR: TimeBar.BarType
    WEEKLY_BAR: TimeBar.BarType
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
    type: TimeBar.BarType
    has_settlement_price: bool
    template_id: int
    must_clear_settlement_price: bool
    def __init__(self, high_price: _Optional[float] = ..., low_price: _Optional[float] = ..., open_price: _Optional[float] = ..., close_price: _Optional[float] = ..., settlement_price: _Optional[float] = ..., symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., marker: _Optional[int] = ..., num_trades: _Optional[int] = ..., volume: _Optional[int] = ..., period: _Optional[str] = ..., bid_volume: _Optional[int] = ..., ask_volume: _Optional[int] = ..., type: _Optional[_Union[TimeBar.BarType, str]] = ..., has_settlement_price: _Optional[bool] = ..., template_id: _Optional[int] = ..., must_clear_settlement_price: _Optional[bool] = ...) -> None: ...
