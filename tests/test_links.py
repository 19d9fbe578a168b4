"""Share-link parsing: every bad parameter is named with its allowed values; never a crash."""

from urllib.parse import parse_qs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dashboard.model import LEVER_LEVELS, Scenario, parse_scenario
from dashboard.model.links import ALIASES, check_link, share_query

PAGE = {"month": range(1, 25), "tab": ["Over time", "Why"]}


def check(query: str):
    return check_link(parse_qs(query, keep_blank_values=True), PAGE)


def test_good_link_gives_the_levers():
    result = check("strikes_syria=none&sanctions=lifted&leadership_targeting=true&months=12&month=6")
    assert result.problems == []
    assert parse_scenario(result.levers, link_spelling=True) == Scenario(strikes_syria="none", sanctions="lifted",
                                                     leadership_targeting=True, months=12)


@pytest.mark.parametrize(
    "query, name, allowed",
    [
        ("sanctions=crippling", "sanctions", "lifted, eased, current, tightened, maximum"),
        ("jcpoa=yes", "jcpoa", "outside, indirect_talks, interim_deal, full_return"),
        ("direct_talks=maybe", "direct_talks", "false, true"),
        ("months=0", "months", "a whole number from 1 to 36"),
        ("month=99", "month", "a whole number from 1 to 24"),
        ("tab=Secrets", "tab", "Over time, Why"),
        ("lens=hawkish", "lens", "reciprocity, coercive_deterrence"),
    ],
)
def test_each_bad_parameter_is_named_with_its_allowed_values_and_the_rest_applies(query, name, allowed):
    result = check(query + "&strikes_iraq=repeated")
    assert len(result.problems) == 1 and name in result.problems[0] and allowed in result.problems[0]
    assert result.levers == {"strikes_iraq": "repeated"}
    assert result.rejected == {name}


def test_unknown_repeated_and_oversized_parameters():
    result = check("foo=1&sanctions=lifted&sanctions=eased&jcpoa=" + "x" * 5000)
    assert len(result.problems) == 3
    assert result.rejected == {"foo", "sanctions", "jcpoa"}
    assert all(len(p) < 400 for p in result.problems)


def test_aliases_name_the_contract_levers():
    result = check("syria=none&leaders=true&talks=true&doctrine=escalate&iraq=limited&iran=limited")
    assert result.problems == []
    assert result.aliased == ALIASES
    assert result.levers["strikes_syria"] == "none" and result.levers["response_doctrine"] == "escalate"


def test_alias_next_to_its_lever_loses():
    result = check("syria=none&strikes_syria=sustained")
    assert result.levers == {"strikes_syria": "sustained"} and "syria" in result.rejected


@given(st.dictionaries(st.text(max_size=30), st.lists(st.text(max_size=60), min_size=1, max_size=3), max_size=8))
def test_any_query_gives_valid_levers_or_a_message(params):
    result = check_link(params, PAGE)
    parse_scenario(result.levers, link_spelling=True)  # never raises: only valid values pass
    assert len(result.problems) == len(result.rejected)
    for name in params:  # every parameter is either used or reported
        assert name in result.rejected or name in result.aliased or name in result.levers or name in PAGE


def test_share_query_lists_only_what_differs_and_round_trips():
    scenario = Scenario(sanctions="lifted", direct_talks=True, lens="coercive_deterrence")
    query = share_query(scenario, {"month": 18, "tab": "Over time"}, {"month": 12, "tab": "Over time"})
    assert query == "sanctions=lifted&direct_talks=true&lens=coercive_deterrence&month=18"
    assert parse_scenario(check(query).levers, link_spelling=True) == scenario
    assert share_query(Scenario(), {}, {}) == ""


@given(st.fixed_dictionaries({k: st.sampled_from(v) for k, v in LEVER_LEVELS.items()}), st.integers(1, 36))
def test_every_scenario_survives_a_link(levels, months):
    scenario = Scenario(**levels, months=months)
    assert parse_scenario(check(share_query(scenario, {}, {})).levers, link_spelling=True) == scenario
