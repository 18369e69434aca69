"""Built-in brokers. Rithmic and IB need their extras; without them they are not registered."""

from runner.api import hookimpl, optional


@hookimpl
def register_brokers() -> list:
    from runner_plugins.brokers.paper import PaperBroker

    extra = (
        optional(
            "broker", "rithmic", "runner_plugins.brokers.rithmic.broker:RithmicBroker", "rithmic"
        ),
        optional("broker", "ib", "runner_plugins.brokers.ib.broker:IBBroker", "ib"),
    )
    return [PaperBroker, *(cls for cls in extra if cls is not None)]
