"""Instructors' own rules: edits, files and link tokens are checked; errors name rule and field."""

from __future__ import annotations

import base64
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboard.model import InputError, Scenario, parse_rules_text, shipped_rules, simulate
from dashboard.model.custom_rules import (
    MAX_TOKEN_CHARS,
    apply_difference,
    decode,
    difference,
    encode,
    from_token,
    to_token,
    to_yaml,
    with_edits,
)

SHIPPED = shipped_rules()
IDS = [r.id for r in SHIPPED.rules]


def test_edits_change_the_model_and_survive_a_link_and_a_file():
    custom = with_edits(SHIPPED, {("sanctions_as_grievance", 0): {"low": 2, "central": 8, "high": 12}}, {"retaliation_deters"})
    assert "retaliation_deters" not in custom.by_id()
    assert custom.by_id()["sanctions_as_grievance"].effects[0].size.central == 8
    assert from_token(to_token(custom, SHIPPED), SHIPPED) == custom
    assert parse_rules_text(to_yaml(custom)) == custom
    assert simulate(Scenario(), custom).at(12)["proxy_attacks"] > simulate(Scenario()).at(12)["proxy_attacks"]


def test_a_bad_edit_names_the_rule_and_the_field():
    with pytest.raises(InputError) as caught:
        with_edits(SHIPPED, {("sanctions_as_grievance", 1): {"low": 9, "central": 1}}, set())
    assert str(caught.value).startswith("custom rules: rule 'sanctions_as_grievance': effects.1.size: needs low <= central <= high")


def test_switching_every_rule_off_is_refused():
    with pytest.raises(InputError, match="keep at least one"):
        with_edits(SHIPPED, {}, set(IDS))


@settings(max_examples=40, deadline=None)
@given(st.sets(st.sampled_from(IDS), max_size=10), st.dictionaries(
    st.sampled_from(IDS), st.floats(-20, 20, allow_nan=False), max_size=6))
def test_any_set_of_edits_round_trips_through_a_link(off, centrals):
    sizes = {}
    for rule_id, value in centrals.items():
        size = SHIPPED.by_id()[rule_id].effects[0].size
        sizes[(rule_id, 0)] = {"low": min(size.low, value), "central": value, "high": max(size.high, value)}
    if off >= set(IDS):
        return
    custom = with_edits(SHIPPED, sizes, off)
    token = to_token(custom, SHIPPED)
    assert len(token) < MAX_TOKEN_CHARS and from_token(token, SHIPPED) == custom


def test_a_new_rule_travels_whole():
    text = to_yaml(SHIPPED).replace("id: sanctions_as_grievance", "id: sanctions_as_grievance_2")
    custom = parse_rules_text(text)
    diff = difference(custom, SHIPPED)
    assert diff["remove"] == ["sanctions_as_grievance"] and [r["id"] for r in diff["add"]] == ["sanctions_as_grievance_2"]
    assert apply_difference(diff, SHIPPED) == custom


@pytest.mark.parametrize(
    "token, words",
    [
        ("not-base64-@@@", "damaged"),
        (base64.urlsafe_b64encode(b"plain text").decode(), "damaged"),
        ("A" * (MAX_TOKEN_CHARS + 1), "the limit is"),
        (base64.urlsafe_b64encode(zlib.compress(b"[" + b" " * 2_000_000 + b"]", 9)).decode(), "expand beyond"),
        (encode({"remove": ["no_such_rule"]}), "no shipped rule with id 'no_such_rule'"),
        (encode({"replace": {"sanctions_as_grievance": {"id": "sanctions_as_grievance"}}}),
         "rule 'sanctions_as_grievance': title: required field is missing"),
        (encode([1, 2, 3]), "expected an object"),
        (encode({"add": "everything"}), "add a list"),
    ],
)
def test_hostile_tokens_get_a_clear_message(token, words):
    with pytest.raises(InputError) as caught:
        from_token(token, SHIPPED)
    assert words in str(caught.value)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_token_gives_rules_or_a_message(token):
    try:
        from_token(token, SHIPPED)
    except InputError as exc:
        assert str(exc)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_any_yaml_text_gives_rules_or_a_message(text):
    try:
        parse_rules_text(text, "upload.yaml")
    except InputError as exc:
        assert str(exc).startswith("upload.yaml")


@settings(max_examples=100, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=10),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=30))
def test_any_decoded_difference_gives_rules_or_a_message(value):
    try:
        apply_difference(value, SHIPPED)
    except InputError as exc:
        assert str(exc).startswith("custom rules")


def test_decode_of_a_valid_token():
    assert decode(encode({"remove": []})) == {"remove": []}
