"""Built-in feeds."""

from runner_plugins.feeds.replay import ReplayFeed

from runner.hookspecs import hookimpl


@hookimpl
def register_feeds() -> list:
    return [ReplayFeed]
