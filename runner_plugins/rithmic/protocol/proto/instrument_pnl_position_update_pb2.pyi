from google.protobuf import descriptor as _descriptor
from google.protobuf import message as _message
from typing import ClassVar as _ClassVar, Optional as _Optional

DESCRIPTOR: _descriptor.FileDescriptor

class InstrumentPnLPositionUpdate(_message.Message):
    __slots__ = ("product_code", "symbol", "exchange", "instrument_type", "is_snapshot", "ssboe", "usecs", "account_id", "fcm_id", "ib_id", "order_buy_qty", "order_sell_qty", "fill_buy_qty", "fill_sell_qty", "buy_qty", "sell_qty", "mtm_security", "avg_open_fill_price", "template_id", "open_position_pnl", "open_position_quantity", "closed_position_pnl", "closed_position_quantity", "net_quantity", "open_long_options_value", "open_short_options_value", "closed_options_value", "option_cash_reserved", "day_open_pnl", "day_closed_pnl", "day_pnl", "day_open_pnl_offset", "day_closed_pnl_offset")
    PRODUCT_CODE_FIELD_NUMBER: _ClassVar[int]
    SYMBOL_FIELD_NUMBER: _ClassVar[int]
    EXCHANGE_FIELD_NUMBER: _ClassVar[int]
    INSTRUMENT_TYPE_FIELD_NUMBER: _ClassVar[int]
    IS_SNAPSHOT_FIELD_NUMBER: _ClassVar[int]
    SSBOE_FIELD_NUMBER: _ClassVar[int]
    USECS_FIELD_NUMBER: _ClassVar[int]
    ACCOUNT_ID_FIELD_NUMBER: _ClassVar[int]
    FCM_ID_FIELD_NUMBER: _ClassVar[int]
    IB_ID_FIELD_NUMBER: _ClassVar[int]
    ORDER_BUY_QTY_FIELD_NUMBER: _ClassVar[int]
    ORDER_SELL_QTY_FIELD_NUMBER: _ClassVar[int]
    FILL_BUY_QTY_FIELD_NUMBER: _ClassVar[int]
    FILL_SELL_QTY_FIELD_NUMBER: _ClassVar[int]
    BUY_QTY_FIELD_NUMBER: _ClassVar[int]
    SELL_QTY_FIELD_NUMBER: _ClassVar[int]
    MTM_SECURITY_FIELD_NUMBER: _ClassVar[int]
    AVG_OPEN_FILL_PRICE_FIELD_NUMBER: _ClassVar[int]
    TEMPLATE_ID_FIELD_NUMBER: _ClassVar[int]
    OPEN_POSITION_PNL_FIELD_NUMBER: _ClassVar[int]
    OPEN_POSITION_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    CLOSED_POSITION_PNL_FIELD_NUMBER: _ClassVar[int]
    CLOSED_POSITION_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    NET_QUANTITY_FIELD_NUMBER: _ClassVar[int]
    OPEN_LONG_OPTIONS_VALUE_FIELD_NUMBER: _ClassVar[int]
    OPEN_SHORT_OPTIONS_VALUE_FIELD_NUMBER: _ClassVar[int]
    CLOSED_OPTIONS_VALUE_FIELD_NUMBER: _ClassVar[int]
    OPTION_CASH_RESERVED_FIELD_NUMBER: _ClassVar[int]
    DAY_OPEN_PNL_FIELD_NUMBER: _ClassVar[int]
    DAY_CLOSED_PNL_FIELD_NUMBER: _ClassVar[int]
    DAY_PNL_FIELD_NUMBER: _ClassVar[int]
    DAY_OPEN_PNL_OFFSET_FIELD_NUMBER: _ClassVar[int]
    DAY_CLOSED_PNL_OFFSET_FIELD_NUMBER: _ClassVar[int]
    product_code: str
    symbol: str
    exchange: str
    instrument_type: str
    is_snapshot: bool
    ssboe: int
    usecs: int
    account_id: str
    fcm_id: str
    ib_id: str
    order_buy_qty: int
    order_sell_qty: int
    fill_buy_qty: int
    fill_sell_qty: int
    buy_qty: int
    sell_qty: int
    mtm_security: str
    avg_open_fill_price: float
    template_id: int
    open_position_pnl: str
    open_position_quantity: int
    closed_position_pnl: str
    closed_position_quantity: int
    net_quantity: int
    open_long_options_value: str
    open_short_options_value: str
    closed_options_value: str
    option_cash_reserved: str
    day_open_pnl: float
    day_closed_pnl: float
    day_pnl: float
    day_open_pnl_offset: float
    day_closed_pnl_offset: float
    def __init__(self, product_code: _Optional[str] = ..., symbol: _Optional[str] = ..., exchange: _Optional[str] = ..., instrument_type: _Optional[str] = ..., is_snapshot: _Optional[bool] = ..., ssboe: _Optional[int] = ..., usecs: _Optional[int] = ..., account_id: _Optional[str] = ..., fcm_id: _Optional[str] = ..., ib_id: _Optional[str] = ..., order_buy_qty: _Optional[int] = ..., order_sell_qty: _Optional[int] = ..., fill_buy_qty: _Optional[int] = ..., fill_sell_qty: _Optional[int] = ..., buy_qty: _Optional[int] = ..., sell_qty: _Optional[int] = ..., mtm_security: _Optional[str] = ..., avg_open_fill_price: _Optional[float] = ..., template_id: _Optional[int] = ..., open_position_pnl: _Optional[str] = ..., open_position_quantity: _Optional[int] = ..., closed_position_pnl: _Optional[str] = ..., closed_position_quantity: _Optional[int] = ..., net_quantity: _Optional[int] = ..., open_long_options_value: _Optional[str] = ..., open_short_options_value: _Optional[str] = ..., closed_options_value: _Optional[str] = ..., option_cash_reserved: _Optional[str] = ..., day_open_pnl: _Optional[float] = ..., day_closed_pnl: _Optional[float] = ..., day_pnl: _Optional[float] = ..., day_open_pnl_offset: _Optional[float] = ..., day_closed_pnl_offset: _Optional[float] = ...) -> None: ...
