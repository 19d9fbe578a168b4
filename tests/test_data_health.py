"""Code health for the data files: every citation resolves, every claim and lever is covered."""

import re
from pathlib import Path

import pytest
import yaml

from dashboard.model import INDICATORS, LEVER_LEVELS, RESPONSES, load_rules
from dashboard.model.conditions import AllOf, AnyOf, IndicatorTest, LeverTest, Not
from dashboard.model.history import load_episodes
from dashboard.model.parameters import load_parameters

ROOT = Path(__file__).resolve().parents[1]
SOURCES = yaml.safe_load((ROOT / "data" / "sources.yaml").read_text())
ARTICLE = ROOT.parent / "shared" / "seed" / "article.txt"
RULES = load_rules().rules


def cited_keys(source: str) -> list[str]:
    return ["article"] if source.startswith("article") else [source]


def test_every_source_resolves():
    problems = []
    for rule in RULES:
        problems += [f"rules.yaml: rule {rule.id!r}: source {k!r} is not in sources.yaml"
                     for k in cited_keys(rule.source) if k not in SOURCES]
    for name, p in load_parameters().indicators.items():
        problems += [f"parameters.yaml: {name}: source {k!r} is not in sources.yaml" for k in cited_keys(p.source) if k not in SOURCES]
    for episode in load_episodes():
        problems += [f"history.yaml: {episode.id}: source {k!r} is not in sources.yaml"
                     for k in cited_keys(episode.source) if k not in SOURCES]
    assert not problems, "\n".join(problems)


def test_every_source_entry_has_a_citation():
    problems = [f"sources.yaml: {key}: cite is {entry.get('cite')!r}; give the full reference (over 20 characters)"
                for key, entry in SOURCES.items() if not (isinstance(entry.get("cite"), str) and len(entry["cite"]) > 20)]
    assert not problems, "\n".join(problems)


def test_enough_rules_citing_every_paragraph_of_the_article():
    assert len(RULES) >= 25
    cited = {int(n) for rule in RULES for n in re.findall(r"\[(\d+)\]", rule.source)}
    missing = set(range(1, 12)) - cited
    assert not missing, f"article paragraphs no rule cites: {sorted(missing)}"


def _levers_in(condition) -> set[str]:
    if isinstance(condition, LeverTest):
        return {condition.lever}
    if isinstance(condition, (AllOf, AnyOf)):
        parts = condition.all if isinstance(condition, AllOf) else condition.any
        return set().union(*(_levers_in(c) for c in parts))
    if isinstance(condition, Not):
        return _levers_in(condition.not_)
    return set()


def test_every_lever_drives_some_rule():
    used = set()
    for rule in RULES:
        used |= _levers_in(rule.when) | {e.scale_by for e in rule.effects if e.scale_by in LEVER_LEVELS}
    assert set(LEVER_LEVELS) - {"lens"} <= used, f"levers no rule reads: {set(LEVER_LEVELS) - {'lens'} - used}"


@pytest.mark.parametrize("lens", LEVER_LEVELS["lens"])
def test_every_indicator_is_moved_by_some_rule_under_each_lens(lens):
    moved = {e.target for r in RULES if getattr(r.lenses, lens) > 0 for e in r.effects}
    assert set(INDICATORS) <= moved, f"never moved under {lens}: {set(INDICATORS) - moved}"


def test_state_feedback_exists():
    """Some rules read the state (not only levers): the model has dynamics, not a lookup table."""
    def reads_state(condition):
        if isinstance(condition, IndicatorTest):
            return True
        if isinstance(condition, (AllOf, AnyOf)):
            return any(reads_state(c) for c in (condition.all if isinstance(condition, AllOf) else condition.any))
        return isinstance(condition, Not) and reads_state(condition.not_)
    state_rules = [r for r in RULES if reads_state(r.when) or r.chance is not None
                   or any(e.scale_by in INDICATORS for e in r.effects)]
    assert len(state_rules) >= 10
    assert any(e.target == "us_retaliation" for r in state_rules for e in r.effects)


def test_lenses_disagree_somewhere():
    assert any(r.lenses.reciprocity == 0 for r in RULES) and any(r.lenses.coercive_deterrence < 0.5 for r in RULES)


@pytest.mark.skipif(not ARTICLE.exists(), reason="shared/seed/article.txt is not beside the repository")
def test_no_rationale_pastes_a_sentence_of_the_article():
    words = re.findall(r"[a-z']+", ARTICLE.read_text().lower())
    runs = {" ".join(words[i : i + 9]) for i in range(len(words) - 8)}
    for rule in RULES:
        text = " ".join(re.findall(r"[a-z']+", rule.rationale.lower()))
        assert not any(run in text for run in runs), f"rule {rule.id!r} quotes nine or more words of the article"


def test_history_episodes_use_only_known_responses():
    for episode in load_episodes():
        assert set(episode.observed) <= set(RESPONSES) and episode.expected_under


HALF_WIDTH = {"high": 0.25, "medium": 0.5, "low": 0.75}  # as the header of data/rules.yaml says


def test_ranges_follow_each_rules_confidence():
    """A high-confidence rule is narrower than a medium one, which is narrower than a low one."""
    problems = []
    for rule in RULES:
        for i, effect in enumerate(rule.effects):
            size, want = effect.size, HALF_WIDTH[rule.confidence]
            half = (size.high - size.low) / 2 / abs(size.central)
            if abs(half - want) > 0.02:
                problems.append(f"rules.yaml: rule {rule.id!r}: effects.{i}: half-width {half:.0%} of the central "
                                f"size, but {rule.confidence} confidence means {want:.0%}")
    assert not problems, "\n".join(problems)


def test_the_deterrence_weight_and_the_contradictions_cite_known_sources():
    from dashboard.model.coherence import contradictions
    parameters = load_parameters()
    assert parameters.deterrence_source in SOURCES
    problems = [f"coherence: {item.id}: source {k!r} is not in sources.yaml"
                for item in contradictions() for k in cited_keys(item.source) if k not in SOURCES]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("field, value", [("start", {"low": -3, "central": 20, "high": 30}),
                                          ("baseline", {"low": -5, "central": 5, "high": 10}),
                                          ("pull", {"low": 0.1, "central": 0.2, "high": 3})])
def test_parameters_outside_their_bounds_are_refused(tmp_path, field, value):
    from dashboard.model.errors import InputError
    raw = yaml.safe_load((ROOT / "data" / "parameters.yaml").read_text())
    raw["indicators"]["proxy_attacks"][field] = value
    path = tmp_path / "parameters.yaml"
    path.write_text(yaml.safe_dump(raw))
    with pytest.raises(InputError, match=f"proxy_attacks.*{field} must lie within"):
        load_parameters(path)
