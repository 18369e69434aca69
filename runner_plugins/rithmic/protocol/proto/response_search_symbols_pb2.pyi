from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseSearchSymbols(_message.Message):
    __slots__ = ("symbol_name", "expiration_date", "product_code", "symbol", "exchange", "instrument_type", "user_msg", "rq_handler_rp_code", "rp_code", "template_id")
    SYMBOL_NAME_FIELD_NUMBER: _ClassVar[int]
    EXPIRATION_DATE_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_CODE_FIELD_NUMBER: _ClassVar[int]
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    INSTRUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RQ_HANDLER_RP_CODE_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    symbol_name: str
    expiration_date: str
    product_code: str
    symbol: str
    exchange: str
    instrument_type: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rq_handler_rp_code: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    template_id: int
    def __init__(self, symbol_name: _Optional[str] = ..., expiration_date: _Optional[str] = ..., product_code: _Optional[str] = ..., symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., instrument_type: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., rq_handler_rp_code: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., template_id: _Optional[int] = ...) -> None: ...
