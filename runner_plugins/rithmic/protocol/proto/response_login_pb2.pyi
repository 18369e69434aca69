from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseLogin(_message.Message):
    __slots__ = ("user_msg", "rp_code", "unique_user_id", "heartbeat_interval", "template_version", "fcm_id", "ib_id", "template_id", "country_code", "state_code")
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    UNIQUE_USER_ID_FIELD_NUMBER: _ClassVar[int]
    HEARTBEAT_INTERVAL_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_VERSION_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    STATE_CODE_FIELD_NUMBER: _ClassVar[int]
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    unique_user_id: str
    heartbeat_interval: float
    template_version: str
    fcm_id: str
    ib_id: str
    template_id: int
    country_code: str
    state_code: str
    def __init__(self, user_msg: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., unique_user_id: _Optional[str] = ..., heartbeat_interval: _Optional[float] = ..., template_version: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., template_id: _Optional[int] = ..., country_code: _Optional[str] = ..., state_code: _Optional[str] = ...) -> None: ...
