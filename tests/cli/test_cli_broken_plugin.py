"""Plugin packages that fail to load, and the RUNNER_PLUGINS allow-list (issue 12 item 6).

No pip: each fake distribution is a ``NAME-VERSION.dist-info`` folder (METADATA,
entry_points.txt and, for the ones with code, RECORD) in a temporary directory that the real
``runner`` command gets on PYTHONPATH, which is all importlib.metadata needs to find an
entry point.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from runner.api.base import PluginKind
from runner.plugins import (
    LoadFailure,
    PluginRegistry,
    allowed_packages,
    canonical,
    make_manager,
)

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "plugin-package"

MISSING = (
    "warning: plugin package runner-broken-plugins 1.2.0 failed to load and is skipped: "
    "entry point broken = runner_broken_missing.hooks: "
    "ModuleNotFoundError: No module named 'runner_broken_missing'"
)
RAISING = (
    "warning: plugin package runner-raising 0.3 failed to load and is skipped: "
    "entry point raising = runner_raising: RuntimeError: needs talib 0.9 (found 0.4)"
)
HOOK = (
    "warning: plugin package runner-hookfail 2.0 failed to load and is skipped: "
    "entry point hookfail = runner_hookfail: ZeroDivisionError: division by zero"
)

BOT = """\
name: {name}
instruments:
  gc: {{root: GC}}
indicators:
  mid: {{use: {indicator}, period: 20}}
signals:
  - {{use: midline_cross, indicator: mid}}
"""


def dist(site: Path, name: str, version: str, entry_points: str, files: list[str] = ()) -> None:
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[runner]\n{entry_points}\n")
    if files:
        (info / "RECORD").write_text("".join(f"{f},,\n" for f in files))


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three broken packages and a good one (the example package's code, via its entry point)."""
    site = tmp_path_factory.mktemp("site")
    dist(site, "runner-broken-plugins", "1.2.0", "broken = runner_broken_missing.hooks")
    dist(site, "runner-raising", "0.3", "raising = runner_raising", ["runner_raising.py"])
    (site / "runner_raising.py").write_text(
        textwrap.dedent(
            """\
            from runner.api import Indicator


            class ZigZag(Indicator):
                name = "zigzag"

            raise RuntimeError("needs talib 0.9\\n  (found 0.4)")
            """
        )
    )
    dist(site, "runner-hookfail", "2.0", "hookfail = runner_hookfail", ["runner_hookfail.py"])
    (site / "runner_hookfail.py").write_text(
        textwrap.dedent(
            """\
            from runner.hookspecs import hookimpl

            @hookimpl
            def register_indicators():
                return [1 / 0]
            """
        )
    )
    dist(site, "runner-example-plugins", "0.1.0", "example = runner_example_plugins")
    return site


