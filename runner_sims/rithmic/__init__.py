"""A local R|Protocol server over TLS WebSockets (``runner sim rithmic``).

``server`` (connections, plants, login, requests), ``desk`` (orders, fills, positions),
``market`` (bar replay as trades and bars) and ``certs`` (its TLS certificates);
``simcli`` runs it from the command line.
"""
