from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseReferenceData(_message.Message):
    __slots__ = ("symbol_name", "strike_price", "expiration_date", "put_call_indicator", "product_code", "underlying_symbol", "symbol", "exchange", "exchange_symbol", "instrument_type", "user_msg", "rp_code", "presence_bits", "tick_size_type", "currency", "ftoq_price", "qtof_price", "min_qprice_change", "min_fprice_change", "single_point_value", "price_display_format", "template_id", "clear_bits", "is_tradable", "is_underlying_for_binary_contrats", "trading_symbol", "trading_exchange")
    class PresenceBits(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        EXCHANGE_SYMBOL: _ClassVar[ResponseReferenceData.PresenceBits]
        SYMBOL_NAME: _ClassVar[ResponseReferenceData.PresenceBits]
        PRODUCT_CODE: _ClassVar[ResponseReferenceData.PresenceBits]
        INSTRUMENT_TYPE: _ClassVar[ResponseReferenceData.PresenceBits]
        UNDERLYING_SYMBOL: _ClassVar[ResponseReferenceData.PresenceBits]
        EXPIRATION_DATE: _ClassVar[ResponseReferenceData.PresenceBits]
        CURRENCY: _ClassVar[ResponseReferenceData.PresenceBits]
        PUT_CALL_INDICATOR: _ClassVar[ResponseReferenceData.PresenceBits]
        STRIKE_PRICE: _ClassVar[ResponseReferenceData.PresenceBits]
        FPRICE_TO_QPRICE: _ClassVar[ResponseReferenceData.PresenceBits]
        QPRICE_TO_FPRICE: _ClassVar[ResponseReferenceData.PresenceBits]
        MIN_QPRICE_CHANGE: _ClassVar[ResponseReferenceData.PresenceBits]
        MIN_FRPICE_CHANGE: _ClassVar[ResponseReferenceData.PresenceBits]
        SINGLE_POINT_VALUE: _ClassVar[ResponseReferenceData.PresenceBits]
        TICK_SIZE_TYPE: _ClassVar[ResponseReferenceData.PresenceBits]
        PRICE_DISPLAY_FORMAT: _ClassVar[ResponseReferenceData.PresenceBits]
        IS_TRADABLE: _ClassVar[ResponseReferenceData.PresenceBits]
        TRADING_SYMBOL: _ClassVar[ResponseReferenceData.PresenceBits]
        TRADING_EXCHANGE: _ClassVar[ResponseReferenceData.PresenceBits]
        IS_UNDERLYING_FOR_BINARY_CONTRACTS: _ClassVar[ResponseReferenceData.PresenceBits]
    EXCHANGE_SYMBOL: ResponseReferenceData.PresenceBits
    SYMBOL_NAME: ResponseReferenceData.PresenceBits
    PRODUCT_CODE: ResponseReferenceData.PresenceBits
    INSTRUMENT_TYPE: ResponseReferenceData.PresenceBits
    UNDERLYING_SYMBOL: ResponseReferenceData.PresenceBits
    EXPIRATION_DATE: ResponseReferenceData.PresenceBits
    CURRENCY: ResponseReferenceData.PresenceBits
    PUT_CALL_INDICATOR: ResponseReferenceData.PresenceBits
    STRIKE_PRICE: ResponseReferenceData.PresenceBits
    FPRICE_TO_QPRICE: ResponseReferenceData.PresenceBits
    QPRICE_TO_FPRICE: ResponseReferenceData.PresenceBits
    MIN_QPRICE_CHANGE: ResponseReferenceData.PresenceBits
    MIN_FRPICE_CHANGE: ResponseReferenceData.PresenceBits
    SINGLE_POINT_VALUE: ResponseReferenceData.PresenceBits
    TICK_SIZE_TYPE: ResponseReferenceData.PresenceBits
    PRICE_DISPLAY_FORMAT: ResponseReferenceData.PresenceBits
    IS_TRADABLE: ResponseReferenceData.PresenceBits
    TRADING_SYMBOL: ResponseReferenceData.PresenceBits
    TRADING_EXCHANGE: ResponseReferenceData.PresenceBits
    IS_UNDERLYING_FOR_BINARY_CONTRACTS: ResponseReferenceData.PresenceBits
    SYMBOL_NAME_FIELD_NUMBER: _ClassVar[int]
    STRIKE_PRICE_FIELD_NUMBER: _ClassVar[int]
    EXPIRATION_DATE_FIELD_NUMBER: _ClassVar[int]
    PUT_CALL_INDICATOR_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_CODE_FIELD_NUMBER: _ClassVar[int]
    UNDERLYING_SYMBOL_FIELD_NUMBER: _ClassVar[int]
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_SYMBOL_FIELD_NUMBER: _ClassVar[int]
    INSTRUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    PRESENCE_BITS_FIELD_NUMBER: _ClassVar[int]
    TICK_SIZE_TYPE_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    FTOQ_PRICE_FIELD_NUMBER: _ClassVar[int]
    QTOF_PRICE_FIELD_NUMBER: _ClassVar[int]
    MIN_QPRICE_CHANGE_FIELD_NUMBER: _ClassVar[int]
    MIN_FPRICE_CHANGE_FIELD_NUMBER: _ClassVar[int]
    SINGLE_POINT_VALUE_FIELD_NUMBER: _ClassVar[int]
    PRICE_DISPLAY_FORMAT_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    CLEAR_BITS_FIELD_NUMBER: _ClassVar[int]
    IS_TRADABLE_FIELD_NUMBER: _ClassVar[int]
    IS_UNDERLYING_FOR_BINARY_CONTRATS_FIELD_NUMBER: _ClassVar[int]
    TRADING_SYMBOL_FIELD_NUMBER: _ClassVar[int]
    TRADING_EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    symbol_name: str
    strike_price: float
    expiration_date: str
    put_call_indicator: str
    product_code: str
    underlying_symbol: str
    symbol: str
    exchange: str
    exchange_symbol: str
    instrument_type: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    presence_bits: int
    tick_size_type: str
    currency: str
    ftoq_price: float
    qtof_price: float
    min_qprice_change: float
    min_fprice_change: float
    single_point_value: float
    price_display_format: str
    template_id: int
    clear_bits: int
    is_tradable: str
    is_underlying_for_binary_contrats: str
    trading_symbol: str
    trading_exchange: str
    def __init__(self, symbol_name: _Optional[str] = ..., strike_price: _Optional[float] = ..., expiration_date: _Optional[str] = ..., put_call_indicator: _Optional[str] = ..., product_code: _Optional[str] = ..., underlying_symbol: _Optional[str] = ..., symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., exchange_symbol: _Optional[str] = ..., instrument_type: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., presence_bits: _Optional[int] = ..., tick_size_type: _Optional[str] = ..., currency: _Optional[str] = ..., ftoq_price: _Optional[float] = ..., qtof_price: _Optional[float] = ..., min_qprice_change: _Optional[float] = ..., min_fprice_change: _Optional[float] = ..., single_point_value: _Optional[float] = ..., price_display_format: _Optional[str] = ..., template_id: _Optional[int] = ..., clear_bits: _Optional[int] = ..., is_tradable: _Optional[str] = ..., is_underlying_for_binary_contrats: _Optional[str] = ..., trading_symbol: _Optional[str] = ..., trading_exchange: _Optional[str] = ...) -> None: ...
