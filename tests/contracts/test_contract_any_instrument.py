"""Any instrument: SPY and other ETFs as built-ins, a project's contracts.yaml, a bot's
``spec:``, and the errors of each, with file, line and field."""

from __future__ import annotations

import shutil
from datetime import datetime, time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from runner.config.project import load_project
from runner.contracts import table
from runner.contracts.spec import share_session_open
from runner.engine.backtest import run_backtest
from runner.plugins import registry

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = ROOT / "runner_plugins" / "feeds" / "bundled"
NY = ZoneInfo("America/New_York")

BOT = """\
schema_version: 1
name: {name}
instruments:
  etf: {instrument}
bar_size: 5m
timezone: America/New_York
indicators:
  rsi: {{use: rsi, period: 14}}
filters:
  - {{use: calendar, minutes_before_close: 15}}   # the ETF's own sessions (XNYS)
signals:
  - {{use: rule, long: "rsi < 30", short: "rsi > 70", exit_long: "rsi > 50", exit_short: "rsi < 50"}}
exits:
  - {{use: stop_target, stop: {{ticks: 60}}, target: {{ticks: 90}}}}
sizing: {{use: risk_per_trade, risk: 0.005, max_leverage: 1.0}}
risk: {{max_position: 1000, max_daily_loss: 5000, max_orders_per_minute: 20}}
capital: 100000
"""
SPEC = "{sec_type: STK, tick: 0.01, point_value: 1, currency: USD, exchange: ARCA, calendar: XNYS}"


@pytest.fixture(autouse=True)
def _in_a_project_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # errors name files relative to the working directory
    yield
    table.forget_defined()  # no project's contracts left behind for other tests


def project(tmp_path: Path, bots: dict[str, str], contracts: str | None = None) -> Path:
    (tmp_path / "strategies.d").mkdir()
    for name, instrument in bots.items():
        text = BOT.format(name=name, instrument=instrument)
        (tmp_path / "strategies.d" / f"{name}.yaml").write_text(text)
    if contracts is not None:
        (tmp_path / "contracts.yaml").write_text(contracts)
    data = tmp_path / "data"
    data.mkdir()
    for symbol in ("SPY", "XSPY", "ZSPY"):  # the bundled SPY week under other symbols too
        shutil.copy(BUNDLED / "SPY.csv.gz", data / f"{symbol}.csv.gz")
    return tmp_path


def errors(base: Path) -> list[str]:
    loaded = load_project([base / "strategies.d"], base=base)
    return [str(e) for e in loaded.errors]


def test_spy_and_other_etfs_are_built_in_shares() -> None:
    for symbol, exchange in (("SPY", "ARCA"), ("QQQ", "NASDAQ"), ("IWM", "ARCA")):
        spec = table.get_spec(symbol)
        assert spec is not None and spec.tradable
        assert (spec.sec_type, spec.exchange, spec.tick_size, spec.point_value) == (
            "STK",
            exchange,
            0.01,
            1.0,
        )
        assert (spec.calendar, spec.timezone, spec.months) == ("XNYS", "America/New_York", "")
        assert share_session_open(spec, "America/New_York") == time(9, 30)
    assert share_session_open(table.get_spec("GC"), "America/Chicago") is None  # a future
    assert share_session_open(table.get_spec("SPY"), "Europe/London") is None  # another zone


def test_a_bot_on_spy_backtests_and_trades_whole_shares_in_nyse_hours(tmp_path: Path) -> None:
    base = project(tmp_path, {"spy_rsi": "{symbol: SPY}"})
    loaded = load_project([base / "strategies.d"], base=base)
    assert loaded.errors == []
    result = run_backtest(loaded.bots, registry(), data=base / "data")
    (bot,) = result.bots
    assert bot.symbols == {"etf": "SPY"}
    assert len(bot.trades) >= 3
    for t in bot.trades:
        assert t.symbol == "SPY" and isinstance(t.qty, int)
        # sized in shares: risk 0.5 % over a 60-cent stop, capped by 1x leverage
        assert 100 < t.qty and t.qty * t.entry_price <= 100_000 * 1.01  # sized on the close
        entry = datetime.fromtimestamp(t.entry_ts / 1e9, NY)
        assert entry.weekday() < 5 and (9, 30) <= (entry.hour, entry.minute) < (15, 45)
        # a dollar a share per point: PnL is price move times shares
        direction = 1 if t.side > 0 else -1
        gross = (t.exit_price - t.entry_price) * t.qty * direction
        assert t.gross_pnl == pytest.approx(gross, abs=0.01)