def run(
    args: list[str], cwd: Path, path: list[Path], **env_extra: str
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "RUNNER_PLUGINS"}
    outer = [env["PYTHONPATH"]] if env.get("PYTHONPATH") else []  # a checkout under test
    env["PYTHONPATH"] = os.pathsep.join([*(str(p) for p in path), *outer])
    env.update(env_extra)
    exe = Path(sys.executable).parent / "runner"
    return subprocess.run(
        [str(exe), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "strategies.d").mkdir()
    (tmp_path / "strategies.d" / "mid.yaml").write_text(
        BOT.format(name="mid_cross", indicator="donchian_mid")
    )
    (tmp_path / "zig.yaml").write_text(BOT.format(name="zig", indicator="zigzag"))
    (tmp_path / "typo.yaml").write_text(BOT.format(name="typo", indicator="qqqq"))
    return tmp_path


@pytest.mark.slow
def test_broken_packages_are_reported_once_and_skipped(site: Path, project: Path) -> None:
    for args in (["--version"], ["validate"], ["plugins", "--kind", "signal"]):
        result = run(args, project, [site, EXAMPLE])
        assert result.returncode == 0, result.stdout + result.stderr
        # once each, in the order the distributions are found
        assert sorted(result.stderr.splitlines()) == sorted([MISSING, RAISING, HOOK])
        assert "Traceback" not in result.stdout + result.stderr
    assert "runner 0.1.0" in run(["--version"], project, [site, EXAMPLE]).stdout
    listed = run(["plugins", "--kind", "signal"], project, [site, EXAMPLE]).stdout
    assert "midline_cross" in listed and "runner-example-plugins" in listed


@pytest.mark.slow
def test_a_bot_using_a_broken_package_names_it(site: Path, project: Path) -> None:
    result = run(["validate", "zig.yaml", "typo.yaml"], project, [site, EXAMPLE])
    assert result.returncode == 1, result.stdout + result.stderr
    assert (
        "zig.yaml:5:14: indicators.mid.use: indicator plugin 'zigzag' is not available: "
        "package runner-raising 0.3 failed to load: RuntimeError: needs talib 0.9 (found 0.4) "
        "(entry point raising = runner_raising)"
    ) in result.stdout
    typo = next(line for line in result.stdout.splitlines() if line.startswith("typo.yaml:5"))
    assert typo.startswith("typo.yaml:5:14: indicators.mid.use: unknown indicator plugin 'qqqq'")
    failed = typo.partition("; plugin packages that failed to load: ")[2]
    assert sorted(failed.split("; ")) == [
        "runner-broken-plugins 1.2.0 (ModuleNotFoundError: No module named "
        "'runner_broken_missing')",
        "runner-hookfail 2.0 (ZeroDivisionError: division by zero)",
        "runner-raising 0.3 (RuntimeError: needs talib 0.9 (found 0.4))",
    ]
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.slow
def test_allow_list(site: Path, project: Path) -> None:
    only = run(
        ["validate"], project, [site, EXAMPLE], RUNNER_PLUGINS="Runner_Example.Plugins, nope"
    )
    assert only.returncode == 0, only.stdout + only.stderr
    assert only.stderr.splitlines() == [
        "warning: RUNNER_PLUGINS names nope, which is not installed"
    ]
    assert "ok    strategies.d/mid.yaml  bot mid_cross" in only.stdout

    builtins = run(["validate"], project, [site, EXAMPLE], RUNNER_PLUGINS="")
    assert builtins.returncode == 1
    assert builtins.stderr == ""  # the broken packages are not even imported
    assert (
        "strategies.d/mid.yaml:5:14: indicators.mid.use: unknown indicator plugin "
        "'donchian_mid'; installed indicator plugins: "
    ) in builtins.stdout
    assert (
        "; installed but not loaded because RUNNER_PLUGINS leaves them out: "
        "runner-broken-plugins, runner-example-plugins, runner-hookfail, runner-raising"
    ) in builtins.stdout
    listed = run(["plugins", "--kind", "sizer"], project, [site, EXAMPLE], RUNNER_PLUGINS="")
    assert listed.returncode == 0 and "risk_per_trade" in listed.stdout


@pytest.mark.slow
def test_a_broken_builtin_installation_is_exit_2(tmp_path: Path) -> None:
    site = tmp_path / "site"
    dist(site, "futures-runner", "9.0", "indicators = runner_plugins.gone")
    for args in (["--version"], ["validate"], ["plugins"]):
        result = run(args, tmp_path, [site])
        assert result.returncode == 2, result.stdout + result.stderr
        assert result.stderr.splitlines() == [
            "error: the runner installation is broken: entry point indicators = "
            "runner_plugins.gone failed to load: ModuleNotFoundError: No module named "
            "'runner_plugins.gone'; reinstall futures-runner"
        ]


def test_distribution_names_compare_as_pip_does(monkeypatch: pytest.MonkeyPatch) -> None:
    assert canonical("Runner_Example.plugins") == "runner-example-plugins"
    monkeypatch.delenv("RUNNER_PLUGINS", raising=False)
    assert allowed_packages() is None
    monkeypatch.setenv("RUNNER_PLUGINS", "")
    assert allowed_packages() == {"futures-runner"}
    monkeypatch.setenv("RUNNER_PLUGINS", " a_b , C.d,,")
    assert allowed_packages() == {"futures-runner", "a-b", "c-d"}


def test_unknown_message_ties_a_plugin_to_the_package_that_failed(tmp_path: Path) -> None:
    source = tmp_path / "mod.py"
    source.write_text('class Band:\n    name = "foo_band"\n')
    reg = PluginRegistry(make_manager(entry_points=False))
    reg.failures.append(
        LoadFailure("runner-foo", "1.0", "foo = mod", "ImportError: boom", (str(source),))
    )
    assert reg.unknown_message(PluginKind.INDICATOR, "foo_band") == (
        "indicator plugin 'foo_band' is not available: package runner-foo 1.0 failed to load: "
        "ImportError: boom (entry point foo = mod)"
    )
    other = reg.unknown_message(PluginKind.INDICATOR, "bar_band")
    assert other.startswith("unknown indicator plugin 'bar_band'")
    assert other.endswith(
        "; plugin packages that failed to load: runner-foo 1.0 (ImportError: boom)"
    )


@pytest.mark.slow
def test_a_package_found_twice_on_the_path_is_reported_once(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    dist(again, "runner-broken-plugins", "1.2.0", "broken = runner_broken_missing.hooks")
    result = run(["--version"], tmp_path, [again, site, EXAMPLE])
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines().count(MISSING) == 1, result.stderr
