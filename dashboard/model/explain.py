"""Reading a run: which rules moved an indicator, the exchanges of strikes, and a summary
in plain words. Pure functions of a Result; no Streamlit."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from .engine import BOUNDS, PULL, Result
from .indicators import RESPONSES
from .scenario import Scenario

SURGE = 2.0  # a rise of this many points in a month counts as an answer in that theatre
SHOWN_CHANCE = 0.1  # a month whose chance of a US strike reaches this is drawn on the timeline
FADED_CHANCE = 0.05  # below this chance a month, the US is no longer expected to strike back
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


def mechanics(result: Result, indicator: str, month: int) -> dict[str, float]:
    """Points from the model's mechanics over months 1..month: ``PULL`` is what would happen
    anyway (the drift back toward the baseline), ``BOUNDS`` the pushes bent near 0 or 100."""
    totals = _totals(result, indicator, month)
    return {name: totals.get(name, 0.0) for name in MECHANICS}


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


# Iran-side theatres: indicator -> (theatre, what a surge there means)
ANSWERS = {
    "proxy_attacks": ("Iraq and Syria", "militia rocket and drone attacks on US forces"),
    "iran_direct_attacks": ("Iran", "direct Iranian missile strike"),
    "saudi_attacks": ("Saudi Arabia and Yemen", "missiles and drones at Saudi Arabia"),
    "maritime_attacks": ("Gulf of Oman and shipping", "attacks on shipping"),
}
STANDING_STRIKES = {"strikes_syria": "Syria", "strikes_iraq": "Iraq", "strikes_iran": "Iran"}


def exchanges(result: Result) -> list[Exchange]:
    """The tit-for-tat the run produced: US strikes and the answers that followed, by month."""
    scenario, rows = result.scenario, result.monthly
    events: list[Exchange] = []
    for lever, theatre in STANDING_STRIKES.items():
        if scenario.rank(lever) > 0:
            events.append(Exchange(1, "United States", theatre, f"{scenario.level(lever)} US strikes (standing policy)",
                                   100 * scenario.intensity(lever)))
    if scenario.leadership_targeting:
        events.append(Exchange(1, "United States", "Iraq", "strike on senior IRGC leaders", 100.0))
    where = "Iraq" if scenario.response_doctrine == "escalate" else "Syria"
    chances = strike_chances(result)
    for month in range(1, len(rows)):
        if chances[month] >= SHOWN_CHANCE:
            events.append(Exchange(month, "United States", where,
                                   f"US retaliatory strike, {chances[month]:.0%} chance ({scenario.response_doctrine})",
                                   100 * chances[month]))
        for indicator, (theatre, action) in ANSWERS.items():
            rise = rows[month][indicator] - rows[month - 1][indicator]
            if rise >= SURGE:
                events.append(Exchange(month, "Iran and partners", theatre, f"{action} (+{rise:.0f})", rows[month][indicator]))
    return sorted(events, key=lambda e: (e.month, e.side != "United States"))


def cycle_verdict(result: Result) -> str:
    """'spirals', 'keeps going' or 'dies out', with the evidence in words (expected US strikes)."""
    months = len(result.monthly) - 1
    chances = strike_chances(result)
    expected = sum(chances)
    risk_start, risk_end = result.monthly[0]["escalation_risk"], result.final["escalation_risk"]
    if risk_end >= 50 and risk_end > risk_start:
        return f"spirals: the risk of a wider war climbs from {risk_start:.0f} to {risk_end:.0f}"
    if expected < 0.5:
        return "dies out: the US is unlikely to strike back in answer to attacks"
    active = [m for m in range(1, months + 1) if chances[m] >= FADED_CHANCE]
    if active and active[-1] <= months * 2 / 3:
        return (f"dies out after month {active[-1]}: about {expected:.1f} US retaliatory strikes expected, "
                "then under a 5 % chance a month")
    every = months / expected
    return f"keeps going: about {expected:.1f} US retaliatory strikes expected in {months} months, one every {every:.0f} or so"


# How each lever's level reads in a sentence ("" = leave it out).
OPTION_WORDS = {
    "strikes_syria": {"none": "", "limited": "limited strikes in Syria", "repeated": "repeated strikes in Syria",
                      "sustained": "sustained strikes in Syria"},
    "strikes_iraq": {"none": "", "limited": "limited strikes in Iraq", "repeated": "repeated strikes in Iraq",
                     "sustained": "sustained strikes in Iraq"},
    "strikes_iran": {"none": "", "limited": "limited strikes inside Iran", "repeated": "repeated strikes inside Iran",
                     "sustained": "sustained strikes inside Iran"},
    "leadership_targeting": {"false": "", "true": "strikes on senior IRGC leaders"},
    "sanctions": {"lifted": "sanctions lifted", "eased": "eased sanctions", "current": "sanctions as they are",
                  "tightened": "tightened sanctions", "maximum": "maximum-pressure sanctions"},
    "jcpoa": {"outside": "no JCPOA", "indirect_talks": "indirect JCPOA talks", "interim_deal": "an interim nuclear deal",
              "full_return": "a full mutual JCPOA return"},
    "direct_talks": {"false": "", "true": "direct talks"},
    "response_doctrine": {"restraint": "restraint after attacks", "proportional": "tit-for-tat answers to attacks",
                          "escalate": "escalating answers to attacks"},
}


def describe_options(scenario: Scenario) -> str:
    """The chosen options in words."""
    parts = [OPTION_WORDS[lever][scenario.level(lever)] for lever in OPTION_WORDS]
    return ", ".join(p for p in parts if p)


LABELS = {
    "proxy_attacks": "militia attacks on US forces",
    "iran_direct_attacks": "direct Iranian strikes",
    "saudi_attacks": "strikes on Saudi Arabia",
    "maritime_attacks": "attacks on shipping",
    "nuclear_advance": "Iran's nuclear advance",
    "iraqi_backlash": "the Iraqi backlash against US forces",
    "gulf_alignment": "Gulf alignment with the US",
    "energy_disruption": "energy disruption",
    "us_pressure_to_retaliate": "US pressure to retaliate",
    "escalation_risk": "the risk of a wider war",
}


def in_a_sentence(result: Result, baseline: Result, month: int, baseline_name: str = "the status quo") -> str:
    """A plain-language summary of the run against a baseline, written from the numbers."""
    scenario = result.scenario
    lens = "the article's reciprocity lens" if scenario.lens == "reciprocity" else "the coercive-deterrence lens"
    early = min(3, month)
    diffs_early = {r: result.at(early)[r] - baseline.at(early)[r] for r in RESPONSES}
    diffs = {r: result.at(month)[r] - baseline.at(month)[r] for r in RESPONSES}
    first = [r for r, d in sorted(diffs_early.items(), key=lambda kv: -kv[1]) if d >= 1][:2]
    up = [r for r, d in sorted(diffs.items(), key=lambda kv: -kv[1]) if d >= 2][:3]
    down = [r for r, d in sorted(diffs.items(), key=lambda kv: kv[1]) if d <= -2][:3]

    def listed(names, diffs):
        return ", ".join(f"{LABELS[n]} ({diffs[n]:+.0f})" for n in names)

    sentences = [f"With {describe_options(scenario)}, under {lens}:"]
    if first:
        sentences.append(f"first to heat up against {baseline_name} {'is' if len(first) == 1 else 'are'} {listed(first, diffs_early)} by month {early}.")
    if up or down:
        change = "; ".join(x for x in (f"higher: {listed(up, diffs)}" if up else "",
                                       f"lower: {listed(down, diffs)}" if down else "") if x)
        sentences.append(f"By month {month}, {change}.")
    else:
        sentences.append(f"By month {month} no response differs from {baseline_name} by more than 2 points.")
    sentences.append(f"The tit-for-tat cycle {cycle_verdict(result)}.")
    return " ".join(sentences)
