"""Conformance of the local TWS with the TWS API, over raw frames (no client library).

A client written from the protocol reference (/work/shared/reference/tws-api-subset.md and
the version gates the client libraries decode by) negotiates one server version, walks
every request the server answers, and checks each message the server writes against the
layout of that version: the field count, and the fields that tie it to its request (request
id, order id, perm id, client id, contract id, status). The layouts below are written out
here, field by field, independently of the server's own message builders.
"""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Callable

import pytest

from runner.api import NS, Bar
from runner_sims.ib.server import TwsServer
from tests.ib.conftest import synthetic_bars
from tests.waiting import until

ACCOUNT = "DU1234567"

# ------------------------------------------------------------------ layouts, by version
C11 = "conId symbol secType lastTradeDate strike right multiplier exchange currency localSymbol tradingClass"

OPEN_ORDER_178 = (
    f"id orderId {C11} action totalQuantity orderType lmtPrice auxPrice tif ocaGroup account "
    "openClose origin orderRef clientId permId outsideRth hidden discretionaryAmt goodAfterTime "
    "sharesAllocation faGroup faMethod faPercentage modelCode goodTillDate rule80A "
    "percentOffset settlingFirm shortSaleSlot designatedLocation exemptCode auctionStrategy "
    "startingPrice stockRefPrice delta stockRangeLower stockRangeUpper displaySize blockOrder "
    "sweepToFill allOrNone minQty ocaType eTradeOnly firmQuoteOnly nbboPriceCap parentId "
    "triggerMethod volatility volatilityType deltaNeutralOrderType deltaNeutralAuxPrice "
    "continuousUpdate referencePriceType trailStopPrice trailingPercent basisPoints "
    "basisPointsType comboLegsDescrip numComboLegs numOrderComboLegs numSmartComboParams "
    "scaleInitLevelSize scaleSubsLevelSize scalePriceIncrement hedgeType optOutSmartRouting "
    "clearingAccount clearingIntent notHeld deltaNeutralContractPresent algoStrategy solicited "
    "whatIf status initMarginBefore maintMarginBefore equityWithLoanBefore initMarginChange "
    "maintMarginChange equityWithLoanChange initMarginAfter maintMarginAfter "
    "equityWithLoanAfter commission minCommission maxCommission commissionCurrency warningText "
    "randomizeSize randomizePrice numConditions adjustedOrderType triggerPrice trailStopPrice2 "
    "lmtPriceOffset adjustedStopPrice adjustedStopLimitPrice adjustedTrailingAmount "
    "adjustableTrailingUnit softDollarName softDollarValue softDollarDisplayName cashQty "
    "dontUseAutoPriceForHedge isOmsContainer discretionaryUpToLimitPrice usePriceMgmtAlgo "
    "duration postToAts autoCancelParent minTradeQty minCompeteSize competeAgainstBestOffset "
    "midOffsetAtWhole midOffsetAtHalf"
).split()

COMPLETED_ORDER_178 = (
    f"id {C11} action totalQuantity orderType lmtPrice auxPrice tif ocaGroup account openClose "
    "origin orderRef permId outsideRth hidden discretionaryAmt goodAfterTime faGroup faMethod "
    "faPercentage modelCode goodTillDate rule80A percentOffset settlingFirm shortSaleSlot "
    "designatedLocation exemptCode startingPrice stockRefPrice delta stockRangeLower "
    "stockRangeUpper displaySize sweepToFill allOrNone minQty ocaType triggerMethod volatility "
    "volatilityType deltaNeutralOrderType deltaNeutralAuxPrice continuousUpdate "
    "referencePriceType trailStopPrice trailingPercent comboLegsDescrip numComboLegs "
    "numOrderComboLegs numSmartComboParams scaleInitLevelSize scaleSubsLevelSize "
    "scalePriceIncrement hedgeType clearingAccount clearingIntent notHeld "
    "deltaNeutralContractPresent algoStrategy solicited status randomizeSize randomizePrice "
    "numConditions trailStopPrice2 lmtPriceOffset cashQty dontUseAutoPriceForHedge "
    "isOmsContainer autoCancelDate filledQuantity refFuturesConId autoCancelParent shareholder "
    "imbalanceOnly routeMarketableToBbo parentPermId completedTime completedStatus "
    "minTradeQty minCompeteSize competeAgainstBestOffset midOffsetAtWhole midOffsetAtHalf"
).split()

