"""Debian's Chromium driven by Playwright, with every request to another host blocked.

The block is Chromium's own host resolver (every name but this machine's fails to resolve), not
Playwright request interception: interception would turn off the browser's cache and send every
request through Python, which made each page load cost about twice the CPU.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


def watch_other_hosts(target, seen: list[tuple[str, str]]):
    """Remember (resource type, URL) of every request ``target`` (a context or a page) makes to
    another host; return a function that stops watching.

    Such requests fail anyway (see CHROMIUM_ARGS); this only makes them visible to a test.
    """

    def remember(request):
        url = request.url
        local = url.startswith(("data:", "blob:", "about:"))
        if not local and (urlsplit(url).hostname or "") not in LOCAL_HOSTS:
            seen.append((request.resource_type, url))

    target.on("request", remember)
    return lambda: target.remove_listener("request", remember)


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Wait until the Streamlit script has finished its run."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout
    )
