"""What a brief says, assembled once from the model and shared by the PDF and the Markdown."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import yaml

from dashboard.charts.trajectories import approx
from dashboard.model import DEFAULT_SCENARIO, INDICATORS, RESPONSES, Result, RuleBook, Scenario
from dashboard.model.baselines import IN_A_SENTENCE
from dashboard.model.explain import MECHANICS, cycle_verdict, in_a_sentence
from dashboard.model.labels import level_label, lever_label, response_label
from dashboard.model.rules import SOURCES_FILE
from dashboard.model.versions import rules_version as current_version
from dashboard.model.versions import version_of

TITLE = "US–Iran policy options: scenario brief"
CAVEAT = "A model of one argument, not a forecast."
DEFAULT_MONTH = 12  # the month the dashboard opens on (dashboard/ui/app.py), or the horizon if shorter
OPTION_LEVERS = [lever for lever in DEFAULT_SCENARIO.levels() if lever not in ("lens", "months")]
TOP_RULES = 3


@dataclass(frozen=True)
class Option:
    label: str  # "Sanctions"
    words: str  # "eased"
    status_quo: str | None  # the status quo's words where this differs from it, else None


@dataclass(frozen=True)
class Figure:
    label: str
    value: float  # index 0-100 at the month shown
    baseline: float
    units: str  # "≈ 5.3 attacks a month", or "" where no unit is fitted
    band: tuple[float, float] | None  # 10 % and 90 % of the draws, where the draws were run

    @property
    def change(self) -> float:
        return self.value - self.baseline


@dataclass(frozen=True)
class RuleLine:
    title: str
    effect: str  # "+6.2 points on militia attacks on US forces against no new US action, by month 12"
    citation: str


@dataclass(frozen=True)
class Bands:
    """The Uncertainty tab's 10-90 % bands of a scenario: how they were drawn, and the numbers."""

    draws: int
    seed: int
    values: np.ndarray  # (months + 1, indicators, 3): percentiles 10, 50, 90

    @classmethod
    def of(cls, runs) -> Bands:
        """From an ``Ensemble`` (dashboard.model.ensemble)."""
        return cls(runs.draws, runs.seed, runs.bands())


@dataclass(frozen=True)
class Brief:
    title: str
    date: str
    options: tuple[Option, ...]
    horizon: int
    month: int
    baseline_name: str  # "no new US action"
    sentence: str
    figures: tuple[Figure, ...]
    band_note: str | None  # how the bands were drawn, or None where they were not
    escalation: str  # the tit-for-tat cycle in one sentence
    rules: tuple[RuleLine, ...]
    rules_note: str
    lens: str  # "reciprocity (force does not deter)"
    lens_meaning: str
    caveat: str
    article: str
    link: str
    rules_version: str

    @property
    def changed(self) -> tuple[Option, ...]:
        return tuple(o for o in self.options if o.status_quo is not None)


@lru_cache(maxsize=1)
def _sources() -> dict[str, dict]:
    return yaml.safe_load(SOURCES_FILE.read_text(encoding="utf-8"))


def citation(source: str) -> str:
    """A rule's source in full: the article's paragraphs, or the bibliography entry."""
    if source.startswith("article"):
        return f"the seed article, paragraph{'s' * (source.count('[') > 1)} {source.removeprefix('article ')}"
    return _sources().get(source, {}).get("cite", source)


def article_citation() -> str:
    """The seed article as data/sources.yaml cites it, without the repository path."""
    return _sources()["article"]["cite"].split(";")[0].replace("The seed", "the seed").replace("US-Iran", "US–Iran")


def rules_version(book: RuleBook) -> str:
    """The version of the rules that made the figures (dashboard.model.versions, as a link's
    ``v=``); custom rules are a change against the current shipped version."""
    return version_of(book) or f"custom rules on {current_version()}"


def lens_meaning(lens: str) -> str:
    """One line: what the lens assumes, in the words of data/labels.yaml."""
    words = level_label("lens", lens)  # "reciprocity (force does not deter)"
    name, _, meaning = words.partition(" (")
    whose = "the article's view" if lens == "reciprocity" else "the view the article argues against"
    return f"{name.capitalize()}: {meaning.rstrip(')')} — {whose}."


