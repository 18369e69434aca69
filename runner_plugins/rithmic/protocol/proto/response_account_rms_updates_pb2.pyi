from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseAccountRmsUpdates(_message.Message):
    __slots__ = ("user_msg", "rp_code", "template_id")
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    template_id: int
    def __init__(self, user_msg: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., template_id: _Optional[int] = ...) -> None: ...
