from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseTickBarReplay(_message.Message):
    __slots__ = ("high_price", "low_price", "open_price", "close_price", "symbol", "exchange", "type", "data_bar_ssboe", "data_bar_usecs", "num_trades", "volume", "sub_type", "custom_session_open_ssm", "bid_volume", "ask_volume", "data_bar_seq_num", "request_key", "user_msg", "rq_handler_rp_code", "rp_code", "type_specifier", "template_id")
    class BarType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        TICK_BAR: _ClassVar[ResponseTickBarReplay.BarType]
        RANGE_BAR: _ClassVar[ResponseTickBarReplay.BarType]
        VOLUME_BAR: _ClassVar[ResponseTickBarReplay.BarType]
    TICK_BAR: ResponseTickBarReplay.BarType
    RANGE_BAR: ResponseTickBarReplay.BarType
    VOLUME_BAR: ResponseTickBarReplay.BarType
    class BarSubType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        REGULAR: _ClassVar[ResponseTickBarReplay.BarSubType]
        CUSTOM: _ClassVar[ResponseTickBarReplay.BarSubType]
    REGULAR: ResponseTickBarReplay.BarSubType
    CUSTOM: ResponseTickBarReplay.BarSubType
    HIGH_PRICE_FIELD_NUMBER: _ClassVar[int]
    LOW_PRICE_FIELD_NUMBER: _ClassVar[int]
    OPEN_PRICE_FIELD_NUMBER: _ClassVar[int]
    CLOSE_PRICE_FIELD_NUMBER: _ClassVar[int]
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    TYPE_FIELD_NUMBER: _ClassVar[int]
    DATA_BAR_SSBOE_FIELD_NUMBER: _ClassVar[int]
    DATA_BAR_USECS_FIELD_NUMBER: _ClassVar[int]
    NUM_TRADES_FIELD_NUMBER: _ClassVar[int]
    VOLUME_FIELD_NUMBER: _ClassVar[int]
    SUB_TYPE_FIELD_NUMBER: _ClassVar[int]
    CUSTOM_SESSION_OPEN_SSM_FIELD_NUMBER: _ClassVar[int]
    BID_VOLUME_FIELD_NUMBER: _ClassVar[int]
    ASK_VOLUME_FIELD_NUMBER: _ClassVar[int]
    DATA_BAR_SEQ_NUM_FIELD_NUMBER: _ClassVar[int]
    REQUEST_KEY_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RQ_HANDLER_RP_CODE_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    TYPE_SPECIFIER_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    high_price: float
    low_price: float
    open_price: float
    close_price: float
    symbol: str
    exchange: str
    type: ResponseTickBarReplay.BarType
    data_bar_ssboe: _containers.RepeatedScalarFieldContainer[int]
    data_bar_usecs: _containers.RepeatedScalarFieldContainer[int]
    num_trades: int
    volume: int
    sub_type: ResponseTickBarReplay.BarSubType
    custom_session_open_ssm: int
    bid_volume: int
    ask_volume: int
    data_bar_seq_num: _containers.RepeatedScalarFieldContainer[str]
    request_key: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rq_handler_rp_code: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    type_specifier: str
    template_id: int
    def __init__(self, high_price: _Optional[float] = ..., low_price: _Optional[float] = ..., open_price: _Optional[float] = ..., close_price: _Optional[float] = ..., symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., type: _Optional[_Union[ResponseTickBarReplay.BarType, str]] = ..., data_bar_ssboe: _Optional[_Iterable[int]] = ..., data_bar_usecs: _Optional[_Iterable[int]] = ..., num_trades: _Optional[int] = ..., volume: _Optional[int] = ..., sub_type: _Optional[_Union[ResponseTickBarReplay.BarSubType, str]] = ..., custom_session_open_ssm: _Optional[int] = ..., bid_volume: _Optional[int] = ..., ask_volume: _Optional[int] = ..., data_bar_seq_num: _Optional[_Iterable[str]] = ..., request_key: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., rq_handler_rp_code: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., type_specifier: _Optional[str] = ..., template_id: _Optional[int] = ...) -> None: ...
