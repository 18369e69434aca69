from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseOCOOrder(_message.Message):
    __slots__ = ("basket_id", "user_msg", "rq_handler_rp_code", "rp_code", "ssboe", "usecs", "user_tag", "template_id")
    BASKET_ID_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RQ_HANDLER_RP_CODE_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    SSBOE_FIELD_NUMBER: _ClassVar[int]
    USECS_FIELD_NUMBER: _ClassVar[int]
    USER_TAG_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    basket_id: _containers.RepeatedScalarFieldContainer[str]
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rq_handler_rp_code: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    ssboe: _containers.RepeatedScalarFieldContainer[int]
    usecs: _containers.RepeatedScalarFieldContainer[int]
    user_tag: _containers.RepeatedScalarFieldContainer[str]
    template_id: int
    def __init__(self, basket_id: _Optional[_Iterable[str]] = ..., user_msg: _Optional[_Iterable[str]] = ..., rq_handler_rp_code: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., ssboe: _Optional[_Iterable[int]] = ..., usecs: _Optional[_Iterable[int]] = ..., user_tag: _Optional[_Iterable[str]] = ..., template_id: _Optional[int] = ...) -> None: ...