def test_a_project_contract_and_a_bot_spec_trade_like_spy(tmp_path: Path) -> None:
    contracts = f"schema_version: 1\ncontracts:\n  XSPY: {SPEC}\n"
    bots = {
        "spy_rsi": "{symbol: SPY}",
        "xspy": "{symbol: XSPY}",
        "zspy": f"{{symbol: ZSPY, spec: {SPEC}}}",
    }
    base = project(tmp_path, bots, contracts)
    loaded = load_project([base / "strategies.d"], base=base)
    assert loaded.errors == []
    report = next(f for f in loaded.files if f.path.name == "contracts.yaml")
    assert (report.kind, report.summary) == ("contracts", "1 contract: XSPY")
    result = run_backtest(loaded.bots, registry(), data=base / "data")
    trades = {b.bot: [(t.side, t.qty, t.entry_ts, t.pnl) for t in b.trades] for b in result.bots}
    assert trades["spy_rsi"] and trades["xspy"] == trades["spy_rsi"] == trades["zspy"]
    assert table.spec_for_symbol("ZSPY").timezone == "America/New_York"  # from the calendar


BAD_FILE = """\
schema_version: 1
contracts:
  XSPY:
    sec_type: STK
    tick: -0.01
    currency: USD
    exchange: ARCA
    calendar: XNYZ
  SPY: {sec_type: STK, tick: 0.05, currency: USD, exchange: ARCA, calendar: XNYS}
  xle: {sec_type: STK, tick: 0.01, currency: USD, exchange: ARCA, calendar: XNYS}
  XLF: {sec_type: STK, tick: 0.01, currency: USD, exchange: ARCA, calendar: XNYS, months: HMUZ}
  XLK: {sec_type: STK, tik: 0.01, currency: USD, exchange: ARCA, calendar: XNYS}
  XYZ: {tick: 0.25, point_value: 50, currency: USD, exchange: CME, calendar: CMES}
"""


def test_a_project_contracts_file_is_checked_with_file_line_and_field(tmp_path: Path) -> None:
    base = project(tmp_path, {"spy_rsi": "{symbol: SPY}"}, BAD_FILE)
    got = [e for e in errors(base) if e.startswith("contracts.yaml")]
    assert got == [
        "contracts.yaml:5:11: contracts.XSPY.tick: Input should be greater than 0",
        "contracts.yaml:8:15: contracts.XSPY.calendar: unknown exchange calendar 'XNYZ'; "
        "did you mean 'XNZE', 'XNYS', 'XZAG'?",
        "contracts.yaml:9:3: contracts.SPY: SPY is one of runner's own contracts and its facts "
        "differ (tick 0.01 vs 0.05); drop this description or trade another symbol",
        "contracts.yaml:10:3: contracts.xle: 'xle' is not a symbol or root: capitals and "
        "digits, 1 to 6 of them",
        "contracts.yaml:11:3: contracts.XLF: 'months', 'last_trade_rule' and "
        "'first_notice_rule' describe futures; a STK contract has none",
        "contracts.yaml:12:3: contracts.XLK.tick: missing required field",
        "contracts.yaml:12:24: contracts.XLK.tik: unknown field 'tik'; did you mean 'tick'?",
        "contracts.yaml:13:3: contracts.XYZ: a future (sec_type FUT) needs 'last_trade_rule' "
        "to be rolled; a share or ETF is sec_type STK",
    ]


def test_the_file_itself_must_be_a_contracts_document(tmp_path: Path) -> None:
    text = "schema_version: 2\ncontracts: {}\nother: 1\n"
    base = project(tmp_path, {"spy_rsi": "{symbol: SPY}"}, text)
    assert [e for e in errors(base) if e.startswith("contracts.yaml")] == [
        "contracts.yaml:1:17: schema_version: Input should be 1",
        "contracts.yaml:2:1: contracts: Dictionary should have at least 1 item after "
        "validation, not 0",
        "contracts.yaml:3:1: other: unknown field 'other'; expected one of: schema_version, "
        "contracts",
    ]


def test_a_bot_spec_is_checked_where_it_is_written(tmp_path: Path) -> None:
    bots = {
        "bad_field": "{symbol: ZSPY, spec: {sec_type: STK, tick: 0, currency: usd, exchange: ARCA, calendar: XNYS}}",
        "root_spec": f"{{root: GC, spec: {SPEC}}}",
        "spy_differs": "{symbol: SPY, spec: {sec_type: STK, tick: 0.05, currency: USD, exchange: ARCA, calendar: XNYS}}",
        "spy_same": f"{{symbol: SPY, spec: {SPEC}}}",
    }
    got = errors(project(tmp_path, bots))
    assert got == [
        "strategies.d/bad_field.yaml:4:51: instruments.etf.spec.tick: Input should be greater "
        "than 0",
        "strategies.d/bad_field.yaml:4:64: instruments.etf.spec.currency: String should match "
        "pattern '^[A-Z]{3}$'",
        "strategies.d/root_spec.yaml:4:3: instruments.etf: 'spec' describes the contract of a "
        "'symbol'; a 'root' takes its facts from the contract table or the project's "
        "contracts.yaml",
        "strategies.d/spy_differs.yaml:4:22: instruments.etf.spec: SPY is one of runner's own "
        "contracts and this spec differs (tick 0.01 vs 0.05); drop 'spec' or trade another "
        "symbol",
    ]


