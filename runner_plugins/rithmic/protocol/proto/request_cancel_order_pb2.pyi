from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestCancelOrder(_message.Message):
    __slots__ = ("basket_id", "user_msg", "account_id", "fcm_id", "ib_id", "template_id", "window_name", "manual_or_auto")
    class OrderPlacement(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        MANUAL: _ClassVar[RequestCancelOrder.OrderPlacement]
        AUTO: _ClassVar[RequestCancelOrder.OrderPlacement]
    MANUAL: RequestCancelOrder.OrderPlacement
    AUTO: RequestCancelOrder.OrderPlacement
    BASKET_ID_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    WINDOW_NAME_FIELD_NUMBER: _ClassVar[int]
    MANUAL_OR_AUTO_FIELD_NUMBER: _ClassVar[int]
    basket_id: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    account_id: str
    fcm_id: str
    ib_id: str
    template_id: int
    window_name: str
    manual_or_auto: RequestCancelOrder.OrderPlacement
    def __init__(self, basket_id: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., template_id: _Optional[int] = ..., window_name: _Optional[str] = ..., manual_or_auto: _Optional[_Union[RequestCancelOrder.OrderPlacement, str]] = ...) -> None: ...
