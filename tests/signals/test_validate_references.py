"""A bot file's rule and reference mistakes reach ``runner validate`` at the right field."""

from __future__ import annotations

from pathlib import Path

from runner.config.project import load_project
from runner.plugins import registry

BOT = """\
name: gold
instruments:
  gc: {root: GC}
  zn: {root: ZN, trade: false}
indicators:
  rsi: {use: rsi, period: 14}
  bb: {use: bbands, period: 20}
  atr: {use: atr, period: 14}
filters:
  - {use: rule, when: "zn.close > 0 and atr > 0.3"}
signals:
  - use: rule
    long: "rsi < 30 and close < bb.lower"
    short: "rsi > 70 and close > bb.upper"
  - {use: crossover, fast: close, slow: bb.middle, direction: long}
exits:
  - {use: stop_target, stop: {atr: 2.0}, target: {ticks: 40}, atr_indicator: atr}
  - {use: trailing_stop, ticks: 30, activation: {ticks: 20}}
  - {use: band_exit, band: bb}
  - {use: time_exit, at: "15:55"}
sizing: {use: risk_per_trade, risk: 0.005}
"""


def errors(tmp_path: Path, text: str) -> list[dict]:
    path = tmp_path / "bot.yaml"
    path.write_text(text)
    project = load_project([path], connections=None, registry=registry())
    return [e.to_dict() for e in project.errors]


def test_a_correct_bot_has_no_errors(tmp_path):
    assert errors(tmp_path, BOT) == []


def test_each_mistake_is_reported_at_its_field_and_line(tmp_path):
    bad = (
        BOT.replace("close < bb.lower", "close < bb.lowr")
        .replace("atr > 0.3", "art > 0.3")
        .replace("slow: bb.middle", "slow: bb.mid")
        .replace("atr_indicator: atr", "atr_indicator: atr14")
        .replace("band: bb}", "band: bbb}")
    )
    got = {(e["path"], e["line"], e["column"]): e["message"] for e in errors(tmp_path, bad)}
    # columns point inside the expression: at 'art', at 'lowr', at 'mid'
    assert got == {
        ("filters[0].when", 10, 41): "unknown name 'art'; did you mean 'atr'?",
        ("signals[0].long", 13, 36): "indicator 'bb' has no output 'lowr'; its outputs: "
        "upper, middle, lower; did you mean bb.lower?",
        ("signals[1].slow", 15, 44): "indicator 'bb' has no output 'mid'; its outputs: "
        "upper, middle, lower; did you mean bb.middle?",
        ("exits[0].atr_indicator", 17, 78): "unknown indicator 'atr14'; did you mean 'atr'?",
        ("exits[2].band", 19, 28): "unknown indicator 'bbb'; did you mean 'bb'?",
    }


def test_params_errors_are_reported_too(tmp_path):
    bad = BOT.replace('at: "15:55"', 'at: "3pm"').replace("risk: 0.005", "risk: 0.5")
    got = {(e["path"], e["line"]): e["message"] for e in errors(tmp_path, bad)}
    assert got == {
        ("exits[3].at", 20): "'3pm' is not a time of day HH:MM or HH:MM:SS (24-hour), "
        "for example 15:55 or 15:55:30",
        ("sizing.risk", 21): "Input should be less than or equal to 0.2",
    }
