"""What a row of market data must satisfy before a bot may trade on it.

A wrong price does not look wrong to a strategy: a zero, a x100 spike or a row sorted
into place without a word all produce trades. So every rule here either refuses the file
with ``file: row N: field: message`` or, for what can be genuine (a large move), returns
a warning the command shows. Each check is one vectorized pass over the columns.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from runner.api import RunnerError
from runner.api.lazy import lazy_import

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
else:  # imported when bars are checked, not when the feed is listed or validated
    np = lazy_import("numpy")
    pd = lazy_import("pandas")

JumpAction = Literal["warn", "error"]
DEFAULT_JUMP_MULTIPLE = 2.0
"""A price more than twice or less than half the previous close: no market moves like that
between two bars, a misplaced decimal point or a unit change does."""


class FeedDataError(RunnerError, ValueError):
    """A data file cannot be used; the message says which file, where, and why."""


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """What the feed states about its files; hashable, so it is part of the cache key."""

    timezone: str | None = None
    """Zone of timestamps written without an offset; None: such timestamps are an error."""
    date_format: str | None = None
    """strftime layout of the timestamps (``%d/%m/%Y %H:%M``); None: ISO 8601, or another
    layout that cannot be read two ways."""
    sort: bool = False
    """Rows out of time order are put in order (True) or refused (False)."""
    jump_multiple: float = DEFAULT_JUMP_MULTIPLE
    on_jump: JumpAction = "warn"


def where(path: Path, row: int, field: str) -> str:
    """``file: row N: field`` where N is the row as the file's reader counts it (see rows)."""
    return f"{path}: row {row}: {field}"


def stamp(ns: int) -> str:
    return str(pd.Timestamp(int(ns), tz="UTC"))


def positive_prices(path: Path, rows: np.ndarray, columns: dict[str, np.ndarray]) -> None:
    """Prices are finite and above zero (the caller has refused non-numbers already)."""
    for name, values in columns.items():
        bad = ~(values > 0)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise FeedDataError(
                f"{where(path, int(rows[i]), name)}: price {float(values[i])!r} is not above zero"
            )


def ohlc_consistent(
    path: Path,
    rows: np.ndarray,
    o: np.ndarray,
    h: np.ndarray,
    lo: np.ndarray,
    c: np.ndarray,
) -> None:
    """high >= low, and open and close inside [low, high]."""
    checks = (
        (lo > h, "high", "high {h} is below low {lo}"),
        ((o > h) | (o < lo), "open", "open {o} is outside [low {lo}, high {h}]"),
        ((c > h) | (c < lo), "close", "close {c} is outside [low {lo}, high {h}]"),
    )
    for bad, field, text in checks:
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            message = text.format(o=float(o[i]), h=float(h[i]), lo=float(lo[i]), c=float(c[i]))
            raise FeedDataError(f"{where(path, int(rows[i]), field)}: {message}")


def time_order(
    path: Path,
    rows: np.ndarray,
    ts: np.ndarray,
    field: str,
    *,
    sort: bool,
    unique: bool,
) -> np.ndarray | None:
    """A stable sort permutation when ``sort`` allows it, None when already in order.

    Out-of-order rows are refused unless the feed states ``sort: true``: a file whose rows
    were shuffled or pasted twice is more often broken than merely unsorted. ``unique``:
    two rows at one instant are an error (bars; trades may share a timestamp).
    """
    perm: np.ndarray | None = None
    if len(ts) > 1:
        back = np.flatnonzero(np.diff(ts) < 0)
        if len(back):
            if not sort:
                i = int(back[0]) + 1
                raise FeedDataError(
                    f"{where(path, int(rows[i]), field)}: {stamp(ts[i])} comes before the row "
                    f"above it ({stamp(ts[i - 1])}); put the rows in time order or state "
                    "sort: true in the feed settings"
                )
            perm = np.argsort(ts, kind="stable")
    if unique and len(ts) > 1:
        ordered = ts if perm is None else ts[perm]
        dup = np.flatnonzero(np.diff(ordered) == 0)
        if len(dup):
            k = int(dup[0]) + 1
            row = int(rows[k] if perm is None else rows[perm[k]])
            twin = int(rows[k - 1] if perm is None else rows[perm[k - 1]])
            raise FeedDataError(
                f"{where(path, row, field)}: two bars start at {stamp(ordered[k])} "
                f"(rows {twin} and {row})"
            )
    return perm


Comparison = tuple[str, "np.ndarray", "np.ndarray", str]
"""(column, prices, reference prices, what the reference is) of a jump check."""


Jump = tuple[int, str, float, float, str]
"""(position, column, price, reference, what the reference is) of the first jump."""


