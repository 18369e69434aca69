"""Invariants of the matching engine over random orders, brackets, cancels and bars."""

from __future__ import annotations

from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from paper_helpers import GC, MINUTE_NS, T0, bar, make_engine, order, trade

from runner.model import Fill, OrderStatus, OrderType, OrderUpdate, Side

TICK = GC.tick_size


def _px(ticks: int) -> float:
    return round(20000 * TICK + ticks * TICK, 1)


action = st.one_of(
    st.tuples(
        st.just("order"),
        st.sampled_from(list(OrderType)),
        st.sampled_from([Side.BUY, Side.SELL]),
        st.integers(1, 5),
        st.integers(-30, 30),
        st.integers(-30, 30),
    ),
    st.tuples(st.just("bracket"), st.integers(1, 4), st.integers(2, 30), st.integers(2, 30)),
    st.tuples(st.just("cancel"), st.integers(0, 40)),
    st.tuples(st.just("modify"), st.integers(0, 40), st.integers(-30, 30)),
    st.tuples(
        st.just("bar"),
        st.integers(-20, 20),
        st.integers(0, 15),
        st.integers(0, 15),
        st.integers(-10, 10),
        st.integers(0, 40),
    ),
)


def _run(actions, *, fill_on: str, fraction: float | None):
    eng = make_engine(
        slippage_ticks=1,
        commission_per_contract=1.0,
        fill_on=fill_on,
        max_volume_fraction=fraction,
    )
    events: list[tuple[int, object]] = []  # (step, event)
    submitted: dict[str, tuple[int, object]] = {}
    caps: list[tuple[int, int]] = []  # (step, cap)
    price, i, n = 0, 0, 0
    for step, a in enumerate(actions):
        now = T0 + i * MINUTE_NS
        kind = a[0]
        if kind == "order":
            _, typ, side, qty, d1, d2 = a
            limit = _px(price + d1) if typ in (OrderType.LIMIT, OrderType.STOP_LIMIT) else None
            stop = _px(price + d2) if typ in (OrderType.STOP, OrderType.STOP_LIMIT) else None
            o = order(f"o{n}", side, qty, typ, limit=limit, stop=stop, oco_group=f"g{n % 3}")
            n += 1
            submitted[o.client_id] = (now, o)
            events += [(step, e) for e in eng.submit(o, now)]
        elif kind == "bracket":
            _, qty, down, up = a
            e = order(f"o{n}", Side.BUY, qty)
            s = order(
                f"o{n + 1}",
                Side.SELL,
                qty,
                OrderType.STOP,
                stop=_px(price - down),
                parent_id=e.client_id,
                oco_group=f"b{n}",
            )
            t = order(
                f"o{n + 2}",
                Side.SELL,
                qty,
                OrderType.LIMIT,
                limit=_px(price + up),
                parent_id=e.client_id,
                oco_group=f"b{n}",
            )
            n += 3
            for o in (e, s, t):
                submitted[o.client_id] = (now, o)
                events += [(step, ev) for ev in eng.submit(o, now)]
        elif kind == "cancel":
            events += [(step, e) for e in eng.cancel(f"o{a[1]}", now)]
        elif kind == "modify":
            cid = f"o{a[1]}"
            o = eng.order(cid)
            if o is not None and o.type is OrderType.LIMIT:
                events += [(step, e) for e in eng.modify(cid, now, limit_price=_px(price + a[2]))]
        else:
            _, d_open, up, down, d_close, vol = a
            op = price + d_open
            cl = op + d_close
            hi, lo = max(op, cl) + up, min(op, cl) - down
            if fill_on == "next_bar_open":
                ev = eng.on_bar(bar(i, _px(op), _px(hi), _px(lo), _px(cl), v=vol))
            else:
                ev = []
                for k, p in enumerate((op, hi, lo, cl)):
                    ev += eng.on_trade(trade(i * MINUTE_NS + k, _px(p), size=vol))
            if fraction is not None:  # the cap holds per bar, or per trade (four per step)
                per_event = int(vol * fraction + 1e-9)
                caps.append((step, per_event if fill_on == "next_bar_open" else 4 * per_event))
            events += [(step, e) for e in ev]
            price = cl
            i += 1
    return eng, events, submitted, caps


def _check(eng, events, submitted, caps, fraction):
    filled: dict[str, int] = defaultdict(int)
    done: set[str] = set()
    fill_ids: set[str] = set()
    per_step: dict[int, int] = defaultdict(int)
    last_filled: dict[str, int] = defaultdict(int)
    for step, e in events:
        if isinstance(e, Fill):
            cid = e.client_id
            assert cid not in done, f"fill after {cid} was done"
            assert e.fill_id not in fill_ids
            fill_ids.add(e.fill_id)
            ts0, o = submitted[cid]
            assert e.ts >= ts0, "filled before it was sent"
            assert e.qty > 0
            ticks = e.price / TICK
            assert abs(ticks - round(ticks)) < 1e-6, e.price
            cur = eng.order(cid)
            if cur.type in (OrderType.LIMIT, OrderType.STOP_LIMIT):
                lim = cur.limit_price
                assert e.price <= lim + 1e-9 if o.side is Side.BUY else e.price >= lim - 1e-9
            assert e.commission == e.qty * 1.0
            filled[cid] += e.qty
            per_step[step] += e.qty
        elif isinstance(e, OrderUpdate):
            cid = e.client_id
            if e.reason.startswith(("cancel rejected", "modify rejected", "duplicate")):
                continue
            if e.status is OrderStatus.REJECTED:
                continue
            assert cid not in done, f"update {e.status} after {cid} was done"
            assert e.filled_qty == filled[cid]
            assert e.filled_qty >= last_filled[cid]
            last_filled[cid] = e.filled_qty
            if e.status.is_done:
                done.add(cid)
    for cid, (_, o) in submitted.items():
        assert filled[cid] <= o.qty
        if o.parent_id is not None:
            assert filled[cid] <= filled[o.parent_id]
    for prefix in {o.oco_group for _, o in submitted.values() if o.parent_id}:
        members = [c for c, (_, o) in submitted.items() if o.oco_group == prefix]
        parent = submitted[members[0]][1].parent_id
        assert sum(filled[c] for c in members) <= filled[parent]
    if fraction is not None:
        for step, cap in caps:
            assert per_step[step] <= cap
    working = {o.client_id for o in eng.working()}
    assert working == {c for c in submitted if eng.status(c) and not eng.status(c).status.is_done}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(action, min_size=1, max_size=40),
    st.sampled_from(["next_bar_open", "next_trade"]),
    st.sampled_from([None, 0.1, 0.5]),
)
def test_matching_invariants(actions, fill_on, fraction):
    eng, events, submitted, caps = _run(actions, fill_on=fill_on, fraction=fraction)
    _check(eng, events, submitted, caps, fraction)
    again = _run(actions, fill_on=fill_on, fraction=fraction)[1]
    assert [repr(e) for _, e in again] == [repr(e) for _, e in events]  # deterministic
