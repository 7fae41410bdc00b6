"""A real browser for tests: Debian's Chromium, headless, driven by Playwright.

    from browser import browser_available, open_page

    page = open_page("http://127.0.0.1:8080/", wait_for_text=["AAPL", "MSFT"],
                     selector="perspective-viewer", screenshot="dashboard")
    assert "AAPL" in page.text

``open_page(url, *, wait_for_selector=None, wait_for_text=(), selector=None,
wait_for_function=None, timeout=30.0, screenshot=None) -> PageResult`` loads
``url`` and waits, each wait bounded by ``timeout`` seconds, until
``wait_for_selector`` (a CSS selector) is attached, every string of
``wait_for_text`` is shown somewhere in the page (shadow DOM included), and
the JavaScript expression ``wait_for_function`` is truthy. It returns a
``PageResult``: ``text`` (the inner text of ``selector``, default the body,
shadow roots included), ``html`` (the page's serialized DOM), ``screenshot``
(the path of ``build/screenshots/<screenshot>.png`` when asked) and
``console_errors`` (console errors, with their URL, and uncaught exceptions
of the page; a missing ``/favicon.ico`` is not one). A
wait that runs out raises ``PageTimeout`` naming what was awaited, with the
page's text and errors at that moment (and a screenshot, when asked).

``browser_available()`` returns None when a browser can be launched, else
the reason (for ``pytest.skip``). Chromium: ``CSP_CHROMIUM`` or
``/usr/bin/chromium`` (``apt-get install chromium``); the Playwright package
drives it and downloads no browser. Running as root needs ``--no-sandbox``,
which is always passed.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, List, Optional, Union

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "build" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]

# The text of an element and of every shadow root under it, as the user sees it.
_DEEP_TEXT = """(root) => {
  const parts = [];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) { const t = node.textContent.trim(); if (t) parts.push(t); return; }
    if (node.nodeType !== Node.ELEMENT_NODE && node.nodeType !== Node.DOCUMENT_FRAGMENT_NODE) return;
    if (node.tagName === 'SCRIPT' || node.tagName === 'STYLE') return;
    if (node.shadowRoot) walk(node.shadowRoot);
    for (const child of node.childNodes) walk(child);
  };
  walk(root);
  return parts.join('\\n');
}"""


class PageTimeout(AssertionError):
    """A wait of open_page ran out (the message names it and shows the page)."""


@dataclass
class PageResult:
    text: str
    html: str
    screenshot: Optional[Path] = None
    console_errors: List[str] = field(default_factory=list)


def chromium_path() -> Optional[str]:
    candidate = os.environ.get("CSP_CHROMIUM") or "/usr/bin/chromium"
    return candidate if os.path.exists(candidate) else shutil.which("chromium")


def browser_available() -> Optional[str]:
    """None if a headless Chromium can be driven here, else why not."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the browser tests need the playwright package (pip install playwright)"
    if chromium_path() is None:
        return "the browser tests need Chromium (apt-get install chromium)"
    return None


def open_page(url: str, *, wait_for_selector: Optional[str] = None, wait_for_text: Union[str, Iterable[str]] = (),
              selector: Optional[str] = None, wait_for_function: Optional[str] = None, timeout: float = 30.0,
              screenshot: Optional[str] = None) -> PageResult:
    """Loads ``url`` in headless Chromium, waits as asked, returns what it shows (see the module docstring)."""
    from playwright.sync_api import Error as PlaywrightError, sync_playwright

    texts = [wait_for_text] if isinstance(wait_for_text, str) else list(wait_for_text)
    ms = timeout * 1000
    errors: List[str] = []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.on("console", lambda m: _console_error(m, errors))
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(url, wait_until="domcontentloaded", timeout=ms)
            waits = ([("selector " + wait_for_selector, lambda: page.wait_for_selector(
                wait_for_selector, state="attached", timeout=ms))] if wait_for_selector else [])
            waits += [(f"text {text!r}", lambda text=text: page.get_by_text(text).first.wait_for(
                state="visible", timeout=ms)) for text in texts]
            if wait_for_function:
                waits.append((f"function {wait_for_function!r}",
                              lambda: page.wait_for_function(wait_for_function, timeout=ms)))
            for what, wait in waits:
                try:
                    wait()
                except PlaywrightError as error:
                    shot = _screenshot(page, screenshot)
                    raise PageTimeout(f"{url}: waited {timeout:g} s for {what}: {error.message.splitlines()[0]}\n"
                                      f"page text: {_text(page, selector)[:2000]!r}\nconsole errors: {errors}\n"
                                      f"screenshot: {shot}") from None
            return PageResult(text=_text(page, selector), html=page.content(), screenshot=_screenshot(page, screenshot),
                              console_errors=errors)
        finally:
            browser.close()


def _console_error(message, errors: List[str]) -> None:
    """Records a console error, but not the browser's own request of a missing /favicon.ico."""
    if message.type != "error":
        return
    url = (message.location or {}).get("url", "")
    if url.endswith("/favicon.ico"):
        return
    errors.append(f"{message.text} ({url})" if url else message.text)


def _text(page, selector: Optional[str]) -> str:
    handle = page.query_selector(selector) if selector else page.query_selector("body")
    return page.evaluate(_DEEP_TEXT, handle) if handle is not None else ""


def _screenshot(page, name: Optional[str]) -> Optional[Path]:
    if not name:
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
