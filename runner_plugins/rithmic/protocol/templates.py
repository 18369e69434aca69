"""Template ids of R|Protocol messages and the generated classes that parse them."""

from __future__ import annotations

import importlib
from typing import Protocol, TypeVar

from google.protobuf.internal.containers import RepeatedScalarFieldContainer

# template id -> (module in proto/, message name); the ids are the protocol's own.
TEMPLATES: dict[int, tuple[str, str]] = {
    10: ("request_login_pb2", "RequestLogin"),
    11: ("response_login_pb2", "ResponseLogin"),
    12: ("request_logout_pb2", "RequestLogout"),
    13: ("response_logout_pb2", "ResponseLogout"),
    14: ("request_reference_data_pb2", "RequestReferenceData"),
    15: ("response_reference_data_pb2", "ResponseReferenceData"),
    16: ("request_rithmic_system_info_pb2", "RequestRithmicSystemInfo"),
    17: ("response_rithmic_system_info_pb2", "ResponseRithmicSystemInfo"),
    18: ("request_heartbeat_pb2", "RequestHeartbeat"),
    19: ("response_heartbeat_pb2", "ResponseHeartbeat"),
    75: ("reject_pb2", "Reject"),
    77: ("forced_logout_pb2", "ForcedLogout"),
    100: ("request_market_data_update_pb2", "RequestMarketDataUpdate"),
    101: ("response_market_data_update_pb2", "ResponseMarketDataUpdate"),
    109: ("request_search_symbols_pb2", "RequestSearchSymbols"),
    110: ("response_search_symbols_pb2", "ResponseSearchSymbols"),
    111: ("request_product_codes_pb2", "RequestProductCodes"),
    112: ("response_product_codes_pb2", "ResponseProductCodes"),
    113: ("request_front_month_contract_pb2", "RequestFrontMonthContract"),
    114: ("response_front_month_contract_pb2", "ResponseFrontMonthContract"),
    115: ("request_depth_by_order_snapshot_pb2", "RequestDepthByOrderSnapshot"),
    116: ("response_depth_by_order_snapshot_pb2", "ResponseDepthByOrderSnapshot"),
    117: ("request_depth_by_order_updates_pb2", "RequestDepthByOrderUpdates"),
    118: ("response_depth_by_order_updates_pb2", "ResponseDepthByOrderUpdates"),
    121: ("request_auxilliary_reference_data_pb2", "RequestAuxilliaryReferenceData"),
    122: ("response_auxilliary_reference_data_pb2", "ResponseAuxilliaryReferenceData"),
    150: ("last_trade_pb2", "LastTrade"),
    151: ("best_bid_offer_pb2", "BestBidOffer"),
    156: ("order_book_pb2", "OrderBook"),
    160: ("depth_by_order_pb2", "DepthByOrder"),
    161: ("depth_by_order_end_event_pb2", "DepthByOrderEndEvent"),
    200: ("request_time_bar_update_pb2", "RequestTimeBarUpdate"),
    201: ("response_time_bar_update_pb2", "ResponseTimeBarUpdate"),
    202: ("request_time_bar_replay_pb2", "RequestTimeBarReplay"),
    203: ("response_time_bar_replay_pb2", "ResponseTimeBarReplay"),
    204: ("request_tick_bar_update_pb2", "RequestTickBarUpdate"),
    205: ("response_tick_bar_update_pb2", "ResponseTickBarUpdate"),
    206: ("request_tick_bar_replay_pb2", "RequestTickBarReplay"),
    207: ("response_tick_bar_replay_pb2", "ResponseTickBarReplay"),
    250: ("time_bar_pb2", "TimeBar"),
    251: ("tick_bar_pb2", "TickBar"),
    300: ("request_login_info_pb2", "RequestLoginInfo"),
    301: ("response_login_info_pb2", "ResponseLoginInfo"),
    302: ("request_account_list_pb2", "RequestAccountList"),
    303: ("response_account_list_pb2", "ResponseAccountList"),
    304: ("request_account_rms_info_pb2", "RequestAccountRmsInfo"),
    305: ("response_account_rms_info_pb2", "ResponseAccountRmsInfo"),
    306: ("request_product_rms_info_pb2", "RequestProductRmsInfo"),
    307: ("response_product_rms_info_pb2", "ResponseProductRmsInfo"),
    308: ("request_subscribe_for_order_updates_pb2", "RequestSubscribeForOrderUpdates"),
    309: ("response_subscribe_for_order_updates_pb2", "ResponseSubscribeForOrderUpdates"),
    310: ("request_trade_routes_pb2", "RequestTradeRoutes"),
    311: ("response_trade_routes_pb2", "ResponseTradeRoutes"),
    312: ("request_new_order_pb2", "RequestNewOrder"),
    313: ("response_new_order_pb2", "ResponseNewOrder"),
    314: ("request_modify_order_pb2", "RequestModifyOrder"),
    315: ("response_modify_order_pb2", "ResponseModifyOrder"),
    316: ("request_cancel_order_pb2", "RequestCancelOrder"),
    317: ("response_cancel_order_pb2", "ResponseCancelOrder"),
    318: ("request_show_order_history_dates_pb2", "RequestShowOrderHistoryDates"),
    319: ("response_show_order_history_dates_pb2", "ResponseShowOrderHistoryDates"),
    320: ("request_show_orders_pb2", "RequestShowOrders"),
    321: ("response_show_orders_pb2", "ResponseShowOrders"),
    322: ("request_show_order_history_pb2", "RequestShowOrderHistory"),
    323: ("response_show_order_history_pb2", "ResponseShowOrderHistory"),
    324: ("request_show_order_history_summary_pb2", "RequestShowOrderHistorySummary"),
    325: ("response_show_order_history_summary_pb2", "ResponseShowOrderHistorySummary"),
    326: ("request_show_order_history_detail_pb2", "RequestShowOrderHistoryDetail"),
    327: ("response_show_order_history_detail_pb2", "ResponseShowOrderHistoryDetail"),
    328: ("request_oco_order_pb2", "RequestOCOOrder"),
    329: ("response_oco_order_pb2", "ResponseOCOOrder"),
    330: ("request_bracket_order_pb2", "RequestBracketOrder"),
    331: ("response_bracket_order_pb2", "ResponseBracketOrder"),
    332: ("request_update_target_bracket_level_pb2", "RequestUpdateTargetBracketLevel"),
    333: ("response_update_target_bracket_level_pb2", "ResponseUpdateTargetBracketLevel"),
    334: ("request_update_stop_bracket_level_pb2", "RequestUpdateStopBracketLevel"),
    335: ("response_update_stop_bracket_level_pb2", "ResponseUpdateStopBracketLevel"),
    336: ("request_subscribe_to_bracket_updates_pb2", "RequestSubscribeToBracketUpdates"),
    337: ("response_subscribe_to_bracket_updates_pb2", "ResponseSubscribeToBracketUpdates"),
    338: ("request_show_brackets_pb2", "RequestShowBrackets"),
    339: ("response_show_brackets_pb2", "ResponseShowBrackets"),
    340: ("request_show_bracket_stops_pb2", "RequestShowBracketStops"),
    341: ("response_show_bracket_stops_pb2", "ResponseShowBracketStops"),
    342: ("request_list_exchange_permissions_pb2", "RequestListExchangePermissions"),
    343: ("response_list_exchange_permissions_pb2", "ResponseListExchangePermissions"),
    346: ("request_cancel_all_orders_pb2", "RequestCancelAllOrders"),
    347: ("response_cancel_all_orders_pb2", "ResponseCancelAllOrders"),
    350: ("trade_route_pb2", "TradeRoute"),
    351: ("rithmic_order_notification_pb2", "RithmicOrderNotification"),
    352: ("exchange_order_notification_pb2", "ExchangeOrderNotification"),
    353: ("bracket_updates_pb2", "BracketUpdates"),
    356: ("account_rms_updates_pb2", "AccountRmsUpdates"),
    400: ("request_pnl_position_updates_pb2", "RequestPnLPositionUpdates"),
    401: ("response_pnl_position_updates_pb2", "ResponsePnLPositionUpdates"),
    402: ("request_pnl_position_snapshot_pb2", "RequestPnLPositionSnapshot"),
    403: ("response_pnl_position_snapshot_pb2", "ResponsePnLPositionSnapshot"),
    450: ("instrument_pnl_position_update_pb2", "InstrumentPnLPositionUpdate"),
    451: ("account_pnl_position_update_pb2", "AccountPnLPositionUpdate"),
    500: ("request_list_unaccepted_agreements_pb2", "RequestListUnacceptedAgreements"),
    501: ("response_list_unaccepted_agreements_pb2", "ResponseListUnacceptedAgreements"),
    502: ("request_list_accepted_agreements_pb2", "RequestListAcceptedAgreements"),
    503: ("response_list_accepted_agreements_pb2", "ResponseListAcceptedAgreements"),
    506: ("request_show_agreement_pb2", "RequestShowAgreement"),
    507: ("response_show_agreement_pb2", "ResponseShowAgreement"),
    3504: ("request_exit_position_pb2", "RequestExitPosition"),
    3505: ("response_exit_position_pb2", "ResponseExitPosition"),
    3506: ("request_replay_executions_pb2", "RequestReplayExecutions"),
    3507: ("response_replay_executions_pb2", "ResponseReplayExecutions"),
    3508: ("request_account_rms_updates_pb2", "RequestAccountRmsUpdates"),
    3509: ("response_account_rms_updates_pb2", "ResponseAccountRmsUpdates"),
    3512: ("request_show_fill_history_pb2", "RequestShowFillHistory"),
    3513: ("response_show_fill_history_pb2", "ResponseShowFillHistory"),
}


