"""Names a bot's expressions may use, for validate-time reference checks."""

from __future__ import annotations

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
