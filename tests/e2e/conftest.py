"""Browser fixtures: Debian's Chromium driven by Playwright's sync API against `live_server`.

The browser is never downloaded: Playwright starts the system Chromium (`apt-get install
chromium`), or the one CHROMIUM names. Every test gets a fresh context at phone width with a Thai
browser, as a member of staff reading on a phone would have.

A test that takes `page` runs against `live_server`, so its database is transactional and is
emptied after it; `page` also asks for a serialized rollback, which restores what the migrations
put there (the Wagtail root page, the default site, the role groups) before each test.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium keeps calling home, and this machine's closed
# network refuses every call; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
BLOCKING_IMPACTS = ("serious", "critical")
HERE = Path(__file__).parent


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the browser tests last (after pytest-django's own ordering), so that the event loop
    Playwright leaves running in this thread (see `playwright`) never reaches another test."""
    items.sort(key=lambda item: HERE in item.path.parents)


@pytest.fixture(scope="session")
def playwright(django_db_setup) -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium, or set CHROMIUM")
    # Playwright's sync API keeps an event loop running in this thread from here to the end of
    # the session. Django then refuses ORM calls (SynchronousOnlyOperation), although the tests
    # are synchronous; and asgiref keeps its connections per context instead of per thread, so
    # Django hands out new connection objects that lack the snapshot of the migrated data that a
    # serialized rollback restores. Allow the calls and give the new connections the snapshot.
    snapshots = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as instance:
            for alias, snapshot in snapshots.items():
                if snapshot is not None:
                    connections[alias]._test_serialized_contents = snapshot
            yield instance
            connections.close_all()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE")
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


@pytest.fixture
def context(
    browser: Browser, live_server, django_db_serialized_rollback
) -> Iterator[BrowserContext]:
    context = browser.new_context(
        base_url=live_server.url,
        viewport=PHONE,
        locale="th-TH",
        timezone_id="Asia/Bangkok",
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def axe_check(axe: Axe) -> Callable[[Page], None]:
    """Run axe-core on a page; fail listing every serious or critical violation."""

    def check(page: Page) -> None:
        results = axe.run(page)
        blocking = [v for v in results.response["violations"] if v["impact"] in BLOCKING_IMPACTS]
        lines = [
            f"{v['id']} ({v['impact']}): {v['help']} at "
            + "; ".join(", ".join(map(str, node["target"])) for node in v["nodes"])
            for v in blocking
        ]
        assert not blocking, f"axe found on {page.url}:\n" + "\n".join(lines)

    return check
