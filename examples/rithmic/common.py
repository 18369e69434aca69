"""What the Rithmic examples share: command-line connection options, and the local server
when no ``--uri`` is given, so every example runs without a Rithmic account."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import logging
import os
import sys
from collections.abc import AsyncIterator

from pydantic import SecretStr

from runner.api.clock import start_clock
from runner_plugins.rithmic.client import RithmicError
from runner_sims.rithmic.server import RithmicServer


def parser(description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--uri", help="wss://host:port of a Rithmic gateway (default: local server)")
    p.add_argument("--ca-file", help="PEM CA file that signed the gateway's certificate")
    p.add_argument("--system", default="Rithmic Test", help="system name to log in to")
    p.add_argument("--user", default=os.environ.get("RITHMIC_USER", "demo"))
    p.add_argument("--app-name", default="runner-example")
    p.add_argument("--app-version", default="0.1")
    p.add_argument("--symbol", default="GC", help="a contract (GCZ6) or a root (GC: front month)")
    p.add_argument("--exchange", default="COMEX")
    p.add_argument(
        "--start",
        help="local server only: its clock starts at this ISO date-time (default: now)",
    )
    p.add_argument("-v", "--verbose", action="store_true")
    return p


def connection(args: argparse.Namespace, server: RithmicServer | None) -> dict:
    """Plugin parameters for the chosen system; the password comes from the environment or
    a prompt, never from the command line (where other users could read it)."""
    if server is not None:
        return {
            "uri": server.uri,
            "ca_file": str(server.ca_file),
            "user": args.user,
            "password": SecretStr("local"),
            "system_name": "Rithmic Test",
            "app_name": args.app_name,
            "app_version": args.app_version,
        }
    password = os.environ.get("RITHMIC_PASSWORD")
    if not password:
        try:
            password = getpass.getpass(f"password for {args.user}: ")
        except EOFError:
            raise RithmicError("no password: set RITHMIC_PASSWORD or run interactively") from None
    return {
        "uri": args.uri,
        "ca_file": args.ca_file,
        "user": args.user,
        "password": SecretStr(password),
        "system_name": args.system,
        "app_name": args.app_name,
        "app_version": args.app_version,
    }


@contextlib.asynccontextmanager
async def maybe_local_server(args: argparse.Namespace) -> AsyncIterator[RithmicServer | None]:
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    if args.uri:
        yield None
        return
    server = RithmicServer.from_data(
        ["GC", "ES"], trades_per_second=20, clock=start_clock(args.start)
    )
    await server.start()
    print(f"local R|Protocol server at {server.uri} (CA {server.ca_file})")
    try:
        yield server
    finally:
        await server.stop()


def run(main) -> None:
    """Run an async main; a Rithmic error is one line on stderr, not a traceback."""
    import asyncio

    try:
        asyncio.run(main())
    except RithmicError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from None
    except KeyboardInterrupt:
        raise SystemExit(130) from None
