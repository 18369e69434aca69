from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseProductRmsInfo(_message.Message):
    __slots__ = ("product_code", "max_order_quantity", "user_msg", "rq_handler_rp_code", "rp_code", "presence_bits", "account_id", "buy_limit", "fcm_id", "ib_id", "loss_limit", "sell_limit", "template_id", "commission_fill_rate", "buy_margin_rate", "sell_margin_rate")
    class PresenceBits(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        BUY_LIMIT: _ClassVar[ResponseProductRmsInfo.PresenceBits]
        SELL_LIMIT: _ClassVar[ResponseProductRmsInfo.PresenceBits]
        LOSS_LIMIT: _ClassVar[ResponseProductRmsInfo.PresenceBits]
        MAX_ORDER_QUANTITY: _ClassVar[ResponseProductRmsInfo.PresenceBits]
        BUY_MARGIN_RATE: _ClassVar[ResponseProductRmsInfo.PresenceBits]
        SELL_MARGIN_RATE: _ClassVar[ResponseProductRmsInfo.PresenceBits]
        COMMISSION_FILL_RATE: _ClassVar[ResponseProductRmsInfo.PresenceBits]
    BUY_LIMIT: ResponseProductRmsInfo.PresenceBits
    SELL_LIMIT: ResponseProductRmsInfo.PresenceBits
    LOSS_LIMIT: ResponseProductRmsInfo.PresenceBits
    MAX_ORDER_QUANTITY: ResponseProductRmsInfo.PresenceBits
    BUY_MARGIN_RATE: ResponseProductRmsInfo.PresenceBits
    SELL_MARGIN_RATE: ResponseProductRmsInfo.PresenceBits
    COMMISSION_FILL_RATE: ResponseProductRmsInfo.PresenceBits
    PRODUCT_CODE_FIELD_NUMBER: _ClassVar[int]
    MAX_ORDER_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RQ_HANDLER_RP_CODE_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    PRESENCE_BITS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    BUY_LIMIT_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    LOSS_LIMIT_FIELD_NUMBER: _ClassVar[int]
    SELL_LIMIT_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    COMMISSION_FILL_RATE_FIELD_NUMBER: _ClassVar[int]
    BUY_MARGIN_RATE_FIELD_NUMBER: _ClassVar[int]
    SELL_MARGIN_RATE_FIELD_NUMBER: _ClassVar[int]
    product_code: str
    max_order_quantity: int
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rq_handler_rp_code: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    presence_bits: int
    account_id: str
    buy_limit: int
    fcm_id: str
    ib_id: str
    loss_limit: float
    sell_limit: int
    template_id: int
    commission_fill_rate: float
    buy_margin_rate: float
    sell_margin_rate: float
    def __init__(self, product_code: _Optional[str] = ..., max_order_quantity: _Optional[int] = ..., user_msg: _Optional[_Iterable[str]] = ..., rq_handler_rp_code: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., presence_bits: _Optional[int] = ..., account_id: _Optional[str] = ..., buy_limit: _Optional[int] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., loss_limit: _Optional[float] = ..., sell_limit: _Optional[int] = ..., template_id: _Optional[int] = ..., commission_fill_rate: _Optional[float] = ..., buy_margin_rate: _Optional[float] = ..., sell_margin_rate: _Optional[float] = ...) -> None: ...
