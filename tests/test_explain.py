"""The plain-language reading of a run: rule shares, the exchanges, the sentence."""

import pytest

from dashboard.model import Scenario, simulate
from dashboard.model.baselines import baseline_for
from dashboard.model.engine import PULL
from dashboard.model.explain import cycle_verdict, exchanges, in_a_sentence, rule_shares


def test_rule_shares_add_up_to_the_change_and_to_one():
    result = simulate(Scenario(strikes_iraq="repeated"))
    shares = rule_shares(result, "iraqi_backlash", 12)
    assert sum(s.change for s in shares) == pytest.approx(result.at(12)["iraqi_backlash"] - result.at(0)["iraqi_backlash"])
    assert sum(s.share for s in shares) == pytest.approx(1.0)
    assert shares[0].rule == "iraq_strikes_inflame_iraqi_politics"
    assert any(s.rule == PULL for s in shares)


def test_exchanges_list_us_strikes_and_answers_in_order():
    events = exchanges(simulate(Scenario(response_doctrine="escalate", strikes_iraq="repeated", months=8)))
    assert [e.month for e in events] == sorted(e.month for e in events)
    assert any(e.side == "United States" and "retaliatory" in e.action for e in events)
    assert any(e.side == "Iran and partners" and e.theatre == "Iraq and Syria" for e in events)


@pytest.mark.parametrize("levers, verdict", [
    ({"strikes_iraq": "sustained", "response_doctrine": "escalate", "leadership_targeting": True}, "spirals"),
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
