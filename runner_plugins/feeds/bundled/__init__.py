"""Sample market data shipped with runner: real bars where a free source exists, generated
bars (labelled as such in SOURCES.md) for the products that have none.

Files are named by product root (GC.csv.gz) so that any contract month of a product finds
them; SOURCES.md names the origin and license of each file.
"""

from __future__ import annotations

from pathlib import Path

from runner_plugins.feeds.symbols import find_file

DATA_DIR: Path = Path(__file__).resolve().parent


def path_for(root_or_symbol: str) -> Path | None:
    """The bundled file of a root or symbol (GC, GCZ3, GCZ13 -> GC.csv.gz), or None."""
    return find_file(DATA_DIR, root_or_symbol)
