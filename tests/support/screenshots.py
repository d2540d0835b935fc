"""Screenshots of the browser tests, for a person to look at: taken only when asked.

``REGIOKAART_SCREENSHOTS=1`` saves them under ``test-results/``; with
``REGIOKAART_UPDATE_SCREENSHOTS=1`` the README's pictures are refreshed too. A screenshot costs
Chromium 0.3–1 s of CPU, and no test reads one, so a plain run takes none.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.support.streamlit_server import REPO_ROOT

DOCS_SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"


def _asked(variable: str) -> bool:
    return os.environ.get(variable) == "1"


def screenshots_wanted() -> bool:
    return _asked("REGIOKAART_SCREENSHOTS") or _asked("REGIOKAART_UPDATE_SCREENSHOTS")


def save_screenshot(
    page, screenshot_dir: Path, name: str, readme: bool = False, full_page: bool = False
) -> None:
    """``screenshot_dir/name.png`` of the page, when screenshots are asked for; a README
    picture too when ``readme`` and REGIOKAART_UPDATE_SCREENSHOTS=1."""
    if not screenshots_wanted():
        return
    path = screenshot_dir / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    if readme and _asked("REGIOKAART_UPDATE_SCREENSHOTS"):
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_SCREENSHOTS / f"{name}.png")
