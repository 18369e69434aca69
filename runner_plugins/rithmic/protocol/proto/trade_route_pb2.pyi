from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class TradeRoute(_message.Message):
    __slots__ = ("exchange", "trade_route", "status", "fcm_id", "ib_id", "template_id", "is_default")
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    TRADE_ROUTE_FIELD_NUMBER: _ClassVar[int]
    STATUS_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    IS_DEFAULT_FIELD_NUMBER: _ClassVar[int]
    exchange: str
    trade_route: str
    status: str
    fcm_id: str
    ib_id: str
    template_id: int
    is_default: bool
    def __init__(self, exchange: _Optional[str] = ..., trade_route: _Optional[str] = ..., status: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., template_id: _Optional[int] = ..., is_default: _Optional[bool] = ...) -> None: ...
