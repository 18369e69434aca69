"""The third-party plugin package in examples/plugin-package.

In-process tests check its plugins; the slow tests install it with pip into a temporary
directory and run the real ``runner`` command with that directory on PYTHONPATH, which is
exactly how entry points of an installed distribution are discovered.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
import talib

from runner.api import BotContext, InstrumentState
from runner.model import Bar
from runner.model.instrument import ContractSpec

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plugin-package"

sys.path.insert(0, str(EXAMPLE))
from runner_example_plugins import DonchianMid, MidlineCross  # noqa: E402


def bars(n: int, seed: int = 7) -> list[Bar]:
    rng = np.random.default_rng(seed)
    close = 2000 + np.cumsum(rng.normal(0, 2, n))
    spread = np.abs(rng.normal(0, 1.5, (2, n)))
    out = []
    for i in range(n):
        c = float(close[i])
        o = float(close[i - 1]) if i else c
        hi = max(o, c) + float(spread[0, i])
        lo = min(o, c) - float(spread[1, i])
        out.append(Bar("GCZ6", i * 60, (i + 1) * 60, o, hi, lo, c, 10.0))
    return out


@pytest.mark.parametrize("period", [2, 5, 20])
def test_donchian_mid_equals_talib_midprice(period: int) -> None:
    data = bars(400)
    ind = DonchianMid(DonchianMid.Params(period=period))
    got = []
    for b in data:
        ind.update(b)
        got.append(ind.value)
    want = talib.MIDPRICE(
        np.array([b.high for b in data]), np.array([b.low for b in data]), timeperiod=period
    )
    assert np.array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_allclose(np.array(got)[period - 1 :], want[period - 1 :], rtol=0, atol=1e-9)
    assert DonchianMid.lookback(DonchianMid.Params(period=period)) == period - 1
    window = data[-period:]
    assert ind.upper == max(b.high for b in window)
    assert ind.lower == min(b.low for b in window)


def test_midline_cross_signals_on_crosses_only() -> None:
    spec = ContractSpec("GC", "Gold", "COMEX", "USD", 0.1, 100.0, "COMEX", "America/New_York")
    inst = InstrumentState("gc", "GCZ6", spec, True)
    ind = DonchianMid(DonchianMid.Params(period=3))
    ctx = BotContext("t", {"gc": inst}, {"mid": ind}, 100_000.0, "America/New_York")
    sig = MidlineCross(MidlineCross.Params(indicator="mid"))
    sig.bind(ctx)
    closes = [10, 10, 10, 12, 13, 9, 8, 8, 11]
    seen = []
    for i, c in enumerate(closes):
        bar = Bar("GCZ6", i, i + 1, c, c + 0.5, c - 0.5, c)
        inst.bar = bar
        ind.update(bar)
        intent = sig.evaluate(ctx)
        seen.append(None if intent is None else intent.direction)
    # mids: nan nan 10 10.75 11.75 11 11 8.75 9.75 -> sides: 0 +1 +1 -1 -1 -1 +1
    assert seen == [None, None, None, None, None, -1, None, None, 1]


def test_midline_cross_check_names_the_indicator() -> None:
    from runner.config.refs import Namespace

    ns = Namespace(("gc",), {"mid": ("value", "upper", "lower"), "rsi": ("value",)})
    assert MidlineCross.check(MidlineCross.Params(indicator="mid"), ns) == []
    assert MidlineCross.check(MidlineCross.Params(indicator="mdi"), ns) == [
        ("indicator", "unknown indicator 'mdi'; did you mean 'mid'?")
    ]
    assert MidlineCross.check(MidlineCross.Params(indicator="rsi"), ns) == [
        ("indicator", "indicator 'rsi' has no output 'upper'; use a donchian_mid indicator")
    ]


BOT = """\
name: mid_cross
instruments:
  gc: {root: GC}
indicators:
  mid: {use: donchian_mid, period: 20}
