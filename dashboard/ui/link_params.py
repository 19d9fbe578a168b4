"""The dashboard's link parameters, declared once.

Each entry says a parameter's name, its allowed values, its default and where it lives (the
page, or the tab that reads it). The link check (``page_choices``), the share link
(``app.share_panel``) and the tabs' defaults (``defaults``) are all derived from this list,
so adding a parameter is one entry here plus the widget that reads it; tests/test_links.py
names any widget written to the link that is not declared here. The levers and the horizon
are the scenario's contract (``dashboard.model.links.lever_choices``), not listed here.
"""

from __future__ import annotations

from dashboard.model import LEVER_LEVELS, RESPONSES
from dashboard.model.baselines import BASELINES
from dashboard.model.ensemble import DEFAULT_DRAWS, DEFAULT_SEED, MAX_DRAWS
from dashboard.model.links import Allowed, LinkParam, Pattern
from dashboard.model.presets import presets
from dashboard.model.versions import VERSION_FORM, VERSION_WORDS

TABS = ["Over time", "Escalation", "Map", "Why", "Uncertainty", "Sweep", "Compare", "Rules", "About"]
PAGE = "page"  # where: read by the whole page, not one tab
CURRENT, FILE = "current", "file"  # the Compare tab's own choices besides the presets
SWEEP_LEVERS = [lever for lever in LEVER_LEVELS if lever != "lens"]
VERSION = "v"  # the rules version a link was made with (dashboard.model.versions)
RULES_TOKEN = "rules"  # a session's custom rules (dashboard.ui.rules_session checks it)


def _compare_options() -> list[str]:
    return [CURRENT, *presets(), FILE]


DASHBOARD: tuple[LinkParam, ...] = (
    LinkParam("month", lambda months: range(1, months + 1), 12, PAGE),
    LinkParam("baseline", list(BASELINES), next(iter(BASELINES)), PAGE),
    LinkParam("tab", TABS, TABS[0], PAGE),
    LinkParam("why", list(RESPONSES), RESPONSES[0], "Why"),
    LinkParam("compare_a", lambda months: _compare_options(), CURRENT, "Compare"),
    LinkParam("compare_b", lambda months: _compare_options(), "article_recommendation", "Compare"),
    LinkParam("draws", range(1, MAX_DRAWS + 1), DEFAULT_DRAWS, "Uncertainty"),
    LinkParam("seed", range(10**9), DEFAULT_SEED, "Uncertainty"),
    LinkParam("risk_at", range(101), 50, "Uncertainty"),
    LinkParam("sens", list(RESPONSES), "escalation_risk", "Uncertainty"),
    LinkParam("sweep_x", SWEEP_LEVERS, "sanctions", "Sweep"),
    LinkParam("sweep_y", SWEEP_LEVERS, "jcpoa", "Sweep"),
    LinkParam("sweep_of", list(RESPONSES), "escalation_risk", "Sweep"),
    LinkParam("sweep_zoom", ["true", "false"], "false", "Sweep"),
    # Written by their own code, not from the session's widgets:
    LinkParam(VERSION, Pattern(VERSION_FORM.pattern, VERSION_WORDS + " (the current rules apply)"), None, PAGE,
              widget=False),
    LinkParam(RULES_TOKEN, None, None, PAGE, widget=False),  # a token, checked by rules_session.from_link
)
BY_NAME = {param.name: param for param in DASHBOARD}


def page_choices(months: int) -> dict[str, Allowed]:
    """Every declared parameter with its allowed values, for ``address.check_once``."""
    return {p.name: allowed for p in DASHBOARD if (allowed := p.allowed_for(months)) is not None}


def choices(where: str, months: int = 1) -> dict[str, Allowed]:
    """The parameters of one tab (or of the page) and their allowed values."""
    return {p.name: allowed for p in DASHBOARD if p.where == where and (allowed := p.allowed_for(months)) is not None}


def defaults(where: str | None = None) -> dict[str, object]:
    """The defaults of the widgets' parameters (of one tab, or all); a default value is left out of links."""
    return {p.name: p.default for p in DASHBOARD if p.widget and (where is None or p.where == where)}


def widget_names() -> list[str]:
    """The parameters a share link takes from the session's widgets."""
    return [p.name for p in DASHBOARD if p.widget]

