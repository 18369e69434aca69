from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseAccountRmsInfo(_message.Message):
    __slots__ = ("max_order_quantity", "auto_liquidate", "auto_liquidate_criteria", "auto_liquidate_threshold", "disable_on_auto_liquidate", "auto_liquidate_max_min_account_balance", "user_msg", "rq_handler_rp_code", "rp_code", "algorithm", "default_commission", "presence_bits", "status", "account_id", "buy_limit", "fcm_id", "ib_id", "loss_limit", "sell_limit", "currency", "template_id", "min_account_balance", "check_min_account_balance", "min_margin_balance")
    class PresenceBits(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        BUY_LIMIT: _ClassVar[ResponseAccountRmsInfo.PresenceBits]
        SELL_LIMIT: _ClassVar[ResponseAccountRmsInfo.PresenceBits]
        LOSS_LIMIT: _ClassVar[ResponseAccountRmsInfo.PresenceBits]
        MAX_ORDER_QUANTITY: _ClassVar[ResponseAccountRmsInfo.PresenceBits]
        MIN_ACCOUNT_BALANCE: _ClassVar[ResponseAccountRmsInfo.PresenceBits]
        MIN_MARGIN_BALANCE: _ClassVar[ResponseAccountRmsInfo.PresenceBits]
        ALGORITHM: _ClassVar[ResponseAccountRmsInfo.PresenceBits]
        STATUS: _ClassVar[ResponseAccountRmsInfo.PresenceBits]
        CURRENCY: _ClassVar[ResponseAccountRmsInfo.PresenceBits]
        DEFAULT_COMMISSION: _ClassVar[ResponseAccountRmsInfo.PresenceBits]
    BUY_LIMIT: ResponseAccountRmsInfo.PresenceBits
    SELL_LIMIT: ResponseAccountRmsInfo.PresenceBits
    LOSS_LIMIT: ResponseAccountRmsInfo.PresenceBits
    MAX_ORDER_QUANTITY: ResponseAccountRmsInfo.PresenceBits
    MIN_ACCOUNT_BALANCE: ResponseAccountRmsInfo.PresenceBits
    MIN_MARGIN_BALANCE: ResponseAccountRmsInfo.PresenceBits
    ALGORITHM: ResponseAccountRmsInfo.PresenceBits
    STATUS: ResponseAccountRmsInfo.PresenceBits
    CURRENCY: ResponseAccountRmsInfo.PresenceBits
    DEFAULT_COMMISSION: ResponseAccountRmsInfo.PresenceBits
    class AutoLiquidateFlag(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        ENABLED: _ClassVar[ResponseAccountRmsInfo.AutoLiquidateFlag]
        DISABLED: _ClassVar[ResponseAccountRmsInfo.AutoLiquidateFlag]
    ENABLED: ResponseAccountRmsInfo.AutoLiquidateFlag
    DISABLED: ResponseAccountRmsInfo.AutoLiquidateFlag
    MAX_ORDER_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    AUTO_LIQUIDATE_FIELD_NUMBER: _ClassVar[int]
    AUTO_LIQUIDATE_CRITERIA_FIELD_NUMBER: _ClassVar[int]
    AUTO_LIQUIDATE_THRESHOLD_FIELD_NUMBER: _ClassVar[int]
    DISABLE_ON_AUTO_LIQUIDATE_FIELD_NUMBER: _ClassVar[int]
    AUTO_LIQUIDATE_MAX_MIN_ACCOUNT_BALANCE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RQ_HANDLER_RP_CODE_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    ALGORITHM_FIELD_NUMBER: _ClassVar[int]
    DEFAULT_COMMISSION_FIELD_NUMBER: _ClassVar[int]
    PRESENCE_BITS_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    BUY_LIMIT_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    LOSS_LIMIT_FIELD_NUMBER: _ClassVar[int]
    SELL_LIMIT_FIELD_NUMBER: _ClassVar[int]
    CURRENCY_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    MIN_ACCOUNT_BALANCE_FIELD_NUMBER: _ClassVar[int]
    CHECK_MIN_ACCOUNT_BALANCE_FIELD_NUMBER: _ClassVar[int]
    MIN_MARGIN_BALANCE_FIELD_NUMBER: _ClassVar[int]
    max_order_quantity: int
    auto_liquidate: ResponseAccountRmsInfo.AutoLiquidateFlag
    auto_liquidate_criteria: str
    auto_liquidate_threshold: float
    disable_on_auto_liquidate: ResponseAccountRmsInfo.AutoLiquidateFlag
    auto_liquidate_max_min_account_balance: float
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rq_handler_rp_code: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    algorithm: str
    default_commission: float
    presence_bits: int
    status: str
    account_id: str
    buy_limit: int
    fcm_id: str
    ib_id: str
    loss_limit: float
    sell_limit: int
    currency: str
    template_id: int
    min_account_balance: float
    check_min_account_balance: bool
    min_margin_balance: float
    def __init__(self, max_order_quantity: _Optional[int] = ..., auto_liquidate: _Optional[_Union[ResponseAccountRmsInfo.AutoLiquidateFlag, str]] = ..., auto_liquidate_criteria: _Optional[str] = ..., auto_liquidate_threshold: _Optional[float] = ..., disable_on_auto_liquidate: _Optional[_Union[ResponseAccountRmsInfo.AutoLiquidateFlag, str]] = ..., auto_liquidate_max_min_account_balance: _Optional[float] = ..., user_msg: _Optional[_Iterable[str]] = ..., rq_handler_rp_code: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., algorithm: _Optional[str] = ..., default_commission: _Optional[float] = ..., presence_bits: _Optional[int] = ..., status: _Optional[str] = ..., account_id: _Optional[str] = ..., buy_limit: _Optional[int] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., loss_limit: _Optional[float] = ..., sell_limit: _Optional[int] = ..., currency: _Optional[str] = ..., template_id: _Optional[int] = ..., min_account_balance: _Optional[float] = ..., check_min_account_balance: _Optional[bool] = ..., min_margin_balance: _Optional[float] = ...) -> None: ...
