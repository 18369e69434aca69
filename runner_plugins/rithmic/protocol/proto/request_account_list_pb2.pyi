from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestAccountList(_message.Message):
    __slots__ = ("user_msg", "fcm_id", "ib_id", "user_type", "template_id")
    class UserType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        USER_TYPE_FCM: _ClassVar[RequestAccountList.UserType]
        USER_TYPE_IB: _ClassVar[RequestAccountList.UserType]
        USER_TYPE_TRADER: _ClassVar[RequestAccountList.UserType]
    USER_TYPE_FCM: RequestAccountList.UserType
    USER_TYPE_IB: RequestAccountList.UserType
    USER_TYPE_TRADER: RequestAccountList.UserType
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    USER_TYPE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    fcm_id: str
    ib_id: str
    user_type: RequestAccountList.UserType
    template_id: int
    def __init__(self, user_msg: _Optional[_Iterable[str]] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., user_type: _Optional[_Union[RequestAccountList.UserType, str]] = ..., template_id: _Optional[int] = ...) -> None: ...
