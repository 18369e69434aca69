"""What keeps start-up cheap: lazy modules, the calendar-name snapshot, plugins by name."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from runner.api import hookimpl, optional
from runner.api.base import PluginKind
from runner.api.lazy import LazyModule, lazy_import
from runner.api.registry import PluginRef
from runner.contracts import calendar_names as names_module
from runner.plugins import PluginError, PluginRegistry, make_manager

# ----------------------------------------------------------------------------- lazy modules


def _fresh(code: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_lazy_module_imports_on_first_attribute_and_then_is_the_real_one() -> None:
    seen = _fresh(
        """
        import json, sys
        from runner.api.lazy import lazy_import
        pa = lazy_import("pyarrow.compute")
        before = "pyarrow" in sys.modules
        total = pa.sum([1, 2, 3]).as_py()
        real = sys.modules["pyarrow.compute"]
        print(json.dumps({"before": before, "total": total, "same": pa.sum is real.sum,
                          "in_dict": "sum" in vars(pa)}))
        """
    )
    assert seen == {"before": False, "total": 6, "same": True, "in_dict": True}


def test_lazy_import_of_a_loaded_module_is_the_module_itself() -> None:
    assert lazy_import("json") is json
    stand_in = lazy_import("runner_no_such_module_for_lazy_test")
    assert isinstance(stand_in, LazyModule)
    assert "not loaded yet" in repr(stand_in)
    with pytest.raises(ModuleNotFoundError, match="runner_no_such_module_for_lazy_test"):
        stand_in.anything  # noqa: B018 - the attribute read is what imports


# ----------------------------------------------------------------------- calendar names


def test_the_calendar_snapshot_matches_the_installed_library() -> None:
    stored = names_module.read_snapshot()
    live = names_module.from_library()
    assert stored is not None, f"{names_module.SNAPSHOT} is missing or unreadable"
    assert stored == live, (
        f"{names_module.SNAPSHOT} was written for exchange_calendars {stored.get('version')}, "
        f"{live['version']} is installed: run `python -m runner.contracts.calendar_names`"
    )
    assert "CMES" in names_module.calendar_names(include_aliases=False)
    assert "COMEX" in names_module.calendar_names()  # an alias of CMES
    assert "COMEX" not in names_module.calendar_names(include_aliases=False)


def test_another_library_version_reads_the_names_from_the_library(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = tmp_path / "names.json"
    stale.write_text(json.dumps({"version": "0.0.1", "canonical": ["ONLY"], "aliases": []}))
    monkeypatch.setattr(names_module, "SNAPSHOT", stale)
    names_module._names.cache_clear()
    names_module.calendar_names.cache_clear()
    try:
        assert "ONLY" not in names_module.calendar_names()
        assert "XNYS" in names_module.calendar_names()
    finally:
        names_module._names.cache_clear()
        names_module.calendar_names.cache_clear()


def test_an_unreadable_snapshot_is_no_snapshot(tmp_path: Path) -> None:
    bad = tmp_path / "names.json"
    bad.write_text("{not json")
    assert names_module.read_snapshot(bad) is None
    bad.write_text(json.dumps({"version": "1", "canonical": "CMES"}))
    assert names_module.read_snapshot(bad) is None
    assert names_module.read_snapshot(tmp_path / "absent.json") is None


# --------------------------------------------------------------------- plugins by name

FEED_MODULE = '''
from runner.api import Feed, Params


class LazyFeed(Feed[Params]):
    """A feed whose module is imported only when a bot names it."""

    name = "lazyfeed"
'''


class _Package:
    """A plugin package whose feed needs an extra, registered by name."""

    def __init__(self, target: str, name: str = "lazyfeed") -> None:
        self.target = target
        self.feed_name = name

    @hookimpl
    def register_feeds(self) -> list:
        return [optional("feed", self.feed_name, self.target, "lazyextra")]


def _registry(*packages: object) -> PluginRegistry:
    return PluginRegistry(make_manager(*packages, entry_points=False))


@pytest.fixture
def feed_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    name = f"startup_lazy_feed_{tmp_path.name.replace('-', '_')}"
    (tmp_path / f"{name}.py").write_text(FEED_MODULE)
    monkeypatch.syspath_prepend(str(tmp_path))
    yield name
    sys.modules.pop(name, None)


def test_optional_names_the_plugin_without_importing_it(feed_module: str) -> None:
    ref = optional("feed", "lazyfeed", f"{feed_module}:LazyFeed", "lazyextra")
    assert ref == PluginRef(PluginKind.FEED, "lazyfeed", f"{feed_module}:LazyFeed", "lazyextra")
    reg = _registry(_Package(f"{feed_module}:LazyFeed"))
    assert feed_module not in sys.modules  # registered, not imported
    info = reg.get(PluginKind.FEED, "lazyfeed")
    assert info is not None and info.cls.__module__ == feed_module
    assert info.summary == "A feed whose module is imported only when a bot names it."
    assert reg.names(PluginKind.FEED) == ["lazyfeed"]


def test_a_missing_extra_names_the_extra_to_install() -> None:
    reg = _registry(_Package("startup_lazy_absent_module:Feed", name="absentfeed"))
    assert reg.get(PluginKind.FEED, "absentfeed") is None
    message = reg.unknown_message(PluginKind.FEED, "absentfeed")
    assert message.startswith(
        "feed plugin 'absentfeed' is not installed: it needs the 'lazyextra' extra: "
        "pip install 'futures-runner[lazyextra]'"
    )
    assert "absentfeed" not in reg.names(PluginKind.FEED)


def test_a_class_named_otherwise_than_registered_is_refused(feed_module: str) -> None:
    reg = _registry(_Package(f"{feed_module}:LazyFeed", name="otherfeed"))
    with pytest.raises(PluginError, match="registers .*LazyFeed as the feed plugin 'otherfeed'"):
        reg.get(PluginKind.FEED, "otherfeed")


def test_two_packages_naming_one_plugin_clash_before_any_import(feed_module: str) -> None:
    with pytest.raises(PluginError, match="two feed plugins are named 'lazyfeed'"):
        _registry(_Package(f"{feed_module}:LazyFeed"), _Package("elsewhere_module:LazyFeed"))
    assert feed_module not in sys.modules


def test_every_built_in_reference_names_its_class() -> None:
    """Each built-in is registered by name before its module is imported; loading them all
    finds every class under the name it was registered with, of the kind it was given."""
    import runner_plugins.exits
    import runner_plugins.feeds
    import runner_plugins.filters
    import runner_plugins.indicators
    import runner_plugins.paper
    import runner_plugins.signals
    import runner_plugins.sizers

    packages = (
        runner_plugins.exits,
        runner_plugins.feeds,
        runner_plugins.filters,
        runner_plugins.indicators,
        runner_plugins.paper,
        runner_plugins.signals,
        runner_plugins.sizers,
    )
    refs = [ref for package in packages for ref in package.REFS]
    assert len(refs) == len({(r.kind, r.name) for r in refs}) == 33
    for ref in refs:
        cls = ref.load()
        assert cls is not None and cls.name == ref.name and cls.kind == ref.kind, ref
        assert getattr(sys.modules[ref.target.partition(":")[0]], ref.class_name) is cls
    assert runner_plugins.indicators.BUILTINS[0] is runner_plugins.indicators.SMA
    with pytest.raises(AttributeError, match="has no attribute 'Nope'"):
        runner_plugins.exits.Nope  # noqa: B018
