from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class RequestShowFillHistory(_message.Message):
    __slots__ = ("index_format", "user_msg", "start_index", "finish_index", "account_id", "fcm_id", "ib_id", "max_record_count", "template_id")
    INDEX_FORMAT_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    START_INDEX_FIELD_NUMBER: _ClassVar[int]
    FINISH_INDEX_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    MAX_RECORD_COUNT_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    index_format: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    start_index: int
    finish_index: int
    account_id: str
    fcm_id: str
    ib_id: str
    max_record_count: int
    template_id: int
    def __init__(self, index_format: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., start_index: _Optional[int] = ..., finish_index: _Optional[int] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., max_record_count: _Optional[int] = ..., template_id: _Optional[int] = ...) -> None: ...
