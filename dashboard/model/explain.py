"""Reading a run: which rules moved an indicator, the exchanges of strikes, and a summary
in plain words. Pure functions of a Result; no Streamlit.

Nothing here lists responses or copies a rule: the words, theatres and answers come from the
indicator registry (``registry``), the reading thresholds from its ``reading`` block, and what
counts as a US strike from the rules in use (those whose effects raise ``us_retaliation``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .engine import BOUNDS, PULL, Result
from .indicators import RESPONSES
from .labels import in_a_sentence as level_in_a_sentence
from .labels import strike_places
from .registry import answers, reading, sentence_label
from .scenario import LEVER_LEVELS, Scenario

MECHANICS = (PULL, BOUNDS)  # trace rows that are the model's mechanics, not causes


@dataclass(frozen=True)
class RuleShare:
    rule: str  # a rule id
    change: float  # net points added to the indicator over months 1..month
    share: float  # |change| as a share of all causal rules' |change| (0..1)


def _totals(result: Result, indicator: str, month: int) -> dict[str, float]:
    totals: dict[str, float] = defaultdict(float)
    for m, name, rule, change in result.trace:
        if name == indicator and m <= month:
            totals[rule] += change
    return totals


def rule_shares(result: Result, indicator: str, month: int) -> list[RuleShare]:
    """Net contribution of each causal rule to ``indicator`` over months 1..month, largest
    first; shares are among the causal rules (the pull and the bending near a bound are
    left out: see ``mechanics``)."""
    totals = {rule: change for rule, change in _totals(result, indicator, month).items() if rule not in MECHANICS}
    magnitude = sum(abs(v) for v in totals.values()) or 1.0
    shares = [RuleShare(rule, change, abs(change) / magnitude) for rule, change in totals.items() if abs(change) > 1e-9]
    return sorted(shares, key=lambda s: -abs(s.change))


@dataclass(frozen=True)
class Mechanics:
    """Points from the model's mechanics over months 1..month, apart from the rules' causes."""

    anyway: float  # what would happen anyway: the drift back toward the baseline (the pull)
    bent: float  # how much the rules' pushes were bent near 0 or 100 (the bounds)


def mechanics(result: Result, indicator: str, month: int) -> Mechanics:
    """The model's mechanics for ``indicator`` over months 1..month (see ``Mechanics``)."""
    totals = _totals(result, indicator, month)
    return Mechanics(anyway=totals.get(PULL, 0.0), bent=totals.get(BOUNDS, 0.0))


def strike_chances(result: Result) -> list[float]:
    """The chance of a US retaliatory strike in each month (month 0 first, always 0): at
    least one of the events that push ``us_retaliation`` up happens."""
    strikes = {rule for _, name, rule, change in result.trace if name == "us_retaliation" and change > 0}
    none_happen = [1.0] * len(result.monthly)
    for month, rule, chance in result.chances:
        if rule in strikes:
            none_happen[month] *= 1.0 - chance
    return [1.0 - p for p in none_happen]


@dataclass(frozen=True)
class Exchange:
    month: int
    side: str  # "United States" or "Iran and partners"
    theatre: str
    action: str
    intensity: float  # 0..100


def exchanges(result: Result) -> list[Exchange]:
    """The tit-for-tat the run produced: US strikes and the answers that followed, by month."""
    scenario, rows = result.scenario, result.monthly
    events: list[Exchange] = []
    for lever, theatre in strike_places().items():
        if scenario.rank(lever) > 0:
            events.append(Exchange(1, "United States", theatre, f"{scenario.level(lever)} US strikes (standing policy)",
                                   100 * scenario.intensity(lever)))
    if scenario.leadership_targeting:
        events.append(Exchange(1, "United States", "Iraq", "strike on senior IRGC leaders", 100.0))
    where = "Iraq" if scenario.response_doctrine == "escalate" else "Syria"
    chances = strike_chances(result)
    shown, surge = reading().strike_shown.value, reading().surge.value
    for month in range(1, len(rows)):
        if chances[month] >= shown:
            events.append(Exchange(month, "United States", where,
                                   f"US retaliatory strike, {chances[month]:.0%} chance ({scenario.response_doctrine})",
                                   100 * chances[month]))
        for indicator, answer in answers().items():
            rise = rows[month][indicator] - rows[month - 1][indicator]
            if rise >= surge:
                events.append(Exchange(month, "Iran and partners", answer.where, f"{answer.action} (+{rise:.0f})",
                                       rows[month][indicator]))
    return sorted(events, key=lambda e: (e.month, e.side != "United States"))


