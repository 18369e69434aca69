"""The replay feed (bars from files on disk, CSV or Parquet, and the bundled sample data)
and the catalog feed (the local Parquet catalog that ``runner data`` fills).

Live feeds belong to their venue's folder (``runner_plugins.rithmic``,
``runner_plugins.ib``).
"""

from runner.api import hookimpl
from runner_plugins.feeds.catalog import CatalogFeed
from runner_plugins.feeds.replay import ReplayFeed


@hookimpl
def register_feeds() -> list:
    return [ReplayFeed, CatalogFeed]


@hookimpl
def register_connection_profiles() -> list:
    from runner_plugins.feeds.config import ReplayProfile

    return [ReplayProfile]
