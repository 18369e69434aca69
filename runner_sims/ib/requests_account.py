"""Requests about the account: account updates (single and multi), account summary,
positions, and the server's clock."""

from __future__ import annotations

from typing import TYPE_CHECKING

from runner.api import NS
from runner_sims.ib import messages as msg
from runner_sims.ib.records import Account
from runner_sims.ib.session import Session
from runner_sims.ib.wire import as_int

if TYPE_CHECKING:
    from runner_sims.ib.server import TwsServer


def send_account(s: Session, a: Account) -> None:
    for fields in msg.account_update(a):
        s.send(fields)


def account_updates(srv: TwsServer, s: Session, f: list[str]) -> None:
    subscribe = f[2] == "1"
    a = srv.book.accounts.get(f[3] or srv.book.default_account)
    if not subscribe or a is None:
        s.account_updates = ""
        return
    s.account_updates = a.name
    send_account(s, a)
    s.send([msg.ACCT_DOWNLOAD_END, 1, a.name])


def account_updates_multi(srv: TwsServer, s: Session, f: list[str]) -> None:
    req_id = as_int(f[2])
    a = srv.book.accounts.get(f[3])
    if a is not None:
        for key, value, currency in a.values():
            s.send([msg.ACCOUNT_UPDATE_MULTI, 1, req_id, a.name, "", key, value, currency])
    s.send([msg.ACCOUNT_UPDATE_MULTI_END, 1, req_id])


def account_summary(srv: TwsServer, s: Session, f: list[str]) -> None:
    req_id = as_int(f[2])
    tags = {t for t in f[4].split(",") if t}
    for a in srv.book.accounts.values():
        for key, value, currency in a.values():
            if not tags or key in tags:
                s.send([msg.ACCOUNT_SUMMARY, 1, req_id, a.name, key, value, currency])
    s.send([msg.ACCOUNT_SUMMARY_END, 1, req_id])


def positions(srv: TwsServer, s: Session, f: list[str]) -> None:
    s.positions = True
    for a in srv.book.accounts.values():
        for pos in a.positions.values():
            s.send(msg.position(a.name, pos.listing, pos.qty, pos.avg_price * pos.multiplier))
    s.send([msg.POSITION_END, 1])


def cancel_positions(srv: TwsServer, s: Session, f: list[str]) -> None:
    s.positions = False


def current_time(srv: TwsServer, s: Session, f: list[str]) -> None:
    s.send([msg.CURRENT_TIME, 1, srv.market.now() // NS])
