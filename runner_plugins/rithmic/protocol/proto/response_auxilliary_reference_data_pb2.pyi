from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseAuxilliaryReferenceData(_message.Message):
    __slots__ = ("symbol", "exchange", "user_msg", "rp_code", "presence_bits", "settlement_method", "last_trading_date", "template_id", "clear_bits", "first_notice_date", "last_notice_date", "first_delivery_date", "last_delivery_date", "first_trading_date", "first_position_date", "last_position_date", "unit_of_measure", "unit_of_measure_qty")
    class PresenceBits(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNSPECIFIED: _ClassVar[ResponseAuxilliaryReferenceData.PresenceBits]
        SETTLEMENT_METHOD: _ClassVar[ResponseAuxilliaryReferenceData.PresenceBits]
        FIRST_NOTICE_DATE: _ClassVar[ResponseAuxilliaryReferenceData.PresenceBits]
        LAST_NOTICE_DATE: _ClassVar[ResponseAuxilliaryReferenceData.PresenceBits]
        FIRST_TRADING_DATE: _ClassVar[ResponseAuxilliaryReferenceData.PresenceBits]
        LAST_TRADING_DATE: _ClassVar[ResponseAuxilliaryReferenceData.PresenceBits]
        FIRST_DELIVERY_DATE: _ClassVar[ResponseAuxilliaryReferenceData.PresenceBits]
        LAST_DELIVERY_DATE: _ClassVar[ResponseAuxilliaryReferenceData.PresenceBits]
        FIRST_POSITION_DATE: _ClassVar[ResponseAuxilliaryReferenceData.PresenceBits]
        LAST_POSITION_DATE: _ClassVar[ResponseAuxilliaryReferenceData.PresenceBits]
        UNIT_OF_MEASURE: _ClassVar[ResponseAuxilliaryReferenceData.PresenceBits]
        UNIT_OF_MEASURE_QTY: _ClassVar[ResponseAuxilliaryReferenceData.PresenceBits]
    UNSPECIFIED: ResponseAuxilliaryReferenceData.PresenceBits
    SETTLEMENT_METHOD: ResponseAuxilliaryReferenceData.PresenceBits
    FIRST_NOTICE_DATE: ResponseAuxilliaryReferenceData.PresenceBits
    LAST_NOTICE_DATE: ResponseAuxilliaryReferenceData.PresenceBits
    FIRST_TRADING_DATE: ResponseAuxilliaryReferenceData.PresenceBits
    LAST_TRADING_DATE: ResponseAuxilliaryReferenceData.PresenceBits
    FIRST_DELIVERY_DATE: ResponseAuxilliaryReferenceData.PresenceBits
    LAST_DELIVERY_DATE: ResponseAuxilliaryReferenceData.PresenceBits
    FIRST_POSITION_DATE: ResponseAuxilliaryReferenceData.PresenceBits
    LAST_POSITION_DATE: ResponseAuxilliaryReferenceData.PresenceBits
    UNIT_OF_MEASURE: ResponseAuxilliaryReferenceData.PresenceBits
    UNIT_OF_MEASURE_QTY: ResponseAuxilliaryReferenceData.PresenceBits
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    PRESENCE_BITS_FIELD_NUMBER: _ClassVar[int]
    SETTLEMENT_METHOD_FIELD_NUMBER: _ClassVar[int]
    LAST_TRADING_DATE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    CLEAR_BITS_FIELD_NUMBER: _ClassVar[int]
    FIRST_NOTICE_DATE_FIELD_NUMBER: _ClassVar[int]
    LAST_NOTICE_DATE_FIELD_NUMBER: _ClassVar[int]
    FIRST_DELIVERY_DATE_FIELD_NUMBER: _ClassVar[int]
    LAST_DELIVERY_DATE_FIELD_NUMBER: _ClassVar[int]
    FIRST_TRADING_DATE_FIELD_NUMBER: _ClassVar[int]
    FIRST_POSITION_DATE_FIELD_NUMBER: _ClassVar[int]
    LAST_POSITION_DATE_FIELD_NUMBER: _ClassVar[int]
    UNIT_OF_MEASURE_FIELD_NUMBER: _ClassVar[int]
    UNIT_OF_MEASURE_QTY_FIELD_NUMBER: _ClassVar[int]
    symbol: str
    exchange: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    presence_bits: int
    settlement_method: str
    last_trading_date: str
    template_id: int
    clear_bits: int
    first_notice_date: str
    last_notice_date: str
    first_delivery_date: str
    last_delivery_date: str
    first_trading_date: str
    first_position_date: str
    last_position_date: str
    unit_of_measure: str
    unit_of_measure_qty: float
    def __init__(self, symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., presence_bits: _Optional[int] = ..., settlement_method: _Optional[str] = ..., last_trading_date: _Optional[str] = ..., template_id: _Optional[int] = ..., clear_bits: _Optional[int] = ..., first_notice_date: _Optional[str] = ..., last_notice_date: _Optional[str] = ..., first_delivery_date: _Optional[str] = ..., last_delivery_date: _Optional[str] = ..., first_trading_date: _Optional[str] = ..., first_position_date: _Optional[str] = ..., last_position_date: _Optional[str] = ..., unit_of_measure: _Optional[str] = ..., unit_of_measure_qty: _Optional[float] = ...) -> None: ...
