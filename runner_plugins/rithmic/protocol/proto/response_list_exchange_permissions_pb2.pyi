from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseListExchangePermissions(_message.Message):
    __slots__ = ("exchange", "user_msg", "rq_handler_rp_code", "rp_code", "entitlement_flag", "level_1_market_data", "level_2_market_data", "template_id")
    class EntitlementFlag(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        UNSPECIFIED: _ClassVar[ResponseListExchangePermissions.EntitlementFlag]
        ENABLED: _ClassVar[ResponseListExchangePermissions.EntitlementFlag]
        DISABLED: _ClassVar[ResponseListExchangePermissions.EntitlementFlag]
    UNSPECIFIED: ResponseListExchangePermissions.EntitlementFlag
    ENABLED: ResponseListExchangePermissions.EntitlementFlag
    DISABLED: ResponseListExchangePermissions.EntitlementFlag
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RQ_HANDLER_RP_CODE_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    ENTITLEMENT_FLAG_FIELD_NUMBER: _ClassVar[int]
    LEVEL_1_MARKET_DATA_FIELD_NUMBER: _ClassVar[int]
    LEVEL_2_MARKET_DATA_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    exchange: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rq_handler_rp_code: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    entitlement_flag: ResponseListExchangePermissions.EntitlementFlag
    level_1_market_data: str
    level_2_market_data: str
    template_id: int
    def __init__(self, exchange: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., rq_handler_rp_code: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., entitlement_flag: _Optional[_Union[ResponseListExchangePermissions.EntitlementFlag, str]] = ..., level_1_market_data: _Optional[str] = ..., level_2_market_data: _Optional[str] = ..., template_id: _Optional[int] = ...) -> None: ...
