from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RithmicOrderNotification(_message.Message):
    __slots__ = ("symbol", "exchange", "instrument_type", "is_snapshot", "basket_id", "status", "price", "avg_fill_price", "linked_basket_ids", "sequence_number", "transaction_type", "quantity", "duration", "price_type", "trade_route", "trade_exchange", "quan_release_pending", "text", "report_text", "user_id", "exchange_order_id", "trigger_price", "orig_sequence_number", "cor_sequence_number", "completion_reason", "ssboe", "usecs", "notify_type", "account_id", "fcm_id", "ib_id", "total_fill_size", "total_unfilled_size", "user_tag", "country_code", "currency", "template_id", "cancel_after_secs", "original_basket_id", "window_name", "originator_window_name", "manual_or_auto", "orig_price_type", "remarks", "cancel_at_ssboe", "cancel_at_usecs", "bracket_type")
    class NotifyType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        ORDER_RCVD_FROM_CLNT: _ClassVar[RithmicOrderNotification.NotifyType]
        MODIFY_RCVD_FROM_CLNT: _ClassVar[RithmicOrderNotification.NotifyType]
        CANCEL_RCVD_FROM_CLNT: _ClassVar[RithmicOrderNotification.NotifyType]
        OPEN_PENDING: _ClassVar[RithmicOrderNotification.NotifyType]
        MODIFY_PENDING: _ClassVar[RithmicOrderNotification.NotifyType]
        CANCEL_PENDING: _ClassVar[RithmicOrderNotification.NotifyType]
        ORDER_RCVD_BY_EXCH_GTWY: _ClassVar[RithmicOrderNotification.NotifyType]
        MODIFY_RCVD_BY_EXCH_GTWY: _ClassVar[RithmicOrderNotification.NotifyType]
        CANCEL_RCVD_BY_EXCH_GTWY: _ClassVar[RithmicOrderNotification.NotifyType]
        ORDER_SENT_TO_EXCH: _ClassVar[RithmicOrderNotification.NotifyType]
        MODIFY_SENT_TO_EXCH: _ClassVar[RithmicOrderNotification.NotifyType]
        CANCEL_SENT_TO_EXCH: _ClassVar[RithmicOrderNotification.NotifyType]
        OPEN: _ClassVar[RithmicOrderNotification.NotifyType]
        MODIFIED: _ClassVar[RithmicOrderNotification.NotifyType]
        COMPLETE: _ClassVar[RithmicOrderNotification.NotifyType]
        MODIFICATION_FAILED: _ClassVar[RithmicOrderNotification.NotifyType]
        CANCELLATION_FAILED: _ClassVar[RithmicOrderNotification.NotifyType]
        TRIGGER_PENDING: _ClassVar[RithmicOrderNotification.NotifyType]
        GENERIC: _ClassVar[RithmicOrderNotification.NotifyType]
        LINK_ORDERS_FAILED: _ClassVar[RithmicOrderNotification.NotifyType]
    ORDER_RCVD_FROM_CLNT: RithmicOrderNotification.NotifyType
    MODIFY_RCVD_FROM_CLNT: RithmicOrderNotification.NotifyType
    CANCEL_RCVD_FROM_CLNT: RithmicOrderNotification.NotifyType
    OPEN_PENDING: RithmicOrderNotification.NotifyType
    MODIFY_PENDING: RithmicOrderNotification.NotifyType
    CANCEL_PENDING: RithmicOrderNotification.NotifyType
    ORDER_RCVD_BY_EXCH_GTWY: RithmicOrderNotification.NotifyType
    MODIFY_RCVD_BY_EXCH_GTWY: RithmicOrderNotification.NotifyType
    CANCEL_RCVD_BY_EXCH_GTWY: RithmicOrderNotification.NotifyType
    ORDER_SENT_TO_EXCH: RithmicOrderNotification.NotifyType
    MODIFY_SENT_TO_EXCH: RithmicOrderNotification.NotifyType
    CANCEL_SENT_TO_EXCH: RithmicOrderNotification.NotifyType
    OPEN: RithmicOrderNotification.NotifyType
    MODIFIED: RithmicOrderNotification.NotifyType
    COMPLETE: RithmicOrderNotification.NotifyType
    MODIFICATION_FAILED: RithmicOrderNotification.NotifyType
    CANCELLATION_FAILED: RithmicOrderNotification.NotifyType
    TRIGGER_PENDING: RithmicOrderNotification.NotifyType
    GENERIC: RithmicOrderNotification.NotifyType
    LINK_ORDERS_FAILED: RithmicOrderNotification.NotifyType
    class TransactionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        BUY: _ClassVar[RithmicOrderNotification.TransactionType]
        SELL: _ClassVar[RithmicOrderNotification.TransactionType]
        SS: _ClassVar[RithmicOrderNotification.TransactionType]
    BUY: RithmicOrderNotification.TransactionType
    SELL: RithmicOrderNotification.TransactionType
    SS: RithmicOrderNotification.TransactionType
    class Duration(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        DAY: _ClassVar[RithmicOrderNotification.Duration]
        GTC: _ClassVar[RithmicOrderNotification.Duration]
        IOC: _ClassVar[RithmicOrderNotification.Duration]
        FOK: _ClassVar[RithmicOrderNotification.Duration]
    DAY: RithmicOrderNotification.Duration
    GTC: RithmicOrderNotification.Duration
    IOC: RithmicOrderNotification.Duration
    FOK: RithmicOrderNotification.Duration
    class PriceType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        LIMIT: _ClassVar[RithmicOrderNotification.PriceType]
        MARKET: _ClassVar[RithmicOrderNotification.PriceType]
        STOP_LIMIT: _ClassVar[RithmicOrderNotification.PriceType]
        STOP_MARKET: _ClassVar[RithmicOrderNotification.PriceType]
    LIMIT: RithmicOrderNotification.PriceType
    MARKET: RithmicOrderNotification.PriceType
    STOP_LIMIT: RithmicOrderNotification.PriceType
    STOP_MARKET: RithmicOrderNotification.PriceType
    class BracketType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        STOP_ONLY: _ClassVar[RithmicOrderNotification.BracketType]
        TARGET_ONLY: _ClassVar[RithmicOrderNotification.BracketType]
        TARGET_AND_STOP: _ClassVar[RithmicOrderNotification.BracketType]
        STOP_ONLY_STATIC: _ClassVar[RithmicOrderNotification.BracketType]
        TARGET_ONLY_STATIC: _ClassVar[RithmicOrderNotification.BracketType]
        TARGET_AND_STOP_STATIC: _ClassVar[RithmicOrderNotification.BracketType]
    STOP_ONLY: RithmicOrderNotification.BracketType
    TARGET_ONLY: RithmicOrderNotification.BracketType
    TARGET_AND_STOP: RithmicOrderNotification.BracketType
    STOP_ONLY_STATIC: RithmicOrderNotification.BracketType
    TARGET_ONLY_STATIC: RithmicOrderNotification.BracketType
    TARGET_AND_STOP_STATIC: RithmicOrderNotification.BracketType
    class OrderPlacement(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        MANUAL: _ClassVar[RithmicOrderNotification.OrderPlacement]
        AUTO: _ClassVar[RithmicOrderNotification.OrderPlacement]
    MANUAL: RithmicOrderNotification.OrderPlacement
    AUTO: RithmicOrderNotification.OrderPlacement
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    INSTRUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    IS_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    BASKET_ID_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    PRICE_FIELD_NUMBER: _ClassVar[int]
    AVG_FILL_PRICE_FIELD_NUMBER: _ClassVar[int]
    LINKED_BASKET_IDS_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    TRANSACTION_TYPE_FIELD_NUMBER: _ClassVar[int]
    QUANTITY_FIELD_NUMBER: _ClassVar[int]
    DURATION_FIELD_NUMBER: _ClassVar[int]
    PRICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    TRADE_ROUTE_FIELD_NUMBER: _ClassVar[int]
    TRADE_EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    QUAN_RELEASE_PENDING_FIELD_NUMBER: _ClassVar[int]
    TEXT_FIELD_NUMBER: _ClassVar[int]
    REPORT_TEXT_FIELD_NUMBER: _ClassVar[int]
    USER_ID_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    TRIGGER_PRICE_FIELD_NUMBER: _ClassVar[int]
    ORIG_SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    COR_SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    COMPLETION_REASON_FIELD_NUMBER: _ClassVar[int]
    SSBOE_FIELD_NUMBER: _ClassVar[int]
    USECS_FIELD_NUMBER: _ClassVar[int]
    NOTIFY_TYPE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    TOTAL_FILL_SIZE_FIELD_NUMBER: _ClassVar[int]
    TOTAL_UNFILLED_SIZE_FIELD_NUMBER: _ClassVar[int]
    USER_TAG_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    CANCEL_AFTER_SECS_FIELD_NUMBER: _ClassVar[int]
    ORIGINAL_BASKET_ID_FIELD_NUMBER: _ClassVar[int]
    WINDOW_NAME_FIELD_NUMBER: _ClassVar[int]
    ORIGINATOR_WINDOW_NAME_FIELD_NUMBER: _ClassVar[int]
    MANUAL_OR_AUTO_FIELD_NUMBER: _ClassVar[int]
    ORIG_PRICE_TYPE_FIELD_NUMBER: _ClassVar[int]
    REMARKS_FIELD_NUMBER: _ClassVar[int]
    CANCEL_AT_SSBOE_FIELD_NUMBER: _ClassVar[int]
    CANCEL_AT_USECS_FIELD_NUMBER: _ClassVar[int]
    BRACKET_TYPE_FIELD_NUMBER: _ClassVar[int]
    symbol: str
    exchange: str
    instrument_type: str
    is_snapshot: bool
    basket_id: str
    status: str
    price: float
    avg_fill_price: float
    linked_basket_ids: str
    sequence_number: str
    transaction_type: RithmicOrderNotification.TransactionType
    quantity: int
    duration: RithmicOrderNotification.Duration
    price_type: RithmicOrderNotification.PriceType
    trade_route: str
    trade_exchange: str
    quan_release_pending: int
    text: str
    report_text: str
    user_id: str
    exchange_order_id: str
    trigger_price: float
    orig_sequence_number: str
    cor_sequence_number: str
    completion_reason: str
    ssboe: int
    usecs: int
    notify_type: RithmicOrderNotification.NotifyType
    account_id: str
    fcm_id: str
    ib_id: str
    total_fill_size: int
    total_unfilled_size: int
    user_tag: str
    country_code: str
    currency: str
    template_id: int
    cancel_after_secs: int
    original_basket_id: str
    window_name: str
    originator_window_name: str
    manual_or_auto: RithmicOrderNotification.OrderPlacement
    orig_price_type: RithmicOrderNotification.PriceType
    remarks: str
    cancel_at_ssboe: int
    cancel_at_usecs: int
    bracket_type: RithmicOrderNotification.BracketType
    def __init__(self, symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., instrument_type: _Optional[str] = ..., is_snapshot: _Optional[bool] = ..., basket_id: _Optional[str] = ..., status: _Optional[str] = ..., price: _Optional[float] = ..., avg_fill_price: _Optional[float] = ..., linked_basket_ids: _Optional[str] = ..., sequence_number: _Optional[str] = ..., transaction_type: _Optional[_Union[RithmicOrderNotification.TransactionType, str]] = ..., quantity: _Optional[int] = ..., duration: _Optional[_Union[RithmicOrderNotification.Duration, str]] = ..., price_type: _Optional[_Union[RithmicOrderNotification.PriceType, str]] = ..., trade_route: _Optional[str] = ..., trade_exchange: _Optional[str] = ..., quan_release_pending: _Optional[int] = ..., text: _Optional[str] = ..., report_text: _Optional[str] = ..., user_id: _Optional[str] = ..., exchange_order_id: _Optional[str] = ..., trigger_price: _Optional[float] = ..., orig_sequence_number: _Optional[str] = ..., cor_sequence_number: _Optional[str] = ..., completion_reason: _Optional[str] = ..., ssboe: _Optional[int] = ..., usecs: _Optional[int] = ..., notify_type: _Optional[_Union[RithmicOrderNotification.NotifyType, str]] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., total_fill_size: _Optional[int] = ..., total_unfilled_size: _Optional[int] = ..., user_tag: _Optional[str] = ..., country_code: _Optional[str] = ..., currency: _Optional[str] = ..., template_id: _Optional[int] = ..., cancel_after_secs: _Optional[int] = ..., original_basket_id: _Optional[str] = ..., window_name: _Optional[str] = ..., originator_window_name: _Optional[str] = ..., manual_or_auto: _Optional[_Union[RithmicOrderNotification.OrderPlacement, str]] = ..., orig_price_type: _Optional[_Union[RithmicOrderNotification.PriceType, str]] = ..., remarks: _Optional[str] = ..., cancel_at_ssboe: _Optional[int] = ..., cancel_at_usecs: _Optional[int] = ..., bracket_type: _Optional[_Union[RithmicOrderNotification.BracketType, str]] = ...) -> None: ...
