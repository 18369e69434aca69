from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestOCOOrder(_message.Message):
    __slots__ = ("symbol", "exchange", "price", "transaction_type", "quantity", "duration", "price_type", "trade_route", "user_msg", "trigger_price", "account_id", "fcm_id", "ib_id", "user_tag", "template_id", "cancel_after_secs", "window_name", "manual_or_auto", "trailing_stop", "trail_by_ticks", "trail_by_price_id", "cancel_at_ssboe", "cancel_at_usecs")
    class TransactionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        BUY: _ClassVar[RequestOCOOrder.TransactionType]
        SELL: _ClassVar[RequestOCOOrder.TransactionType]
    BUY: RequestOCOOrder.TransactionType
    SELL: RequestOCOOrder.TransactionType
    class Duration(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        DAY: _ClassVar[RequestOCOOrder.Duration]
        GTC: _ClassVar[RequestOCOOrder.Duration]
        IOC: _ClassVar[RequestOCOOrder.Duration]
        FOK: _ClassVar[RequestOCOOrder.Duration]
    DAY: RequestOCOOrder.Duration
    GTC: RequestOCOOrder.Duration
    IOC: RequestOCOOrder.Duration
    FOK: RequestOCOOrder.Duration
    class PriceType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        LIMIT: _ClassVar[RequestOCOOrder.PriceType]
        MARKET: _ClassVar[RequestOCOOrder.PriceType]
        STOP_LIMIT: _ClassVar[RequestOCOOrder.PriceType]
        STOP_MARKET: _ClassVar[RequestOCOOrder.PriceType]
    LIMIT: RequestOCOOrder.PriceType
    MARKET: RequestOCOOrder.PriceType
    STOP_LIMIT: RequestOCOOrder.PriceType
    STOP_MARKET: RequestOCOOrder.PriceType
    class OrderPlacement(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        MANUAL: _ClassVar[RequestOCOOrder.OrderPlacement]
        AUTO: _ClassVar[RequestOCOOrder.OrderPlacement]
    MANUAL: RequestOCOOrder.OrderPlacement
    AUTO: RequestOCOOrder.OrderPlacement
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
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    USER_TAG_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    CANCEL_AFTER_SECS_FIELD_NUMBER: _ClassVar[int]
    WINDOW_NAME_FIELD_NUMBER: _ClassVar[int]
    MANUAL_OR_AUTO_FIELD_NUMBER: _ClassVar[int]
    TRAILING_STOP_FIELD_NUMBER: _ClassVar[int]
    TRAIL_BY_TICKS_FIELD_NUMBER: _ClassVar[int]
    TRAIL_BY_PRICE_ID_FIELD_NUMBER: _ClassVar[int]
    CANCEL_AT_SSBOE_FIELD_NUMBER: _ClassVar[int]
    CANCEL_AT_USECS_FIELD_NUMBER: _ClassVar[int]
    symbol: _containers.RepeatedScalarFieldContainer[str]
    exchange: _containers.RepeatedScalarFieldContainer[str]
    price: _containers.RepeatedScalarFieldContainer[float]
    transaction_type: _containers.RepeatedScalarFieldContainer[RequestOCOOrder.TransactionType]
    quantity: _containers.RepeatedScalarFieldContainer[int]
    duration: _containers.RepeatedScalarFieldContainer[RequestOCOOrder.Duration]
    price_type: _containers.RepeatedScalarFieldContainer[RequestOCOOrder.PriceType]
    trade_route: _containers.RepeatedScalarFieldContainer[str]
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    trigger_price: _containers.RepeatedScalarFieldContainer[float]
    account_id: str
    fcm_id: str
    ib_id: str
    user_tag: _containers.RepeatedScalarFieldContainer[str]
    template_id: int
    cancel_after_secs: int
    window_name: _containers.RepeatedScalarFieldContainer[str]
    manual_or_auto: _containers.RepeatedScalarFieldContainer[RequestOCOOrder.OrderPlacement]
    trailing_stop: _containers.RepeatedScalarFieldContainer[bool]
    trail_by_ticks: _containers.RepeatedScalarFieldContainer[int]
    trail_by_price_id: _containers.RepeatedScalarFieldContainer[int]
    cancel_at_ssboe: int
    cancel_at_usecs: int
    def __init__(self, symbol: _Optional[_Iterable[str]] = ..., exchange: _Optional[_Iterable[str]] = ..., price: _Optional[_Iterable[float]] = ..., transaction_type: _Optional[_Iterable[_Union[RequestOCOOrder.TransactionType, str]]] = ..., quantity: _Optional[_Iterable[int]] = ..., duration: _Optional[_Iterable[_Union[RequestOCOOrder.Duration, str]]] = ..., price_type: _Optional[_Iterable[_Union[RequestOCOOrder.PriceType, str]]] = ..., trade_route: _Optional[_Iterable[str]] = ..., user_msg: _Optional[_Iterable[str]] = ..., trigger_price: _Optional[_Iterable[float]] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., user_tag: _Optional[_Iterable[str]] = ..., template_id: _Optional[int] = ..., cancel_after_secs: _Optional[int] = ..., window_name: _Optional[_Iterable[str]] = ..., manual_or_auto: _Optional[_Iterable[_Union[RequestOCOOrder.OrderPlacement, str]]] = ..., trailing_stop: _Optional[_Iterable[bool]] = ..., trail_by_ticks: _Optional[_Iterable[int]] = ..., trail_by_price_id: _Optional[_Iterable[int]] = ..., cancel_at_ssboe: _Optional[int] = ..., cancel_at_usecs: _Optional[int] = ...) -> None: ...
