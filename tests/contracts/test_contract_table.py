"""The contract table: facts per root, strict loading, tick rounding for every contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from runner.contracts.table import ContractTableError, get_spec, load_table, roots, spec_for_symbol

EXPECTED = {
    # root: (exchange, calendar, timezone, months, tick, point value, sec_type)
    "GC": ("COMEX", "COMEX", "America/Chicago", "GJMQVZ", 0.10, 100, "FUT"),
    "MGC": ("COMEX", "COMEX", "America/Chicago", "GJMQVZ", 0.10, 10, "FUT"),
    "ES": ("CME", "CMES", "America/Chicago", "HMUZ", 0.25, 50, "FUT"),
    "MES": ("CME", "CMES", "America/Chicago", "HMUZ", 0.25, 5, "FUT"),
    "CL": ("NYMEX", "NYMEX", "America/Chicago", "FGHJKMNQUVXZ", 0.01, 1000, "FUT"),
    "MCL": ("NYMEX", "NYMEX", "America/Chicago", "FGHJKMNQUVXZ", 0.01, 100, "FUT"),
    "NG": ("NYMEX", "NYMEX", "America/Chicago", "FGHJKMNQUVXZ", 0.001, 10000, "FUT"),
    "6E": ("CME", "CMES", "America/Chicago", "HMUZ", 0.00005, 125000, "FUT"),
    "6J": ("CME", "CMES", "America/Chicago", "HMUZ", 0.0000005, 12500000, "FUT"),
    "ZN": ("CBOT", "CBOT", "America/Chicago", "HMUZ", 0.015625, 1000, "FUT"),
    "VX": ("CFE", "CFE", "America/Chicago", "FGHJKMNQUVXZ", 0.05, 1000, "FUT"),
    "USO": ("ARCA", "XNYS", "America/New_York", "", 0.01, 1, "STK"),
    "SPY": ("ARCA", "XNYS", "America/New_York", "", 0.01, 1, "STK"),
    "QQQ": ("NASDAQ", "XNYS", "America/New_York", "", 0.01, 1, "STK"),
    "IWM": ("ARCA", "XNYS", "America/New_York", "", 0.01, 1, "STK"),
    "GLD": ("ARCA", "XNYS", "America/New_York", "", 0.01, 1, "STK"),
    "TLT": ("NASDAQ", "XNYS", "America/New_York", "", 0.01, 1, "STK"),
    "VIX": ("CBOE", "CFE", "America/Chicago", "", 0.01, 1, "IND"),
}


@pytest.mark.parametrize("root", sorted(EXPECTED))
def test_facts(root: str) -> None:
    spec = get_spec(root)
    assert spec is not None
    exchange, calendar, tz, months, tick, pv, sec_type = EXPECTED[root]
    assert (spec.root, spec.exchange, spec.calendar, spec.timezone) == (
        root,
        exchange,
        calendar,
        tz,
    )
    assert (spec.months, spec.tick_size, spec.point_value, spec.sec_type) == (
        months,
        tick,
        pv,
        sec_type,
    )
    assert spec.currency == "USD"
    assert type(spec.tick_size) is float and type(spec.point_value) is float
    if sec_type == "FUT":
        assert spec.last_trade_rule


def test_roots_lists_every_product() -> None:
    assert set(EXPECTED) <= set(roots())
    assert roots() == sorted(roots())
    assert get_spec("XX") is None


def test_only_the_index_is_not_tradable() -> None:
    assert [r for r in roots() if not get_spec(r).tradable] == ["VIX"]


def test_tick_values() -> None:
    assert get_spec("ES").tick_value == pytest.approx(12.5)
    assert get_spec("MES").tick_value == pytest.approx(1.25)
    assert get_spec("GC").tick_value == pytest.approx(10.0)
    assert get_spec("CL").tick_value == pytest.approx(10.0)
    assert get_spec("NG").tick_value == pytest.approx(10.0)
    assert get_spec("6E").tick_value == pytest.approx(6.25)
    assert get_spec("6J").tick_value == pytest.approx(6.25)
    assert get_spec("ZN").tick_value == pytest.approx(15.625)
    assert get_spec("VX").tick_value == pytest.approx(50.0)


# price, nearest tick, tick below, tick above
ROUNDING = {
    "GC": (1987.43, 1987.4, 1987.4, 1987.5),
    "MGC": (2650.06, 2650.1, 2650.0, 2650.1),
    "ES": (5012.13, 5012.25, 5012.0, 5012.25),
    "MES": (5012.37, 5012.25, 5012.25, 5012.5),
    "CL": (71.236, 71.24, 71.23, 71.24),
    "MCL": (71.234, 71.23, 71.23, 71.24),
    "NG": (2.7514, 2.751, 2.751, 2.752),
    "6E": (1.08512, 1.0851, 1.0851, 1.08515),
    "6J": (0.0066737, 0.0066735, 0.0066735, 0.006674),
    "ZN": (110.51, 110.515625, 110.5, 110.515625),
    "VX": (17.37, 17.35, 17.35, 17.4),
    "USO": (71.236, 71.24, 71.23, 71.24),
    "VIX": (17.374, 17.37, 17.37, 17.38),
}


@pytest.mark.parametrize("root", sorted(ROUNDING))
def test_rounding_to_ticks(root: str) -> None:
    spec = get_spec(root)
    price, nearest, down, up = ROUNDING[root]
    assert spec.round_price(price) == nearest
    assert spec.round_down(price) == down
    assert spec.round_up(price) == up
    # a price already on the grid is left alone by all three
    assert spec.round_price(nearest) == nearest
    assert spec.round_down(nearest) == nearest
    assert spec.round_up(nearest) == nearest


def test_rounding_half_a_tick_goes_away_from_zero() -> None:
    assert get_spec("ES").round_price(5000.125) == 5000.25
    assert get_spec("ES").round_price(-0.125) == -0.25
    assert get_spec("ZN").round_price(110 + 1 / 128) == 110.015625


def test_spec_for_symbol() -> None:
    assert spec_for_symbol("GCZ6").root == "GC"
    assert spec_for_symbol("GCZ26").root == "GC"
    assert spec_for_symbol("MGCG7").root == "MGC"
    assert spec_for_symbol("6EH7").root == "6E"
    assert spec_for_symbol("USO").root == "USO"
    assert spec_for_symbol("VIX").root == "VIX"
    assert spec_for_symbol("ES").root == "ES"


def test_spec_for_unknown_symbol_suggests() -> None:
    with pytest.raises(ValueError, match=r"no contract facts for 'GCCZ6'.*did you mean 'GC'"):
        spec_for_symbol("GCCZ6")
    with pytest.raises(ValueError, match="known roots: .*GC"):
        spec_for_symbol("JJJJZ6")


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "contracts.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """\
GC:
  description: gold
  exchange: COMEX
  currency: USD
  tick: 0.10
  point_value: 100
  calendar: COMEX
  timezone: America/Chicago
  months: ZGJ
  last_trade_rule: last_bd(3)
