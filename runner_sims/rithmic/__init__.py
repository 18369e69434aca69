"""A local R|Protocol server over TLS WebSockets (``runner sim rithmic``).

``server`` (the server: set-up, lifecycle, faults), ``session`` (one connection's state),
``connection`` (frames, login, heartbeats, answering), ``dispatch`` (template -> handler),
one module per plant's requests (``reference``, ``marketdata``, ``account``, ``orders``,
``pnl``), ``desk`` (orders, fills, positions), ``market`` (bar replay as trades and bars)
and ``certs`` (its TLS certificates); ``simcli`` runs it from the command line.
"""