def jump_scan(comparisons: list[Comparison], multiple: float) -> tuple[int, Jump | None]:
    """How many rows jump, and the first jump (see :func:`jumps`)."""
    flagged: np.ndarray | None = None
    first: Jump | None = None
    for name, values, reference, label in comparisons:
        with np.errstate(invalid="ignore", divide="ignore"):
            ratio = np.maximum(values / reference, reference / values)
        bad = ratio > multiple
        del ratio
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            if first is None or i < first[0]:
                first = (i, name, float(values[i]), float(reference[i]), label)
            flagged = bad if flagged is None else flagged | bad
    return (0 if flagged is None else int(flagged.sum())), first


def jump_report(
    path: Path, row: int, count: int, first: Jump, *, multiple: float, action: JumpAction
) -> list[str]:
    """The warning of ``count`` jumping rows, the first at file row ``row``; with
    ``action == "error"`` the error of the first instead."""
    _, name, value, ref, label = first
    detail = f"{name} {value!r} against {label} {ref!r} (more than {multiple:g}x apart)"
    if action == "error":
        raise FeedDataError(
            f"{where(path, row, name)}: price jump: {detail}; if the data is right, "
            "raise jump_multiple or state on_jump: warn"
        )
    return [
        f"{path}: {count} row(s) with a price jump of more than {multiple:g}x, first at row "
        f"{row}: {detail}"
    ]


def jumps(
    path: Path,
    rows: np.ndarray,
    comparisons: list[Comparison],
    *,
    multiple: float,
    action: JumpAction,
) -> list[str]:
    """Prices more than ``multiple`` times (or less than 1/multiple of) their reference: the
    previous close for an open, the bar's own open and close for its high and low (so a
    spike in the first row is seen too). A NaN reference (the first row) compares nothing.

    Returns the warnings; with ``action == "error"`` the first jump is an error instead.
    """
    if not len(rows):
        return []
    count, first = jump_scan(comparisons, multiple)
    if first is None:
        return []
    return jump_report(path, int(rows[first[0]]), count, first, multiple=multiple, action=action)


class Carried:
    """The checks between rows (order, twins, price jumps) of a file read a block at a
    time, with the last row of each block carried into the next: the same messages as
    :func:`time_order` and :func:`jumps` over the whole file, without holding it.

    ``prices`` names the column whose previous value an opening price is held against
    (``close`` for bars, ``price`` for trades). Not for ``sort``: sorting needs every row.
    """

    __slots__ = ("_count", "_first", "_last", "field", "opts", "path", "unique")

    def __init__(self, path: Path, field: str, opts: ReadOptions, *, unique: bool) -> None:
        self.path = path
        self.field = field
        self.opts = opts
        self.unique = unique
        self._last: tuple[int, int, float] | None = None  # ts, row, last price
        self._count = 0
        self._first: tuple[int, Jump] | None = None  # file row, jump

    def mark(self) -> tuple[object, ...]:
        """Where the checks stand, to go back to (a block read again with the one before)."""
        return (self._last, self._count, self._first)

    def back(self, mark: tuple[object, ...]) -> None:
        self._last, self._count, self._first = mark  # type: ignore[assignment]

    def order(self, ts: np.ndarray, rows: np.ndarray) -> None:
        if self._last is not None:
            ts, rows = np.r_[self._last[0], ts], np.r_[self._last[1], rows]
        time_order(self.path, rows, ts, self.field, sort=False, unique=self.unique)

    def bars(
        self,
        ts: np.ndarray,
        rows: np.ndarray,
        o: np.ndarray,
        h: np.ndarray,
        lo: np.ndarray,
        c: np.ndarray,
    ) -> None:
        if not len(ts):
            return
        self.order(ts, rows)
        before = np.r_[np.nan if self._last is None else self._last[2], c[:-1]]
        self._jumps(
            rows,
            [
                ("open", o, before, "the previous close"),
                ("close", c, o, "the open"),
                ("high", h, np.maximum(o, c), "the bar's open/close"),
                ("low", lo, np.minimum(o, c), "the bar's open/close"),
            ],
        )
        self._last = (int(ts[-1]), int(rows[-1]), float(c[-1]))

    def trades(self, ts: np.ndarray, rows: np.ndarray, price: np.ndarray) -> None:
        if not len(ts):
            return
        self.order(ts, rows)
        before = np.r_[np.nan if self._last is None else self._last[2], price[:-1]]
        self._jumps(rows, [("price", price, before, "the previous price")])
        self._last = (int(ts[-1]), int(rows[-1]), float(price[-1]))

    def _jumps(self, rows: np.ndarray, comparisons: list[Comparison]) -> None:
        count, first = jump_scan(comparisons, self.opts.jump_multiple)
        if first is None:
            return
        self._count += count
        if self._first is None:
            self._first = (int(rows[first[0]]), first)
            if self.opts.on_jump == "error":
                self.warnings()

    def warnings(self) -> list[str]:
        """The jump warning of the whole file (or the error of its first jump)."""
        if self._first is None:
            return []
        row, first = self._first
        o = self.opts
        return jump_report(
            self.path, row, self._count, first, multiple=o.jump_multiple, action=o.on_jump
        )
