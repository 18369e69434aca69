from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestPnLPositionUpdates(_message.Message):
    __slots__ = ("request", "user_msg", "account_id", "fcm_id", "ib_id", "template_id", "rms_updates_only")
    class Request(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNSPECIFIED: _ClassVar[RequestPnLPositionUpdates.Request]
        SUBSCRIBE: _ClassVar[RequestPnLPositionUpdates.Request]
        UNSUBSCRIBE: _ClassVar[RequestPnLPositionUpdates.Request]
    UNSPECIFIED: RequestPnLPositionUpdates.Request
    SUBSCRIBE: RequestPnLPositionUpdates.Request
    UNSUBSCRIBE: RequestPnLPositionUpdates.Request
    REQUEST_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    RMS_UPDATES_ONLY_FIELD_NUMBER: _ClassVar[int]
    request: RequestPnLPositionUpdates.Request
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    account_id: str
    fcm_id: str
    ib_id: str
    template_id: int
    rms_updates_only: bool
    def __init__(self, request: _Optional[_Union[RequestPnLPositionUpdates.Request, str]] = ..., user_msg: _Optional[_Iterable[str]] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., template_id: _Optional[int] = ..., rms_updates_only: _Optional[bool] = ...) -> None: ...
