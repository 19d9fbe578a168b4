"""The brief from the Share menu (AppTest) and the worker process that builds it."""

from __future__ import annotations

import pytest

from dashboard.brief import worker
from dashboard.brief.build import Request, build
from dashboard.model import Scenario
from dashboard.ui import brief_download
from tests.app_support import open_app


def open_share(**params):
    at = open_app(**params)
    at.session_state["share_open"] = True
    at.run()
    return at


def test_the_share_menu_offers_the_brief_as_pdf_and_markdown_with_a_paper_size():
    at = open_share(sanctions="lifted")
    labels = [b.label for b in at.get("download_button")]
    assert "Download a one-page brief (PDF)" in labels and "Brief as Markdown" in labels
    paper = next(c for c in at.get("button_group") if c.key == "brief_paper")
    assert paper.options == ["A4", "US Letter"]
    assert not at.exception


def test_the_brief_has_bands_only_where_the_uncertainty_tab_ran_for_these_options():
    assert brief_download.BANDS_RUN not in open_app(sanctions="lifted").session_state
    at = open_app(sanctions="lifted", tab="Uncertainty", draws="100", seed="4")
    assert at.session_state[brief_download.BANDS_RUN] == (Scenario(sanctions="lifted"), 100, 4)
    at.sidebar.select_slider(key="sanctions").set_value("eased").run()  # the tab runs again for them
    assert at.session_state[brief_download.BANDS_RUN] == (Scenario(sanctions="eased"), 100, 4)


@pytest.fixture
def fresh_worker():
    worker.stop()
    yield
    worker.stop()


def test_the_worker_builds_the_same_brief_as_this_process(fresh_worker):
    request = Request(Scenario(direct_talks=True), "https://example.org/?direct_talks=true", format="md")
    assert worker.build_elsewhere(request) == build(request)
    pdf = worker.build_elsewhere(Request(Scenario(), "https://example.org/"))
    assert pdf.startswith(b"%PDF-")


def test_a_brief_that_cannot_be_built_is_a_message_and_the_worker_goes_on(fresh_worker):
    with pytest.raises(worker.BriefFailed, match="paper: 'a3' is not allowed"):
        worker.build_elsewhere(Request(Scenario(), "https://example.org/", paper="a3"))
    assert worker.build_elsewhere(Request(Scenario(), "https://x/", format="md")).startswith("# ")


def test_a_worker_that_died_is_replaced(fresh_worker):
    worker.build_elsewhere(Request(Scenario(), "https://x/", format="md"))
    worker._worker.process.kill()
    worker._worker.process.wait()
    assert worker.build_elsewhere(Request(Scenario(), "https://x/", format="md")).startswith("# ")
