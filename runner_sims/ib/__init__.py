"""A local TWS API server that the real ib_async client is tested against
(``runner sim ib``).

``wire`` (the socket framing), ``messages`` (message layouts), ``records`` (accounts,
orders, executions), ``orders`` (the order book, filled by the paper matching engine),
``market`` (bar replay as ticks) and ``server`` (connections and requests); ``simcli``
runs it from the command line.
"""
