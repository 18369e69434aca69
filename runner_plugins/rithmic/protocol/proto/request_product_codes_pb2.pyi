from google.protobuf.internal import containers as _containers
from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from collections.abc import Iterable as _Iterable
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class RequestProductCodes(_message.Message):
    __slots__ = ("exchange", "user_msg", "give_toi_products_only", "template_id")
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    USER_MSG_FIELD_NUMBER: _ClassVar[int]
    GIVE_TOI_PRODUCTS_ONLY_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    exchange: str
    user_msg: _containers.RepeatedScalarFieldContainer[str]
    give_toi_products_only: bool
    template_id: int
    def __init__(self, exchange: _Optional[str] = ..., user_msg: _Optional[_Iterable[str]] = ..., give_toi_products_only: _Optional[bool] = ..., template_id: _Optional[int] = ...) -> None: ...
