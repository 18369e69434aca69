from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class BracketUpdates(_message.Message):
    __slots__ = ("basket_id", "account_id", "fcm_id", "ib_id", "target_ticks", "target_quantity", "stop_ticks", "stop_quantity", "target_quantity_released", "stop_quantity_released", "template_id")
    BASKET_ID_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    TARGET_TICKS_FIELD_NUMBER: _ClassVar[int]
    TARGET_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    STOP_TICKS_FIELD_NUMBER: _ClassVar[int]
    STOP_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    TARGET_QUANTITY_RELEASED_FIELD_NUMBER: _ClassVar[int]
    STOP_QUANTITY_RELEASED_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    basket_id: str
    account_id: str
    fcm_id: str
    ib_id: str
    target_ticks: int
    target_quantity: int
    stop_ticks: int
    stop_quantity: int
    target_quantity_released: int
    stop_quantity_released: int
    template_id: int
    def __init__(self, basket_id: _Optional[str] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., target_ticks: _Optional[int] = ..., target_quantity: _Optional[int] = ..., stop_ticks: _Optional[int] = ..., stop_quantity: _Optional[int] = ..., target_quantity_released: _Optional[int] = ..., stop_quantity_released: _Optional[int] = ..., template_id: _Optional[int] = ...) -> None: ...
