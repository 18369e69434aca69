from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseShowAgreement(_message.Message):
    __slots__ = ("user_msg", "rq_handler_rp_code", "rp_code", "agreement", "agreement_title", "agreement_id", "agreement_mandatory_flag", "agreement_status", "agreement_acceptance_request", "agreement_html", "template_id")
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RQ_HANDLER_RP_CODE_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_TITLE_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_ID_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_MANDATORY_FLAG_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_STATUS_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_ACCEPTANCE_REQUEST_FIELD_NUMBER: _ClassVar[int]
    AGREEMENT_HTML_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rq_handler_rp_code: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    agreement: bytes
    agreement_title: str
    agreement_id: str
    agreement_mandatory_flag: str
    agreement_status: str
    agreement_acceptance_request: str
    agreement_html: bytes
    template_id: int
    def __init__(self, user_msg: _Optional[_Iterable[str]] = ..., rq_handler_rp_code: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., agreement: _Optional[bytes] = ..., agreement_title: _Optional[str] = ..., agreement_id: _Optional[str] = ..., agreement_mandatory_flag: _Optional[str] = ..., agreement_status: _Optional[str] = ..., agreement_acceptance_request: _Optional[str] = ..., agreement_html: _Optional[bytes] = ..., template_id: _Optional[int] = ...) -> None: ...
