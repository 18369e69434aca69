from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestNewOrder(_message.Message):
    __slots__ = ("symbol", "exchange", "price", "transaction_type", "quantity", "duration", "price_type", "trade_route", "user_msg", "trigger_price", "if_touched_price", "account_id", "fcm_id", "ib_id", "user_tag", "if_touched_symbol", "if_touched_exchange", "if_touched_condition", "if_touched_price_field", "template_id", "release_at_ssboe", "cancel_after_secs", "release_at_usecs", "window_name", "manual_or_auto", "trailing_stop", "trail_by_ticks", "trail_by_price_id", "cancel_at_ssboe", "cancel_at_usecs")
    class TransactionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        BUY: _ClassVar[RequestNewOrder.TransactionType]
        SELL: _ClassVar[RequestNewOrder.TransactionType]
    BUY: RequestNewOrder.TransactionType
    SELL: RequestNewOrder.TransactionType
    class OrderPlacement(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        MANUAL: _ClassVar[RequestNewOrder.OrderPlacement]
        AUTO: _ClassVar[RequestNewOrder.OrderPlacement]
    MANUAL: RequestNewOrder.OrderPlacement
    AUTO: RequestNewOrder.OrderPlacement
    class Duration(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        DAY: _ClassVar[RequestNewOrder.Duration]
        GTC: _ClassVar[RequestNewOrder.Duration]
        IOC: _ClassVar[RequestNewOrder.Duration]
        FOK: _ClassVar[RequestNewOrder.Duration]
    DAY: RequestNewOrder.Duration
    GTC: RequestNewOrder.Duration
    IOC: RequestNewOrder.Duration
    FOK: RequestNewOrder.Duration
    class PriceType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        LIMIT: _ClassVar[RequestNewOrder.PriceType]
        MARKET: _ClassVar[RequestNewOrder.PriceType]
        STOP_LIMIT: _ClassVar[RequestNewOrder.PriceType]
        STOP_MARKET: _ClassVar[RequestNewOrder.PriceType]
        MARKET_IF_TOUCHED: _ClassVar[RequestNewOrder.PriceType]
        LIMIT_IF_TOUCHED: _ClassVar[RequestNewOrder.PriceType]
    LIMIT: RequestNewOrder.PriceType
    MARKET: RequestNewOrder.PriceType
    STOP_LIMIT: RequestNewOrder.PriceType
    STOP_MARKET: RequestNewOrder.PriceType
    MARKET_IF_TOUCHED: RequestNewOrder.PriceType
    LIMIT_IF_TOUCHED: RequestNewOrder.PriceType
    class PriceField(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        BID_PRICE: _ClassVar[RequestNewOrder.PriceField]
        OFFER_PRICE: _ClassVar[RequestNewOrder.PriceField]
        TRADE_PRICE: _ClassVar[RequestNewOrder.PriceField]
        LEAN_PRICE: _ClassVar[RequestNewOrder.PriceField]
    BID_PRICE: RequestNewOrder.PriceField
    OFFER_PRICE: RequestNewOrder.PriceField
    TRADE_PRICE: RequestNewOrder.PriceField
    LEAN_PRICE: RequestNewOrder.PriceField
    class Condition(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        EQUAL_TO: _ClassVar[RequestNewOrder.Condition]
        NOT_EQUAL_TO: _ClassVar[RequestNewOrder.Condition]
        GREATER_THAN: _ClassVar[RequestNewOrder.Condition]
        GREATER_THAN_EQUAL_TO: _ClassVar[RequestNewOrder.Condition]
        LESSER_THAN: _ClassVar[RequestNewOrder.Condition]
        LESSER_THAN_EQUAL_TO: _ClassVar[RequestNewOrder.Condition]
    EQUAL_TO: RequestNewOrder.Condition
    NOT_EQUAL_TO: RequestNewOrder.Condition
    GREATER_THAN: RequestNewOrder.Condition
    GREATER_THAN_EQUAL_TO: RequestNewOrder.Condition
    LESSER_THAN: RequestNewOrder.Condition
    LESSER_THAN_EQUAL_TO: RequestNewOrder.Condition
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    TRANSACTION_TYPE_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    PRICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    TRADE_ROUTE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_PRICE_FIELD_NUMBER: _ClassVar[int]
    IF_TOUCHED_PRICE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    USER_TAG_FIELD_NUMBER: _ClassVar[int]
    IF_TOUCHED_SYMBOL_FIELD_NUMBER: _ClassVar[int]
    IF_TOUCHED_EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    IF_TOUCHED_CONDITION_FIELD_NUMBER: _ClassVar[int]
    IF_TOUCHED_PRICE_FIELD_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    RELEASE_AT_SSBOE_FIELD_NUMBER: _ClassVar[int]
    CANCEL_AFTER_SECS_FIELD_NUMBER: _ClassVar[int]
    RELEASE_AT_USECS_FIELD_NUMBER: _ClassVar[int]
    WINDOW_NAME_FIELD_NUMBER: _ClassVar[int]
    MANUAL_OR_AUTO_FIELD_NUMBER: _ClassVar[int]
    TRAILING_STOP_FIELD_NUMBER: _ClassVar[int]
    TRAIL_BY_TICKS_FIELD_NUMBER: _ClassVar[int]
    TRAIL_BY_PRICE_ID_FIELD_NUMBER: _ClassVar[int]
    CANCEL_AT_SSBOE_FIELD_NUMBER: _ClassVar[int]
    CANCEL_AT_USECS_FIELD_NUMBER: _ClassVar[int]
    symbol: str
    exchange: str
    price: float
    transaction_type: RequestNewOrder.TransactionType
    quantity: int
    duration: RequestNewOrder.Duration
    price_type: RequestNewOrder.PriceType
    trade_route: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    trigger_price: float
    if_touched_price: float
    account_id: str
    fcm_id: str
    ib_id: str
    user_tag: str
    if_touched_symbol: str
    if_touched_exchange: str
    if_touched_condition: RequestNewOrder.Condition
    if_touched_price_field: RequestNewOrder.PriceField
    template_id: int
    release_at_ssboe: int
    cancel_after_secs: int
    release_at_usecs: int
    window_name: str
    manual_or_auto: RequestNewOrder.OrderPlacement
    trailing_stop: bool
    trail_by_ticks: int
    trail_by_price_id: int
    cancel_at_ssboe: int
    cancel_at_usecs: int
    def __init__(self, symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., price: _Optional[float] = ..., transaction_type: _Optional[_Union[RequestNewOrder.TransactionType, str]] = ..., quantity: _Optional[int] = ..., duration: _Optional[_Union[RequestNewOrder.Duration, str]] = ..., price_type: _Optional[_Union[RequestNewOrder.PriceType, str]] = ..., trade_route: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., trigger_price: _Optional[float] = ..., if_touched_price: _Optional[float] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., user_tag: _Optional[str] = ..., if_touched_symbol: _Optional[str] = ..., if_touched_exchange: _Optional[str] = ..., if_touched_condition: _Optional[_Union[RequestNewOrder.Condition, str]] = ..., if_touched_price_field: _Optional[_Union[RequestNewOrder.PriceField, str]] = ..., template_id: _Optional[int] = ..., release_at_ssboe: _Optional[int] = ..., cancel_after_secs: _Optional[int] = ..., release_at_usecs: _Optional[int] = ..., window_name: _Optional[str] = ..., manual_or_auto: _Optional[_Union[RequestNewOrder.OrderPlacement, str]] = ..., trailing_stop: _Optional[bool] = ..., trail_by_ticks: _Optional[int] = ..., trail_by_price_id: _Optional[int] = ..., cancel_at_ssboe: _Optional[int] = ..., cancel_at_usecs: _Optional[int] = ...) -> None: ...
