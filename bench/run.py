"""Regiokaart's benchmark: prints figures, asserts nothing. Run: .venv/bin/python bench/run.py

Measures, in Debian's Chromium against a real `streamlit run`:
- cold start: a fresh server until the first complete render of the app, next to a bare page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from tests.support.chromium import block_other_hosts, launch, wait_for_app  # noqa: E402
from tests.support.streamlit_server import streamlit_server  # noqa: E402


def cold_start_seconds(browser, script: Path, env: dict[str, str], marker: str) -> float:
    """Seconds from starting the server to the first complete render showing ``marker``."""
    start = time.perf_counter()
    with streamlit_server(script, env=env) as url:
        context = browser.new_context(viewport={"width": 1400, "height": 950})
        block_other_hosts(context)
        page = context.new_page()
        page.goto(url)
        wait_for_app(page)
        page.get_by_text(marker, exact=False).first.wait_for()
        elapsed = time.perf_counter() - start
        context.close()
    return elapsed


def report(name: str, value: float, baseline: float, unit: str = "s") -> None:
    ratio = value / baseline
    print(f"{name:<44} {value:8.3f} {unit}   bare {baseline:8.3f} {unit}   ratio {ratio:5.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="repetitions per figure (median)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch(playwright)
        env = {"REGIOKAART_DATA_DIR": str(REPO_ROOT / "data")}
        del tmp
        app = [cold_start_seconds(browser, REPO_ROOT / "app.py", env, "Regiokaart")
               for _ in range(args.runs)]
        bare = [cold_start_seconds(browser, REPO_ROOT / "bench" / "bare_page.py", {}, "Bare page")
                for _ in range(args.runs)]
        print(f"Median of {args.runs} runs")
        report("cold start to first complete render", statistics.median(app),
               statistics.median(bare))
        browser.close()


if __name__ == "__main__":
    main()
