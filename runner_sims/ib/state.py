"""The account TWS keeps across its own restarts, in a file (``runner sim ib --state FILE``).

A real gateway restart keeps positions, working orders, executions and the order, perm and
execution id counters: a client that reconnects finds its orders where it left them and
never sees an id reused. The file is JSON, rewritten whole through a temporary file and a
rename after every change, so a crash leaves either the old or the new state, never half.
"""

from __future__ import annotations

import dataclasses
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from runner.api import RunnerError
from runner_plugins.ib.catalog import Listing, product
from runner_sims.ib.orders import OrderBook
from runner_sims.ib.records import Account, Execution, PlacedOrder, Position, ServerOrder

FORMAT = 1


class StateFileError(RunnerError, ValueError):
    """A state file that cannot be read back; the message names the file and the field."""


def _listing(listing: Listing) -> dict[str, Any]:
    return {"root": listing.product.root, "year": listing.year, "month": listing.month}


def _placed(p: PlacedOrder) -> dict[str, Any]:
    return dataclasses.asdict(p)


def dump(book: OrderBook) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "counters": {
            "next_perm": book.next_perm,
            "next_exec": book.next_exec,
            "exec_prefix": book.exec_prefix,
        },
        "accounts": [
            {
                "name": a.name,
                "initial_cash": a.initial_cash,
                "commissions": a.commissions,
                "positions": [
                    {
                        "listing": _listing(p.listing),
                        "qty": p.qty,
                        "avg_price": p.avg_price,
                        "realized": p.realized,
                        "last_price": p.last_price,
                    }
                    for p in a.positions.values()
                ],
            }
            for a in book.accounts.values()
        ],
        "orders": [
            {
                "client_id": o.client_id,
                "order_id": o.order_id,
                "perm_id": o.perm_id,
                "listing": _listing(o.listing),
                "placed": _placed(o.placed),
                "status": o.status,
                "filled": o.filled,
                "avg_price": o.avg_price,
                "last_fill_price": o.last_fill_price,
                "engine_qty": o.engine_qty,
                "at_engine": o.at_engine,
                "why_held": o.why_held,
                "done_ts": o.done_ts,
            }
            for o in book.orders.values()
        ],
        "executions": [
            {
                "exec_id": e.exec_id,
                "order": [e.order.client_id, e.order.order_id],
                "ts": e.ts,
                "shares": e.shares,
                "price": e.price,
                "cum_qty": e.cum_qty,
                "avg_price": e.avg_price,
                "commission": e.commission,
                "realized_pnl": e.realized_pnl,
            }
            for e in book.executions
        ],
    }


def save(path: Path, book: OrderBook) -> None:
    """Write the state atomically: a temporary file in the same folder, then a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(dump(book), out, indent=1)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def load(path: Path, book: OrderBook) -> bool:
    """Fill ``book`` from ``path``; False when there is no file yet (a first start)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StateFileError(f"{path}: cannot read the state file: {exc}") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise StateFileError(
            f"{path}, line {exc.lineno}: not a JSON state file ({exc.msg})"
        ) from None
    reader = _Reader(path)
    reader.restore(data, book)
    book.resume()
    return True


