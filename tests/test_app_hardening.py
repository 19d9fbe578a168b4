"""Hostile input and many sessions: never a traceback, never another session's figures."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from dashboard.model import RESPONSES, InputError, Scenario, load_rules, parse_scenario, shipped_rules
from dashboard.model.custom_rules import to_token, to_yaml, with_edits
from dashboard.model.links import ALIASES, lever_choices
from tests.app_support import APP, expected, open_app, shown, texts

CUSTOM = with_edits(shipped_rules(), {("iraq_strikes_provoke_militias", 0): {"low": 10, "central": 20, "high": 30}},
                    {"retaliation_deters"})


def banner(at) -> str:
    return "\n".join(w.value for w in at.warning if "Custom rules in use" in w.value)


def test_custom_rules_from_a_link_drive_every_figure():
    at = open_app(rules=to_token(CUSTOM, shipped_rules()), strikes_iraq="repeated", tab="Rules")
    assert "1 changed, 1 off" in banner(at)
    assert shown(at) == expected(Scenario(strikes_iraq="repeated"), rules=CUSTOM)
    listing = next(d.value for d in at.dataframe if "id" in d.value.columns)
    assert "retaliation_deters" not in set(listing["id"]) and len(listing) == len(CUSTOM.rules)


def test_uploading_a_rules_file_then_resetting():
    at = open_app(tab="Rules")
    at.get("file_uploader")[0].set_value(("mine.yaml", to_yaml(CUSTOM).encode(), "application/x-yaml"))
    at.run()
    assert "Custom rules in use" in banner(at)
    assert shown(at) == expected(Scenario(), rules=CUSTOM)
    at.button(key="reset_rules").click().run()
    assert banner(at) == "" and shown(at) == expected(Scenario())


def test_a_broken_rules_file_is_refused_naming_rule_and_field():
    at = open_app(tab="Rules")
    broken = to_yaml(shipped_rules()).replace("target: proxy_attacks", "target: morale", 1)
    at.get("file_uploader")[0].set_value(("broken.yaml", broken.encode(), "application/x-yaml"))
    at.run()
    errors = texts(at.error)
    assert "broken.yaml: rule 'syria_strikes_draw_rockets_in_iraq': effects.0.target: unknown indicator 'morale'" in errors
    assert banner(at) == "" and shown(at) == expected(Scenario())


def test_two_sessions_side_by_side_never_see_each_others_figures():
    first = open_app(rules=to_token(CUSTOM, shipped_rules()), strikes_iraq="repeated")
    second = open_app(sanctions="lifted")
    first.sidebar.select_slider(key="jcpoa").set_value("full_return").run()
    second.sidebar.toggle(key="direct_talks").set_value(True).run()
    first.run()
    assert shown(first) == expected(Scenario(strikes_iraq="repeated", jcpoa="full_return"), rules=CUSTOM)
    assert shown(second) == expected(Scenario(sanctions="lifted", direct_talks=True))
    assert banner(second) == ""
    assert shipped_rules() == load_rules()  # the shared rules were never changed


names = st.sampled_from([*lever_choices(), *ALIASES, "month", "tab", "why", "baseline", "rules", "draws", "seed",
                         "compare_a", "x", ""])
values = st.one_of(st.text(max_size=40), st.sampled_from(["none", "true", "12", "-1", "maximum", "Why", "9" * 30]))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(names, values, max_size=6))
def test_any_query_string_renders_the_page(params):
    at = AppTest.from_file(APP, default_timeout=60)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception
    assert len(at.metric) == len(RESPONSES)


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=25), inner, max_size=5),
                    max_leaves=20))
def test_any_scenario_json_gives_a_scenario_or_a_message(value):
    try:
        assert isinstance(parse_scenario(value), Scenario)
    except InputError as exc:
        assert str(exc) and "\n" not in str(exc)