class Templated(Protocol):
    """Any R|Protocol message. Every message of ours declares ``template_id``, which
    protobuf's ``Message`` base cannot know; each generated class (``proto/*_pb2.pyi``)
    matches this structurally, and a reader narrows to its class with ``isinstance``."""

    template_id: int

    def HasField(self, field_name: str) -> bool: ...
    def ParseFromString(self, serialized: bytes) -> int: ...
    def SerializeToString(self, *, deterministic: bool = ...) -> bytes: ...


class Request(Templated, Protocol):
    """A message the client sends and matches to its answer by the tag in ``user_msg``."""

    user_msg: RepeatedScalarFieldContainer[str]


M = TypeVar("M", bound=Templated)


def _load() -> dict[int, type[Templated]]:
    classes: dict[int, type[Templated]] = {}
    for tid, (module, name) in TEMPLATES.items():
        mod = importlib.import_module(f"{__package__}.proto.{module}")
        classes[tid] = getattr(mod, name)
    return classes


CLASSES: dict[int, type[Templated]] = _load()
IDS: dict[type[Templated], int] = {cls: tid for tid, cls in CLASSES.items()}
BY_NAME: dict[str, type[Templated]] = {cls.__name__: cls for cls in CLASSES.values()}


def stamped(msg: M) -> M:
    """``msg`` with ``template_id`` set from its class, so no caller forgets it."""
    msg.template_id = IDS[type(msg)]
    return msg


def new(name: str, **fields: object) -> Templated:
    """A message by name with ``template_id`` already set; ``stamped(Class(...))`` is the
    typed form, whose fields mypy checks."""
    return stamped(BY_NAME[name](**fields))