class _Reader:
    """Reads one state document, naming the field that is wrong when one is."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> StateFileError:
        return StateFileError(f"{self.path}: field {where}: {problem}")

    def get(self, obj: Any, key: str, where: str, kind: type | tuple[type, ...]) -> Any:
        path = f"{where}.{key}" if where else key
        if not isinstance(obj, dict) or key not in obj:
            raise self.fail(path, "missing")
        value = obj[key]
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            return float(value)
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
            raise self.fail(path, f"expected {_kind_name(kind)}, got {value!r}")
        return value

    def listing(self, obj: Any, where: str) -> Listing:
        root = self.get(obj, "root", where, str)
        p = product(root)
        if p is None:
            raise self.fail(f"{where}.root", f"unknown product {root!r}")
        if p.undated:
            return Listing(p)
        return Listing(p, self.get(obj, "year", where, int), self.get(obj, "month", where, int))

    def restore(self, data: Any, book: OrderBook) -> None:
        if self.get(data, "format", "", int) != FORMAT:
            raise self.fail("format", f"this server reads format {FORMAT}")
        counters = self.get(data, "counters", "", dict)
        book.next_perm = self.get(counters, "next_perm", "counters", int)
        book.next_exec = self.get(counters, "next_exec", "counters", int)
        book.exec_prefix = self.get(counters, "exec_prefix", "counters", str)
        for i, a in enumerate(self.get(data, "accounts", "", list)):
            where = f"accounts[{i}]"
            name = self.get(a, "name", where, str)
            account = book.accounts.get(name)
            if account is None:
                account = book.accounts[name] = Account(name, 0.0)
            account.initial_cash = self.get(a, "initial_cash", where, float)
            account.commissions = self.get(a, "commissions", where, float)
            account.positions.clear()
            for j, p in enumerate(self.get(a, "positions", where, list)):
                at = f"{where}.positions[{j}]"
                listing = self.listing(self.get(p, "listing", at, dict), f"{at}.listing")
                account.positions[listing.con_id] = Position(
                    listing,
                    self.get(p, "qty", at, float),
                    self.get(p, "avg_price", at, float),
                    self.get(p, "realized", at, float),
                    self.get(p, "last_price", at, float),
                )
        book.orders.clear()
        book.by_key.clear()
        for i, o in enumerate(self.get(data, "orders", "", list)):
            where = f"orders[{i}]"
            placed_data = self.get(o, "placed", where, dict)
            try:
                placed = PlacedOrder(**placed_data)
            except TypeError as exc:
                raise self.fail(f"{where}.placed", str(exc)) from None
            order = ServerOrder(
                self.get(o, "client_id", where, int),
                self.get(o, "order_id", where, int),
                self.get(o, "perm_id", where, int),
                self.listing(self.get(o, "listing", where, dict), f"{where}.listing"),
                placed,
                status=self.get(o, "status", where, str),
                filled=self.get(o, "filled", where, float),
                avg_price=self.get(o, "avg_price", where, float),
                last_fill_price=self.get(o, "last_fill_price", where, float),
                engine_qty=self.get(o, "engine_qty", where, float),
                at_engine=self.get(o, "at_engine", where, bool),
                why_held=self.get(o, "why_held", where, str),
                done_ts=self.get(o, "done_ts", where, int),
            )
            book.orders[(order.client_id, order.order_id)] = order
            book.by_key[order.key] = order
        book.executions.clear()
        for i, e in enumerate(self.get(data, "executions", "", list)):
            where = f"executions[{i}]"
            ref = self.get(e, "order", where, list)
            order_of = book.orders.get((ref[0], ref[1])) if len(ref) == 2 else None
            if order_of is None:
                raise self.fail(f"{where}.order", f"no order {ref!r} in this file")
            pnl = e.get("realized_pnl") if isinstance(e, dict) else None
            book.executions.append(
                Execution(
                    self.get(e, "exec_id", where, str),
                    order_of,
                    self.get(e, "ts", where, int),
                    self.get(e, "shares", where, float),
                    self.get(e, "price", where, float),
                    self.get(e, "cum_qty", where, float),
                    self.get(e, "avg_price", where, float),
                    self.get(e, "commission", where, float),
                    None if pnl is None else self.get(e, "realized_pnl", where, float),
                )
            )


def _kind_name(kind: type | tuple[type, ...]) -> str:
    if isinstance(kind, tuple):
        return " or ".join(k.__name__ for k in kind)
    names = {float: "a number", int: "an integer", str: "text", bool: "true/false"}
    names.update({dict: "an object", list: "a list"})
    return names.get(kind, kind.__name__)
