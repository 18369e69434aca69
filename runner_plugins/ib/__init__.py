"""Interactive Brokers through ib_async: everything of the venue in one folder.

``config`` (the connection profile and the plugins' parameters), ``client`` (the one
connection per host, port and client id that a feed and a broker share), ``catalog`` and
``contracts`` (IB's names for runner's products and symbols), ``data`` (the ``ib`` feed)
and ``execution`` (the ``ib`` broker). The local TWS API server that the real ib_async
client is tested against is ``runner_sims.ib`` (``runner sim ib``).

The feed and the broker need the ``ib`` extra; without it they are not registered. The
connection profile needs nothing beyond the core.
"""

from runner.api import hookimpl, optional


@hookimpl
def register_feeds() -> list:
    feed = optional("feed", "ib", "runner_plugins.ib.data:IBFeed", "ib")
    return [feed] if feed is not None else []


@hookimpl
def register_brokers() -> list:
    broker = optional("broker", "ib", "runner_plugins.ib.execution:IBBroker", "ib")
    return [broker] if broker is not None else []


@hookimpl
def register_connection_profiles() -> list:
    from runner_plugins.ib.config import IBProfile

    return [IBProfile]