EXECUTION_178 = (
    f"id reqId orderId {C11} execId time acctNumber exchange side shares price permId clientId "
    "liquidation cumQty avgPrice orderRef evRule evMultiplier modelCode lastLiquidity "
    "pendingPriceRevision"
).split()

CONTRACT_DATA_178 = (
    "id reqId symbol secType lastTimes strike right exchange currency localSymbol marketName "
    "tradingClass conId minTick multiplier orderTypes validExchanges priceMagnifier underConId "
    "longName primaryExchange contractMonth industry category subcategory timeZoneId "
    "tradingHours liquidHours evRule evMultiplier numSecIds aggGroup underSymbol underSecType "
    "marketRuleIds realExpirationDate stockType minSize sizeIncrement suggestedSizeIncrement"
).split()

_MIN_170 = ["minTradeQty", "minCompeteSize", "competeAgainstBestOffset"]
_MIN_170 += ["midOffsetAtWhole", "midOffsetAtHalf"]


def _without(names: list[str], *drop: str) -> list[str]:
    return [n for n in names if n not in drop]


def _with_fa_profile(names: list[str], v: int) -> list[str]:
    if v >= 177:
        return names
    at = names.index("faPercentage") + 1
    return names[:at] + ["faProfile"] + names[at:]


def open_order_layout(v: int) -> list[str]:
    names = list(OPEN_ORDER_178)
    if v < 170:
        names = _without(names, *_MIN_170)
    if v < 162:
        names = _without(names, "autoCancelParent")
    if v < 160:
        names = _without(names, "postToAts")
    if v < 159:
        names = _without(names, "duration")
    return _with_fa_profile(names, v)


def completed_order_layout(v: int) -> list[str]:
    names = list(COMPLETED_ORDER_178)
    if v < 170:
        names = _without(names, *_MIN_170)
    return _with_fa_profile(names, v)


def execution_layout(v: int) -> list[str]:
    return EXECUTION_178 if v >= 178 else EXECUTION_178[:-1]


def contract_data_layout(v: int) -> list[str]:
    names = list(CONTRACT_DATA_178)
    if v >= 164:
        return names
    names = names[:1] + ["version"] + names[1:]
    at = names.index("minTick") + 1
    names = names[:at] + ["mdSizeMultiplier"] + names[at:]
    names = _without(names, "minSize", "sizeIncrement", "suggestedSizeIncrement")
    return names + (["suggestedSizeIncrement"] if v == 163 else [])


def fixed(*names: str) -> Callable[[int], list[str]]:
    return lambda v: list(names)


# message id -> layout of the version (exact field count: these plain messages have no
# variable-length parts; HISTORICAL_DATA and TICK_BY_TICK are checked by kind below)
LAYOUTS: dict[int, Callable[[int], list[str]]] = {
    1: fixed("id", "version", "reqId", "tickType", "price", "size", "attribMask"),
    2: fixed("id", "version", "reqId", "tickType", "size"),
    3: fixed(
        "id",
        "orderId",
        "status",
        "filled",
        "remaining",
        "avgFillPrice",
        "permId",
        "parentId",
        "lastFillPrice",
        "clientId",
        "whyHeld",
        "mktCapPrice",
    ),
    4: lambda v: ["id", "version", "reqId", "code", "text"] + (["json"] if v >= 166 else []),
    5: open_order_layout,
    6: fixed("id", "version", "key", "value", "currency", "account"),
    7: lambda v: (
        ["id", "version", *C11.split(), "position", "marketPrice", "marketValue"]
        + ["averageCost", "unrealizedPNL", "realizedPNL", "account"]
    ),
    8: fixed("id", "version", "time"),
    9: fixed("id", "version", "orderId"),
    10: contract_data_layout,
    11: execution_layout,
    15: fixed("id", "version", "accounts"),
    49: fixed("id", "version", "time"),
    50: fixed(
        "id", "version", "reqId", "time", "open", "high", "low", "close", "volume", "wap", "count"
    ),
    52: fixed("id", "version", "reqId"),
    53: fixed("id", "version"),
    54: fixed("id", "version", "account"),
    55: fixed("id", "version", "reqId"),
    57: fixed("id", "version", "reqId"),
    58: fixed("id", "version", "reqId", "type"),
    59: fixed("id", "version", "execId", "commission", "currency", "realizedPNL", "yield", "ymd"),
    61: lambda v: ["id", "version", "account", *C11.split(), "position", "avgCost"],
    62: fixed("id", "version"),
    63: fixed("id", "version", "reqId", "account", "tag", "value", "currency"),
    64: fixed("id", "version", "reqId"),
    73: fixed("id", "version", "reqId", "account", "modelCode", "key", "value", "currency"),
    74: fixed("id", "version", "reqId"),
    90: fixed("id", "reqId", "barCount", "date", "open", "close", "high", "low", "wap", "volume"),
    101: completed_order_layout,
    102: fixed("id"),
}
INT_FIELDS = {
    "reqId",
    "orderId",
    "permId",
    "clientId",
    "conId",
    "parentId",
    "numComboLegs",
    "numOrderComboLegs",
    "numSmartComboParams",
    "deltaNeutralContractPresent",
    "numConditions",
    "numSecIds",
    "code",
    "tickType",
}
BOOL_FIELDS = {"outsideRth", "hidden", "solicited", "whatIf", "randomizeSize", "randomizePrice"}


