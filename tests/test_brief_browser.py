"""The brief downloaded from the Share menu in Debian's Chromium: built on click, in the worker."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.browser_support import METRIC, browser, server  # noqa: F401 (the fixtures)


def test_share_then_download_gives_a_one_page_pdf_of_this_view(browser, server, tmp_path):  # noqa: F811 (fixtures)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    page.goto(server.url + "/?sanctions=lifted&direct_talks=true&month=9", wait_until="commit")
    page.wait_for_selector(METRIC, timeout=90_000)
    page.get_by_role("button", name=re.compile("Share")).first.click()
    button = page.get_by_role("button", name=re.compile("Download a one-page brief"))
    button.wait_for(timeout=30_000)
    with page.expect_download(timeout=120_000) as download:
        button.click()
    target = tmp_path / "brief.pdf"
    download.value.save_as(target)
    assert download.value.suggested_filename == "brief.pdf"
    data = target.read_bytes()
    assert data.startswith(b"%PDF-")
    context.close()
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils is not installed")
    read = subprocess.run(["pdftotext", str(target), "-"], capture_output=True, text=True, check=True).stdout
    assert "Headline at month 9" in " ".join(read.split()) and "Sanctions: lifted" in " ".join(read.split())
    assert "sanctions=lifted&direct_talks=true&month=9" in "".join(read.split())  # the link, however it wraps
