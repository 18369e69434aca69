from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseLoginInfo(_message.Message):
    __slots__ = ("user", "user_msg", "rp_code", "tp_max_session_count", "op_max_session_count", "address_street_1", "address_street_2", "address_city", "address_state", "address_country", "phone_residence", "phone_work", "phone_mobile", "address_zip", "email_address", "fcm_id", "ib_id", "user_type", "first_name", "last_name", "template_id", "country_code", "state_code", "order_copy_status")
    class UserType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        USER_TYPE_ADMIN: _ClassVar[ResponseLoginInfo.UserType]
        USER_TYPE_FCM: _ClassVar[ResponseLoginInfo.UserType]
        USER_TYPE_IB: _ClassVar[ResponseLoginInfo.UserType]
        USER_TYPE_TRADER: _ClassVar[ResponseLoginInfo.UserType]
    USER_TYPE_ADMIN: ResponseLoginInfo.UserType
    USER_TYPE_FCM: ResponseLoginInfo.UserType
    USER_TYPE_IB: ResponseLoginInfo.UserType
    USER_TYPE_TRADER: ResponseLoginInfo.UserType
    USER_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    TP_MAX_SESSION_COUNT_FIELD_NUMBER: _ClassVar[int]
    OP_MAX_SESSION_COUNT_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_STREET_1_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_STREET_2_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_CITY_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_STATE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_COUNTRY_FIELD_NUMBER: _ClassVar[int]
    PHONE_RESIDENCE_FIELD_NUMBER: _ClassVar[int]
    PHONE_WORK_FIELD_NUMBER: _ClassVar[int]
    PHONE_MOBILE_FIELD_NUMBER: _ClassVar[int]
    ADDRESS_ZIP_FIELD_NUMBER: _ClassVar[int]
    EMAIL_ADDRESS_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    USER_TYPE_FIELD_NUMBER: _ClassVar[int]
    FIRST_NAME_FIELD_NUMBER: _ClassVar[int]
    LAST_NAME_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    COUNTRY_CODE_FIELD_NUMBER: _ClassVar[int]
    STATE_CODE_FIELD_NUMBER: _ClassVar[int]
    ORDER_COPY_STATUS_FIELD_NUMBER: _ClassVar[int]
    user: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    tp_max_session_count: int
    op_max_session_count: int
    address_street_1: str
    address_street_2: str
    address_city: str
    address_state: str
    address_country: str
    phone_residence: str
    phone_work: str
    phone_mobile: str
    address_zip: str
    email_address: str
    fcm_id: str
    ib_id: str
    user_type: ResponseLoginInfo.UserType
    first_name: str
    last_name: str
    template_id: int
    country_code: str
    state_code: str
    order_copy_status: str
    def __init__(self, user: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., tp_max_session_count: _Optional[int] = ..., op_max_session_count: _Optional[int] = ..., address_street_1: _Optional[str] = ..., address_street_2: _Optional[str] = ..., address_city: _Optional[str] = ..., address_state: _Optional[str] = ..., address_country: _Optional[str] = ..., phone_residence: _Optional[str] = ..., phone_work: _Optional[str] = ..., phone_mobile: _Optional[str] = ..., address_zip: _Optional[str] = ..., email_address: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., user_type: _Optional[_Union[ResponseLoginInfo.UserType, str]] = ..., first_name: _Optional[str] = ..., last_name: _Optional[str] = ..., template_id: _Optional[int] = ..., country_code: _Optional[str] = ..., state_code: _Optional[str] = ..., order_copy_status: _Optional[str] = ...) -> None: ...
