from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestCancelAllOrders(_message.Message):
    __slots__ = ("user_msg", "account_id", "fcm_id", "ib_id", "user_type", "template_id", "manual_or_auto")
    class OrderPlacement(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        MANUAL: _ClassVar[RequestCancelAllOrders.OrderPlacement]
        AUTO: _ClassVar[RequestCancelAllOrders.OrderPlacement]
    MANUAL: RequestCancelAllOrders.OrderPlacement
    AUTO: RequestCancelAllOrders.OrderPlacement
    class UserType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        USER_TYPE_ADMIN: _ClassVar[RequestCancelAllOrders.UserType]
        USER_TYPE_FCM: _ClassVar[RequestCancelAllOrders.UserType]
        USER_TYPE_IB: _ClassVar[RequestCancelAllOrders.UserType]
        USER_TYPE_TRADER: _ClassVar[RequestCancelAllOrders.UserType]
    USER_TYPE_ADMIN: RequestCancelAllOrders.UserType
    USER_TYPE_FCM: RequestCancelAllOrders.UserType
    USER_TYPE_IB: RequestCancelAllOrders.UserType
    USER_TYPE_TRADER: RequestCancelAllOrders.UserType
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    USER_TYPE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    MANUAL_OR_AUTO_FIELD_NUMBER: _ClassVar[int]
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    account_id: str
    fcm_id: str
    ib_id: str
    user_type: RequestCancelAllOrders.UserType
    template_id: int
    manual_or_auto: RequestCancelAllOrders.OrderPlacement
    def __init__(self, user_msg: _Optional[_Iterable[str]] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., user_type: _Optional[_Union[RequestCancelAllOrders.UserType, str]] = ..., template_id: _Optional[int] = ..., manual_or_auto: _Optional[_Union[RequestCancelAllOrders.OrderPlacement, str]] = ...) -> None: ...