def cycle_verdict(result: Result) -> str:
    """'spirals', 'keeps going' or 'dies out', with the evidence in words (expected US strikes)."""
    months = len(result.monthly) - 1
    chances = strike_chances(result)
    expected = sum(chances)
    read = reading()
    risk_start, risk_end = result.monthly[0]["escalation_risk"], result.final["escalation_risk"]
    if risk_end >= read.spiral_risk.value and risk_end > risk_start:
        return f"spirals: {sentence_label('escalation_risk')} climbs from {risk_start:.0f} to {risk_end:.0f}"
    if expected < read.unlikely_strikes.value:
        return "dies out: the US is unlikely to strike back in answer to attacks"
    faded = read.strike_faded.value
    active = [m for m in range(1, months + 1) if chances[m] >= faded]
    if active and active[-1] <= months * read.died_out_share.value:
        return (f"dies out after month {active[-1]}: about {expected:.1f} US retaliatory strikes expected, "
                f"then under a {faded * 100:g} % chance a month")
    every = months / expected
    return f"keeps going: about {expected:.1f} US retaliatory strikes expected in {months} months, one every {every:.0f} or so"


def describe_options(scenario: Scenario) -> str:
    """The chosen options in words (data/labels.yaml's ``sentence`` words; the lens is said apart)."""
    parts = [level_in_a_sentence(lever, scenario.level(lever)) for lever in LEVER_LEVELS if lever != "lens"]
    return ", ".join(p for p in parts if p)


def in_a_sentence(result: Result, baseline: Result, month: int, baseline_name: str = "the status quo") -> str:
    """A plain-language summary of the run against a baseline, written from the numbers."""
    scenario = result.scenario
    lens = level_in_a_sentence("lens", scenario.lens)
    read = reading()
    first_moves, differs = read.first_moves.value, read.differs.value
    early = min(round(read.early_month.value), month)
    diffs_early = {r: result.at(early)[r] - baseline.at(early)[r] for r in RESPONSES}
    diffs = {r: result.at(month)[r] - baseline.at(month)[r] for r in RESPONSES}
    first = [r for r, d in sorted(diffs_early.items(), key=lambda kv: -kv[1]) if d >= first_moves][:2]
    up = [r for r, d in sorted(diffs.items(), key=lambda kv: -kv[1]) if d >= differs][:3]
    down = [r for r, d in sorted(diffs.items(), key=lambda kv: kv[1]) if d <= -differs][:3]

    def listed(names, diffs):
        return ", ".join(f"{sentence_label(n)} ({diffs[n]:+.0f})" for n in names)

    sentences = [f"With {describe_options(scenario)}, under {lens}:"]
    if first:
        verb = "is" if len(first) == 1 else "are"
        sentences.append(f"first to heat up against {baseline_name} {verb} {listed(first, diffs_early)} by month {early}.")
    if up or down:
        change = "; ".join(x for x in (f"higher: {listed(up, diffs)}" if up else "",
                                       f"lower: {listed(down, diffs)}" if down else "") if x)
        sentences.append(f"By month {month}, {change}.")
    else:
        sentences.append(f"By month {month} no response differs from {baseline_name} by more than {differs:g} points.")
    sentences.append(f"The tit-for-tat cycle {cycle_verdict(result)}.")
    return " ".join(sentences)
