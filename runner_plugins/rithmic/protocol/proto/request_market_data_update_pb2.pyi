from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestMarketDataUpdate(_message.Message):
    __slots__ = ("request", "symbol", "exchange", "user_msg", "update_bits", "template_id")
    class UpdateBits(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        LAST_TRADE: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        BBO: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        ORDER_BOOK: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        OPEN: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        OPENING_INDICATOR: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        HIGH_LOW: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        HIGH_BID_LOW_ASK: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        CLOSE: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        CLOSING_INDICATOR: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        SETTLEMENT: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        MARKET_MODE: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        OPEN_INTEREST: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        MARGIN_RATE: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        HIGH_PRICE_LIMIT: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        LOW_PRICE_LIMIT: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        PROJECTED_SETTLEMENT: _ClassVar[RequestMarketDataUpdate.UpdateBits]
        ADJUSTED_CLOSE: _ClassVar[RequestMarketDataUpdate.UpdateBits]
    LAST_TRADE: RequestMarketDataUpdate.UpdateBits
    BBO: RequestMarketDataUpdate.UpdateBits
    ORDER_BOOK: RequestMarketDataUpdate.UpdateBits
    OPEN: RequestMarketDataUpdate.UpdateBits
    OPENING_INDICATOR: RequestMarketDataUpdate.UpdateBits
    HIGH_LOW: RequestMarketDataUpdate.UpdateBits
    HIGH_BID_LOW_ASK: RequestMarketDataUpdate.UpdateBits
    CLOSE: RequestMarketDataUpdate.UpdateBits
    CLOSING_INDICATOR: RequestMarketDataUpdate.UpdateBits
    SETTLEMENT: RequestMarketDataUpdate.UpdateBits
    MARKET_MODE: RequestMarketDataUpdate.UpdateBits
    OPEN_INTEREST: RequestMarketDataUpdate.UpdateBits
    MARGIN_RATE: RequestMarketDataUpdate.UpdateBits
    HIGH_PRICE_LIMIT: RequestMarketDataUpdate.UpdateBits
    LOW_PRICE_LIMIT: RequestMarketDataUpdate.UpdateBits
    PROJECTED_SETTLEMENT: RequestMarketDataUpdate.UpdateBits
    ADJUSTED_CLOSE: RequestMarketDataUpdate.UpdateBits
    class Request(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        SUBSCRIBE: _ClassVar[RequestMarketDataUpdate.Request]
        UNSUBSCRIBE: _ClassVar[RequestMarketDataUpdate.Request]
    SUBSCRIBE: RequestMarketDataUpdate.Request
    UNSUBSCRIBE: RequestMarketDataUpdate.Request
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    UPDATE_BITS_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    request: RequestMarketDataUpdate.Request
    symbol: str
    exchange: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    update_bits: int
    template_id: int
    def __init__(self, request: _Optional[_Union[RequestMarketDataUpdate.Request, str]] = ..., symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., update_bits: _Optional[int] = ..., template_id: _Optional[int] = ...) -> None: ...
