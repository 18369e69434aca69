"""The base class of a broker that routes orders to a venue, and the rules it keeps.

The core trusts every broker to behave the same way; these rules are what lets one order
manager drive a paper account, a test system and production alike:

1. **Submit is synchronous.** ``submit``, ``submit_bracket``, ``submit_many``, ``cancel`` and
   ``modify`` record what was asked, start a task (:meth:`LiveBroker.spawn`) and return at
   once; every outcome arrives later as an event in ``sink``. A client id already sent is
   never sent again, whatever the caller retries.
2. **Echo the client id.** ``Order.client_id`` travels with the order in the field the venue
   keeps with it through reconnects and restarts (a user tag, an order reference), and every
   ``OrderUpdate`` and ``Fill`` carries it back; orders are matched by it first, by the
   venue's own ids second.
3. **A fill before FILLED.** The ``Fill`` of an execution is emitted before the
   ``PARTIALLY_FILLED`` or ``FILLED`` update it causes, so a position has changed by the time
   an order is reported done.
4. **Deduplicate executions.** Venues repeat executions after a reconnect; each one is
   emitted once per process (:meth:`LiveBroker.first_execution`), and every ``Fill`` carries
   ``session`` (:attr:`LiveBroker.fill_session`: the account at the venue whose execution
   ids it keeps apart), so ``Fill.key`` cannot collide across venues or accounts.
5. **Snapshot and restore.** ``snapshot()`` reconciles and then says what the venue holds
   (working orders, fills, positions); ``restore()`` takes back the working orders of an
   earlier run, so their events are recognised as ours.

Connection state goes to the core through ``report`` (see ``Broker.report``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from runner.api.base import P
from runner.api.broker import Broker
from runner.model import BrokerEvent, Fill

__all__ = ["LiveBroker"]


class LiveBroker(Broker[P]):
    """A broker at a venue: keeps the rules in this module's docstring.

    A subclass sets :attr:`fill_session` once it knows the account (at connect), calls
    :meth:`emit` for every event, :meth:`spawn` for every request it sends, and
    :meth:`first_execution` before it turns an execution into a ``Fill``.
    """

    def __init__(self, params: P, connection: Any = None) -> None:
        super().__init__(params, connection)
        self.fill_session = ""
        """Stamped on every ``Fill``: the venue and account whose execution ids are unique."""
        self._tasks: set[asyncio.Task[Any]] = set()
        self._executions: set[str] = set()
        self._log = logging.getLogger(type(self).__module__)

    # -- rule 1: submit, then a task ----------------------------------------------------------

    def spawn(self, coro: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run one request in the background; a failure is logged, never lost silently."""
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[Any]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            self._log.error("%s order task failed", self.name, exc_info=task.exception())

    async def cancel_tasks(self) -> None:
        """Stop the requests still running (at close)."""
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)

    # -- rules 2 to 4: what goes into the sink ------------------------------------------------

    def first_execution(self, execution_id: str) -> bool:
        """True the first time the venue reports this execution; False for a repeat."""
        if execution_id in self._executions:
            return False
        self._executions.add(execution_id)
        return True

    def seen_execution(self, execution_id: str) -> bool:
        return execution_id in self._executions

    def emit(self, event: BrokerEvent) -> None:
        """Hand an order update or a fill to the core; a fill gets this broker's session."""
        if isinstance(event, Fill) and not event.session:
            event.session = self.fill_session
        self.sink(event)
