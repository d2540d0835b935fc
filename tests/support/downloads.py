"""A PDF that a button in the page downloads, read back as text."""

from __future__ import annotations

import subprocess
from pathlib import Path


def downloaded_pdf_text(page, button, folder: Path) -> tuple[str, str]:
    """Click ``button`` and save what it downloads in ``folder`` under the name the app gave it;
    it must be a PDF. Return that name and the PDF's text (``pdftotext -layout``, UTF-8) with
    every run of white space as one space."""
    with page.expect_download() as download:
        button.click()
    name = download.value.suggested_filename
    path = folder / name
    download.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF-"), path
    text = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    ).stdout
    return name, " ".join(text.split())
