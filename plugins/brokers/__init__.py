"""Built-in brokers."""

from runner.hookspecs import hookimpl


@hookimpl
def register_brokers() -> list:
    from runner_plugins.brokers.ib.broker import IBBroker
    from runner_plugins.brokers.paper import PaperBroker
    from runner_plugins.brokers.rithmic.broker import RithmicBroker

    return [PaperBroker, RithmicBroker, IBBroker]
