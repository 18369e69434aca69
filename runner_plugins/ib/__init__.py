"""Interactive Brokers: the ``ib`` broker plugin, the connection it shares with the ``ib``
feed, and a local TWS API server that the real ib_async client can be tested against."""
