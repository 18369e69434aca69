"""The web API and page of a running runner (Starlette), served by :mod:`runner.web.server`.

Routes: ``/`` the page and ``/static/`` its files; under ``/api/``: ``snapshot``,
``stream`` (server-sent events: the run's events as they happen and a fresh snapshot at
most every quarter second after one, or each second), ``journal`` (the operator actions),
``bots/{bot}/pause|resume|flatten`` and ``flatten-all`` (the kill switch: the first call
arms it and answers 409 with a confirmation code, the second, with the code, acts), and
``login`` (the page trades the token for a cookie).

Every ``/api/`` route but ``login`` needs the token: ``Authorization: Bearer TOKEN`` (the
command line) or the cookie (the page). Actions are POSTs that also need the header
``X-Runner-Action``, which no other site's page can make a browser send.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from runner.runtime.operator import Caller, Operator, Outcome

COOKIE = "runner_token"
ACTION_HEADER = "x-runner-action"
OPERATOR_HEADER = "x-operator"
SNAPSHOT_EVERY = 1.0  # seconds between snapshots while nothing happens
SNAPSHOT_AFTER = 0.25  # seconds a snapshot waits after an event, to take in a burst

Handler = Callable[[Request], Awaitable[Response]]


def static_dir() -> str:
    return str(resources.files("runner.web") / "static")


class WebApi:
    def __init__(
        self, operator: Operator, token: str | None, monotonic: Callable[[], float]
    ) -> None:
        self.operator = operator
        self.token = token
        self.monotonic = monotonic
        self.registry: Any = None  # the Prometheus registry, built at the first scrape

    # ------------------------------------------------------------------ access
    def allowed(self, request: Request) -> bool:
        if self.token is None:
            return True
        given = request.cookies.get(COOKIE, "")
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            given = auth[7:].strip()
        return hmac.compare_digest(given.encode(), self.token.encode())

    def guarded(self, handler: Handler, action: bool = False) -> Handler:
        async def run(request: Request) -> Response:
            if not self.allowed(request):
                return JSONResponse(
                    {"error": "a token is needed: Authorization: Bearer TOKEN (see var/web-token)"},
                    status_code=401,
                )
            if action and not request.headers.get(ACTION_HEADER):
                return JSONResponse(
                    {"error": f"an action needs the header {ACTION_HEADER}"}, status_code=403
                )
            return await handler(request)

        return run

    async def metrics(self, request: Request) -> Response:
        """Prometheus' text format of the runtime, behind the same token as the rest of the
        API (a scraper sends it as ``authorization: Bearer``): equity and positions are no
        one else's business."""
        from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

        from runner.telemetry.prometheus import metrics_registry

        if self.registry is None:
            self.registry = metrics_registry(self.operator.runtime)
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)

    @staticmethod
    def caller(request: Request) -> Caller:
        who = request.headers.get(OPERATOR_HEADER, "").strip()[:80] or "browser"
        via = "cli" if request.headers.get(ACTION_HEADER) == "cli" else "web"
        origin = request.client.host if request.client else "?"
        return Caller(who, via, origin)

    # ------------------------------------------------------------------ pages
    async def index(self, request: Request) -> Response:
        return FileResponse(f"{static_dir()}/index.html", headers={"cache-control": "no-store"})

    async def login(self, request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            body = {}
        given = str(body.get("token", "")) if isinstance(body, dict) else ""
        if self.token is not None and not hmac.compare_digest(given.encode(), self.token.encode()):
            return JSONResponse({"error": "wrong token"}, status_code=401)
        response = JSONResponse({"ok": True})
        if self.token is not None:
            response.set_cookie(
                COOKIE,
                self.token,
                httponly=True,
                samesite="strict",
                secure=request.url.scheme == "https",
            )
        return response

    # ------------------------------------------------------------------ reads
    async def snapshot(self, request: Request) -> Response:
        return JSONResponse(self.operator.snapshot())

    async def journal(self, request: Request) -> Response:
        rows = [
            {
                "ts": e.ts,
                "who": e.who,
                "via": e.via,
                "origin": e.origin,
                "action": e.action,
                "bot": e.bot,
                "result": e.result,
                "ok": e.ok,
            }
            for e in self.operator.journal()
        ]
        return JSONResponse({"actions": rows})

    async def stream(self, request: Request) -> Response:
        return StreamingResponse(
            self._events(),
            media_type="text/event-stream",
            headers={"cache-control": "no-store", "x-accel-buffering": "no"},
        )

    async def _events(self) -> AsyncIterator[str]:
        operator = self.operator
        sub = operator.subscribe()
        clock = self.monotonic
        try:
            snap = operator.snapshot()
            since = snap["curve"][-1][0] if snap["curve"] else 0
            yield _message("snapshot", json.dumps(snap))
            last = clock()
            while not sub.closed:
                pause = SNAPSHOT_AFTER if sub.changed else SNAPSHOT_EVERY
                await sub.wait(max(0.0, last + pause - clock()))
                lines = sub.drain()
                if lines:
                    yield "".join(_message("event", line) for line in lines)
                if sub.dropped:
                    yield _message("dropped", str(sub.dropped))
                    sub.dropped = 0
                pause = SNAPSHOT_AFTER if sub.changed else SNAPSHOT_EVERY
                if clock() - last >= pause:
                    sub.changed = False
                    snap = operator.snapshot(since)
                    if snap["curve"]:
                        since = snap["curve"][-1][0]
                    yield _message("snapshot", json.dumps(snap))
                    last = clock()
            yield _message("closed", json.dumps({"reason": "the runner is stopping"}))
        finally:
            operator.unsubscribe(sub)

    # ------------------------------------------------------------------ actions
    async def bot_action(self, request: Request) -> Response:
        bot = request.path_params["bot"][:100]
        action = request.path_params["action"]
        do = {
            "pause": self.operator.pause,
            "resume": self.operator.resume,
            "flatten": self.operator.flatten,
        }.get(action)
        if do is None:
            return JSONResponse({"error": f"no action {action!r}"}, status_code=404)
        return _answer(do(bot, self.caller(request)))

    async def flatten_all(self, request: Request) -> Response:
        try:
            body = await request.json()
        except ValueError:
            body = {}
        confirm = str(body.get("confirm", "")) if isinstance(body, dict) else ""
        if not confirm:
            code, seconds, held = self.operator.arm()
            return JSONResponse(
                {
                    "ok": False,
                    "code": "confirm",
                    "confirm": code,
                    "expires_s": seconds,
                    "positions": held,
                    "result": "armed: send this confirmation code to flatten every bot",
                },
                status_code=409,
            )
        return _answer(self.operator.flatten_all(confirm, self.caller(request)))


def _answer(outcome: Outcome) -> Response:
    status = {"done": 200, "unknown_bot": 404, "confirm": 409}.get(outcome.code, 400)
    return JSONResponse(outcome.to_dict(), status_code=status)


def _message(kind: str, data: str) -> str:
    return f"event: {kind}\ndata: {data}\n\n"


def build_app(api: WebApi) -> Starlette:
    g = api.guarded
    routes: list[Any] = [
        Route("/", api.index),
        Route("/api/login", api.login, methods=["POST"]),
        Route("/api/snapshot", g(api.snapshot)),
        Route("/api/stream", g(api.stream)),
        Route("/api/journal", g(api.journal)),
        Route("/api/bots/{bot}/{action}", g(api.bot_action, action=True), methods=["POST"]),
        Route("/api/flatten-all", g(api.flatten_all, action=True), methods=["POST"]),
        Route("/metrics", g(api.metrics)),
        Mount("/static", StaticFiles(directory=static_dir()), name="static"),
    ]
    return Starlette(routes=routes)