def test_two_descriptions_of_one_symbol_must_agree(tmp_path: Path) -> None:
    contracts = f"contracts:\n  XSPY: {SPEC}\n"
    other = "{sec_type: STK, tick: 0.05, currency: USD, exchange: ARCA, calendar: XNYS}"
    base = project(tmp_path, {"xspy": f"{{symbol: XSPY, spec: {other}}}"}, contracts)
    assert errors(base) == [
        "strategies.d/xspy.yaml:4:23: instruments.etf.spec: XSPY is already described in "
        "contracts.yaml with other facts (tick 0.01 vs 0.05)",
    ]


def test_an_unknown_symbol_is_still_a_clear_error(tmp_path: Path) -> None:
    got = errors(project(tmp_path, {"typo": "{symbol: SPYY}", "none": "{symbol: ZZZQ}"}))
    assert got == [
        "strategies.d/none.yaml:4:17: instruments.etf.symbol: unknown symbol 'ZZZQ'. Neither "
        "runner's contract table nor the project's contracts.yaml describes it, and it is not "
        "a futures contract (root, month code and year, such as GCZ6): describe it in "
        "contracts.yaml or with 'spec:' on this instrument",
        "strategies.d/typo.yaml:4:17: instruments.etf.symbol: unknown symbol 'SPYY'; did you "
        "mean 'SPY'? Neither runner's contract table nor the project's contracts.yaml "
        "describes it, and it is not a futures contract (root, month code and year, such as "
        "GCZ6): describe it in contracts.yaml or with 'spec:' on this instrument",
    ]
    with pytest.raises(ValueError, match="no contract facts for 'ZZZQ'.*contracts.yaml"):
        table.spec_for_symbol("ZZZQ")


def test_a_project_future_rolls_by_its_own_rules(tmp_path: Path) -> None:
    contracts = """\
contracts:
  XGC:
    description: gold, as a project writes it
    exchange: COMEX
    currency: USD
    tick: 0.1
    point_value: 100
    calendar: COMEX
    business_calendar: XNYS
    months: GJMQVZ
    last_trade_rule: last_bd(3)
    first_notice_rule: prev.last_bd(1)
"""
    base = project(
        tmp_path, {"gold": "{root: XGC, roll: {basis: first_notice, days_before: 2}}"}, contracts
    )
    loaded = load_project([base / "strategies.d"], base=base)
    assert loaded.errors == []
    from runner.contracts.roll import front_month
    from runner.engine.factory import resolve_instruments

    on = datetime(2013, 10, 7).date()
    assert front_month("XGC", on, "first_notice", 2) == "XGCZ3"
    assert front_month("GC", on, "first_notice", 2) == "GCZ3"  # the same rules as GC
    (inst,) = resolve_instruments(loaded.bots[0].config, on).values()
    assert (inst.symbol, inst.contract.timezone, inst.contract.point_value) == (
        "XGCZ3",
        "America/Chicago",
        100.0,
    )
    assert table.spec_for_symbol("XGCZ3") is inst.contract


def test_hourly_bars_of_a_share_start_at_the_exchange_open(tmp_path: Path) -> None:
    base = project(tmp_path, {"spy_hourly": "{symbol: SPY}", "spy_evening": "{symbol: SPY}"})
    for name, extra in (("spy_hourly", ""), ("spy_evening", 'session_open: "18:00"\n')):
        path = base / "strategies.d" / f"{name}.yaml"
        text = path.read_text().replace("bar_size: 5m", "bar_size: 1h")
        path.write_text(text.replace("period: 14", "period: 3") + extra)
    loaded = load_project([base / "strategies.d"], base=base)
    assert loaded.errors == []
    result = run_backtest(loaded.bots, registry(), data=base / "data")
    minutes = {
        b.bot: {datetime.fromtimestamp(t.entry_ts / 1e9, NY).minute for t in b.trades}
        for b in result.bots
    }
    # entries fill at the open of the minute after an hourly bar's close
    assert minutes["spy_hourly"] == {30}  # 09:30, 10:30 ...: bars from the NYSE open
    assert minutes["spy_evening"] == {0}  # 10:00, 11:00 ...: the futures-style anchor


def test_a_root_described_anew_gets_its_expiries_computed_anew() -> None:
    from runner.contracts.roll import last_trade_date
    from runner.contracts.spec import ContractFields

    def describe(rule: str) -> None:
        fields = ContractFields(
            exchange="COMEX", currency="USD", tick=0.1, calendar="COMEX", last_trade_rule=rule
        )
        table.define("XGC", fields.to_spec("XGC"), "test")

    describe("last_bd(3)")
    assert last_trade_date("XGC", 2013, 12).isoformat() == "2013-12-27"
    describe("last_bd(1)")
    assert last_trade_date("XGC", 2013, 12).isoformat() == "2013-12-31"
    table.forget_defined()
    with pytest.raises(ValueError, match="no contract facts for root 'XGC'"):
        last_trade_date("XGC", 2013, 12)
