from google.protobuf.internal import containers as _containers
from google.protobuf.internal import enum_type_wrapper as _enum_type_wrapper
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional, Union as _Union

DESCRIPTOR: _descriptor.FileDescriptor

class DepthByOrder(_message.Message):
    __slots__ = ("symbol", "exchange", "update_type", "sequence_number", "exchange_order_id", "ssboe", "usecs", "source_ssboe", "source_usecs", "source_nsecs", "jop_ssboe", "jop_nsecs", "transaction_type", "depth_order_priority", "depth_price", "depth_size", "template_id", "prev_depth_price", "prev_depth_price_flag")
    class TransactionType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        BUY: _ClassVar[DepthByOrder.TransactionType]
        SELL: _ClassVar[DepthByOrder.TransactionType]
    BUY: DepthByOrder.TransactionType
    SELL: DepthByOrder.TransactionType
    class UpdateType(int, metaclass=_enum_type_wrapper.EnumTypeWrapper):
        __slots__ = ()
        NEW: _ClassVar[DepthByOrder.UpdateType]
        CHANGE: _ClassVar[DepthByOrder.UpdateType]
        DELETE: _ClassVar[DepthByOrder.UpdateType]
    NEW: DepthByOrder.UpdateType
    CHANGE: DepthByOrder.UpdateType
    DELETE: DepthByOrder.UpdateType
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    UPDATE_TYPE_FIELD_NUMBER: _ClassVar[int]
    SEQUENCE_NUMBER_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_ORDER_ID_FIELD_NUMBER: _ClassVar[int]
    SSBOE_FIELD_NUMBER: _ClassVar[int]
    USECS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_SSBOE_FIELD_NUMBER: _ClassVar[int]
    SOURCE_USECS_FIELD_NUMBER: _ClassVar[int]
    SOURCE_NSECS_FIELD_NUMBER: _ClassVar[int]
    JOP_SSBOE_FIELD_NUMBER: _ClassVar[int]
    JOP_NSECS_FIELD_NUMBER: _ClassVar[int]
    TRANSACTION_TYPE_FIELD_NUMBER: _ClassVar[int]
    DEPTH_ORDER_PRIORITY_FIELD_NUMBER: _ClassVar[int]
    DEPTH_PRICE_FIELD_NUMBER: _ClassVar[int]
    DEPTH_SIZE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    PREV_DEPTH_PRICE_FIELD_NUMBER: _ClassVar[int]
    PREV_DEPTH_PRICE_FLAG_FIELD_NUMBER: _ClassVar[int]
    symbol: str
    exchange: str
    update_type: _containers.RepeatedScalarFieldContainer[DepthByOrder.UpdateType]
    sequence_number: int
    exchange_order_id: _containers.RepeatedScalarFieldContainer[str]
    ssboe: int
    usecs: int
    source_ssboe: int
    source_usecs: int
    source_nsecs: int
    jop_ssboe: int
    jop_nsecs: int
    transaction_type: _containers.RepeatedScalarFieldContainer[DepthByOrder.TransactionType]
    depth_order_priority: _containers.RepeatedScalarFieldContainer[int]
    depth_price: _containers.RepeatedScalarFieldContainer[float]
    depth_size: _containers.RepeatedScalarFieldContainer[int]
    template_id: int
    prev_depth_price: _containers.RepeatedScalarFieldContainer[float]
    prev_depth_price_flag: _containers.RepeatedScalarFieldContainer[bool]
    def __init__(self, symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., update_type: _Optional[_Iterable[_Union[DepthByOrder.UpdateType, str]]] = ..., sequence_number: _Optional[int] = ..., exchange_order_id: _Optional[_Iterable[str]] = ..., ssboe: _Optional[int] = ..., usecs: _Optional[int] = ..., source_ssboe: _Optional[int] = ..., source_usecs: _Optional[int] = ..., source_nsecs: _Optional[int] = ..., jop_ssboe: _Optional[int] = ..., jop_nsecs: _Optional[int] = ..., transaction_type: _Optional[_Iterable[_Union[DepthByOrder.TransactionType, str]]] = ..., depth_order_priority: _Optional[_Iterable[int]] = ..., depth_price: _Optional[_Iterable[float]] = ..., depth_size: _Optional[_Iterable[int]] = ..., template_id: _Optional[int] = ..., prev_depth_price: _Optional[_Iterable[float]] = ..., prev_depth_price_flag: _Optional[_Iterable[bool]] = ...) -> None: ...
