from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseProductCodes(_message.Message):
    __slots__ = ("symbol_name", "product_code", "exchange", "user_msg", "rq_handler_rp_code", "rp_code", "template_id", "begin_time_of_interest_msm", "end_time_of_interest_msm", "timezone_time_of_interest")
    SYMBOL_NAME_FIELD_NUMBER: _ClassVar[int]
    PRODUCT_CODE_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RQ_HANDLER_RP_CODE_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    BEGIN_TIME_OF_INTEREST_MSM_FIELD_NUMBER: _ClassVar[int]
    END_TIME_OF_INTEREST_MSM_FIELD_NUMBER: _ClassVar[int]
    TIMEZONE_TIME_OF_INTEREST_FIELD_NUMBER: _ClassVar[int]
    symbol_name: str
    product_code: str
    exchange: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rq_handler_rp_code: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    template_id: int
    begin_time_of_interest_msm: int
    end_time_of_interest_msm: int
    timezone_time_of_interest: str
    def __init__(self, symbol_name: _Optional[str] = ..., product_code: _Optional[str] = ..., exchange: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., rq_handler_rp_code: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., template_id: _Optional[int] = ..., begin_time_of_interest_msm: _Optional[int] = ..., end_time_of_interest_msm: _Optional[int] = ..., timezone_time_of_interest: _Optional[str] = ...) -> None: ...
