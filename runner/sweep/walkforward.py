"""The walk-forward verdict: per window, the best in-sample trial and its score after.

Every trial is run on every window, so the in-sample choice of one window is simply the
trial with the best objective on that window's training days (its min_trades and
constraints kept); its objective on the following test days is what it would have earned.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from runner.sweep.model import LoadedSweep
from runner.sweep.scoring import score, window_value

if TYPE_CHECKING:
    import optuna


@dataclass(frozen=True)
class WindowResult:
    index: int
    train: tuple[date, date]
    test: tuple[date, date]
    trial: int | None
    params: dict[str, Any]
    in_sample: float | None
    out_of_sample: float | None


def walk_forward(study: optuna.Study, sweep: LoadedSweep) -> list[WindowResult]:
    cfg = sweep.config
    if cfg.walk_forward is None or cfg.data.start is None or cfg.data.end is None:
        return []
    plan = cfg.walk_forward.windows(cfg.data.start, cfg.data.end)
    n = len(plan)
    out = []
    trials = [
        t for t in study.get_trials(deepcopy=False) if len(t.user_attrs.get("runs", [])) == 2 * n
    ]
    for i, (a, b, c, d) in enumerate(plan):
        best: tuple[float, int, Any] | None = None
        for t in trials:
            runs = t.user_attrs["runs"]
            s = score(cfg.model_copy(update={"walk_forward": None}), [runs[i]], None)
            if s.value is None:
                continue
            if best is None or s.value > best[0] or (s.value == best[0] and t.number < best[1]):
                best = (s.value, t.number, t)
        if best is None:
            out.append(WindowResult(i + 1, (a, b), (c, d), None, {}, None, None))
            continue
        oos = window_value(best[2].user_attrs["runs"][n + i], cfg.objective.metric)
        if oos is not None and math.isinf(oos):
            oos = None
        out.append(WindowResult(i + 1, (a, b), (c, d), best[1], dict(best[2].params), best[0], oos))
    return out
