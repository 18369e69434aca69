from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestSearchSymbols(_message.Message):
    __slots__ = ("product_code", "exchange", "instrument_type", "search_text", "user_msg", "template_id", "pattern")
    class Pattern(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        EQUALS: _ClassVar[RequestSearchSymbols.Pattern]
        CONTAINS: _ClassVar[RequestSearchSymbols.Pattern]
    EQUALS: RequestSearchSymbols.Pattern
    CONTAINS: RequestSearchSymbols.Pattern
    class InstrumentType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        FUTURE: _ClassVar[RequestSearchSymbols.InstrumentType]
        FUTURE_OPTION: _ClassVar[RequestSearchSymbols.InstrumentType]
        FUTURE_STRATEGY: _ClassVar[RequestSearchSymbols.InstrumentType]
        EQUITY: _ClassVar[RequestSearchSymbols.InstrumentType]
        EQUITY_OPTION: _ClassVar[RequestSearchSymbols.InstrumentType]
        EQUITY_STRATEGY: _ClassVar[RequestSearchSymbols.InstrumentType]
        INDEX: _ClassVar[RequestSearchSymbols.InstrumentType]
        INDEX_OPTION: _ClassVar[RequestSearchSymbols.InstrumentType]
        SPREAD: _ClassVar[RequestSearchSymbols.InstrumentType]
        SYNTHETIC: _ClassVar[RequestSearchSymbols.InstrumentType]
    FUTURE: RequestSearchSymbols.InstrumentType
    FUTURE_OPTION: RequestSearchSymbols.InstrumentType
    FUTURE_STRATEGY: RequestSearchSymbols.InstrumentType
    EQUITY: RequestSearchSymbols.InstrumentType
    EQUITY_OPTION: RequestSearchSymbols.InstrumentType
    EQUITY_STRATEGY: RequestSearchSymbols.InstrumentType
    INDEX: RequestSearchSymbols.InstrumentType
    INDEX_OPTION: RequestSearchSymbols.InstrumentType
    SPREAD: RequestSearchSymbols.InstrumentType
    SYNTHETIC: RequestSearchSymbols.InstrumentType
    PRODUCT_CODE_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    INSTRUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    SEARCH_TEXT_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    PATTERN_FIELD_NUMBER: _ClassVar[int]
    product_code: str
    exchange: str
    instrument_type: RequestSearchSymbols.InstrumentType
    search_text: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    template_id: int
    pattern: RequestSearchSymbols.Pattern
    def __init__(self, product_code: _Optional[str] = ..., exchange: _Optional[str] = ..., instrument_type: _Optional[_Union[RequestSearchSymbols.InstrumentType, str]] = ..., search_text: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., template_id: _Optional[int] = ..., pattern: _Optional[_Union[RequestSearchSymbols.Pattern, str]] = ...) -> None: ...
