"""One mistake, one error: references to an indicator that is already reported stay quiet."""

from pathlib import Path

from runner.config.project import load_project

BOT = """schema_version: 1
name: cascade
instruments:
  gc: {root: GC}
indicators:
  bb: {use: bbandz, period: 20}
  rsi: {use: rsi, periode: 14}
signals:
  - use: rule
    long: "rsi < 30 and close < bb.lower"
    short: "rsi > 70 and close > bb.uppr"
exits:
  - {use: band_exit, band: bb}
"""


def test_an_unknown_indicator_plugin_is_reported_once(tmp_path: Path):
    (tmp_path / "bot.yaml").write_text(BOT)
    errors = [
        str(e).replace(f"{tmp_path}/", "")
        for e in load_project([tmp_path / "bot.yaml"], base=tmp_path).errors
    ]
    assert errors == [
        "bot.yaml:6:13: indicators.bb.use: unknown indicator plugin 'bbandz'; "
        "did you mean 'bbands'?",
        "bot.yaml:7:19: indicators.rsi.periode: unknown field 'periode'; did you mean 'period'?",
    ]
