"""Interactive Brokers through ib_async: everything of the venue in one folder.

``config`` (the connection profile and the plugins' parameters), ``client`` (the one
connection per host, port and client id that a feed and a broker share), ``catalog`` and
``contracts`` (IB's names for runner's products and symbols), ``data`` (the ``ib`` feed)
and ``execution`` (the ``ib`` broker). The local TWS API server that the real ib_async
client is tested against is ``runner_sims.ib`` (``runner sim ib``).

The feed and the broker need the ``ib`` extra: they are imported when a bot uses them, and
without the extra they are not registered. The connection profile needs nothing beyond
the core.
"""

from runner.api import hookimpl, optional


@hookimpl
def register_feeds() -> list:
    return [optional("feed", "ib", "runner_plugins.ib.data:IBFeed", "ib")]


@hookimpl
def register_brokers() -> list:
    return [optional("broker", "ib", "runner_plugins.ib.execution:IBBroker", "ib")]


@hookimpl
def register_connection_profiles() -> list:
    from runner_plugins.ib.config import IBProfile

    return [IBProfile]
