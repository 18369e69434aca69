"""The errors of talking to Rithmic: each one line for the user, never a traceback.

Kept apart from the client so the configuration (which raises some of them) loads without
the ``rithmic`` extra.
"""

from __future__ import annotations

from collections.abc import Iterable

from runner.api import RunnerError


class RithmicError(RunnerError):
    """Base of every error this client raises on purpose: one line for the user, no traceback."""


class RithmicTLSError(RithmicError):
    """The server's certificate could not be verified, or the CA file is unusable."""


class RithmicConnectError(RithmicError):
    """The server could not be reached or did not speak WebSocket."""


class RithmicLoginError(RithmicError):
    pass


class RithmicRequestError(RithmicError):
    """A response carried an rp_code other than success."""

    def __init__(self, request: str, rp_code: Iterable[str]) -> None:
        self.rp_code = list(rp_code)
        text = " ".join(self.rp_code[1:]) or "no text"
        super().__init__(f"{request} failed with code {self.rp_code[:1]}: {text}")


class RithmicTimeout(RithmicError):
    pass


class ConnectionLost(RithmicError):
    """The plant's connection dropped while a request was waiting for its response."""
