"""Built-in feeds. Rithmic and IB need their extras; without them they are not registered."""

from runner.api import hookimpl, optional
from runner_plugins.feeds.replay import ReplayFeed


@hookimpl
def register_feeds() -> list:
    extra = (
        optional("feed", "rithmic", "runner_plugins.feeds.rithmic:RithmicFeed", "rithmic"),
        optional("feed", "ib", "runner_plugins.feeds.ib:IBFeed", "ib"),
    )
    return [ReplayFeed, *(cls for cls in extra if cls is not None)]
