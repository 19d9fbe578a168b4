"""Build a brief from a scenario: the one call the CLI and the dashboard's download make."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dashboard.model import RuleBook, Scenario, shipped_rules, simulate
from dashboard.model.baselines import BASELINES, baseline_for
from dashboard.model.custom_rules import to_token
from dashboard.model.ensemble import DEFAULT_DRAWS, DEFAULT_SEED
from dashboard.model.links import share_query
from dashboard.model.parameters import Parameters
from dashboard.model.versions import archived, edition, parameters_for, rules_version, version_of

from .content import DEFAULT_MONTH, Bands, assemble

FORMATS = ("pdf", "md")
LOCAL_ADDRESS = "http://localhost:8501/"  # where `streamlit run streamlit_app.py` serves the dashboard
RULES_PARAM, VERSION_PARAM = "rules", "v"  # the share link's custom rules and rules version (dashboard/ui/link_params.py)


@dataclass(frozen=True)
class Request:
    """Everything a brief depends on (picklable: the dashboard builds briefs in another process)."""

    scenario: Scenario
    link: str
    month: int | None = None  # None: the dashboard's opening month, or the horizon if shorter
    baseline: str = next(iter(BASELINES))
    paper: str = "a4"
    format: str = "pdf"
    rules: RuleBook | None = None  # None: the shipped rules
    bands: Bands | None = None
    today: dt.date | None = None
    version: str | None = None  # the rules version, where the page knows it (an archived version it runs)


def shown_month(scenario: Scenario, month: int | None) -> int:
    return min(DEFAULT_MONTH, scenario.months) if month is None else month


def share_link(scenario: Scenario, month: int, baseline: str, base_url: str = LOCAL_ADDRESS,
               rules: RuleBook | None = None, bands: Bands | None = None) -> str:
    """The dashboard's share link to this view (the month is always written, so the link says it)."""
    page = {"month": month, "baseline": baseline}
    defaults = {"baseline": next(iter(BASELINES))}
    if bands is not None:
        page.update(tab="Uncertainty", draws=bands.draws, seed=bands.seed)
        defaults.update(draws=DEFAULT_DRAWS, seed=DEFAULT_SEED)
    query = share_query(scenario, page, defaults)
    if rules is not None and rules != shipped_rules():
        query = "&".join(filter(None, [query, f"{RULES_PARAM}={to_token(rules, shipped_rules())}"]))
    # As the Share menu writes it: the version of the rules that made the figures.
    query = "&".join(filter(None, [query, f"{VERSION_PARAM}={version_of(rules or shipped_rules()) or rules_version()}"]))
    base = base_url.split("?", maxsplit=1)[0]
    return f"{base}?{query}"


def rules_and_parameters(request: Request) -> tuple[RuleBook, Parameters | None]:
    """The rules and parameters the page ran: an archived version's own pair where the page
    ran one (found by its version, since a book sent to the worker is a copy), else the
    request's rules (or the shipped ones) with the shipped parameters (None)."""
    if request.version and request.version != rules_version() and archived(request.version):
        kept = edition(request.version)
        return kept.rules, kept.parameters
    book = request.rules or shipped_rules()
    return book, parameters_for(book)


def build(request: Request) -> bytes | str:
    """The brief as PDF bytes or Markdown text."""
    from .charts import pictures
    from .markdown import brief_markdown
    from .pdf import brief_pdf

    book, parameters = rules_and_parameters(request)
    month = shown_month(request.scenario, request.month)
    result = simulate(request.scenario, book, parameters)
    baseline = simulate(baseline_for(request.scenario, request.baseline), book, parameters)
    brief = assemble(result, baseline, book, month, request.baseline, request.link, request.bands, request.today,
                     request.version)
    if request.format == "md":
        return brief_markdown(brief)
    return brief_pdf(brief, pictures(result, baseline, month), request.paper)
