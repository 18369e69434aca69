from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestBracketOrder(_message.Message):
    __slots__ = ("symbol", "exchange", "price", "transaction_type", "quantity", "duration", "price_type", "trade_route", "user_msg", "trigger_price", "if_touched_price", "account_id", "fcm_id", "ib_id", "user_type", "user_tag", "if_touched_symbol", "if_touched_exchange", "if_touched_condition", "if_touched_price_field", "target_ticks", "target_quantity", "stop_ticks", "stop_quantity", "template_id", "order_operation_type", "release_at_ssboe", "cancel_after_secs", "release_at_usecs", "window_name", "manual_or_auto", "stop_market_on_reject", "trailing_stop_by_last_trade_price", "cancel_at_ssboe", "cancel_at_usecs", "bracket_type", "trailing_stop_trigger_ticks", "target_market_at_ssboe", "target_market_at_usecs", "stop_market_at_ssboe", "stop_market_at_usecs", "target_market_order_after_secs", "target_market_order_if_touched", "break_even_ticks", "break_even_trigger_ticks")
    class UserType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        USER_TYPE_ADMIN: _ClassVar[RequestBracketOrder.UserType]
        USER_TYPE_FCM: _ClassVar[RequestBracketOrder.UserType]
        USER_TYPE_IB: _ClassVar[RequestBracketOrder.UserType]
        USER_TYPE_TRADER: _ClassVar[RequestBracketOrder.UserType]
    USER_TYPE_ADMIN: RequestBracketOrder.UserType
    USER_TYPE_FCM: RequestBracketOrder.UserType
    USER_TYPE_IB: RequestBracketOrder.UserType
    USER_TYPE_TRADER: RequestBracketOrder.UserType
    class BracketType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STOP_ONLY: _ClassVar[RequestBracketOrder.BracketType]
        TARGET_ONLY: _ClassVar[RequestBracketOrder.BracketType]
        TARGET_AND_STOP: _ClassVar[RequestBracketOrder.BracketType]
        STOP_ONLY_STATIC: _ClassVar[RequestBracketOrder.BracketType]
        TARGET_ONLY_STATIC: _ClassVar[RequestBracketOrder.BracketType]
        TARGET_AND_STOP_STATIC: _ClassVar[RequestBracketOrder.BracketType]
    STOP_ONLY: RequestBracketOrder.BracketType
    TARGET_ONLY: RequestBracketOrder.BracketType
    TARGET_AND_STOP: RequestBracketOrder.BracketType
    STOP_ONLY_STATIC: RequestBracketOrder.BracketType
    TARGET_ONLY_STATIC: RequestBracketOrder.BracketType
    TARGET_AND_STOP_STATIC: RequestBracketOrder.BracketType
    class TransactionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        BUY: _ClassVar[RequestBracketOrder.TransactionType]
        SELL: _ClassVar[RequestBracketOrder.TransactionType]
    BUY: RequestBracketOrder.TransactionType
    SELL: RequestBracketOrder.TransactionType
    class Duration(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        DAY: _ClassVar[RequestBracketOrder.Duration]
        GTC: _ClassVar[RequestBracketOrder.Duration]
        IOC: _ClassVar[RequestBracketOrder.Duration]
        FOK: _ClassVar[RequestBracketOrder.Duration]
    DAY: RequestBracketOrder.Duration
    GTC: RequestBracketOrder.Duration
    IOC: RequestBracketOrder.Duration
    FOK: RequestBracketOrder.Duration
    class PriceType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        LIMIT: _ClassVar[RequestBracketOrder.PriceType]
        MARKET: _ClassVar[RequestBracketOrder.PriceType]
        STOP_LIMIT: _ClassVar[RequestBracketOrder.PriceType]
        STOP_MARKET: _ClassVar[RequestBracketOrder.PriceType]
        MARKET_IF_TOUCHED: _ClassVar[RequestBracketOrder.PriceType]
        LIMIT_IF_TOUCHED: _ClassVar[RequestBracketOrder.PriceType]
    LIMIT: RequestBracketOrder.PriceType
    MARKET: RequestBracketOrder.PriceType
    STOP_LIMIT: RequestBracketOrder.PriceType
    STOP_MARKET: RequestBracketOrder.PriceType
    MARKET_IF_TOUCHED: RequestBracketOrder.PriceType
    LIMIT_IF_TOUCHED: RequestBracketOrder.PriceType
    class OrderPlacement(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        MANUAL: _ClassVar[RequestBracketOrder.OrderPlacement]
        AUTO: _ClassVar[RequestBracketOrder.OrderPlacement]
    MANUAL: RequestBracketOrder.OrderPlacement
    AUTO: RequestBracketOrder.OrderPlacement
    class PriceField(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        BID_PRICE: _ClassVar[RequestBracketOrder.PriceField]
        OFFER_PRICE: _ClassVar[RequestBracketOrder.PriceField]
        TRADE_PRICE: _ClassVar[RequestBracketOrder.PriceField]
        LEAN_PRICE: _ClassVar[RequestBracketOrder.PriceField]
    BID_PRICE: RequestBracketOrder.PriceField
    OFFER_PRICE: RequestBracketOrder.PriceField
    TRADE_PRICE: RequestBracketOrder.PriceField
    LEAN_PRICE: RequestBracketOrder.PriceField
    class Condition(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        EQUAL_TO: _ClassVar[RequestBracketOrder.Condition]
        NOT_EQUAL_TO: _ClassVar[RequestBracketOrder.Condition]
        GREATER_THAN: _ClassVar[RequestBracketOrder.Condition]
        GREATER_THAN_EQUAL_TO: _ClassVar[RequestBracketOrder.Condition]
        LESSER_THAN: _ClassVar[RequestBracketOrder.Condition]
        LESSER_THAN_EQUAL_TO: _ClassVar[RequestBracketOrder.Condition]
    EQUAL_TO: RequestBracketOrder.Condition
    NOT_EQUAL_TO: RequestBracketOrder.Condition
    GREATER_THAN: RequestBracketOrder.Condition
    GREATER_THAN_EQUAL_TO: RequestBracketOrder.Condition
    LESSER_THAN: RequestBracketOrder.Condition
    LESSER_THAN_EQUAL_TO: RequestBracketOrder.Condition
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
    USER_TYPE_FIELD_NUMBER: _ClassVar[int]
    USER_TAG_FIELD_NUMBER: _ClassVar[int]
    IF_TOUCHED_SYMBOL_FIELD_NUMBER: _ClassVar[int]
    IF_TOUCHED_EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    IF_TOUCHED_CONDITION_FIELD_NUMBER: _ClassVar[int]
    IF_TOUCHED_PRICE_FIELD_FIELD_NUMBER: _ClassVar[int]
    TARGET_TICKS_FIELD_NUMBER: _ClassVar[int]
    TARGET_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    STOP_TICKS_FIELD_NUMBER: _ClassVar[int]
    STOP_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_OPERATION_TYPE_FIELD_NUMBER: _ClassVar[int]
    RELEASE_AT_SSBOE_FIELD_NUMBER: _ClassVar[int]
    CANCEL_AFTER_SECS_FIELD_NUMBER: _ClassVar[int]
    RELEASE_AT_USECS_FIELD_NUMBER: _ClassVar[int]
    WINDOW_NAME_FIELD_NUMBER: _ClassVar[int]
    MANUAL_OR_AUTO_FIELD_NUMBER: _ClassVar[int]
    STOP_MARKET_ON_REJECT_FIELD_NUMBER: _ClassVar[int]
    TRAILING_STOP_BY_LAST_TRADE_PRICE_FIELD_NUMBER: _ClassVar[int]
    CANCEL_AT_SSBOE_FIELD_NUMBER: _ClassVar[int]
    CANCEL_AT_USECS_FIELD_NUMBER: _ClassVar[int]
    BRACKET_TYPE_FIELD_NUMBER: _ClassVar[int]
    TRAILING_STOP_TRIGGER_TICKS_FIELD_NUMBER: _ClassVar[int]
    TARGET_MARKET_AT_SSBOE_FIELD_NUMBER: _ClassVar[int]
    TARGET_MARKET_AT_USECS_FIELD_NUMBER: _ClassVar[int]
    STOP_MARKET_AT_SSBOE_FIELD_NUMBER: _ClassVar[int]
    STOP_MARKET_AT_USECS_FIELD_NUMBER: _ClassVar[int]
    TARGET_MARKET_ORDER_AFTER_SECS_FIELD_NUMBER: _ClassVar[int]
    TARGET_MARKET_ORDER_IF_TOUCHED_FIELD_NUMBER: _ClassVar[int]
    BREAK_EVEN_TICKS_FIELD_NUMBER: _ClassVar[int]
    BREAK_EVEN_TRIGGER_TICKS_FIELD_NUMBER: _ClassVar[int]
    symbol: str
    exchange: str
    price: float
    transaction_type: RequestBracketOrder.TransactionType
    quantity: int
    duration: RequestBracketOrder.Duration
    price_type: RequestBracketOrder.PriceType
    trade_route: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    trigger_price: float
    if_touched_price: float
    account_id: str
    fcm_id: str
    ib_id: str
    user_type: RequestBracketOrder.UserType
    user_tag: str
    if_touched_symbol: str
    if_touched_exchange: str
    if_touched_condition: RequestBracketOrder.Condition
    if_touched_price_field: RequestBracketOrder.PriceField
    target_ticks: int
    target_quantity: int
    stop_ticks: int
    stop_quantity: int
    template_id: int
    order_operation_type: str
    release_at_ssboe: int
    cancel_after_secs: int
    release_at_usecs: int
    window_name: str
    manual_or_auto: RequestBracketOrder.OrderPlacement
    stop_market_on_reject: bool
    trailing_stop_by_last_trade_price: bool
    cancel_at_ssboe: int
    cancel_at_usecs: int
    bracket_type: RequestBracketOrder.BracketType
    trailing_stop_trigger_ticks: int
    target_market_at_ssboe: int
    target_market_at_usecs: int
    stop_market_at_ssboe: int
    stop_market_at_usecs: int
    target_market_order_after_secs: int
    target_market_order_if_touched: bool
    break_even_ticks: int
    break_even_trigger_ticks: int
    def __init__(self, symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., price: _Optional[float] = ..., transaction_type: _Optional[_Union[RequestBracketOrder.TransactionType, str]] = ..., quantity: _Optional[int] = ..., duration: _Optional[_Union[RequestBracketOrder.Duration, str]] = ..., price_type: _Optional[_Union[RequestBracketOrder.PriceType, str]] = ..., trade_route: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., trigger_price: _Optional[float] = ..., if_touched_price: _Optional[float] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., user_type: _Optional[_Union[RequestBracketOrder.UserType, str]] = ..., user_tag: _Optional[str] = ..., if_touched_symbol: _Optional[str] = ..., if_touched_exchange: _Optional[str] = ..., if_touched_condition: _Optional[_Union[RequestBracketOrder.Condition, str]] = ..., if_touched_price_field: _Optional[_Union[RequestBracketOrder.PriceField, str]] = ..., target_ticks: _Optional[int] = ..., target_quantity: _Optional[int] = ..., stop_ticks: _Optional[int] = ..., stop_quantity: _Optional[int] = ..., template_id: _Optional[int] = ..., order_operation_type: _Optional[str] = ..., release_at_ssboe: _Optional[int] = ..., cancel_after_secs: _Optional[int] = ..., release_at_usecs: _Optional[int] = ..., window_name: _Optional[str] = ..., manual_or_auto: _Optional[_Union[RequestBracketOrder.OrderPlacement, str]] = ..., stop_market_on_reject: _Optional[bool] = ..., trailing_stop_by_last_trade_price: _Optional[bool] = ..., cancel_at_ssboe: _Optional[int] = ..., cancel_at_usecs: _Optional[int] = ..., bracket_type: _Optional[_Union[RequestBracketOrder.BracketType, str]] = ..., trailing_stop_trigger_ticks: _Optional[int] = ..., target_market_at_ssboe: _Optional[int] = ..., target_market_at_usecs: _Optional[int] = ..., stop_market_at_ssboe: _Optional[int] = ..., stop_market_at_usecs: _Optional[int] = ..., target_market_order_after_secs: _Optional[int] = ..., target_market_order_if_touched: _Optional[bool] = ..., break_even_ticks: _Optional[int] = ..., break_even_trigger_ticks: _Optional[int] = ...) -> None: ...