"""


def test_load_table_reads_a_good_file(tmp_path: Path) -> None:
    table = load_table(_write(tmp_path, GOOD))
    assert table["GC"].months == "GJZ"  # kept in calendar order
    assert table["GC"].expiry_calendar == "COMEX"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("tick: 0.10", "tick: -1", r":5: GC.tick: .*greater than 0"),
        ("calendar: COMEX", "calendar: COMX", r":7: GC.calendar: unknown exchange calendar"),
        ("timezone: America/Chicago", "timezone: Mars/Base", r":8: GC.timezone: unknown time"),
        ("months: ZGJ", "months: ZGA", r":9: GC.months: months must be"),
        (
            "last_trade_rule: last_bd(3)",
            "last_trade_rule: third(3)",
            r":10: GC.last_trade_rule: unknown date rule",
        ),
        ("  currency: USD\n", "  currency: USD\n  colour: gold\n", r":5: GC.colour: Extra"),
        ("GC:", "gc:", r":1: 'gc' is not a root"),
        ("  last_trade_rule: last_bd(3)\n", "", r":1: GC: a future \(sec_type FUT\) needs"),
        ("  months: ZGJ\n", "  months: ZGJ\n  sec_type: STK\n", r":1: GC: 'months', .*futures"),
    ],
)
def test_load_table_names_file_line_and_field(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    path = _write(tmp_path, GOOD.replace(old, new))
    with pytest.raises(ContractTableError, match=message) as err:
        load_table(path)
    assert str(err.value).startswith(str(path))


def test_load_table_rejects_broken_yaml(tmp_path: Path) -> None:
    with pytest.raises(ContractTableError, match="cannot read contract table"):
        load_table(_write(tmp_path, "GC: [unclosed\n"))
    with pytest.raises(ContractTableError, match="expected a mapping"):
        load_table(_write(tmp_path, "- GC\n"))
