"""Rithmic R|Protocol: protobuf messages over TLS WebSockets, one connection per plant.

``proto/`` holds our ``.proto`` sources and the generated modules, ``framing`` the wire
format, ``client`` the asyncio client, ``broker`` the broker plugin, ``server`` a local
R|Protocol server for tests, examples and demos (``runner sim rithmic``).
"""
