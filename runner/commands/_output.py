"""Shared helpers of the configuration commands: plugin loading errors, JSON output."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Any

import typer

from runner.plugins import PluginError, PluginRegistry


class Format(StrEnum):
    text = "text"
    json = "json"


def load_registry() -> PluginRegistry:
    """The installed plugins, or a clean exit 2 when a package is broken or names clash."""
    from runner import plugins

    try:
        return plugins.registry()
    except PluginError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    except Exception as exc:  # an entry point that fails to import
        typer.echo(f"error: loading plugins failed: {type(exc).__name__}: {exc}", err=True)
        raise typer.Exit(2) from None


def echo_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2) + "\n")
    sys.stdout.flush()
