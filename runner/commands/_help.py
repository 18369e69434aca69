"""``--help`` without ``<bool>`` beside every flag.

Recent typer releases print a value type beside each option, flags included: ``--live
<bool>`` reads as if the flag took a value (``--live true``), which it does not. A flag's
type column is left empty; every option that takes a value keeps its type.
"""

from __future__ import annotations

from typing import Any


def quiet_flags() -> None:
    """Leave the type column of on/off flags empty in every command's help (idempotent)."""
    try:
        from typer.core import TyperOption
    except ImportError:  # a typer without its own option class prints no type for flags
        return
    shown = getattr(TyperOption, "display_type_rich", None)
    if shown is None or getattr(shown, "_flags_quiet", False):
        return

    def display_type_rich(self: Any, ctx: Any) -> str | None:
        if getattr(self, "is_flag", False) and self.metavar is None:
            return None
        return shown(self, ctx)

    display_type_rich._flags_quiet = True  # type: ignore[attr-defined]
    TyperOption.display_type_rich = display_type_rich  # type: ignore[method-assign]
