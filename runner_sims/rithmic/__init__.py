"""A local R|Protocol server over TLS WebSockets (``runner sim rithmic``).

``server`` (set-up, lifecycle), ``faults`` (misbehaviour on demand), ``session`` (one
connection's state), ``connection`` (frames, login, heartbeats, refusals), ``dispatch``
(template -> handler), one module per group of requests (ticker: ``reference``,
``symbols``, ``depth``, ``marketdata``; order: ``account``, ``orders``, ``oco``,
``brackets``, ``history``; ``pnl``; repository: ``agreements``), ``desk`` (orders and
fills), ``notes`` (its order and exchange notifications), ``positions`` (positions and PnL
messages), ``state`` (the account on disk), ``market`` (bar replay as trades and bars) and
``certs`` (its TLS certificates); ``simcli`` runs it from the command line. README.md lists
every template and its status.
"""
