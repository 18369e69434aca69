"""The replay feed (bars from files on disk, CSV or Parquet, and the bundled sample data)
and the catalog feed (the local Parquet catalog that ``runner data`` fills).

Live feeds belong to their venue's folder (``runner_plugins.rithmic``,
``runner_plugins.ib``). The feeds are registered by name: a module (and numpy, pandas
and pyarrow with it) is imported when a bot uses it.
"""

from runner.api import hookimpl
from runner.api.registry import deferred, lazy_exports

REFS = (
    deferred("feed", "replay", "runner_plugins.feeds.replay:ReplayFeed"),
    deferred("feed", "catalog", "runner_plugins.feeds.catalog:CatalogFeed"),
)

__getattr__ = lazy_exports(REFS, __name__)


@hookimpl
def register_feeds() -> list:
    return list(REFS)


@hookimpl
def register_connection_profiles() -> list:
    from runner_plugins.feeds.config import ReplayProfile

    return [ReplayProfile]
