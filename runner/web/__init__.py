"""The web dashboard and operator API of a running runner (the ``web`` extra).

:mod:`~runner.web.access` checks the address, token and certificate; :mod:`~runner.web.app`
is the Starlette app; :mod:`~runner.web.server` serves it in the runner's event loop;
:mod:`~runner.web.client` is how the operator commands reach it. The page itself is plain
HTML, CSS and JavaScript under ``static/``: nothing to build.
"""
