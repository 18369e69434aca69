from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class BestBidOffer(_message.Message):
    __slots__ = ("bid_price", "ask_price", "bid_size", "ask_size", "bid_time", "ask_time", "symbol", "exchange", "is_snapshot", "presence_bits", "ssboe", "usecs", "bid_orders", "ask_orders", "template_id", "clear_bits", "bid_implicit_size", "ask_implicit_size", "lean_price")
    class PresenceBits(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        BID: _ClassVar[BestBidOffer.PresenceBits]
        ASK: _ClassVar[BestBidOffer.PresenceBits]
        LEAN_PRICE: _ClassVar[BestBidOffer.PresenceBits]
    BID: BestBidOffer.PresenceBits
    ASK: BestBidOffer.PresenceBits
    LEAN_PRICE: BestBidOffer.PresenceBits
    BID_PRICE_FIELD_NUMBER: _ClassVar[int]
    ASK_PRICE_FIELD_NUMBER: _ClassVar[int]
    BID_SIZE_FIELD_NUMBER: _ClassVar[int]
    ASK_SIZE_FIELD_NUMBER: _ClassVar[int]
    BID_TIME_FIELD_NUMBER: _ClassVar[int]
    ASK_TIME_FIELD_NUMBER: _ClassVar[int]
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    IS_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    PRESENCE_BITS_FIELD_NUMBER: _ClassVar[int]
    SSBOE_FIELD_NUMBER: _ClassVar[int]
    USECS_FIELD_NUMBER: _ClassVar[int]
    BID_ORDERS_FIELD_NUMBER: _ClassVar[int]
    ASK_ORDERS_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    CLEAR_BITS_FIELD_NUMBER: _ClassVar[int]
    BID_IMPLICIT_SIZE_FIELD_NUMBER: _ClassVar[int]
    ASK_IMPLICIT_SIZE_FIELD_NUMBER: _ClassVar[int]
    LEAN_PRICE_FIELD_NUMBER: _ClassVar[int]
    bid_price: float
    ask_price: float
    bid_size: int
    ask_size: int
    bid_time: str
    ask_time: str
    symbol: str
    exchange: str
    is_snapshot: bool
    presence_bits: int
    ssboe: int
    usecs: int
    bid_orders: int
    ask_orders: int
    template_id: int
    clear_bits: int
    bid_implicit_size: int
    ask_implicit_size: int
    lean_price: float
    def __init__(self, bid_price: _Optional[float] = ..., ask_price: _Optional[float] = ..., bid_size: _Optional[int] = ..., ask_size: _Optional[int] = ..., bid_time: _Optional[str] = ..., ask_time: _Optional[str] = ..., symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., is_snapshot: _Optional[bool] = ..., presence_bits: _Optional[int] = ..., ssboe: _Optional[int] = ..., usecs: _Optional[int] = ..., bid_orders: _Optional[int] = ..., ask_orders: _Optional[int] = ..., template_id: _Optional[int] = ..., clear_bits: _Optional[int] = ..., bid_implicit_size: _Optional[int] = ..., ask_implicit_size: _Optional[int] = ..., lean_price: _Optional[float] = ...) -> None: ...
