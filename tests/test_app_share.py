"""Share links, files, presets, compare and seminar mode, under AppTest."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from dashboard.model import RESPONSES, Scenario, simulate, versions
from dashboard.model.presets import presets
from dashboard.model.versions import rules_version
from dashboard.ui.panels import results_csv
from tests.app_support import expected, open_app, open_page, shown, texts


def warnings(at) -> str:
    return texts(at.warning)


def test_link_in_gives_the_same_levers_and_figures():
    at = open_app(strikes_syria="none", sanctions="lifted", jcpoa="full_return", direct_talks="true",
                  lens="coercive_deterrence", months="18", month="9", baseline="status_quo")
    scenario = Scenario(strikes_syria="none", sanctions="lifted", jcpoa="full_return", direct_talks=True,
                        lens="coercive_deterrence", months=18)
    assert shown(at) == expected(scenario, 9)
    assert at.sidebar.select_slider(key="sanctions").value == "lifted"
    assert at.radio(key="baseline").value == "status_quo"
    assert warnings(at) == ""


def test_short_aliases_apply():
    at = open_app(syria="none", iraq="repeated", leaders="true", doctrine="escalate")
    scenario = Scenario(strikes_syria="none", strikes_iraq="repeated", leadership_targeting=True, response_doctrine="escalate")
    assert shown(at) == expected(scenario, 12)


@pytest.mark.parametrize(
    "name, value, words",
    [
        ("sanctions", "crippling", "lifted, eased, current, tightened, maximum"),
        ("leadership_targeting", "perhaps", "false, true"),
        ("months", "99", "a whole number from 1 to 36"),
        ("month", "40", "a whole number from 1 to 24"),
        ("baseline", "yesterday", "no_new_action, status_quo"),
        ("tab", "Secret", "Over time, Escalation"),
        ("why", "morale", "proxy_attacks"),
        ("compare_b", "nope", "status_quo_2021"),
        ("bombs", "1", "not a setting of this page"),
    ],
)
def test_each_bad_parameter_warns_and_the_rest_applies(name, value, words):
    at = open_app(**{name: value, "strikes_iraq": "repeated", "jcpoa": "interim_deal"})
    text = warnings(at)
    assert f"'{name}" in text and words in text
    assert at.sidebar.select_slider(key="strikes_iraq").value == "repeated"
    assert shown(at) == expected(Scenario(strikes_iraq="repeated", jcpoa="interim_deal"), 12)


def test_the_warning_can_be_dismissed():
    at = open_app(sanctions="crippling")
    at.button(key="dismiss_link_problems").click().run()
    assert warnings(at) == ""


def test_share_popover_holds_a_link_to_this_view():
    at = open_app(sanctions="lifted", month="6", tab="Why", why="iraqi_backlash")
    assert not at.code  # the popover is filled only when opened
    at.session_state["share_open"] = True
    at.run()
    link = next(c.value for c in at.code)
    # The rules version comes last, on every link (dashboard.model.versions).
    assert link == f"?sanctions=lifted&month=6&tab=Why&why=iraqi_backlash&v={rules_version()}"


PAST = "2dc0e5572f"  # an archived version (data/versions/): the rules and parameters of commit 68e82d3


def share_link(at) -> str:
    at.session_state["share_open"] = True
    at.run()
    return next(c.value for c in at.code)


def version_notice(at) -> str:
    return texts(e for e in at.warning if "rules" in e.value and "figures may differ" in e.value)


def test_a_link_without_v_opens_under_the_current_rules_with_no_notice():
    at = open_app(sanctions="lifted")
    assert version_notice(at) == "" and "open_link_version" not in [b.key for b in at.button]
    assert shown(at) == expected(Scenario(sanctions="lifted"))
    assert share_link(at).endswith(f"&v={rules_version()}")


def test_a_link_with_the_current_v_shows_no_notice():
    at = open_app(sanctions="lifted", v=rules_version())
    assert version_notice(at) == "" and warnings(at) == ""


def test_an_old_v_shows_the_notice_and_opens_under_its_own_version_with_its_figures():
    at = open_app(strikes_iraq="repeated", v=PAST)
    notice = version_notice(at)
    assert f"version {PAST}" in notice and "2026-11-29" in notice
    scenario = Scenario(strikes_iraq="repeated")
    assert shown(at) == expected(scenario)  # the current rules until asked
    at.button(key="open_link_version").click().run()
    past = versions.edition(PAST)
    then = {name: round(simulate(scenario, past.rules, past.parameters).at(12)[name], 1) for name in RESPONSES}
    assert shown(at) == then != expected(scenario)
    assert version_notice(at) == "" and f"Opened under the rules of 2026-11-29 (version {PAST})" in texts(at.info)
    assert share_link(at).endswith(f"&v={PAST}")  # the link still says which rules made these figures
    assert at.query_params["v"] in (PAST, [PAST])
    at.button(key="use_current_rules").click().run()
    assert shown(at) == expected(scenario) and "v" not in at.query_params


def test_a_past_versions_runs_are_kept_apart_from_the_current_rules_runs():
    from dashboard.ui import content

    content.run_model.cache_clear()
    at = open_app(v=PAST)
    shared = content.run_model.cache_info().currsize
    at.button(key="open_link_version").click().run()
    assert content.run_model.cache_info().currsize == shared  # the past version's runs stay in the session
    other = open_app()  # another visitor, at the same time: the current rules
    assert shown(other) == expected(Scenario())


def test_a_version_that_changed_only_words_says_the_figures_stand():
    same = next(e.version for e in versions.index() if e.version != rules_version() and versions.same_figures(e.version))
    at = open_app(sanctions="lifted", v=same)
    assert version_notice(at) == "" and "open_link_version" not in [b.key for b in at.button]
    assert f"version {same}" in texts(at.info) and "the figures are the ones it showed" in texts(at.info)
    assert shown(at) == expected(Scenario(sanctions="lifted"))


def test_an_unknown_v_shows_the_notice_and_runs_under_the_current_rules():
    at = open_app(sanctions="lifted", v="0123456789")
    notice = version_notice(at)
    assert "rules version 0123456789" in notice and "not kept with this app" in texts(at.caption)
    assert "open_link_version" not in [b.key for b in at.button]
    assert shown(at) == expected(Scenario(sanctions="lifted"))


def test_a_malformed_v_is_a_link_problem_naming_the_parameter_and_its_form():
    at = open_app(sanctions="lifted", v="yesterday")
    problem = warnings(at)
    assert "'v=yesterday' is not allowed; v takes a rules version: 10 characters 0-9 and a-f" in problem
    assert version_notice(at) == "" and shown(at) == expected(Scenario(sanctions="lifted"))


def test_the_notice_can_be_dismissed_and_leaves_the_link():
    at = open_app(v=PAST)
    at.button(key="dismiss_version_notice").click().run()
    assert version_notice(at) == "" and "v" not in at.query_params


def test_a_link_with_custom_rules_and_an_old_v_cannot_be_opened_under_it():
    from dashboard.model import shipped_rules
    from dashboard.model.custom_rules import to_token, with_edits

    rule = shipped_rules().rules[0]
    token = to_token(with_edits(shipped_rules(), {}, {rule.id}), shipped_rules())
    at = open_app(rules=token, v=PAST)
    assert "open_link_version" not in [b.key for b in at.button]
    assert "cannot be opened under its own version" in texts(at.caption)


def test_about_names_the_version_that_links_carry():
    at = open_app(tab="About")
    assert f"rules version\n{rules_version()})" in texts(at.markdown)


def upload(at, name: str, data: bytes) -> None:
    at.sidebar.get("file_uploader")[0].set_value((name, data, "application/json"))
    at.run()
    assert not at.exception


def test_uploading_a_good_scenario_file_sets_the_levers():
    at = open_app()
    upload(at, "mine.json", json.dumps({"strikes_iran": "repeated", "direct_talks": True, "months": 30}).encode())
    assert shown(at) == expected(Scenario(strikes_iran="repeated", direct_talks=True, months=30), 12)
    assert "Loaded mine.json" in texts(at.sidebar.success)


@pytest.mark.parametrize(
    "data, words",
    [
        (b'{"sanctions": "crippling"}', "sanctions: 'crippling' is not allowed; allowed: lifted, eased"),
        (b'{"sanctions": ', "not valid JSON"),
        (b'["maximum"]', "expected a JSON object"),
        (b'{"x": "' + b"a" * 30_000 + b'"}', "too large"),
    ],
)
def test_a_broken_scenario_file_is_refused_with_a_reason(data, words):
    at = open_app(strikes_iraq="limited")
    upload(at, "broken.json", data)
    assert words in texts(at.sidebar.error)
    assert shown(at) == expected(Scenario(strikes_iraq="limited"), 12)  # nothing changed


def test_presets_set_the_levers():
    at = open_app()
    at.sidebar.selectbox(key="preset").set_value("maximum_pressure_2018_2020").run()
    assert shown(at) == expected(presets()["maximum_pressure_2018_2020"].scenario(), 12)
    assert at.sidebar.select_slider(key="response_doctrine").value == "restraint"
    assert any("Maximum pressure" in i.value for i in at.sidebar.info)


def test_results_csv_has_every_indicator_by_month():
    scenario = Scenario(strikes_iran="limited", months=6)
    lines = results_csv(scenario).strip().splitlines()
    assert lines[0].startswith("month,proxy_attacks,") and len(lines) == 8
    assert float(lines[-1].split(",")[1]) == round(simulate(scenario).at(6)["proxy_attacks"], 2)


def test_compare_shows_both_scenarios_and_their_differences():
    at = open_app(tab="Compare", compare_b="article_recommendation", month="12")
    chart = at.get("vega_lite_chart")[0].proto
    arrow = chart.data.data if chart.HasField("data") else chart.datasets[0].data.data
    data = pa.ipc.open_stream(arrow).read_pandas()
    assert set(data["run"]) == {"A", "B"}
    table = next(d.value for d in at.dataframe if "B − A" in d.value.columns)
    a, b = simulate(Scenario()).at(12), simulate(presets()["article_recommendation"].scenario()).at(12)
    assert len(table) == len(RESPONSES)
    assert list(table["B − A"]) == [round(b[r] - a[r], 1) for r in RESPONSES]


def test_compare_choice_is_kept_in_the_link():
    at = open_app(tab="Compare")
    at.selectbox(key="compare_b").set_value("strikes_inside_iran").run()
    assert at.query_params["compare_b"] == "strikes_inside_iran"


# --- seminar mode --------------------------------------------------------------------

def open_seminar(**params) -> AppTest:
    return open_page("from dashboard.ui.seminar import main\nmain()", **params)


def test_seminar_predict_then_reveal():
    at = open_seminar(case="leadership_strike_2020")
    at.get("button_group")[0].set_value(["iran_direct_attacks", "gulf_alignment"]).run()
    at.button(key="reveal").click().run()
    table = at.dataframe[-1].value
    case = presets()["leadership_strike_2020"].scenario()
    model = simulate(case).at(12)["iran_direct_attacks"] - simulate(presets()["status_quo_2021"].scenario()).at(12)["iran_direct_attacks"]
    row = table[table["response"].str.startswith("Direct Iranian")].iloc[0]
    assert row["model: change"] == round(model, 1)
    assert row["class: rises"] == "yes"
    agree = (table["agree"] == "✓").sum()
    assert at.metric[0].label == "Class and model agree on" and at.metric[0].value == f"{agree} of {len(RESPONSES)}"


def test_seminar_shows_questions_glossary_and_timeline():
    at = open_seminar(case="article_recommendation", big="true")
    text = "\n".join(m.value for m in at.markdown)
    assert all(q in text for q in presets()["article_recommendation"].questions)
    assert "JCPOA" in [e.label for e in at.get("expander")]
    assert at.toggle(key="big").value is True


def test_the_uncertainty_tab_draws_under_the_version_the_link_was_opened_under():
    from dashboard.model.ensemble import ensemble
    from dashboard.model.indicators import INDICATORS

    at = open_app(v=PAST, tab="Uncertainty", draws="40", seed="3", month="6")
    at.button(key="open_link_version").click().run()
    past = versions.edition(PAST)
    bands = ensemble(Scenario(), 40, 3, rules=past.rules, parameters=past.parameters).bands()
    current = ensemble(Scenario(), 40, 3).bands()
    row = at.dataframe[0].value.iloc[RESPONSES.index("nuclear_advance")]
    i = INDICATORS.index("nuclear_advance")
    assert row["p50"] == pytest.approx(round(float(bands[6, i, 1]), 1))
    assert row["p50"] != pytest.approx(round(float(current[6, i, 1]), 1))
