"""The runner's side services: the metrics endpoint and the notifications.

Started before the bots are built (a port already taken or a credential that does not
resolve refuses the start at once) and stopped after the shutdown, so the fills and the
``stopped`` of the shutdown are still notified. None of them is on a bot's path.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING

from runner.errors import SecretError
from runner.runtime.options import StartError
from runner.telemetry.looplag import LoopLag

if TYPE_CHECKING:
    from runner.runtime.daily_report import DailyReporter
    from runner.runtime.notify import NotificationService
    from runner.runtime.runtime import Runtime
    from runner.telemetry.prometheus import MetricsServer


class Services:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.metrics: MetricsServer | None = None
        self.reporter: DailyReporter | None = None
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self.on_listening: Callable[[str], None] | None = None
        """Told the metrics URL once the port is open (``runner start`` prints it)."""

    def notifications(self) -> NotificationService | None:
        """The service of the project's notifications.yaml, built and listening, or None."""
        from runner.runtime.notify import NotificationService, secrets_of

        rt = self.runtime
        config = rt.project.notifications
        if config is None or not config.notifiers:
            return None
        try:
            service = NotificationService(
                config, rt.emit, rt.now, rt.project.credentials_path or None
            )
        except SecretError as exc:
            raise StartError(f"{config.file}: {exc}") from None
        except Exception as exc:  # a notifier plugin that cannot be built
            raise StartError(
                f"{config.file}: a notifier could not be set up: {type(exc).__name__}: {exc}"
            ) from None
        for notifier in service.notifiers.values():  # masked in every log line, as a venue's
            for secret in secrets_of(notifier.params):
                rt.redactor.add(secret)
        rt.emit.sinks.append(service)
        return service

    async def start(self) -> None:
        try:
            await self._start()
        except BaseException:
            await self.stop()
            raise

    async def _start(self) -> None:
        rt = self.runtime
        lag: LoopLag = rt.telemetry.lag
        self._tasks.append(asyncio.create_task(lag.run(self._stop)))
        if rt.opts.metrics is not None:
            from runner.telemetry.prometheus import MetricsServer, metrics_registry

            host, port = rt.opts.metrics
            self.metrics = MetricsServer(metrics_registry(rt), host, port)
            try:
                await self.metrics.start()
            except OSError as exc:
                raise StartError(f"--metrics {host}:{port}: cannot listen: {exc}") from None
            if self.on_listening is not None:
                shown = f"[{host}]" if ":" in host else host
                self.on_listening(f"http://{shown}:{self.metrics.port}/metrics")
        service = rt.notifications = self.notifications()
        if service is not None:
            service.start()
            self._start_reporter(service)

    def _start_reporter(self, service: NotificationService) -> None:
        from runner.runtime.daily_report import DailyReporter, DailySchedule, snapshot

        rt = self.runtime
        config = service.config
        report = config.daily_report
        if report is None:
            return
        schedule = DailySchedule(report, config.timezone, rt.clock)

        def take() -> list:
            runners = [s.runner for s in rt.supervisor.slots.values()]
            return snapshot(runners, rt.session_curves())

        self.reporter = DailyReporter(
            schedule, take, lambda m: service.post(m, list(report.to)), service.failed
        )
        self._tasks.append(asyncio.create_task(self.reporter.run(self._stop)))

    async def stop(self) -> None:
        self._stop.set()
        for task in self._tasks:  # the lag probe may be mid-sleep: not waited for
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        if self.runtime.notifications is not None:
            await self.runtime.notifications.stop()
        if self.metrics is not None:
            await self.metrics.close()
