from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseShowBracketStops(_message.Message):
    __slots__ = ("basket_id", "user_msg", "rq_handler_rp_code", "rp_code", "stop_ticks", "stop_quantity", "stop_quantity_released", "template_id", "bracket_trailing_field_id", "trailing_stop_trigger_ticks")
    BASKET_ID_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RQ_HANDLER_RP_CODE_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    STOP_TICKS_FIELD_NUMBER: _ClassVar[int]
    STOP_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    STOP_QUANTITY_RELEASED_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    BRACKET_TRAILING_FIELD_ID_FIELD_NUMBER: _ClassVar[int]
    TRAILING_STOP_TRIGGER_TICKS_FIELD_NUMBER: _ClassVar[int]
    basket_id: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rq_handler_rp_code: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    stop_ticks: str
    stop_quantity: str
    stop_quantity_released: str
    template_id: int
    bracket_trailing_field_id: str
    trailing_stop_trigger_ticks: str
    def __init__(self, basket_id: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., rq_handler_rp_code: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., stop_ticks: _Optional[str] = ..., stop_quantity: _Optional[str] = ..., stop_quantity_released: _Optional[str] = ..., template_id: _Optional[int] = ..., bracket_trailing_field_id: _Optional[str] = ..., trailing_stop_trigger_ticks: _Optional[str] = ...) -> None: ...
