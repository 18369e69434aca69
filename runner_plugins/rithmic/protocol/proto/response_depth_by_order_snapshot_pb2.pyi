from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class ResponseDepthByOrderSnapshot(_message.Message):
    __slots__ = ("symbol", "exchange", "sequence_number", "user_msg", "rq_handler_rp_code", "rp_code", "exchange_order_id", "depth_side", "depth_order_priority", "depth_price", "depth_size", "template_id")
    class TransactionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        BUY: _ClassVar[ResponseDepthByOrderSnapshot.TransactionType]
        SELL: _ClassVar[ResponseDepthByOrderSnapshot.TransactionType]
    BUY: ResponseDepthByOrderSnapshot.TransactionType
    SELL: ResponseDepthByOrderSnapshot.TransactionType
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    RQ_HANDLER_RP_CODE_FIELD_NUMBER: _ClassVar[int]
    RP_CODE_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    DEPTH_SIDE_FIELD_NUMBER: _ClassVar[int]
    DEPTH_ORDER_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    DEPTH_PRICE_FIELD_NUMBER: _ClassVar[int]
    DEPTH_SIZE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    symbol: str
    exchange: str
    sequence_number: int
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    rq_handler_rp_code: _containers.RepeatedScalarFieldContainer[str]
    rp_code: _containers.RepeatedScalarFieldContainer[str]
    exchange_order_id: _containers.RepeatedScalarFieldContainer[str]
    depth_side: ResponseDepthByOrderSnapshot.TransactionType
    depth_order_priority: _containers.RepeatedScalarFieldContainer[int]
    depth_price: float
    depth_size: _containers.RepeatedScalarFieldContainer[int]
    template_id: int
    def __init__(self, symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., sequence_number: _Optional[int] = ..., user_msg: _Optional[_Iterable[str]] = ..., rq_handler_rp_code: _Optional[_Iterable[str]] = ..., rp_code: _Optional[_Iterable[str]] = ..., exchange_order_id: _Optional[_Iterable[str]] = ..., depth_side: _Optional[_Union[ResponseDepthByOrderSnapshot.TransactionType, str]] = ..., depth_order_priority: _Optional[_Iterable[int]] = ..., depth_price: _Optional[float] = ..., depth_size: _Optional[_Iterable[int]] = ..., template_id: _Optional[int] = ...) -> None: ...
