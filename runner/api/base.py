"""The common shape of every plugin."""

from __future__ import annotations

import enum
from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class PluginKind(enum.StrEnum):
    INDICATOR = "indicator"
    SIGNAL = "signal"
    FILTER = "filter"
    EXIT = "exit"
    SIZER = "sizer"
    FEED = "feed"
    BROKER = "broker"


class Params(BaseModel):
    """Base of every plugin's parameters: a typo in YAML must be an error, never ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# Inside ``Plugin`` the class attribute ``Params`` shadows the model, so annotations there use
# this second name for it.
_Params = Params


class Plugin:
    """Base of every plugin class.

    ``name`` is what a bot file writes after ``use:``; ``Params`` validates the other keys
    of that YAML mapping. Class docstrings are shown by ``runner plugins`` and in the
    JSON Schema, so they should tell a trader what the plugin does.
    """

    kind: ClassVar[PluginKind]
    name: ClassVar[str]
    Params: ClassVar[type[_Params]] = _Params

    def __init__(self, params: _Params) -> None:
        self.params = params
