from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class OrderBook(_message.Message):
    __slots__ = ("symbol", "exchange", "presence_bits", "ssboe", "usecs", "bid_price", "bid_size", "ask_price", "ask_size", "bid_orders", "ask_orders", "impl_bid_size", "impl_ask_size", "template_id", "update_type")
    class PresenceBits(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        BID: _ClassVar[OrderBook.PresenceBits]
        ASK: _ClassVar[OrderBook.PresenceBits]
    BID: OrderBook.PresenceBits
    ASK: OrderBook.PresenceBits
    class UpdateType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        CLEAR_ORDER_BOOK: _ClassVar[OrderBook.UpdateType]
        NO_BOOK: _ClassVar[OrderBook.UpdateType]
        SNAPSHOT_IMAGE: _ClassVar[OrderBook.UpdateType]
        BEGIN: _ClassVar[OrderBook.UpdateType]
        MIDDLE: _ClassVar[OrderBook.UpdateType]
        END: _ClassVar[OrderBook.UpdateType]
        SOLO: _ClassVar[OrderBook.UpdateType]
    CLEAR_ORDER_BOOK: OrderBook.UpdateType
    NO_BOOK: OrderBook.UpdateType
    SNAPSHOT_IMAGE: OrderBook.UpdateType
    BEGIN: OrderBook.UpdateType
    MIDDLE: OrderBook.UpdateType
    END: OrderBook.UpdateType
    SOLO: OrderBook.UpdateType
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    PRESENCE_BITS_FIELD_NUMBER: _ClassVar[int]
    SSBOE_FIELD_NUMBER: _ClassVar[int]
    USECS_FIELD_NUMBER: _ClassVar[int]
    BID_PRICE_FIELD_NUMBER: _ClassVar[int]
    BID_SIZE_FIELD_NUMBER: _ClassVar[int]
    ASK_PRICE_FIELD_NUMBER: _ClassVar[int]
    ASK_SIZE_FIELD_NUMBER: _ClassVar[int]
    BID_ORDERS_FIELD_NUMBER: _ClassVar[int]
    ASK_ORDERS_FIELD_NUMBER: _ClassVar[int]
    IMPL_BID_SIZE_FIELD_NUMBER: _ClassVar[int]
    IMPL_ASK_SIZE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TYPE_FIELD_NUMBER: _ClassVar[int]
    symbol: str
    exchange: str
    presence_bits: int
    ssboe: int
    usecs: int
    bid_price: _containers.RepeatedScalarFieldContainer[float]
    bid_size: _containers.RepeatedScalarFieldContainer[int]
    ask_price: _containers.RepeatedScalarFieldContainer[float]
    ask_size: _containers.RepeatedScalarFieldContainer[int]
    bid_orders: _containers.RepeatedScalarFieldContainer[int]
    ask_orders: _containers.RepeatedScalarFieldContainer[int]
    impl_bid_size: _containers.RepeatedScalarFieldContainer[int]
    impl_ask_size: _containers.RepeatedScalarFieldContainer[int]
    template_id: int
    update_type: OrderBook.UpdateType
    def __init__(self, symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., presence_bits: _Optional[int] = ..., ssboe: _Optional[int] = ..., usecs: _Optional[int] = ..., bid_price: _Optional[_Iterable[float]] = ..., bid_size: _Optional[_Iterable[int]] = ..., ask_price: _Optional[_Iterable[float]] = ..., ask_size: _Optional[_Iterable[int]] = ..., bid_orders: _Optional[_Iterable[int]] = ..., ask_orders: _Optional[_Iterable[int]] = ..., impl_bid_size: _Optional[_Iterable[int]] = ..., impl_ask_size: _Optional[_Iterable[int]] = ..., template_id: _Optional[int] = ..., update_type: _Optional[_Union[OrderBook.UpdateType, str]] = ...) -> None: ...
