"""Misbehaviour the local server shows on demand, on the connections it holds: cut lines,
forced logouts, frames no client can parse, template ids nobody knows.

Tests and ``runner sim rithmic`` (its fault timers) call these on the server; the faults
that change how requests are answered (delays, swallowed requests, rejected orders) are the
``Faults`` settings the request handlers read.
"""

from __future__ import annotations

from runner_plugins.rithmic.protocol.templates import new
from runner_sims.rithmic.session import Faults, Session


class FaultControls:
    """The fault methods of :class:`RithmicServer`, over the sessions it holds."""

    sessions: set[Session]
    faults: Faults
    disconnects: int  # logged-in connections the server cut (drops, restarts)

    def _plant_sessions(self, plant: str) -> list[Session]:
        return [s for s in self.sessions if s.plant == plant and s.logged_in]

    def logged_in(self, plant: str) -> int:
        return len(self._plant_sessions(plant))

    def drop(self, plant: str) -> int:
        """Cut every connection of a plant as a network failure would."""
        sessions = self._plant_sessions(plant)
        for s in sessions:
            s.logged_in = False
            s.ws.transport.abort()
        self.disconnects += len(sessions)
        return len(sessions)

    def drop_after_next_order(self, count: int = 1) -> None:
        """Fault: each of the next ``count`` new orders (or brackets) is booked and works at
        the exchange, but the order plant is cut before the client hears of it: the answer,
        the acknowledgement and any fill are for the client to recover after reconnecting."""
        self.faults.drop_after_orders += count

    async def forced_logout(self, plant: str) -> None:
        for s in self._plant_sessions(plant):
            await s.send(new("ForcedLogout"))
            await s.ws.close()

    async def send_malformed(self, plant: str) -> None:
        for s in self._plant_sessions(plant):
            await s.send(b"\x00\x00\x00\x09\x01\x02")  # length prefix disagrees
            await s.send(b"\x00\x00\x00\x03\xff\xff\xff")  # not protobuf

    async def send_unknown(self, plant: str, template_id: int = 987_654) -> None:
        msg = new("Reject", rp_code=["0"])
        msg.template_id = template_id
        for s in self._plant_sessions(plant):
            await s.send(msg)
