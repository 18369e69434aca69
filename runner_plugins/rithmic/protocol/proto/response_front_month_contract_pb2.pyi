from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseFrontMonthContract(_message.Message):
    __slots__ = ("symbol_name", "symbol", "exchange", "user_msg", "rp_code", "is_front_month_symbol", "template_id", "trading_symbol", "trading_exchange")
    SYMBOL_NAME_FIELD_NUMBER: _ClassVar[int]
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    IS_FRONT_MONTH_SYMBOL_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    TRADING_SYMBOL_FIELD_NUMBER: _ClassVar[int]
    TRADING_EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    symbol_name: str
    symbol: str
    exchange: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    is_front_month_symbol: bool
    template_id: int
    trading_symbol: str
    trading_exchange: str
    def __init__(self, symbol_name: _Optional[str] = ..., symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., is_front_month_symbol: _Optional[bool] = ..., template_id: _Optional[int] = ..., trading_symbol: _Optional[str] = ..., trading_exchange: _Optional[str] = ...) -> None: ...
