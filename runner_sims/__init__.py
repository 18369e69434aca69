"""Local protocol servers that speak a venue's API: R|Protocol (``rithmic``) and the TWS
socket API (``ib``), started with ``runner sim rithmic|ib``.

They serve tests, examples and demos, and any conforming client, without an account at
the venue. They are kept out of the production plugins: ``runner_plugins`` never imports
this package, while a server may use its venue's protocol modules from there (the
``.proto`` messages, IB's catalog) and the paper matching engine to fill orders.
"""
