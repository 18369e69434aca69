"""Numbers in the words a bot or plugin shows a trader: at the instrument's tick, without
binary noise, and comparisons that read the way they were decided.

A float such as ``6.300000000000182`` is what binary arithmetic leaves of 6.3; printed as
is it looks like a bug, and ``|z| 0.50 < 0.5`` (0.4996 shown rounded) reads as a lie.
"""

from __future__ import annotations

__all__ = ["against", "at_tick", "figure", "tick_decimals"]


def tick_decimals(tick: float) -> int:
    """Decimals a price on this tick needs: 0.25 -> 2, 0.1 -> 1, 1 -> 0, 0.0000005 -> 7."""
    if not tick > 0:
        return 2
    return len(f"{tick:.10f}".rstrip("0").partition(".")[2])


def at_tick(value: float, tick: float) -> str:
    """A price or a price distance with its instrument's decimals (``1.9`` for GC)."""
    return f"{value:.{tick_decimals(tick)}f}"


def figure(value: float) -> str:
    """Any other number, with ten significant digits at most: ``6.3``, ``0.25``, ``1e-07``."""
    return f"{value:.10g}"


def against(value: float, bound: float, decimals: int = 2) -> str:
    """``value`` with the fewest decimals (``decimals`` at least) at which, read back, it
    compares with ``bound`` as the value itself does: a z-score of 0.4996 that passed
    ``< 0.5`` prints ``0.4996``, never ``0.50``."""
    want = (value > bound) - (value < bound)
    for d in range(decimals, 13):
        text = f"{value:.{d}f}"
        shown = float(text)
        if (shown > bound) - (shown < bound) == want:
            return text
    return repr(value)
