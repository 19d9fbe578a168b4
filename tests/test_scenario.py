"""The scenario contract: names, levels, defaults, JSON round-trip, clear rejections."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from dashboard.model import LEVER_LEVELS, InputError, Scenario, parse_scenario
from dashboard.model.safe_json import scenario_from_json

CONTRACT = {  # issue #2's table, verbatim: lever -> (levels, default)
    "strikes_syria": (("none", "limited", "repeated", "sustained"), "limited"),
    "strikes_iraq": (("none", "limited", "repeated", "sustained"), "none"),
    "strikes_iran": (("none", "limited", "repeated", "sustained"), "none"),
    "leadership_targeting": (("false", "true"), False),
    "sanctions": (("lifted", "eased", "current", "tightened", "maximum"), "maximum"),
    "jcpoa": (("outside", "indirect_talks", "interim_deal", "full_return"), "outside"),
    "direct_talks": (("false", "true"), False),
    "response_doctrine": (("restraint", "proportional", "escalate"), "proportional"),
    "lens": (("reciprocity", "coercive_deterrence"), "reciprocity"),
}


def test_levers_levels_and_defaults_match_the_contract():
    assert dict(LEVER_LEVELS) == {k: v[0] for k, v in CONTRACT.items()}
    defaults = Scenario().model_dump()
    assert {k: defaults[k] for k in CONTRACT} == {k: v[1] for k, v in CONTRACT.items()}
    assert defaults["months"] == 24


scenarios = st.builds(
    lambda levels, months: Scenario(**levels, months=months),
    st.fixed_dictionaries({k: st.sampled_from(v) for k, v in LEVER_LEVELS.items()}),
    st.integers(1, 36),
)


@given(scenarios)
def test_json_round_trip(scenario):
    assert Scenario.model_validate_json(scenario.model_dump_json()) == scenario
    assert parse_scenario(json.loads(json.dumps(scenario.levels()))) == scenario


def test_scenario_is_immutable():
    with pytest.raises(ValidationError):
        Scenario().sanctions = "lifted"


def test_missing_levers_take_defaults():
    assert parse_scenario({"sanctions": "lifted"}) == Scenario(sanctions="lifted")


@pytest.mark.parametrize(
    "data, field, allowed",
    [
        ({"sanctions": "hard"}, "sanctions", "lifted, eased, current, tightened, maximum"),
        ({"strikes_iran": "massive"}, "strikes_iran", "none, limited, repeated, sustained"),
        ({"response_doctrine": 3}, "response_doctrine", "restraint, proportional, escalate"),
        ({"leadership_targeting": "maybe"}, "leadership_targeting", "false, true"),
        ({"months": 37}, "months", "a whole number from 1 to 36"),
        ({"months": 0}, "months", "a whole number from 1 to 36"),
        ({"months": "soon"}, "months", "a whole number from 1 to 36"),
        ({"bombing": "yes"}, "bombing", "strikes_syria, strikes_iraq"),
    ],
)
def test_bad_input_names_the_field_and_the_allowed_values(data, field, allowed):
    with pytest.raises(InputError) as caught:
        parse_scenario(data)
    message = str(caught.value)
    assert message.startswith(field) and allowed in message and "\n" not in message


def test_every_problem_is_reported():
    with pytest.raises(InputError) as caught:
        parse_scenario({"sanctions": "x", "jcpoa": "y"})
    assert len(caught.value.problems) == 2 and "and 1 more problem" in str(caught.value)


@pytest.mark.parametrize("data", [[], "sanctions", None, 3])
def test_non_object_is_rejected(data):
    with pytest.raises(InputError, match="expected a JSON object"):
        parse_scenario(data)


# One reader of scenario files (sidebar, Compare tab, CLI): one size cap, one depth limit,
# one wording. These are its limits; test_cli.py and test_app_share.py check the callers.
@pytest.mark.parametrize(
    "data, words",
    [
        ('{"sanctions": "crippling"}', "sanctions: 'crippling' is not allowed; allowed: lifted, eased"),
        ('{"sanctions": ', "scenario file: not valid JSON at line 1, column 15"),
        ("[" * 5 + "]" * 5, "scenario file: nested more than 4 levels deep"),
        ('{"x": "' + "a" * 20_000 + '"}', "scenario file: 20,009 bytes is too large; the limit is 20,000"),
        (" " * 20_001, "scenario file: 20,001 bytes is too large"),
        (b"\xff{}", "scenario file: not UTF-8 text"),
    ],
)
def test_scenario_file_errors_have_one_wording(data, words):
    with pytest.raises(InputError) as caught:
        scenario_from_json(data)
    assert str(caught.value).startswith(words)


def test_scenario_file_takes_text_or_bytes_defaults_first_then_the_file():
    text = '{"sanctions": "lifted", "months": 6}'
    assert scenario_from_json(text) == scenario_from_json(text.encode()) == Scenario(sanctions="lifted", months=6)
    assert scenario_from_json(text, defaults={"lens": "coercive_deterrence", "months": 30}) == Scenario(
        sanctions="lifted", months=6, lens="coercive_deterrence")
    assert scenario_from_json(" \n") == scenario_from_json(b"") == Scenario()  # nothing given: the defaults
