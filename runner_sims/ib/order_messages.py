"""Order messages of the TWS API in the layout of each server version, and placeOrder parsing.

openOrder, completedOrder and execDetails change shape between versions (faProfile goes at
177, fields are appended at 159, 160, 162, 170 and 178), and a client unpacks them by
position, some to an exact count: one field too many or too few and the message is
dropped, so the order or fill never reaches the client. Each builder takes the session's
negotiated version first and writes exactly that version's fields.
"""

from __future__ import annotations

from runner_sims.ib import versions as V
from runner_sims.ib.messages import (
    COMMISSION_REPORT,
    COMPLETED_ORDER,
    EXECUTION_DATA,
    OPEN_ORDER,
    ORDER_STATUS,
    contract11,
)
from runner_sims.ib.records import Execution, PlacedOrder, ServerOrder
from runner_sims.ib.wire import UNSET_DOUBLE_TEXT, Field, as_float, as_int, ib_time


def order_status(o: ServerOrder) -> list[Field]:
    """orderStatus has had one layout (no version field) since server version 131."""
    return [
        ORDER_STATUS,
        o.order_id,
        o.status,
        o.filled,
        o.remaining,
        o.avg_price,
        o.perm_id,
        o.placed.parent_id,
        o.last_fill_price,
        o.client_id,
        o.why_held,
        "",
    ]


def _fa_profile(v: int) -> list[Field]:
    return [""] if v < V.FA_PROFILE_DESUPPORT else []


def _tail_170(v: int) -> list[Field]:
    """minTradeQty, minCompeteSize, competeAgainstBestOffset, midOffsetAtWhole/AtHalf."""
    return ["", "", "", "", ""] if v >= V.PEG_BEST_PEG_MID_OFFSETS else []


def open_order(v: int, o: ServerOrder) -> list[Field]:
    """openOrder in its plain form: no combo legs, delta-neutral, scale, hedge, algo or
    conditions (127 fields at 177 and 178, 128 at 170..176)."""
    p = o.placed
    head: list[Field] = [
        OPEN_ORDER,
        o.order_id,
        *contract11(o.listing),
        p.action,
        p.qty,
        p.order_type,
        p.lmt_price,
        p.aux_price,
        p.tif,
        p.oca_group,
        p.account,
        "",  # openClose
        0,  # origin: customer
        p.order_ref,
        o.client_id,
        o.perm_id,
        0,  # outsideRth
        0,  # hidden
        "",  # discretionaryAmt
        "",  # goodAfterTime
        "",  # sharesAllocation (deprecated, still sent)
        "",  # faGroup
        "",  # faMethod
        "",  # faPercentage
    ]
    body: list[Field] = [""] * 19  # modelCode .. minQty
    body += [p.oca_type]
    body += ["", "", "", p.parent_id]  # eTradeOnly, firmQuoteOnly, nbboPriceCap, parentId
    body += [""] * 5  # triggerMethod, volatility, volatilityType, dnOrderType, dnAuxPrice
    body += [""] * 7  # continuousUpdate .. comboLegsDescrip
    body += [0, 0, 0]  # combo legs, order combo legs, smart combo routing params
    body += ["", "", ""]  # scaleInitLevelSize, scaleSubsLevelSize, scalePriceIncrement
    body += [""]  # hedgeType
    body += ["", "", "", ""]  # optOutSmartRouting, clearingAccount, clearingIntent, notHeld
    body += [0]  # no delta-neutral contract
    body += [""]  # algoStrategy
    body += [0, 0, o.status]  # solicited, whatIf, orderState.status
    body += [""] * 9  # margin before / change / after
    body += ["", "", "", "", ""]  # commission, min, max, currency, warningText
    body += [0, 0]  # randomizeSize, randomizePrice
    body += [0]  # no conditions
    body += [""] * 16  # adjustedOrderType .. usePriceMgmtAlgo
    if v >= V.ORDER_DURATION:
        body.append("")
    if v >= V.ORDER_POST_TO_ATS:
        body.append("")
    if v >= V.ORDER_AUTO_CANCEL_PARENT:
        body.append(0)
    return head + _fa_profile(v) + body + _tail_170(v)


