"""A broken rules file yields one clear error naming the rule id and the field."""

import copy

import pytest
import yaml

from dashboard.model import InputError, load_rules, parse_rules, parse_rules_text
from dashboard.model.rules import RULES_FILE

RAW = yaml.safe_load(RULES_FILE.read_text())
FIRST = RAW["rules"][0]["id"]


def broken(edit):
    raw = copy.deepcopy(RAW)
    edit(raw["rules"][0])
    return raw


def error_for(raw) -> str:
    with pytest.raises(InputError) as caught:
        parse_rules(raw, origin="rules.yaml")
    return str(caught.value)


def test_shipped_rules_load():
    assert len(load_rules().rules) == len(RAW["rules"])


@pytest.mark.parametrize(
    "edit, field, hint",
    [
        (lambda r: r["effects"][0].update(target="morale"), "effects.0.target", "allowed: proxy_attacks"),
        (lambda r: r.pop("source"), "source", "required field is missing"),
        (lambda r: r.update(source="wikipedia"), "source", "not a key of data/sources.yaml"),
        (lambda r: r.update(source="article [12]"), "source", "paragraphs 1-11"),
        (lambda r: r["effects"][0].update(size={"low": 5, "central": 1, "high": 9}), "effects.0.size", "low <= central <= high"),
        (lambda r: r.update(rational="typo"), "rational", "unknown field"),
        (lambda r: r.update(when={"lever": "sanctions", "at_least": "crippling"}), "when", "allowed: lifted, eased"),
        (lambda r: r.update(when={"lever": "tariffs", "is": "high"}), "when.lever", "unknown lever 'tariffs'"),
        (lambda r: r.update(when={"indicator": "proxy_attacks", "above": 140}), "when.above", "less than or equal to 100"),
        (lambda r: r.update(when={"whenever": True}), "when", "a condition starts with one of"),
        (lambda r: r.update(lenses={"reciprocity": 1}), "lenses.coercive_deterrence", "required field is missing"),
        (lambda r: r["effects"][0].update(lag=40), "effects.0.lag", "less than or equal to 12"),
        (lambda r: r["effects"][0].update(scale_by="mood"), "effects.0.scale_by", "unknown lever or indicator"),
        (lambda r: r.update(confidence="certain"), "confidence", "'low', 'medium' or 'high'"),
    ],
)
def test_error_names_rule_and_field(edit, field, hint):
    message = error_for(broken(edit))
    assert message.startswith(f"rules.yaml: rule {FIRST!r}: {field}:"), message
    assert hint in message, message
    assert "\n" not in message


def test_duplicate_ids_are_named():
    raw = copy.deepcopy(RAW)
    raw["rules"][1]["id"] = FIRST
    assert f"rule id {FIRST!r} is used twice" in error_for(raw)


def test_a_rule_without_an_id_is_named_by_position():
    assert error_for(broken(lambda r: r.pop("id"))).startswith("rules.yaml: rule #1: id:")


def test_every_problem_is_collected():
    def two(rule):
        rule["effects"][0]["target"] = "morale"
        rule["confidence"] = "certain"
    with pytest.raises(InputError) as caught:
        parse_rules(broken(two))
    assert len(caught.value.problems) == 2


@pytest.mark.parametrize(
    "text, expected",
    [
        ("rules: [unclosed", "not valid YAML at line"),
        ("- just\n- a list of words", "rule #1"),
        ("42", "expected a mapping"),
        ("rules: []", "rules: Tuple should have at least 1 item"),
        ("!!python/object/apply:os.system ['echo hi']", "not valid YAML"),
    ],
)
def test_unreadable_files_get_a_clear_message(text, expected):
    with pytest.raises(InputError) as caught:
        parse_rules_text(text, origin="rules.yaml")
    assert expected in str(caught.value)


def test_a_rule_books_kept_hash_agrees_with_its_value():
    """Rule books are cache keys (run_model): equal books hash alike, whether or not one
    has been hashed before, and a different book is not equal."""
    from dashboard.model import shipped_rules
    from dashboard.model.rules import RuleBook

    shipped = shipped_rules()
    hash(shipped)
    same, fewer = RuleBook(rules=shipped.rules), RuleBook(rules=shipped.rules[:-1])
    assert same == shipped and hash(same) == hash(shipped)
    assert fewer != shipped
