"""The dashboard in a real headless Chromium against a real ``runner start --web``.

The page shows every bot, updates when a fill happens, a flatten click flattens that bot
(journaled with the operator's name), and the kill switch asks for a confirmation before
it flattens every bot. The last test leaves a screenshot under var/test-artifacts/.
The tests run in file order on one runner: the kill switch, which pauses every bot, last.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.web.live import REPO, LiveRunner, wait_for

BOTS = sorted(p.stem for p in (REPO / "strategies.d").glob("*.yaml"))
OPERATOR = "pytest-operator"
ARTIFACTS = REPO / "var" / "test-artifacts"
TIMEOUT_MS = 60_000


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    with sync_playwright() as p:
        # root on CI: Chromium's sandbox needs user namespaces it may not have there
        b = p.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        yield b
        b.close()


@pytest.fixture(scope="module")
def page(browser: Browser, live_runner: LiveRunner) -> Iterator[Page]:
    pg = browser.new_page(viewport={"width": 1400, "height": 1000})
    pg.set_default_timeout(TIMEOUT_MS)
    pg.goto(f"{live_runner.url}/#token={live_runner.token}")  # traded for a cookie
    pg.wait_for_selector("#main:not([hidden])")
    pg.fill("#operator", OPERATOR)
    pg.dispatch_event("#operator", "change")
    yield pg
    pg.close()


def journal_rows(runner: LiveRunner, action: str) -> list[tuple[str, str, str, str, int]]:
    """The journal's record of ``action`` done (refused attempts left out)."""
    with closing(sqlite3.connect(runner.journal)) as db:
        rows = db.execute(
            "SELECT who, via, bot, result, ok FROM operator_actions WHERE action = ? AND ok = 1"
            " ORDER BY rowid",
            (action,),
        ).fetchall()
    return [tuple(r) for r in rows]


def test_the_page_shows_every_bot(page: Page) -> None:
    page.wait_for_function(
        f"document.querySelectorAll('#bots tbody tr').length === {len(BOTS)}",
        timeout=TIMEOUT_MS,
    )
    shown = sorted(
        page.eval_on_selector_all("#bots tbody tr", "rows => rows.map(r => r.dataset.bot)")
    )
    assert shown == BOTS
    assert page.inner_text("#link") == "live"
    assert page.inner_text("#equity") != "–"  # the portfolio is filled in


def test_the_page_updates_when_a_fill_happens(page: Page) -> None:
    fill = page.wait_for_selector("#events li[data-kind=fill]", timeout=180_000)
    assert fill is not None
    bot = fill.get_attribute("data-bot")
    assert bot in BOTS
    # the table follows within a snapshot: that bot's fill count is no longer zero
    page.wait_for_function(
        "bot => Number(document.querySelector(`tr[data-bot='${bot}'] td.fills`).textContent) > 0",
        arg=bot,
    )
    assert " fill " in fill.inner_text()


def test_a_flatten_click_flattens_the_bot(page: Page, live_runner: LiveRunner) -> None:
    """Waits for a bot holding a position, clicks its Flatten; a bot that closed on its own
    between the look and the click is resumed and the next one tried."""

    def holding() -> str | None:
        return page.evaluate(
            "() => { const r = document.querySelector("
            "'#bots tr[data-paused=no] td.position[data-flat=no]');"
            " return r ? r.parentElement.dataset.bot : null; }"
        )

    flattened = None
    for _ in range(20):
        bot = wait_for(holding, 240, "a bot holding a position", every=0.02)
        page.click(f"tr[data-bot='{bot}'] button.flatten")
        entry = page.wait_for_selector(f"#journal li[data-action=flatten][data-bot='{bot}']")
        assert entry is not None
        if (entry.get_attribute("title") or "").startswith("closing"):
            flattened = bot
            break
        page.click(f"tr[data-bot='{bot}'] button.resume")  # it was flat by then: next one
        page.wait_for_selector(f"tr[data-bot='{bot}'][data-paused=no]")
    assert flattened is not None, "no flatten click found a position open"
    row = f"tr[data-bot='{flattened}']"
    page.wait_for_selector(f"{row}[data-paused=yes] td.position[data-flat=yes]")
    page.wait_for_selector(f"{row} td.orders[data-count='0']")
    page.wait_for_selector(f"#events li[data-kind=flatten][data-bot='{flattened}']")
    who, via, bot, result, ok = journal_rows(live_runner, "flatten")[-1]
    assert (who, via, bot, ok) == (OPERATOR, "web", flattened, 1)
    assert result.startswith("closing ") and result.endswith("paused")


def test_the_kill_switch_needs_confirmation_and_flattens_all(
    page: Page, live_runner: LiveRunner
) -> None:
    page.click("#kill")
    page.wait_for_selector("#confirm:not([hidden])")
    assert "Flatten every bot?" in page.inner_text("#confirm")
    page.click("#confirm-no")  # cancelled: nothing happens
    page.wait_for_selector("#confirm", state="hidden")
    assert journal_rows(live_runner, "flatten_all") == []

    page.click("#kill")
    page.wait_for_selector("#confirm:not([hidden])")
    assert journal_rows(live_runner, "flatten_all") == []  # armed only
    page.click("#confirm-yes")
    page.wait_for_selector("#journal li[data-action=flatten_all][data-ok=yes]")
    for bot in BOTS:
        page.wait_for_selector(f"tr[data-bot='{bot}'][data-paused=yes] td.position[data-flat=yes]")
    ((who, via, bot, result, ok),) = journal_rows(live_runner, "flatten_all")
    assert (who, via, bot, ok) == (OPERATOR, "web", "*", 1)
    assert all(name in result for name in BOTS)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shot = ARTIFACTS / "web-dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    print(f"\nscreenshot of the dashboard: {shot}")
