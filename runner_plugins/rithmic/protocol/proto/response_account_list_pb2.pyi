from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseAccountList(_message.Message):
    __slots__ = ("account_auto_liquidate", "auto_liq_threshold_current_value", "user_msg", "rq_handler_rp_code", "rp_code", "account_creation_ssboe", "account_creation_usecs", "account_name", "account_id", "fcm_id", "ib_id", "loss_limit", "account_currency", "template_id")
    ACCOUNT_AUTO_LIQUIDATE_FIELD_NUMBER: _ClassVar[int]
    AUTO_LIQ_THRESHOLD_CURRENT_VALUE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RQ_HANDLER_RP_CODE_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_CREATION_SSBOE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_CREATION_USECS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_NAME_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    LOSS_LIMIT_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_CURRENCY_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    account_auto_liquidate: str
    auto_liq_threshold_current_value: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rq_handler_rp_code: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    account_creation_ssboe: int
    account_creation_usecs: int
    account_name: str
    account_id: str
    fcm_id: str
    ib_id: str
    loss_limit: str
    account_currency: str
    template_id: int
    def __init__(self, account_auto_liquidate: _Optional[str] = ..., auto_liq_threshold_current_value: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., rq_handler_rp_code: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., account_creation_ssboe: _Optional[int] = ..., account_creation_usecs: _Optional[int] = ..., account_name: _Optional[str] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., loss_limit: _Optional[str] = ..., account_currency: _Optional[str] = ..., template_id: _Optional[int] = ...) -> None: ...
