"""An order manager's state after a crash, a bot restart, or a long run.

``restore`` rebuilds orders, positions and PnL from the journal of a previous run;
``adopt`` hands a failed bot's state to its replacement (a restart, not a reset);
``prune`` forgets finished orders the journal already keeps, so memory stays flat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from runner.events import Reconcile
from runner.orders.records import OrderRecord

if TYPE_CHECKING:
    from runner.orders.manager import OrderManager


def restore(om: OrderManager, journal: Any) -> None:
    """Rebuild orders, positions and PnL from a bot's journal (a ``BotJournal``)."""
    for jo in journal.orders:
        rec = OrderRecord(jo.order, jo.status, jo.filled, jo.role, jo.group)
        om.orders[jo.order.client_id] = rec
        if not jo.status.is_done:
            om.working += 1
            om.live[jo.order.client_id] = rec
    om.continue_after(journal.last_seq)
    stale: dict[str, int] = {}
    for f in journal.fills:
        if not om.fills.admit(f):
            continue
        if f.symbol in om.by_symbol:
            om.portfolio.on_fill(f)
        else:  # e.g. last month's contract after a roll: reported, never traded blindly
            stale[f.symbol] = stale.get(f.symbol, 0) + int(f.side) * f.qty
    for symbol, qty in stale.items():
        if qty:
            om.emit(
                Reconcile(
                    bot=om.name,
                    ts=om.ctx.now,
                    symbol=symbol,
                    difference="position in a contract this bot no longer trades; "
                    "left for the trader",
                    position=qty,
                )
            )
    trade = om.trade
    for inst in om.ctx.instruments.values():
        if inst.holding.qty and not trade.direction:
            trade.direction = 1 if inst.holding.qty > 0 else -1
    for cid, rec in om.orders.items():
        if rec.status.is_done:
            continue
        found = om.by_symbol.get(rec.order.symbol)
        if found is None:
            om.emit(
                Reconcile(
                    bot=om.name,
                    ts=om.ctx.now,
                    symbol=rec.order.symbol,
                    client_id=cid,
                    difference="working order in a contract this bot no longer trades; "
                    "left for the trader",
                )
            )
            continue
        key = found.key
        if rec.role == "entry":
            # the trade in flight is the one its entry opens (a crash during a reversal
            # leaves the old position and the new entry: the entry's side is the direction)
            trade.entry_ids.append(cid)
            trade.direction = int(rec.order.side)
        elif rec.role == "stop":
            trade.stops[key] = cid
        elif rec.role == "target":
            trade.targets[key] = cid


def adopt(om: OrderManager, old: OrderManager) -> None:
    """Take over a failed bot's orders, positions and PnL.

    The old position book stays the one book: the new context's instruments are bound to
    its positions, so nothing is copied and nothing can diverge.
    """
    om.portfolio = old.portfolio
    om.book = old.book
    om.orders = old.orders
    om.live = old.live
    om.seq = old.seq
    om.fills = old.fills
    om.working = old.working
    om.trade = old.trade
    om.risk = old.risk
    for inst in om.ctx.instruments.values():
        inst.holding = old.book.get(inst.symbol)


def prune(om: OrderManager, before: int) -> None:
    """Forget finished orders sent before ``before`` (the journal keeps them all)."""
    trade = om.trade  # the open trade's orders stay, however old
    keep = {*trade.entry_ids, *trade.stops.values(), *trade.targets.values()}
    old = [
        cid
        for cid, rec in om.orders.items()
        if rec.order.ts < before and rec.status.is_done and cid not in keep
    ]
    for cid in old:
        del om.orders[cid]
