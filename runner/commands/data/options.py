"""Options every ``runner data`` subcommand takes the same way."""

from __future__ import annotations

from pathlib import Path

from runner.catalog import Catalog, CatalogError
from runner.catalog.location import default_root
from runner.commands.common import fail

CATALOG_HELP = "Catalog folder (default: catalog/ in the project folder)."


def open_catalog(path: Path | None, *, must_exist: bool = True) -> Catalog:
    root = path if path is not None else default_root()
    if must_exist and not root.is_dir():
        fail(f"--catalog: {root} is not a folder (nothing fetched yet? see runner data fetch)")
    catalog = Catalog(root)
    try:
        catalog.manifest()  # a broken manifest is named now, not as a traceback later
    except CatalogError as exc:
        fail(str(exc))
    return catalog
