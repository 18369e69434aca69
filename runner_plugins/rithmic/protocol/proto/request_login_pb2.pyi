from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class RequestLogin(_message.Message):
    __slots__ = ("app_name", "password", "user", "app_version", "user_msg", "os_platform", "os_version", "mac_addr", "infra_type", "system_name", "template_version", "aggregated_quotes", "template_id")
    class SysInfraType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        TICKER_PLANT: _ClassVar[RequestLogin.SysInfraType]
        ORDER_PLANT: _ClassVar[RequestLogin.SysInfraType]
        HISTORY_PLANT: _ClassVar[RequestLogin.SysInfraType]
        PNL_PLANT: _ClassVar[RequestLogin.SysInfraType]
        REPOSITORY_PLANT: _ClassVar[RequestLogin.SysInfraType]
    TICKER_PLANT: RequestLogin.SysInfraType
    ORDER_PLANT: RequestLogin.SysInfraType
    HISTORY_PLANT: RequestLogin.SysInfraType
    PNL_PLANT: RequestLogin.SysInfraType
    REPOSITORY_PLANT: RequestLogin.SysInfraType
    APP_NAME_FIELD_NUMBER: _ClassVar[int]
    PASSWORD_FIELD_NUMBER: _ClassVar[int]
    USER_FIELD_NUMBER: _ClassVar[int]
    APP_VERSION_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    OS_PLATFORM_FIELD_NUMBER: _ClassVar[int]
    OS_VERSION_FIELD_NUMBER: _ClassVar[int]
    MAC_ADDR_FIELD_NUMBER: _ClassVar[int]
    INFRA_TYPE_FIELD_NUMBER: _ClassVar[int]
    SYSTEM_NAME_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_VERSION_FIELD_NUMBER: _ClassVar[int]
    AGGREGATED_QUOTES_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    app_name: str
    password: str
    user: str
    app_version: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    os_platform: str
    os_version: str
    mac_addr: _containers.RepeatedScalarFieldContainer[str]
    infra_type: RequestLogin.SysInfraType
    system_name: str
    template_version: str
    aggregated_quotes: bool
    template_id: int
    def __init__(self, app_name: _Optional[str] = ..., password: _Optional[str] = ..., user: _Optional[str] = ..., app_version: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., os_platform: _Optional[str] = ..., os_version: _Optional[str] = ..., mac_addr: _Optional[_Iterable[str]] = ..., infra_type: _Optional[_Union[RequestLogin.SysInfraType, str]] = ..., system_name: _Optional[str] = ..., template_version: _Optional[str] = ..., aggregated_quotes: _Optional[bool] = ..., template_id: _Optional[int] = ...) -> None: ...
