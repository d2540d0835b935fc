"""Screenshots of the browser tests; with REGIOKAART_UPDATE_SCREENSHOTS=1 the README's too."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from tests.support.streamlit_server import REPO_ROOT

DOCS_SCREENSHOTS = REPO_ROOT / "docs" / "screenshots"


def save_screenshot(page, screenshot_dir: Path, name: str, readme: bool = False) -> None:
    """``screenshot_dir/name.png`` of the visible page; a README picture too when asked."""
    path = screenshot_dir / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    if readme and os.environ.get("REGIOKAART_UPDATE_SCREENSHOTS") == "1":
        DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, DOCS_SCREENSHOTS / f"{name}.png")
