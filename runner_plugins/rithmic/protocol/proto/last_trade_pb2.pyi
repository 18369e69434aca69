from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class LastTrade(_message.Message):
    __slots__ = ("trade_price", "net_change", "volume", "percent_change", "trade_size", "trade_time", "vwap", "symbol", "exchange", "is_snapshot", "aggressor", "presence_bits", "exchange_order_id", "ssboe", "usecs", "source_ssboe", "source_usecs", "source_nsecs", "jop_ssboe", "jop_nsecs", "template_id", "clear_bits", "aggressor_exchange_order_id")
    class PresenceBits(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        LAST_TRADE: _ClassVar[LastTrade.PresenceBits]
        NET_CHANGE: _ClassVar[LastTrade.PresenceBits]
        PRECENT_CHANGE: _ClassVar[LastTrade.PresenceBits]
        VOLUME: _ClassVar[LastTrade.PresenceBits]
        VWAP: _ClassVar[LastTrade.PresenceBits]
    LAST_TRADE: LastTrade.PresenceBits
    NET_CHANGE: LastTrade.PresenceBits
    PRECENT_CHANGE: LastTrade.PresenceBits
    VOLUME: LastTrade.PresenceBits
    VWAP: LastTrade.PresenceBits
    class TransactionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        BUY: _ClassVar[LastTrade.TransactionType]
        SELL: _ClassVar[LastTrade.TransactionType]
    BUY: LastTrade.TransactionType
    SELL: LastTrade.TransactionType
    TRADE_PRICE_FIELD_NUMBER: _ClassVar[int]
    NET_CHANGE_FIELD_NUMBER: _ClassVar[int]
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    PERCENT_CHANGE_FIELD_NUMBER: _ClassVar[int]
    TRADE_SIZE_FIELD_NUMBER: _ClassVar[int]
    TRADE_TIME_FIELD_NUMBER: _ClassVar[int]
    VWAP_FIELD_NUMBER: _ClassVar[int]
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    IS_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    AGGRESSOR_FIELD_NUMBER: _ClassVar[int]
    PRESENCE_BITS_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    SSBOE_FIELD_NUMBER: _ClassVar[int]
    USECS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_SSBOE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_USECS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_NSECS_FIELD_NUMBER: _ClassVar[int]
    JOP_SSBOE_FIELD_NUMBER: _ClassVar[int]
    JOP_NSECS_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    CLEAR_BITS_FIELD_NUMBER: _ClassVar[int]
    AGGRESSOR_EXCHANGE_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    trade_price: float
    net_change: float
    volume: int
    percent_change: float
    trade_size: int
    trade_time: str
    vwap: float
    symbol: str
    exchange: str
    is_snapshot: bool
    aggressor: LastTrade.TransactionType
    presence_bits: int
    exchange_order_id: str
    ssboe: int
    usecs: int
    source_ssboe: int
    source_usecs: int
    source_nsecs: int
    jop_ssboe: int
    jop_nsecs: int
    template_id: int
    clear_bits: int
    aggressor_exchange_order_id: str
    def __init__(self, trade_price: _Optional[float] = ..., net_change: _Optional[float] = ..., volume: _Optional[int] = ..., percent_change: _Optional[float] = ..., trade_size: _Optional[int] = ..., trade_time: _Optional[str] = ..., vwap: _Optional[float] = ..., symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., is_snapshot: _Optional[bool] = ..., aggressor: _Optional[_Union[LastTrade.TransactionType, str]] = ..., presence_bits: _Optional[int] = ..., exchange_order_id: _Optional[str] = ..., ssboe: _Optional[int] = ..., usecs: _Optional[int] = ..., source_ssboe: _Optional[int] = ..., source_usecs: _Optional[int] = ..., source_nsecs: _Optional[int] = ..., jop_ssboe: _Optional[int] = ..., jop_nsecs: _Optional[int] = ..., template_id: _Optional[int] = ..., clear_bits: _Optional[int] = ..., aggressor_exchange_order_id: _Optional[str] = ...) -> None: ...
