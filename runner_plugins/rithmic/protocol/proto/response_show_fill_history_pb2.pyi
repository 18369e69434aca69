from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseShowFillHistory(_message.Message):
    __slots__ = ("symbol", "exchange", "instrument_type", "basket_id", "price", "fill_price", "fill_size", "fill_time", "fill_date", "fill_id", "avg_fill_price", "sequence_number", "transaction_type", "duration", "price_type", "trade_route", "trade_exchange", "user_msg", "rq_handler_rp_code", "rp_code", "exchange_order_id", "trigger_price", "orig_sequence_number", "cor_sequence_number", "ssboe", "usecs", "source_ssboe", "source_usecs", "source_nsecs", "account_id", "fcm_id", "ib_id", "total_fill_size", "total_unfilled_size", "template_id", "manual_or_auto", "orig_price_type")
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    INSTRUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    BASKET_ID_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    FILL_PRICE_FIELD_NUMBER: _ClassVar[int]
    FILL_SIZE_FIELD_NUMBER: _ClassVar[int]
    FILL_TIME_FIELD_NUMBER: _ClassVar[int]
    FILL_DATE_FIELD_NUMBER: _ClassVar[int]
    FILL_ID_FIELD_NUMBER: _ClassVar[int]
    AVG_FILL_PRICE_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    TRANSACTION_TYPE_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    PRICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    TRADE_ROUTE_FIELD_NUMBER: _ClassVar[int]
    TRADE_EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RQ_HANDLER_RP_CODE_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_PRICE_FIELD_NUMBER: _ClassVar[int]
    ORIG_SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    COR_SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    SSBOE_FIELD_NUMBER: _ClassVar[int]
    USECS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_SSBOE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_USECS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_NSECS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FILL_SIZE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_UNFILLED_SIZE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    MANUAL_OR_AUTO_FIELD_NUMBER: _ClassVar[int]
    ORIG_PRICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    symbol: str
    exchange: str
    instrument_type: str
    basket_id: str
    price: float
    fill_price: float
    fill_size: int
    fill_time: str
    fill_date: str
    fill_id: str
    avg_fill_price: float
    sequence_number: str
    transaction_type: str
    duration: str
    price_type: str
    trade_route: str
    trade_exchange: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rq_handler_rp_code: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    exchange_order_id: str
    trigger_price: float
    orig_sequence_number: str
    cor_sequence_number: str
    ssboe: int
    usecs: int
    source_ssboe: int
    source_usecs: int
    source_nsecs: int
    account_id: str
    fcm_id: str
    ib_id: str
    total_fill_size: int
    total_unfilled_size: int
    template_id: int
    manual_or_auto: str
    orig_price_type: str
    def __init__(self, symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., instrument_type: _Optional[str] = ..., basket_id: _Optional[str] = ..., price: _Optional[float] = ..., fill_price: _Optional[float] = ..., fill_size: _Optional[int] = ..., fill_time: _Optional[str] = ..., fill_date: _Optional[str] = ..., fill_id: _Optional[str] = ..., avg_fill_price: _Optional[float] = ..., sequence_number: _Optional[str] = ..., transaction_type: _Optional[str] = ..., duration: _Optional[str] = ..., price_type: _Optional[str] = ..., trade_route: _Optional[str] = ..., trade_exchange: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., rq_handler_rp_code: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., exchange_order_id: _Optional[str] = ..., trigger_price: _Optional[float] = ..., orig_sequence_number: _Optional[str] = ..., cor_sequence_number: _Optional[str] = ..., ssboe: _Optional[int] = ..., usecs: _Optional[int] = ..., source_ssboe: _Optional[int] = ..., source_usecs: _Optional[int] = ..., source_nsecs: _Optional[int] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., total_fill_size: _Optional[int] = ..., total_unfilled_size: _Optional[int] = ..., template_id: _Optional[int] = ..., manual_or_auto: _Optional[str] = ..., orig_price_type: _Optional[str] = ...) -> None: ...
