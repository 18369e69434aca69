"""Rithmic R|Protocol: protobuf messages over TLS WebSockets, one connection per plant.

Everything of the venue lives here: ``config`` (the connection profile, the plugins'
parameters and the settings of one login), ``client`` (the asyncio plant client),
``data`` (the ``rithmic`` feed) with ``watchdog`` (its stale-market check), ``execution``
(the ``rithmic`` broker) with ``orders`` (its order tracking), and ``protocol`` (the
``.proto`` sources, the generated modules, template ids and framing; PROTOCOL.md sums up
the protocol as this package speaks it). The local R|Protocol server that tests, examples
and ``runner sim rithmic`` use is ``runner_sims.rithmic``, outside the production plugins.

The feed and the broker need the ``rithmic`` extra; without it they are not registered,
and a bot that asks for one is told what to install. The connection profile needs nothing
beyond the core, so connections.yaml validates the same with or without the extra.
"""

from runner.api import hookimpl, optional


@hookimpl
def register_feeds() -> list:
    return [optional("feed", "rithmic", "runner_plugins.rithmic.data:RithmicFeed", "rithmic")]


@hookimpl
def register_brokers() -> list:
    return [
        optional("broker", "rithmic", "runner_plugins.rithmic.execution:RithmicBroker", "rithmic")
    ]


@hookimpl
def register_connection_profiles() -> list:
    from runner_plugins.rithmic.config import RithmicProfile

    return [RithmicProfile]