def in_sentence(label: str) -> str:
    """A label inside a sentence: "militia attacks on US forces", but "US pressure" and "IRGC" kept."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def options(scenario: Scenario) -> tuple[Option, ...]:
    mine, usual = scenario.levels(), DEFAULT_SCENARIO.levels()
    return tuple(Option(lever_label(lever), level_label(lever, mine[lever]),
                        None if mine[lever] == usual[lever] else level_label(lever, usual[lever]))
                 for lever in OPTION_LEVERS)


def _net_by_rule(result: Result, month: int) -> dict[str, dict[str, float]]:
    totals: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for m, name, rule, change in result.trace:
        if m <= month and name in RESPONSES and rule not in MECHANICS:
            totals[rule][name] += change
    return totals


def top_rules(result: Result, baseline: Result, book: RuleBook, month: int,
              baseline_name: str) -> tuple[tuple[RuleLine, ...], str]:
    """The rules whose pushes differ most between the options and the baseline (added up over
    months 1..month and every response), each with its share of all that difference and the
    response it moves most."""
    mine, theirs = _net_by_rule(result, month), _net_by_rule(baseline, month)
    gap = {rule: {name: mine.get(rule, {}).get(name, 0.0) - theirs.get(rule, {}).get(name, 0.0) for name in RESPONSES}
           for rule in {*mine, *theirs}}
    what = f"of what sets these results apart from {baseline_name}"
    note = (f"The {TOP_RULES} rules that move these results most against {baseline_name}: each one's share of "
            f"the difference in the rules' pushes, added up over months 1–{month} and all responses.")
    if all(abs(v) < 1e-9 for by in gap.values() for v in by.values()):  # the options are the baseline
        gap = {rule: {name: by.get(name, 0.0) for name in RESPONSES} for rule, by in mine.items()}
        what = "of the rules' pushes in this run"
        note = (f"The {TOP_RULES} rules that move this run most (the options are the baseline's): each one's "
                f"share of the rules' pushes, added up over months 1–{month} and all responses.")
    size = {rule: sum(abs(v) for v in by.values()) for rule, by in gap.items()}
    total = sum(size.values()) or 1.0
    rules = book.by_id()
    lines = []
    for rule_id in sorted(size, key=lambda rule: (-size[rule], rule))[:TOP_RULES]:
        if size[rule_id] < 1e-9:
            break
        name = max(RESPONSES, key=lambda n: abs(gap[rule_id][n]))
        direction = "higher" if gap[rule_id][name] > 0 else "lower"
        where = "; it acts in the baseline only" if rule_id not in mine else ""
        lines.append(RuleLine(rules[rule_id].title,
                              f"{100 * size[rule_id] / total:.0f} % {what}; mostly {in_sentence(response_label(name))}, "
                              f"{direction}{where}", citation(rules[rule_id].source)))
    return tuple(lines), note


def assemble(result: Result, baseline: Result, book: RuleBook, month: int, baseline_kind: str, link: str,
             bands: Bands | None = None, today: dt.date | None = None, version: str | None = None) -> Brief:
    """The brief of a run against its baseline at ``month``. ``bands``: the same scenario's draws
    (the Uncertainty tab, or ``--draws``), or None; ``today`` fixes the date (tests); ``version``
    names the rules version where the caller knows it better (the page's session)."""
    scenario = result.scenario
    baseline_name = IN_A_SENTENCE[baseline_kind]
    now, then = result.at(month), baseline.at(month)
    drawn = bands.values if bands is not None else None
    figures = tuple(
        Figure(response_label(name), now[name], then[name], approx(result, name)[month].removesuffix(" (month 0)"),
               None if drawn is None else (float(drawn[month, INDICATORS.index(name), 0]),
                                           float(drawn[month, INDICATORS.index(name), 2])))
        for name in RESPONSES)
    rules, rules_note = top_rules(result, baseline, book, month, baseline_name)
    return Brief(
        title=TITLE,
        date=(today or dt.datetime.now(dt.UTC).date()).isoformat(),
        options=options(scenario),
        horizon=scenario.months,
        month=month,
        baseline_name=baseline_name,
        sentence=in_a_sentence(result, baseline, month, baseline_name),
        figures=figures,
        band_note=None if bands is None else
        f"10–90 % band: {bands.draws:,} draws of every assumption within its range (seed {bands.seed}).",
        escalation=f"The tit-for-tat cycle {cycle_verdict(result)}.",
        rules=rules,
        rules_note=rules_note,
        lens=level_label("lens", scenario.lens),
        lens_meaning=lens_meaning(scenario.lens),
        caveat=CAVEAT,
        article=article_citation(),
        link=link,
        rules_version=version or rules_version(book),
    )
