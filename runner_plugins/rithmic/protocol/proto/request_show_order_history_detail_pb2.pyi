from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class RequestShowOrderHistoryDetail(_message.Message):
    __slots__ = ("basket_id", "date", "user_msg", "account_id", "fcm_id", "ib_id", "template_id")
    BASKET_ID_FIELD_NUMBER: _ClassVar[int]
    DATE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    basket_id: str
    date: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    account_id: str
    fcm_id: str
    ib_id: str
    template_id: int
    def __init__(self, basket_id: _Optional[str] = ..., date: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., template_id: _Optional[int] = ...) -> None: ...
