from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class RequestAccountRmsUpdates(_message.Message):
    __slots__ = ("request", "user_msg", "account_id", "fcm_id", "ib_id", "update_bits", "template_id")
    class UpdateBits(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        AUTO_LIQ_THRESHOLD_CURRENT_VALUE: _ClassVar[RequestAccountRmsUpdates.UpdateBits]
    AUTO_LIQ_THRESHOLD_CURRENT_VALUE: RequestAccountRmsUpdates.UpdateBits
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATE_BITS_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    request: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    account_id: str
    fcm_id: str
    ib_id: str
    update_bits: int
    template_id: int
    def __init__(self, request: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., update_bits: _Optional[int] = ..., template_id: _Optional[int] = ...) -> None: ...
