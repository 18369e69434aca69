"""The sweep's HTML report: one self-contained file, its charts embedded as PNG."""

from __future__ import annotations

import base64
import html
import io
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from runner.sweep.model import LoadedSweep
from runner.sweep.walkforward import WindowResult

if TYPE_CHECKING:
    import optuna
    from matplotlib.figure import Figure


def _png(fig: Figure) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=90, bbox_inches="tight")
    return base64.b64encode(buf.getvalue()).decode("ascii")


def _img(fig: Figure, alt: str) -> str:
    return f'<img alt="{html.escape(alt)}" src="data:image/png;base64,{_png(fig)}">'


def _figure(width: float = 6.0, height: float = 3.5) -> Figure:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height))


def importance(study: optuna.Study) -> dict[str, float]:
    """Parameter importance (Optuna's PED-ANOVA, needs no extra package); empty when the
    completed trials cannot tell (fewer than two, or no variation)."""
    import optuna

    try:
        evaluator = optuna.importance.PedAnovaImportanceEvaluator()
        return dict(optuna.importance.get_param_importances(study, evaluator=evaluator))
    except (ValueError, RuntimeError, ZeroDivisionError):
        return {}


def _importance_chart(values: dict[str, float]) -> str:
    if not values:
        return "<p>Not enough completed trials with varied parameters to rank them.</p>"
    fig = _figure(6, 0.5 + 0.4 * len(values))
    ax = fig.subplots()
    names = list(values)[::-1]
    ax.barh(names, [values[n] for n in names], color="#4c72b0")
    ax.set_xlabel("importance")
    return _img(fig, "parameter importance")


def _numeric(series: pd.Series) -> pd.Series | None:
    out = pd.to_numeric(series, errors="coerce")
    return out if out.notna().all() else None


def _versus(done: pd.DataFrame, params: list[str], metric: str) -> str:
    parts = []
    for name in params:
        fig = _figure(4.5, 3)
        ax = fig.subplots()
        xs = _numeric(done[name])
        if xs is None:
            labels = done[name].astype(str)
            ax.scatter(labels, done["objective"], s=12)
        else:
            ax.scatter(xs, done["objective"], s=12)
        ax.set_xlabel(name)
        ax.set_ylabel(metric)
        parts.append(_img(fig, f"{metric} against {name}"))
    return "".join(parts)


def _heatmap(done: pd.DataFrame, params: list[str], metric: str) -> str:
    if len(params) < 2 or done.empty:
        return "<p>A heatmap needs two parameters.</p>"
    a, b = params[0], params[1]
    table = done.pivot_table(index=b, columns=a, values="objective", aggfunc="max")
    if table.shape[0] > 40 or table.shape[1] > 40:  # continuous values: bin them
        frame = done.assign(
            **{a: pd.cut(pd.to_numeric(done[a]), 12), b: pd.cut(pd.to_numeric(done[b]), 12)}
        )
        table = frame.pivot_table(
            index=b, columns=a, values="objective", aggfunc="max", observed=False
        )
    fig = _figure(6, 4.5)
    ax = fig.subplots()
    mesh = ax.imshow(table.to_numpy(dtype=float), aspect="auto", origin="lower", cmap="viridis")
    ax.set_xticks(range(table.shape[1]), [str(c) for c in table.columns], rotation=60)
    ax.set_yticks(range(table.shape[0]), [str(i) for i in table.index])
    ax.set_xlabel(a)
    ax.set_ylabel(b)
    fig.colorbar(mesh, ax=ax, label=f"best {metric}")
    return _img(fig, f"{metric} over {a} and {b}")


