"""Built-in feeds."""

from runner_plugins.feeds.replay import ReplayFeed

from runner.hookspecs import hookimpl


@hookimpl
def register_feeds() -> list:
    from runner_plugins.feeds.ib import IBFeed
    from runner_plugins.feeds.rithmic import RithmicFeed

    return [ReplayFeed, RithmicFeed, IBFeed]
