"""Tables the pages draw come from charts/ (pure functions), so a page only reads widgets and
draws: the Map tab's values, the Compare tab's differences, the Why tab's rule shares."""

import pytest

from dashboard.charts.region_map import THEATRES, theatre_table
from dashboard.charts.trajectories import differences_table
from dashboard.charts.why import shares_frame
from dashboard.model import RESPONSES, Scenario, shipped_rules, simulate
from dashboard.model.explain import rule_shares
from dashboard.model.labels import response_label, response_labels


def test_the_map_table_has_a_row_per_place_with_its_response_in_words():
    state = simulate(Scenario()).at(6)
    rows = theatre_table(state, 6)
    assert [row["theatre"] for row in rows] == [place.label for place in THEATRES]
    assert rows[0]["response"] == response_label(THEATRES[0].indicator)
    assert rows[0]["month 6 (0–100)"] == round(state[THEATRES[0].indicator], 1)


def test_the_differences_are_b_minus_a_for_every_response():
    a, b = simulate(Scenario()), simulate(Scenario(strikes_iraq="repeated"))
    table = differences_table(a, b, 12, response_labels())
    assert list(table["response"]) == [response_label(r) for r in RESPONSES]
    row = table[table["response"] == response_label("iraqi_backlash")].iloc[0]
    assert row["B − A"] == pytest.approx(b.at(12)["iraqi_backlash"] - a.at(12)["iraqi_backlash"], abs=0.11)
    assert row["B − A"] > 0


def test_the_why_rows_carry_each_rules_title():
    result = simulate(Scenario(strikes_iraq="repeated"))
    shares = rule_shares(result, "iraqi_backlash", 12)
    frame = shares_frame(shares, {rule.id: rule.title for rule in shipped_rules().rules})
    assert list(frame["rule"]) == [s.rule for s in shares]
    assert frame["title"].iloc[0] == shipped_rules().by_id()[shares[0].rule].title
    assert shares_frame([], {}).empty and list(shares_frame([], {}).columns) == ["rule", "title", "change", "share"]