def named(v: int, fields: list[str]) -> dict[str, str]:
    """The fields of one message by name, after checking its layout for version ``v``."""
    msg_id = int(fields[0])
    if msg_id == 17:  # HISTORICAL_DATA: reqId, start, end, N, then N bars of 8 fields
        n = int(fields[4])
        assert len(fields) == 5 + 8 * n, fields[:6]
        return {"id": fields[0], "reqId": fields[1], "count": fields[4]}
    if msg_id == 99:  # TICK_BY_TICK: 1/2 Last/AllLast and 3 BidAsk have 9 fields, 4 has 5
        assert len(fields) == (5 if fields[2] == "4" else 9), fields
        return {"id": fields[0], "reqId": fields[1], "tickType": fields[2]}
    assert msg_id in LAYOUTS, f"the server wrote message {msg_id}, which no layout here covers"
    names = LAYOUTS[msg_id](v)
    assert len(fields) == len(names), (
        f"v{v} message {msg_id}: {len(fields)} fields, the layout has {len(names)}: {fields}"
    )
    by_name = dict(zip(names, fields, strict=True))
    for name, value in by_name.items():
        if name in INT_FIELDS:
            int(value)  # a count or an id: an integer, never blank
        if name in BOOL_FIELDS and value != "":
            assert value in ("0", "1"), (msg_id, name, value)
    return by_name


