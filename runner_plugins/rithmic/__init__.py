"""Rithmic R|Protocol: protobuf messages over TLS WebSockets, one connection per plant.

``proto/`` holds our ``.proto`` sources and the generated modules (``templates`` maps
template ids to them), ``framing`` the wire format, ``client`` the asyncio plant client,
``broker`` the ``rithmic`` broker plugin with ``orders`` (its order tracking; the feed
plugin is ``runner_plugins.feeds.rithmic``),
``watchdog`` the stale-feed check. The local R|Protocol server used by tests, examples and
``runner sim rithmic`` is ``server`` (connections), ``desk`` (orders, fills, positions),
``market`` (bar replay) and ``certs`` (its TLS certificates). PROTOCOL.md sums up the
protocol as this package speaks it.
"""