def completed_order(v: int, o: ServerOrder, done_ts: int) -> list[Field]:
    """completedOrder in its plain form: an order that is filled, cancelled or rejected."""
    p = o.placed
    head: list[Field] = [
        COMPLETED_ORDER,
        *contract11(o.listing),
        p.action,
        p.qty,
        p.order_type,
        p.lmt_price,
        p.aux_price,
        p.tif,
        p.oca_group,
        p.account,
        "",  # openClose
        0,  # origin
        p.order_ref,
        o.perm_id,
        0,  # outsideRth
        0,  # hidden
        "",  # discretionaryAmt
        "",  # goodAfterTime
        "",  # faGroup
        "",  # faMethod
        "",  # faPercentage
    ]
    body: list[Field] = [""] * 17  # modelCode .. minQty
    body += [p.oca_type]
    body += [""] * 5  # triggerMethod, volatility, volatilityType, dnOrderType, dnAuxPrice
    body += [""] * 5  # continuousUpdate, referencePriceType, trailStop, trailingPct, legsDescrip
    body += [0, 0, 0]  # combo legs, order combo legs, smart combo routing params
    body += ["", "", ""]  # scale fields
    body += [""]  # hedgeType
    body += ["", "", ""]  # clearingAccount, clearingIntent, notHeld
    body += [0]  # no delta-neutral contract
    body += [""]  # algoStrategy
    body += [0, o.status, 0, 0]  # solicited, status, randomizeSize, randomizePrice
    body += [0]  # no conditions
    body += ["", "", "", "", ""]  # trailStopPrice, lmtPriceOffset, cashQty, dontUse.., isOms
    body += ["", o.filled, "", 0, "", 0, 0]  # autoCancelDate .. routeMarketableToBbo
    body += [""]  # parentPermId
    body += [ib_time(done_ts), o.status]  # completedTime, completedStatus
    return head + _fa_profile(v) + body + _tail_170(v)


def execution(v: int, req_id: int, ex: Execution, account: str) -> list[Field]:
    o = ex.order
    product = o.listing.product
    fields: list[Field] = [
        EXECUTION_DATA,
        req_id,
        o.order_id,
        *contract11(o.listing),
        ex.exec_id,
        ib_time(ex.ts),
        account,
        product.exchange if o.listing.is_future else product.primary_exchange,
        "BOT" if o.placed.action == "BUY" else "SLD",
        ex.shares,
        ex.price,
        o.perm_id,
        o.client_id,
        0,  # liquidation
        ex.cum_qty,
        ex.avg_price,
        o.placed.order_ref,
        "",  # evRule
        "",  # evMultiplier
        "",  # modelCode
        1,  # lastLiquidity: added
    ]
    if v >= V.PENDING_PRICE_REVISION:
        fields.append(0)
    return fields


def commission_report(ex: Execution, currency: str) -> list[Field]:
    pnl = UNSET_DOUBLE_TEXT if ex.realized_pnl is None else ex.realized_pnl
    return [COMMISSION_REPORT, 1, ex.exec_id, ex.commission, currency, pnl, UNSET_DOUBLE_TEXT, ""]


def parse_place_order(v: int, f: list[str]) -> PlacedOrder:
    """The fields of a plain (non-combo) placeOrder that a futures server acts on."""
    shift = 1 if v < V.FA_PROFILE_DESUPPORT else 0  # faProfile after faPercentage (41)
    if len(f) < 54 + shift:
        raise ValueError(f"placeOrder has {len(f)} fields, expected at least {54 + shift}")
    return PlacedOrder(
        order_id=as_int(f[1]),
        action=f[16].upper(),
        qty=float(f[17] or 0),
        order_type=f[18].upper(),
        lmt_price=as_float(f[19]),
        aux_price=as_float(f[20]),
        tif=f[21] or "DAY",
        oca_group=f[22],
        account=f[23],
        order_ref=f[26],
        transmit=f[27] != "0",
        parent_id=as_int(f[28]),
        oca_type=as_int(f[46 + shift]),
    )
