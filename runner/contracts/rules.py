"""Expiry rules as short text in the contract table, evaluated on an exchange's business days.

Exchanges word their rules in a handful of shapes; one small grammar covers them all so
a new product is a line of data, not code::

    [prev. | next.] BASE [ +N bd | -N bd ]

``prev.``/``next.`` evaluate BASE in the month before/after the contract month.
BASE is one of

``weekday(N, DAY)``        the N-th DAY (MON..SUN) of the month
``last_bd(N)``             the N-th last business day of the month (1 = the last)
``bd_before(D, N, M)``     N business days before calendar day D of the month, or M
                           business days before it when day D is not a business day
``vx()``                   the Wednesday 30 days before the 3rd Friday of the next month
                           (Cboe VX final settlement, with Cboe's holiday adjustments)

``-N bd``/``+N bd`` count N business days strictly before/after the BASE date. Without
an offset a BASE date that is not a business day moves to the business day before it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from runner.contracts.calendar import BusinessDays

WEEKDAYS = {"MON": 0, "TUE": 1, "WED": 2, "THU": 3, "FRI": 4, "SAT": 5, "SUN": 6}
_RULE = re.compile(
    r"^\s*(?:(?P<shift>prev|next)\.)?(?P<base>[a-z_]+)\((?P<args>[^)]*)\)"
    r"\s*(?:(?P<sign>[+-])\s*(?P<n>\d+)\s*bd)?\s*$"
)
_ARITY = {"weekday": 2, "last_bd": 1, "bd_before": 3, "vx": 0}


def add_months(year: int, month: int, k: int) -> tuple[int, int]:
    m = year * 12 + (month - 1) + k
    return m // 12, m % 12 + 1


def nth_weekday(year: int, month: int, n: int, weekday: int) -> date:
    first = date(year, month, 1)
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))


@dataclass(frozen=True, slots=True)
class DateRule:
    """A parsed rule; :meth:`resolve` gives the date for one contract month."""

    text: str
    month_shift: int
    base: str
    args: tuple[int, ...]
    offset: int

    def resolve(self, year: int, month: int, bd: BusinessDays) -> date:
        y, m = add_months(year, month, self.month_shift)
        if self.base == "weekday":
            d = nth_weekday(y, m, self.args[0], self.args[1])
        elif self.base == "last_bd":
            d = bd.nth_last_of_month(y, m, self.args[0])
        elif self.base == "bd_before":
            day = date(y, m, self.args[0])
            d = bd.before(day, self.args[1] if bd.is_business_day(day) else self.args[2])
        else:
            d = _vx_settlement(y, m, bd)
        if self.offset < 0:
            return bd.before(d, -self.offset)
        if self.offset > 0:
            return bd.after(d, self.offset)
        return bd.on_or_before(d)


def _vx_settlement(year: int, month: int, bd: BusinessDays) -> date:
    ny, nm = add_months(year, month, 1)
    friday = nth_weekday(ny, nm, 3, WEEKDAYS["FRI"])
    if not bd.is_business_day(friday):
        friday = bd.before(friday, 1)
    return friday - timedelta(days=30)


def parse_rule(text: str) -> DateRule:
    """Parse a rule, raising ValueError that quotes it and says what is wrong."""
    m = _RULE.match(text)
    if not m:
        raise ValueError(
            f"cannot read date rule {text!r}; expected e.g. 'weekday(3, FRI)', "
            "'last_bd(3)', 'prev.bd_before(25, 3, 4) - 1 bd' or 'vx()'"
        )
    base = m.group("base")
    if base not in _ARITY:
        raise ValueError(f"unknown date rule {base!r} in {text!r}; known: {', '.join(_ARITY)}")
    raw = [a.strip() for a in m.group("args").split(",") if a.strip()]
    if len(raw) != _ARITY[base]:
        raise ValueError(f"{base}() takes {_ARITY[base]} arguments in {text!r}")
    args: list[int] = []
    for i, a in enumerate(raw):
        if base == "weekday" and i == 1:
            if a.upper() not in WEEKDAYS:
                raise ValueError(f"{a!r} is not a weekday (MON..SUN) in {text!r}")
            args.append(WEEKDAYS[a.upper()])
        elif a.isdigit() and int(a) > 0:
            args.append(int(a))
        else:
            raise ValueError(f"{a!r} must be a positive whole number in {text!r}")
    if base == "weekday" and args[0] > 5:
        raise ValueError(f"a month has at most 5 of a weekday, not {args[0]}, in {text!r}")
    if base == "bd_before" and args[0] > 28:
        raise ValueError(f"day {args[0]} does not exist in every month, in {text!r}")
    shift = {"prev": -1, "next": 1}.get(m.group("shift") or "", 0)
    n = int(m.group("n") or 0)
    offset = -n if m.group("sign") == "-" else n
    return DateRule(text, shift, base, tuple(args), offset)