signals:
  - {use: midline_cross, indicator: mid}
"""


def _pip_install(source: Path, target: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )


def _runner(args: list[str], cwd: Path, pythonpath: list[Path]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if pythonpath:
        env["PYTHONPATH"] = os.pathsep.join(str(p) for p in pythonpath)
    exe = Path(sys.executable).parent / "runner"
    return subprocess.run(
        [str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Installs from a copy: building in place would leave build/ and *.egg-info in the
    repository."""
    source = tmp_path_factory.mktemp("src") / "plugin-package"
    shutil.copytree(
        EXAMPLE, source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__")
    )
    before = sorted(p.name for p in EXAMPLE.iterdir())
    target = tmp_path_factory.mktemp("site")
    _pip_install(source, target)
    assert sorted(p.name for p in EXAMPLE.iterdir()) == before
    return target


@pytest.mark.slow
def test_installed_package_is_discovered(installed: Path, tmp_path: Path) -> None:
    (tmp_path / "strategies.d").mkdir()
    (tmp_path / "strategies.d" / "mid.yaml").write_text(BOT)

    listed = _runner(["plugins", "--format", "json"], tmp_path, [installed])
    assert listed.returncode == 0, listed.stderr
    rows = {(r["kind"], r["name"]): r for r in json.loads(listed.stdout)}
    assert rows[("indicator", "donchian_mid")]["package"] == "runner-example-plugins"
    assert rows[("indicator", "donchian_mid")]["version"] == "0.1.0"
    assert rows[("signal", "midline_cross")]["package"] == "runner-example-plugins"

    ok = _runner(["validate"], tmp_path, [installed])
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "ok    strategies.d/mid.yaml  bot mid_cross: 1 instrument, 1 indicator" in ok.stdout

    schema = _runner(["schema"], tmp_path, [installed])
    defs = json.loads(schema.stdout)["$defs"]
    assert defs["IndicatorDonchianMid"]["properties"]["period"]["minimum"] == 2
    assert "SignalMidlineCross" in defs

    without = _runner(["validate"], tmp_path, [])
    assert without.returncode == 1
    assert (
        "strategies.d/mid.yaml:5:14: indicators.mid.use: unknown indicator plugin "
        "'donchian_mid'; installed indicator plugins: " in without.stdout
    )
    assert "strategies.d/mid.yaml:7:11: signals[0].use: unknown signal plugin 'midline_cross'" in (
        without.stdout
    )
    assert "Traceback" not in without.stdout + without.stderr


@pytest.mark.slow
def test_two_packages_with_one_plugin_name(installed: Path, tmp_path: Path) -> None:
    src = tmp_path / "clash"
    (src / "runner_clash_plugins").mkdir(parents=True)
    (src / "pyproject.toml").write_text(
        textwrap.dedent(
            """\
            [build-system]
            requires = ["setuptools>=68"]
            build-backend = "setuptools.build_meta"

            [project]
            name = "runner-clash-plugins"
            version = "2.0.0"

            [project.entry-points.runner]
            clash = "runner_clash_plugins"

            [tool.setuptools]
            packages = ["runner_clash_plugins"]
            """
        )
    )
    (src / "runner_clash_plugins" / "__init__.py").write_text(
        textwrap.dedent(
            '''\
            from runner.api import Indicator
            from runner.hookspecs import hookimpl


            class Other(Indicator):
                """Another indicator that happens to take the same name."""

                name = "donchian_mid"


            @hookimpl
            def register_indicators():
                return [Other]
            '''
        )
    )
    site2 = tmp_path / "site2"
    _pip_install(src, site2)
    for args in (["plugins"], ["validate"], ["--help"]):
        result = _runner(args, tmp_path, [installed, site2])
        assert result.returncode == 2, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
        err = result.stderr.strip()
        assert err.startswith("error: two indicator plugins are named 'donchian_mid': one from")
        assert "'runner-example-plugins'" in err and "'runner-clash-plugins'" in err
