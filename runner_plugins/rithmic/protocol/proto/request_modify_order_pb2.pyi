from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestModifyOrder(_message.Message):
    __slots__ = ("symbol", "exchange", "basket_id", "price", "quantity", "price_type", "user_msg", "trigger_price", "if_touched_price", "account_id", "fcm_id", "ib_id", "if_touched_symbol", "if_touched_exchange", "if_touched_condition", "if_touched_price_field", "template_id", "window_name", "manual_or_auto", "trailing_stop", "trail_by_ticks")
    class PriceType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        LIMIT: _ClassVar[RequestModifyOrder.PriceType]
        MARKET: _ClassVar[RequestModifyOrder.PriceType]
        STOP_LIMIT: _ClassVar[RequestModifyOrder.PriceType]
        STOP_MARKET: _ClassVar[RequestModifyOrder.PriceType]
        MARKET_IF_TOUCHED: _ClassVar[RequestModifyOrder.PriceType]
        LIMIT_IF_TOUCHED: _ClassVar[RequestModifyOrder.PriceType]
    LIMIT: RequestModifyOrder.PriceType
    MARKET: RequestModifyOrder.PriceType
    STOP_LIMIT: RequestModifyOrder.PriceType
    STOP_MARKET: RequestModifyOrder.PriceType
    MARKET_IF_TOUCHED: RequestModifyOrder.PriceType
    LIMIT_IF_TOUCHED: RequestModifyOrder.PriceType
    class PriceField(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        BID_PRICE: _ClassVar[RequestModifyOrder.PriceField]
        OFFER_PRICE: _ClassVar[RequestModifyOrder.PriceField]
        TRADE_PRICE: _ClassVar[RequestModifyOrder.PriceField]
        LEAN_PRICE: _ClassVar[RequestModifyOrder.PriceField]
    BID_PRICE: RequestModifyOrder.PriceField
    OFFER_PRICE: RequestModifyOrder.PriceField
    TRADE_PRICE: RequestModifyOrder.PriceField
    LEAN_PRICE: RequestModifyOrder.PriceField
    class Condition(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        EQUAL_TO: _ClassVar[RequestModifyOrder.Condition]
        NOT_EQUAL_TO: _ClassVar[RequestModifyOrder.Condition]
        GREATER_THAN: _ClassVar[RequestModifyOrder.Condition]
        GREATER_THAN_EQUAL_TO: _ClassVar[RequestModifyOrder.Condition]
        LESSER_THAN: _ClassVar[RequestModifyOrder.Condition]
        LESSER_THAN_EQUAL_TO: _ClassVar[RequestModifyOrder.Condition]
    EQUAL_TO: RequestModifyOrder.Condition
    NOT_EQUAL_TO: RequestModifyOrder.Condition
    GREATER_THAN: RequestModifyOrder.Condition
    GREATER_THAN_EQUAL_TO: RequestModifyOrder.Condition
    LESSER_THAN: RequestModifyOrder.Condition
    LESSER_THAN_EQUAL_TO: RequestModifyOrder.Condition
    class OrderPlacement(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        MANUAL: _ClassVar[RequestModifyOrder.OrderPlacement]
        AUTO: _ClassVar[RequestModifyOrder.OrderPlacement]
    MANUAL: RequestModifyOrder.OrderPlacement
    AUTO: RequestModifyOrder.OrderPlacement
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    BASKET_ID_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    PRICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_PRICE_FIELD_NUMBER: _ClassVar[int]
    IF_TOUCHED_PRICE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    IF_TOUCHED_SYMBOL_FIELD_NUMBER: _ClassVar[int]
    IF_TOUCHED_EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    IF_TOUCHED_CONDITION_FIELD_NUMBER: _ClassVar[int]
    IF_TOUCHED_PRICE_FIELD_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    WINDOW_NAME_FIELD_NUMBER: _ClassVar[int]
    MANUAL_OR_AUTO_FIELD_NUMBER: _ClassVar[int]
    TRAILING_STOP_FIELD_NUMBER: _ClassVar[int]
    TRAIL_BY_TICKS_FIELD_NUMBER: _ClassVar[int]
    symbol: str
    exchange: str
    basket_id: str
    price: float
    quantity: int
    price_type: RequestModifyOrder.PriceType
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    trigger_price: float
    if_touched_price: float
    account_id: str
    fcm_id: str
    ib_id: str
    if_touched_symbol: str
    if_touched_exchange: str
    if_touched_condition: RequestModifyOrder.Condition
    if_touched_price_field: RequestModifyOrder.PriceField
    template_id: int
    window_name: str
    manual_or_auto: RequestModifyOrder.OrderPlacement
    trailing_stop: bool
    trail_by_ticks: int
    def __init__(self, symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., basket_id: _Optional[str] = ..., price: _Optional[float] = ..., quantity: _Optional[int] = ..., price_type: _Optional[_Union[RequestModifyOrder.PriceType, str]] = ..., user_msg: _Optional[_Iterable[str]] = ..., trigger_price: _Optional[float] = ..., if_touched_price: _Optional[float] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., if_touched_symbol: _Optional[str] = ..., if_touched_exchange: _Optional[str] = ..., if_touched_condition: _Optional[_Union[RequestModifyOrder.Condition, str]] = ..., if_touched_price_field: _Optional[_Union[RequestModifyOrder.PriceField, str]] = ..., template_id: _Optional[int] = ..., window_name: _Optional[str] = ..., manual_or_auto: _Optional[_Union[RequestModifyOrder.OrderPlacement, str]] = ..., trailing_stop: _Optional[bool] = ..., trail_by_ticks: _Optional[int] = ...) -> None: ...
