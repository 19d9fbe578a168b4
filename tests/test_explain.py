"""The plain-language reading of a run: rule shares, the exchanges, the sentence."""

import pytest

from dashboard.model import Scenario, simulate
from dashboard.model.baselines import baseline_for
from dashboard.model.engine import BOUNDS, PULL
from dashboard.model.explain import (
    cycle_verdict,
    exchanges,
    in_a_sentence,
    mechanics,
    rule_shares,
    strike_chances,
)


def test_causes_and_mechanics_add_up_to_the_change_and_shares_to_one():
    result = simulate(Scenario(strikes_iraq="repeated"))
    shares = rule_shares(result, "iraqi_backlash", 12)
    anyway = mechanics(result, "iraqi_backlash", 12)
    change = result.at(12)["iraqi_backlash"] - result.at(0)["iraqi_backlash"]
    assert sum(s.change for s in shares) + anyway.anyway + anyway.bent == pytest.approx(change)
    assert sum(s.share for s in shares) == pytest.approx(1.0)
    assert shares[0].rule == "iraq_strikes_inflame_iraqi_politics"
    assert not any(s.rule in (PULL, BOUNDS) for s in shares)  # a mechanic is shown apart, not as a cause
    assert anyway.anyway < 0  # the backlash starts above its baseline and drifts back


def test_strike_chances_follow_the_doctrine():
    assert all(c == 0 for c in strike_chances(simulate(Scenario(response_doctrine="restraint", strikes_syria="none"))))
    tit_for_tat = strike_chances(simulate(Scenario()))
    escalate = strike_chances(simulate(Scenario(response_doctrine="escalate")))
    assert all(0 < c < 1 for c in tit_for_tat[1:])
    assert sum(escalate) > sum(tit_for_tat)


def test_exchanges_list_us_strikes_and_answers_in_order():
    events = exchanges(simulate(Scenario(response_doctrine="escalate", strikes_iraq="repeated", months=8)))
    assert [e.month for e in events] == sorted(e.month for e in events)
    assert any(e.side == "United States" and "retaliatory" in e.action for e in events)
    assert any(e.side == "Iran and partners" and e.theatre == "Iraq and Syria" for e in events)


@pytest.mark.parametrize("levers, verdict", [
    ({"strikes_iran": "sustained", "response_doctrine": "escalate", "leadership_targeting": True}, "spirals"),
    ({"response_doctrine": "restraint", "strikes_syria": "none"}, "dies out"),
    ({}, "keeps going"),
])
def test_cycle_verdict(levers, verdict):
    assert cycle_verdict(simulate(Scenario(**levers))).startswith(verdict)


def test_the_sentence_names_the_options_the_lens_and_the_biggest_changes():
    scenario = Scenario(strikes_iraq="repeated", lens="coercive_deterrence")
    text = in_a_sentence(simulate(scenario), simulate(baseline_for(scenario, "status_quo")), 12, "the status quo")
    assert "repeated strikes in Iraq" in text and "coercive-deterrence lens" in text
    assert "the Iraqi backlash against US forces (+" in text


# --- what counts as a US strike is read from the rule book in use, not copied into code ---------

STRIKE_RULE = """
- id: restraint_breaks_after_casualties
  title: Even under restraint, casualties bring a strike
  when: {lever: response_doctrine, is: restraint}
  chance: {by: us_casualties}
  effects:
    - {target: us_retaliation, size: {low: 20, central: 30, high: 40}}
  rationale: A test rule; a custom rule book can make any event a US strike.
  source: us_casualties_record
  lenses: {reciprocity: 1.0, coercive_deterrence: 1.0}
  confidence: low
"""


def test_a_custom_rule_book_moves_what_the_escalation_view_counts_as_a_strike():
    from dashboard.model import parse_rules_text, shipped_rules
    from dashboard.model.custom_rules import to_yaml, with_edits

    restraint = Scenario(response_doctrine="restraint", months=12)
    assert sum(strike_chances(simulate(restraint))) == 0  # the shipped rules: restraint never strikes back
    book = parse_rules_text(to_yaml(shipped_rules()) + STRIKE_RULE, origin="custom.yaml")
    run = simulate(restraint, book)
    assert sum(strike_chances(run)) > 0
    assert any(e.side == "United States" and "retaliatory" in e.action for e in exchanges(run))
    assert not cycle_verdict(run).startswith("dies out: the US is unlikely")

    tit_for_tat = Scenario(months=12)  # proportional: the shipped rules strike back by chance
    quiet = with_edits(shipped_rules(), {}, {"tit_for_tat_answers_casualties", "tit_for_tat_answers_attack_waves"})
    assert sum(strike_chances(simulate(tit_for_tat))) > 0.5
    assert sum(strike_chances(simulate(tit_for_tat, quiet))) == 0
    assert cycle_verdict(simulate(tit_for_tat, quiet)) == "dies out: the US is unlikely to strike back in answer to attacks"


def test_the_reading_thresholds_come_from_the_registry(monkeypatch):
    """A surge is what data/parameters.yaml's reading.surge says: raise it past any month's rise
    and no theatre answers on the timeline."""
    from dashboard.model import explain
    from dashboard.model.registry import reading

    run = simulate(Scenario(response_doctrine="escalate", strikes_iraq="repeated", months=8))
    assert any(e.side == "Iran and partners" for e in exchanges(run))
    surge = reading().surge.model_copy(update={"size": reading().surge.size.model_copy(update={"central": 99.0, "high": 99.0})})
    monkeypatch.setattr(explain, "reading", lambda: reading().model_copy(update={"surge": surge}))
    assert not any(e.side == "Iran and partners" for e in exchanges(run))


def test_standing_strikes_land_where_the_labels_file_says():
    """The Escalation timeline's places for the strike levers come from data/labels.yaml (place:)."""
    from dashboard.model.explain import exchanges
    from dashboard.model.labels import strike_places

    assert strike_places() == {"strikes_syria": "Syria", "strikes_iraq": "Iraq", "strikes_iran": "Iran"}
    first = [e for e in exchanges(simulate(Scenario(strikes_syria="none", strikes_iraq="none", strikes_iran="limited")))
             if e.month == 1 and "standing policy" in e.action]
    assert [(e.theatre, e.action) for e in first] == [("Iran", "limited US strikes (standing policy)")]