def _wf_section(rows: list[WindowResult], metric: str) -> str:
    if not rows:
        return "<p>No walk-forward plan in the sweep file.</p>"
    fig = _figure(6, 3)
    ax = fig.subplots()
    idx = [r.index for r in rows]
    ins = [r.in_sample if r.in_sample is not None else math.nan for r in rows]
    outs = [r.out_of_sample if r.out_of_sample is not None else math.nan for r in rows]
    ax.bar([i - 0.2 for i in idx], ins, width=0.4, label="in sample (train)")
    ax.bar([i + 0.2 for i in idx], outs, width=0.4, label="out of sample (test)")
    ax.set_xticks(idx)
    ax.set_xlabel("window")
    ax.set_ylabel(metric)
    ax.legend()
    body = "".join(
        f"<tr><td>{r.index}</td><td>{r.train[0]} .. {r.train[1]}</td>"
        f"<td>{r.test[0]} .. {r.test[1]}</td><td>{_fmt(r.trial)}</td>"
        f"<td>{html.escape(_params(r.params))}</td><td>{_fmt(r.in_sample)}</td>"
        f"<td>{_fmt(r.out_of_sample)}</td></tr>"
        for r in rows
    )
    head = (
        "<tr><th>window</th><th>train</th><th>test</th><th>best trial</th><th>parameters</th>"
        f"<th>{metric} in</th><th>{metric} out</th></tr>"
    )
    return f"{_img(fig, 'walk-forward')}<table>{head}{body}</table>"


def _equity(curve: list[tuple[int, float]]) -> str:
    if not curve:
        return "<p>No equity curve.</p>"
    import numpy as np

    fig = _figure(8, 3.2)
    ax = fig.subplots()
    when = np.array([ts for ts, _ in curve], dtype="datetime64[ns]")
    ax.plot(when, np.array([v for _, v in curve]), lw=1)
    ax.set_ylabel("equity ($)")
    fig.autofmt_xdate()
    return _img(fig, "equity of the best parameters")


def _fmt(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "-"
    return f"{value:.4g}" if isinstance(value, float) else str(value)


def _params(values: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in values.items())


CSS = (
    "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
    "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px}"
    "img{max-width:100%;margin:4px}"
)


def write_report(
    path: Path,
    study: optuna.Study,
    sweep: LoadedSweep,
    frame: pd.DataFrame,
    wf: list[WindowResult],
    best: dict[str, Any] | None,
    curve: list[tuple[int, float]],
) -> Path:
    metric = sweep.config.objective.metric
    done = frame[frame["state"] == "complete"]
    params = list(sweep.config.parameters)
    states = frame["state"].value_counts().to_dict()
    counts = ", ".join(f"{n} {s}" for s, n in sorted(states.items()))
    best_html = (
        f"<p>Best: trial {best['trial']}, {metric} {_fmt(best['objective'])}; "
        f"{html.escape(_params(best['params']))}</p>"
        if best
        else "<p>No trial completed.</p>"
    )
    top = done.sort_values(["objective", "trial"], ascending=[False, True]).head(20)
    sections = [
        f"<h1>Sweep {html.escape(sweep.name)}</h1>",
        f"<p>Bot {html.escape(str(sweep.bot_path))}; method {sweep.config.method}, seed "
        f"{sweep.config.seed}; {len(frame)} trials ({counts}); objective: maximise {metric}"
        f" (min_trades {sweep.config.objective.min_trades}).</p>",
        best_html,
        "<h2>Top trials</h2>",
        top.to_html(index=False, na_rep="-", float_format=lambda v: f"{v:.4g}"),
        "<h2>Parameter importance</h2>",
        _importance_chart(importance(study)),
        f"<h2>{metric} against each parameter</h2>",
        _versus(done, params, metric) if not done.empty else "<p>No completed trial.</p>",
        "<h2>Two parameters</h2>",
        _heatmap(done, params, metric),
        "<h2>Walk-forward: in sample against out of sample</h2>",
        _wf_section(wf, metric),
        "<h2>Equity of the best parameters over the whole range</h2>",
        _equity(curve),
    ]
    text = (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Sweep {html.escape(sweep.name)}"
        f"</title><style>{CSS}</style></head><body>{''.join(sections)}</body></html>"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
