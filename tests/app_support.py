"""Shared helpers for the AppTest suites: open the page with a link, read what it shows."""

from __future__ import annotations

import re
from pathlib import Path

from streamlit.testing.v1 import AppTest

from dashboard.model import RESPONSES, shipped_parameters, simulate
from dashboard.ui.failsafe import FAILURE_TEXT

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
SHORT = {name: p.short for name, p in shipped_parameters().indicators.items()}


def open_app(**params) -> AppTest:
    """The dashboard opened with these link parameters, after its first run (which must not fail)."""
    return _opened(AppTest.from_file(APP, default_timeout=60), params)


def open_page(source: str, **params) -> AppTest:
    """One page (``source``: a script that draws it) opened with these link parameters."""
    return _opened(AppTest.from_string(source, default_timeout=60), params)


def _opened(at: AppTest, params: dict) -> AppTest:
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    assert not failures(at), failures(at)
    return at


def as_read(markdown: str) -> str:
    """Markdown source as a reader sees it: the backslash escapes and the zero-width spaces
    of ``plain()`` removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u200b", "")


def texts(elements) -> str:
    """The text of some elements (``at.warning``, ``at.sidebar.error``...) as read."""
    return "\n".join(as_read(e.value) for e in elements)


def failures(at) -> list[str]:
    """The page's "something went wrong" messages (an exception caught by dashboard.ui.failsafe)."""
    return [e.value for e in at.error if FAILURE_TEXT in e.value]


def shown(at) -> dict[str, float]:
    """The headline figures on the page, by response."""
    by_label = {m.label: float(m.value) for m in at.metric}
    return {name: by_label[SHORT[name]] for name in RESPONSES}


def expected(scenario, month: int = 12, rules=None) -> dict[str, float]:
    """The figures the page should show for a scenario, straight from the model."""
    return {name: round(simulate(scenario, rules).at(month)[name], 1) for name in RESPONSES}
