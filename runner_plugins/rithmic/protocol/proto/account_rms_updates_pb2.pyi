from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class AccountRmsUpdates(_message.Message):
    __slots__ = ("auto_liq_threshold_current_value", "auto_liq_peak_account_balance", "auto_liq_peak_account_balance_ssboe", "account_id", "fcm_id", "ib_id", "update_bits", "template_id")
    class UpdateBits(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        AUTO_LIQ_THRESHOLD_CURRENT_VALUE: _ClassVar[AccountRmsUpdates.UpdateBits]
    AUTO_LIQ_THRESHOLD_CURRENT_VALUE: AccountRmsUpdates.UpdateBits
    AUTO_LIQ_THRESHOLD_CURRENT_VALUE_FIELD_NUMBER: _ClassVar[int]
    AUTO_LIQ_PEAK_ACCOUNT_BALANCE_FIELD_NUMBER: _ClassVar[int]
    AUTO_LIQ_PEAK_ACCOUNT_BALANCE_SSBOE_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    UPDATE_BITS_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    auto_liq_threshold_current_value: str
    auto_liq_peak_account_balance: str
    auto_liq_peak_account_balance_ssboe: str
    account_id: str
    fcm_id: str
    ib_id: str
    update_bits: int
    template_id: int
    def __init__(self, auto_liq_threshold_current_value: _Optional[str] = ..., auto_liq_peak_account_balance: _Optional[str] = ..., auto_liq_peak_account_balance_ssboe: _Optional[str] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., update_bits: _Optional[int] = ..., template_id: _Optional[int] = ...) -> None: ...
