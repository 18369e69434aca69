"""From a symbol a bot trades (GCZ3) to the data file that holds its bars (GC.csv.gz).

Data files are named by root because one replay file serves every month of a product: a
bot written for GCZ3 and one written for GCZ13 read the same bars.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from runner.api.contracts import parse_symbol

# Only the root is wanted: any reference day will do, and none reads the clock.
_ANY_DAY = date(2000, 1, 1)

SUFFIXES: tuple[str, ...] = (".csv", ".csv.gz", ".parquet")


def root_of(symbol: str) -> str:
    """The product root of a futures symbol; any other symbol is its own root.

    GCZ3 -> GC, 6EZ3 -> 6E, MCLX3 -> MCL, ESZ13 -> ES, USO -> USO, VIX -> VIX. The grammar
    is the contract table's (``runner.api.contracts.parse_symbol``).
    """
    sym = symbol.strip().upper()
    try:
        return parse_symbol(sym, _ANY_DAY)[0]
    except ValueError:
        return sym


def candidate_names(symbol: str) -> list[str]:
    """File names tried for a symbol, in order: the exact symbol first, then its root."""
    given = symbol.strip()
    stems = list(dict.fromkeys([given, given.upper(), root_of(given)]))
    return [stem + suffix for stem in stems for suffix in SUFFIXES]


def find_file(directory: Path, symbol: str) -> Path | None:
    """The first existing data file of ``symbol`` in ``directory``, or None."""
    for name in candidate_names(symbol):
        path = directory / name
        if path.is_file():
            return path
    return None
