from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseListAcceptedAgreements(_message.Message):
    __slots__ = ("user_msg", "rq_handler_rp_code", "rp_code", "agreement_title", "agreement_id", "agreement_acceptance_status", "agreement_acceptance_ssboe", "agreement_acceptance_request", "fcm_id", "ib_id", "template_id")
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RQ_HANDLER_RP_CODE_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_TITLE_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_ACCEPTANCE_STATUS_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_ACCEPTANCE_SSBOE_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_ACCEPTANCE_REQUEST_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rq_handler_rp_code: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    agreement_title: str
    agreement_id: str
    agreement_acceptance_status: str
    agreement_acceptance_ssboe: int
    agreement_acceptance_request: str
    fcm_id: str
    ib_id: str
    template_id: int
    def __init__(self, user_msg: _Optional[_Iterable[str]] = ..., rq_handler_rp_code: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., agreement_title: _Optional[str] = ..., agreement_id: _Optional[str] = ..., agreement_acceptance_status: _Optional[str] = ..., agreement_acceptance_ssboe: _Optional[int] = ..., agreement_acceptance_request: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., template_id: _Optional[int] = ...) -> None: ...
