"""Names a bot's expressions may use, for validate-time reference checks."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

BAR_FIELDS = ("open", "high", "low", "close", "volume")


@dataclass
class Namespace:
    """What a bot defines: instrument keys and indicator ids with their outputs."""

    instruments: tuple[str, ...] = ()
    indicators: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def all_names(self) -> list[str]:
        names = list(BAR_FIELDS) + list(self.instruments) + list(self.indicators)
        for ind, outs in self.indicators.items():
            names += [f"{ind}.{o}" for o in outs]
        for inst in self.instruments:
            names += [f"{inst}.{f}" for f in BAR_FIELDS]
        return names

    def has(self, name: str) -> bool:
        return name in set(self.all_names())

    def suggest(self, name: str) -> str | None:
        """The closest defined name, for a did-you-mean in a plugin's ``check``."""
        close = difflib.get_close_matches(name, self.all_names(), n=1, cutoff=0.6)
        return close[0] if close else None

    def unknown(self, name: str, what: str = "name") -> str:
        """``unknown name 'rsii'; did you mean 'rsi'?`` for a plugin's ``check`` to return."""
        hint = self.suggest(name)
        if hint:
            return f"unknown {what} {name!r}; did you mean {hint!r}?"
        return f"unknown {what} {name!r}"
