"""The simulated account on disk: what a gateway restart must not lose.

A real gateway keeps its account through a restart: positions, working orders, the
executions it replays and the numbers it has handed out. ``--state FILE`` gives the
local server the same memory across processes: the desk is written (atomically, by
renaming a finished temporary file) after every change and read back at start-up.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from runner.api import Order, OrderType, Side, TimeInForce
from runner_sims.rithmic.desk import OrderDesk, Position, SimOrder

VERSION = 1


class StateFileError(ValueError):
    """A state file that cannot be read back: reported as one line naming file and field."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class OrderState(_Strict):
    client_id: str
    bot: str
    symbol: str
    side: Side
    qty: int
    type: OrderType
    limit_price: float | None = None
    stop_price: float | None = None
    tif: TimeInForce = TimeInForce.DAY
    parent_id: str | None = None
    oco_group: str | None = None
    reason: str = ""
    ts: int = 0


class SimOrderState(_Strict):
    basket_id: str
    order: OrderState
    exchange: str
    user_tag: str
    price_type: int
    duration: int
    status: str
    filled: int
    avg_price: float
    completion_reason: str
    bracket: tuple[int, int] | None
    original_basket_id: str
    linked: str
    done: bool
    placed: int


class FillState(_Strict):
    order: int  # index into the order history: basket ids may repeat after a wipe
    basket_id: str
    fill_id: str
    price: float
    qty: int
    total: int
    unfilled: int
    avg: float
    ssboe: int
    usecs: int
    time: str
    date: str
    side: Side
    symbol: str
    user_tag: str


class PositionState(_Strict):
    net: int = 0
    avg_open: float = 0.0
    closed_pnl: float = 0.0
    buys: int = 0
    sells: int = 0


class DeskState(_Strict):
    version: int
    account_id: str
    history: list[SimOrderState]
    orders: list[int]  # indexes into history of the orders the order list still holds
    fills: list[FillState]
    positions: dict[str, PositionState]
    next_basket: int
    next_fill: int
    next_seq: int
    session: int


def _sim_state(sim: SimOrder) -> SimOrderState:
    o = sim.order
    return SimOrderState(
        basket_id=sim.basket_id,
        order=OrderState(
            client_id=o.client_id,
            bot=o.bot,
            symbol=o.symbol,
            side=o.side,
            qty=o.qty,
            type=o.type,
            limit_price=o.limit_price,
            stop_price=o.stop_price,
            tif=o.tif,
            parent_id=o.parent_id,
            oco_group=o.oco_group,
            reason=o.reason,
            ts=o.ts,
        ),
        exchange=sim.exchange,
        user_tag=sim.user_tag,
        price_type=sim.price_type,
        duration=sim.duration,
        status=sim.status,
        filled=sim.filled,
        avg_price=sim.avg_price,
        completion_reason=sim.completion_reason,
        bracket=sim.bracket,
        original_basket_id=sim.original_basket_id,
        linked=sim.linked,
        done=sim.done,
        placed=sim.placed,
    )


def snapshot(desk: OrderDesk) -> DeskState:
    index = {id(sim): i for i, sim in enumerate(desk.history)}
    fills = []
    for f in desk.fills:
        fields = {k: v for k, v in f.items() if k != "order"}
        fills.append(FillState(order=index[id(f["order"])], **fields))
    return DeskState(
        version=VERSION,
        account_id=desk.account_id,
        history=[_sim_state(sim) for sim in desk.history],
        orders=[index[id(sim)] for sim in desk.orders.values()],
        fills=fills,
        positions={sym: PositionState(**vars(p)) for sym, p in desk.positions.items()},
        next_basket=desk.next_basket,
        next_fill=desk.next_fill,
        next_seq=desk.next_seq,
        session=desk._session,
    )


def restore(desk: OrderDesk, state: DeskState) -> None:
    """Puts the saved account into a fresh desk and its working orders back on the
    matching engine; a start from a file is a restart, so the engine's ids move on."""
    history = []
    for s in state.history:
        order = Order(**s.order.model_dump())
        fields = s.model_dump(exclude={"order"})
        history.append(SimOrder(order=order, **fields))
    desk.history = history
    # a start is a restart: finished orders leave the order list, as in OrderDesk.restart
    desk.orders = {history[i].basket_id: history[i] for i in state.orders if not history[i].done}
    desk.fills = [
        {**f.model_dump(exclude={"order"}), "order": history[f.order]} for f in state.fills
    ]
    desk.positions = {sym: Position(**p.model_dump()) for sym, p in state.positions.items()}
    desk.next_basket, desk.next_fill, desk.next_seq = (
        state.next_basket,
        state.next_fill,
        state.next_seq,
    )
    desk._session = state.session + 1
    desk._by_key = {sim.order.client_id: sim for sim in desk.orders.values()}
    for sim in desk.orders.values():
        if not sim.done:
            desk.matcher.submit(sim.order, desk.clock())  # working again, already announced


def save(path: Path, desk: OrderDesk) -> None:
    """Writes the desk next to ``path`` and renames it over: a crash mid-write leaves the
    previous state whole."""
    text = snapshot(desk).model_dump_json(indent=1)
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def load(path: Path, desk: OrderDesk) -> bool:
    """Reads ``path`` into ``desk``; False when there is no file yet (a first start). A
    folder that is not there is an error now rather than at the first order."""
    if not path.parent.is_dir():
        raise StateFileError(f"{path}: the folder {path.parent} does not exist")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StateFileError(f"{path}: cannot read the state file: {exc.strerror}") from None
    try:
        raw: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StateFileError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from None
    try:
        state = DeskState.model_validate(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(part) for part in err["loc"]) or "(top level)"
        raise StateFileError(f"{path}: field {where}: {err['msg']}") from None
    if state.version != VERSION:
        raise StateFileError(f"{path}: field version: {state.version} is not {VERSION}")
    if state.account_id != desk.account_id:
        raise StateFileError(
            f"{path}: field account_id: {state.account_id!r} is not this server's "
            f"account {desk.account_id!r}"
        )
    bad = [i for i in state.orders if not 0 <= i < len(state.history)]
    bad += [f.order for f in state.fills if not 0 <= f.order < len(state.history)]
    if bad:
        raise StateFileError(f"{path}: field orders/fills: index {bad[0]} is not in history")
    restore(desk, state)
    return True
