"""Example runner plugins: registered through the entry point group ``runner``.

runner imports this module because pyproject.toml names it under
``[project.entry-points.runner]``; pluggy then calls the ``@hookimpl`` functions below.
"""

from __future__ import annotations

from runner.api import hookimpl
from runner_example_plugins.donchian import DonchianMid
from runner_example_plugins.midline import MidlineCross

__all__ = ["DonchianMid", "MidlineCross"]


@hookimpl
def register_indicators() -> list:
    return [DonchianMid]


@hookimpl
def register_signals() -> list:
    return [MidlineCross]