# ------------------------------------------------------------------ a raw client
class RawClient:
    """The TWS API over a socket, framed by hand."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer
        self.inbox: list[list[str]] = []
        self._task = asyncio.create_task(self._read())

    @classmethod
    async def open(cls, port: int, version: int) -> tuple[RawClient, list[str]]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        offer = f"v{version}..{version}".encode()
        writer.write(b"API\0" + struct.pack(">I", len(offer)) + offer)
        head = await reader.readexactly(4)
        reply = (await reader.readexactly(struct.unpack(">I", head)[0])).decode()
        return cls(reader, writer), reply.split("\0")[:-1]

    async def _read(self) -> None:
        try:
            while True:
                head = await self.reader.readexactly(4)
                body = await self.reader.readexactly(struct.unpack(">I", head)[0])
                self.inbox.append(body.decode().split("\0")[:-1])
        except (asyncio.IncompleteReadError, ConnectionError):
            return

    def send(self, *fields: object) -> None:
        body = "".join(f"{'' if f is None else f}\0" for f in fields).encode()
        self.writer.write(struct.pack(">I", len(body)) + body)

    async def expect(self, cond: Callable[[list[str]], bool], what: str) -> list[str]:
        await until(lambda: any(cond(m) for m in self.inbox), what=what)
        return next(m for m in self.inbox if cond(m))

    async def close(self) -> None:
        self.writer.close()
        self._task.cancel()


def c12(con_id: int | str = "", symbol: str = "", month: str = "", exchange: str = "") -> list:
    """The contract block of a request: conId .. tradingClass (12 fields)."""
    return [con_id, symbol, "FUT" if symbol else "", month, 0.0, "", "", exchange, "", "USD"] + [
        "",
        "",
    ]


def place_order(v: int, order_id: int, con_id: int, action: str, order_type: str, **kw) -> list:
    """A plain placeOrder in the layout of version ``v`` (114 fields at 178)."""
    f: list = [""] * 114
    f[0], f[1] = 3, order_id
    f[2:14] = c12(con_id, exchange="NYMEX")
    f[16], f[17], f[18] = action, 1, order_type
    f[19] = kw.get("lmt", "")
    f[21], f[22], f[23] = "GTC", kw.get("oca_group", ""), ACCOUNT
    f[26], f[27], f[28] = kw.get("ref", ""), 1, 0
    f[46] = kw.get("oca_type", 0)
    f[81] = f[89] = 0  # no delta-neutral contract, no conditions
    if v < 177:
        f.insert(42, "")  # faProfile after faPercentage
    return f


# ------------------------------------------------------------------ the walk
@pytest.mark.parametrize("version", [157, 163, 164, 170, 176, 177, 178])
async def test_every_message_has_the_layout_of_the_negotiated_version(version: int):
    now = [1_794_000_000 * NS]  # 2026-11-07
    srv = TwsServer({"MCL": synthetic_bars("MCL", 75.0)}, clock=lambda: now[0])
    await srv.start()
    srv.push_quote("MCL", 75.00, 75.02)
    srv.push_trade("MCL", 75.01, 1)
    c, reply = await RawClient.open(srv.port, version)
    seen: dict[int, dict[str, str]] = {}

    def checked(m: list[str]) -> dict[str, str]:
        fields = named(version, m)
        seen[int(m[0])] = fields
        return fields

    try:
        assert reply[0] == str(version) and len(reply) == 2
        c.send(71, 2, 7, "")
        await c.expect(lambda m: m[0] == "9", "nextValidId")
        await c.expect(lambda m: m[0] == "15", "managedAccounts")
        issuer = [""] if version >= 176 else []

        # contract details, by description and by the id it returns; an unknown one
        c.send(9, 8, 101, *c12("", "MCL", "202612", "NYMEX"), 0, "", "", *issuer)
        await c.expect(lambda m: m[:3] == ["52", "1", "101"], "contractDataEnd")
        [details] = [checked(m) for m in c.inbox if m[0] == "10"]
        con_id = int(details["conId"])
        assert details["reqId"] == "101" and details["localSymbol"] == "MCLZ6" and con_id > 0
        c.send(9, 8, 102, *c12("", "NOPE", "202612", "NYMEX"), 0, "", "", *issuer)
        err = checked(await c.expect(lambda m: m[0] == "4" and m[2] == "102", "error 200"))
        assert err["code"] == "200"

        # market data, snapshot, tick-by-tick, 5-second bars, history kept up to date
        c.send(1, 11, 201, *c12(con_id, exchange="NYMEX"), 0, "", 0, 0, "")
        c.send(1, 11, 202, *c12(con_id, exchange="NYMEX"), 0, "", 1, 0, "")
        c.send(97, 203, *c12(con_id, exchange="NYMEX"), "AllLast", 0, 0)
        c.send(97, 204, *c12(con_id, exchange="NYMEX"), "BidAsk", 0, 0)
        c.send(50, 3, 205, *c12(con_id, exchange="NYMEX"), 5, "TRADES", 0, "")
        hist = ["", "1 min", "3600 S", 0, "TRADES", 2, 1, ""]  # epoch dates, kept up to date
        c.send(20, 206, *c12(con_id, exchange="NYMEX"), 0, *hist)
        await c.expect(lambda m: m[:3] == ["57", "1", "202"], "tickSnapshotEnd")
        await until(lambda: len(srv.sessions) == 1 and 205 in srv.sessions[0].realtime)
        srv.push_quote("MCL", 75.10, 75.12)
        now[0] += 6 * NS
        srv.push_trade("MCL", 75.11, 2)
        now[0] += 6 * NS
        srv.push_trade("MCL", 75.12, 2)
        srv.push_bar(Bar("MCL", now[0] - 60 * NS, now[0], 75.1, 75.2, 75.0, 75.15, 10.0))
        for msg_id, req in (("1", "201"), ("2", "201"), ("58", "201"), ("50", "205")):
            checked(await c.expect(lambda m, i=msg_id, r=req: m[0] == i and m[2] == r, msg_id))
        for req, kind in (("203", "2"), ("204", "3")):
            tick = checked(await c.expect(lambda m, r=req: m[0] == "99" and m[1] == r, "tbt"))
            assert tick["tickType"] == kind
        history = checked(await c.expect(lambda m: m[0] == "17", "historicalData"))
        assert history["reqId"] == "206" and int(history["count"]) > 0
        assert checked(await c.expect(lambda m: m[0] == "90", "update"))["reqId"] == "206"

        # an order that fills, one that is cancelled; then the read-backs
        c.send(*place_order(version, 1, con_id, "BUY", "MKT", ref="conf-1"))
        await c.expect(lambda m: m[0] == "5" and m[1] == "1", "openOrder 1")
        srv.push_trade("MCL", 75.13, 5)
        ex = checked(await c.expect(lambda m: m[0] == "11" and m[3] == str(con_id), "execution"))
        comm = checked(await c.expect(lambda m: m[0] == "59", "commissionReport"))
        assert (ex["reqId"], ex["orderId"], ex["clientId"], ex["orderRef"]) == (
            "-1",
            "1",
            "7",
            "conf-1",
        )
        assert comm["execId"] == ex["execId"]
        oca = {"lmt": 70.0, "oca_group": "g1", "oca_type": 2, "ref": "conf-2"}
        c.send(*place_order(version, 2, con_id, "BUY", "LMT", **oca))
        opened = checked(await c.expect(lambda m: m[0] == "5" and m[1] == "2", "openOrder 2"))
        assert (opened["ocaGroup"], opened["ocaType"], opened["clientId"]) == ("g1", "2", "7")
        assert opened["status"] == "Submitted" and opened["orderRef"] == "conf-2"
        c.send(4, 1, 2, *([""] if version >= 169 else []))
        cancelled = await c.expect(lambda m: m[:3] == ["3", "2", "Cancelled"], "cancelled")
        status = checked(cancelled)
        assert status["permId"] == opened["permId"] and status["clientId"] == "7"
        checked(await c.expect(lambda m: m[0] == "4" and m[2] == "2" and m[3] == "202", "202"))

        c.send(5, 1)
        c.send(99, 0)
        c.send(7, 3, 301, 0, "", "", "", "", "", "")
        c.send(61, 1)
        c.send(6, 2, 1, ACCOUNT)
        c.send(76, 1, 302, ACCOUNT, "", 0)
        c.send(62, 1, 303, "All", "NetLiquidation,TotalCashValue")
        c.send(49, 1)
        c.send(8, 1, 1)
        for end in (["53"], ["102"], ["55", "1", "301"], ["62"], ["54", "1", ACCOUNT]):
            await c.expect(lambda m, e=end: m[: len(e)] == e, f"end {end}")
        for end in (["74", "1", "302"], ["64", "1", "303"], ["49"]):
            await c.expect(lambda m, e=end: m[: len(e)] == e, f"end {end}")
        await until(lambda: len([m for m in c.inbox if m[0] == "9"]) == 2, what="reqIds")
        for m in c.inbox:  # every message the server wrote in this walk
            checked(m)
        done = [named(version, m) for m in c.inbox if m[0] == "101"]
        assert sorted(f["status"] for f in done) == ["Cancelled", "Filled"]
        assert sorted(f["completedStatus"] for f in done) == ["Cancelled", "Filled"]
        assert {f["permId"] for f in done} == {opened["permId"], ex["permId"]}
        [row] = [named(version, m) for m in c.inbox if m[0] == "11" and m[1] == "301"]
        assert row["execId"] == ex["execId"] and row["orderId"] == "1"
        [pos] = [named(version, m) for m in c.inbox if m[0] == "61"]
        assert (pos["conId"], pos["position"]) == (str(con_id), "1.0")
    finally:
        await c.close()
        await srv.stop()
    written = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 17, 49, 50, 52, 53, 54, 55, 57, 58, 59}
    written |= {61, 62, 63, 64, 73, 74, 90, 99, 101, 102}
    assert written <= set(seen), f"not checked: {sorted(written - set(seen))}"
