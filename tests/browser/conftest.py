"""Browser-test fixtures: the app (fake Assistant) in a subprocess on a free port, and headless Debian chromium."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from servers.launch import ServerProcess, free_port, healthz_ok

from send_assistant.settings import OFFLINE_ENV, PROJECT_ROOT

# Debian's chromium, found on PATH (any install location works).
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update"]  # fmt: skip
AXE_JS = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
SERVER_SCRIPT = Path(__file__).resolve().parent / "fake_server.py"


@pytest.fixture(scope="module")
def web_server(tmp_path_factory):
    """Start the app around the fake Assistant; yields (base url, data dir); stops it by PID."""
    data_dir = tmp_path_factory.mktemp("browser") / "data"
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, **OFFLINE_ENV}
    argv = [sys.executable, str(SERVER_SCRIPT), str(port), str(data_dir)]
    with ServerProcess(argv, healthz_ok(url), log=data_dir.parent / "server.log", env=env):
        yield url, data_dir


@pytest.fixture(scope="module")
def browser():
    """Headless Debian chromium driven by Playwright."""
    if not CHROMIUM:
        # `make test` (and so CI) installs chromium and requires these tests: a missing browser fails there.
        if os.environ.get("SEND_ASSISTANT_REQUIRE_BROWSER") == "1" or os.environ.get("CI"):
            pytest.fail("Debian chromium is not installed, and browser tests are required (make browser-deps)")
        pytest.skip("Debian chromium is not installed (make browser-deps)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def open_page(browser, web_server):
    """open_page(width) -> a fresh page on the chat page, ready to use; records every request URL."""
    contexts = []

    def _open(width: int = 1280, scheme: str = "light"):
        # A phone is 375 x 812; a desktop 1280 x 800. The colour scheme is the device's (prefers-color-scheme).
        height = 812 if width < 640 else 800
        context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB", color_scheme=scheme)
        contexts.append(context)
        page = context.new_page()
        page.requests = []
        page.on("request", lambda request: page.requests.append(request.url))
        page.goto(web_server[0] + "/")
        page.wait_for_selector("#sa-question textarea", timeout=30000)
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def ask(page, question: str, answers: int) -> None:
    """Type a question, press Ask, and wait until the `answers`-th answer is final and has focus."""
    page.fill("#sa-question textarea", question)
    page.click("#sa-ask")
    page.wait_for_function(
        "n => document.querySelectorAll('#sa-chat .bot-row .sa-tools').length >= n", arg=answers, timeout=30000
    )
    wait_for_answer_focus(page)


def wait_for_answer_focus(page) -> None:
    """Wait until focus has moved to the newest answer's heading (the page does this once an answer is final)."""
    page.wait_for_function(
        """() => { const rows = document.querySelectorAll('#sa-chat .bot-row');
                   const last = rows[rows.length - 1];
                   return last && last.querySelector('.sa-answer-heading') === document.activeElement; }""",
        timeout=30000,
    )


@pytest.fixture
def ask_question():
    """ask_question(page, question, answers): ask and wait for that many finished answers."""
    return ask


def pick_area(page, area: str, shown: str | None = None) -> None:
    """Choose an area in the picker the way a mouse user would (`shown`: its display name, when different)."""
    page.click("#sa-area input")
    page.click(f'[role="option"][aria-label="{shown or area}"]')
    page.wait_for_function("a => document.querySelector('#sa-area input').value === a", arg=shown or area)


@pytest.fixture
def choose_area():
    """choose_area(page, area)."""
    return pick_area
