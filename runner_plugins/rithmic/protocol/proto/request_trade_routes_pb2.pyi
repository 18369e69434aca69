from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class RequestTradeRoutes(_message.Message):
    __slots__ = ("user_msg", "subscribe_for_updates", "template_id")
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    SUBSCRIBE_FOR_UPDATES_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    subscribe_for_updates: bool
    template_id: int
    def __init__(self, user_msg: _Optional[_Iterable[str]] = ..., subscribe_for_updates: _Optional[bool] = ..., template_id: _Optional[int] = ...) -> None: ...
