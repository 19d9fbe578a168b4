"""The attacks of issue #12 against the page (AppTest) and the CLI: each gets a message, never
a traceback, and never costs more than a rerun's budget."""

from __future__ import annotations

import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.model import RESPONSES, Scenario, shipped_rules
from dashboard.model.custom_rules import encode
from dashboard.ui import content
from tests.app_support import ROOT, expected, failures, open_app, shown, texts
from tests.test_rule_budget import costly_book, rule

NOT_ASCII_DIGITS = ["²", "١٢", "1e400", "１２", "⑫", "12\u200b"]  # "²".isdigit() is True; int("1e400") fails
NUMBER_PARAMS = ["months", "month", "draws", "seed", "risk_at"]
DEEP = "[" * 9_000 + "]" * 9_000  # under the 20 kB cap: refused for its depth
HOSTILE = "**Your session has expired.** [Sign in again](https://evil.example) ![](http://127.0.0.1:9/p.gif)"


@pytest.mark.parametrize("name", NUMBER_PARAMS)
@pytest.mark.parametrize("value", NOT_ASCII_DIGITS[:3])
def test_numbers_in_a_link_take_ascii_digits_only(name, value):
    at = open_app(**{name: value, "tab": "Uncertainty", "sanctions": "lifted"})
    assert f"'{name}={value}' is not allowed" in texts(at.warning)
    assert shown(at) == expected(Scenario(sanctions="lifted"))


def test_a_one_month_run_shows_its_only_month():
    at = open_app(months="1", sanctions="lifted")
    assert shown(at) == expected(Scenario(sanctions="lifted", months=1), month=1)
    assert not [s for s in at.slider if s.key == "month"]


def upload(at, key: str, data: bytes) -> None:
    at.get("file_uploader")[[u.key for u in at.get("file_uploader")].index(key)].set_value(
        ("s.json", data, "application/json"))
    at.run()
    assert not at.exception and not failures(at)


@pytest.mark.parametrize("data, words", [
    (DEEP.encode(), "nested more than 4 levels deep"),
    (b'{"months": true}', "months: true is not allowed; allowed: a whole number from 1 to 36"),
    (b'{"direct_talks": "yes"}', "direct_talks: 'yes' is not allowed; allowed: false, true"),
    (b'{"sanctions": "' + b"x" * 19_000 + b'"}', "sanctions: 'xxxxxxxxxx"),
], ids=["deep", "months_true", "talks_yes", "long_value"])
def test_scenario_files_in_the_sidebar_and_compare_get_a_short_message(data, words):
    at = open_app(tab="Compare", compare_b="file")
    upload(at, "scenario_upload", data)
    assert words in texts(at.sidebar.error)
    upload(at, "compare_file", data)
    message = texts(at.main.error)
    assert words in message and len(message) < 400  # the value is cut, never echoed whole


def test_the_cli_refuses_deep_json_in_one_line():
    done = subprocess.run([sys.executable, "-m", "dashboard", "simulate", "--scenario", "-"], input=DEEP,
                          capture_output=True, text=True, cwd=ROOT, check=False, timeout=60)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "nested more than" in done.stderr


@pytest.mark.parametrize("tab, months, words", [("Uncertainty", "30", "Lower the draws to 2,"),
                                                 ("Uncertainty", "36", "even one draw is too many"),
                                                 ("Sweep", "24", "fewer levels")])
def test_a_costly_book_from_a_link_is_refused_by_the_tabs_that_would_overrun(tab, months, words):
    from dashboard.model.custom_rules import to_token

    at = open_app(rules=to_token(costly_book(), shipped_rules()), tab=tab, draws="5000", months=months)
    assert "Too costly to compute here" in texts(at.warning) and words in texts(at.warning)
    assert not at.get("vega_lite_chart") and not at.get("arrow_vega_lite_chart")


def test_a_custom_book_never_enters_the_process_wide_caches():
    content.run_model.cache_clear()
    custom = open_app(rules=encode({"add": [rule(0)]}), sanctions="lifted")
    assert "Custom rules in use" in texts(custom.warning)
    assert content.run_model.cache_info().currsize == 0
    open_app(sanctions="lifted")
    assert content.run_model.cache_info().currsize == 2  # the scenario and its baseline, shared


def test_hostile_text_in_a_link_reaches_the_page_escaped():
    at = open_app(**{HOSTILE: "1", "sanctions": HOSTILE})
    shown_text = "\n".join(w.value for w in at.warning)
    assert "](" not in shown_text and "![" not in shown_text  # every bracket is escaped
    assert "Your session has expired" in texts(at.warning)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from([*NUMBER_PARAMS, "tab", "rules", "compare_b", "why", HOSTILE]),
                       st.one_of(st.sampled_from([*NOT_ASCII_DIGITS, "1", "36", "0", "Uncertainty", "Sweep", "Why",
                                                  "Compare", "file", HOSTILE, encode({"add": [rule(0)]})]),
                                 st.text(max_size=30)), max_size=5))
def test_fuzzed_links_with_both_families_never_fail(params):
    at = open_app(**params)  # asserts no exception and no "something went wrong"
    assert len(at.metric) == len(RESPONSES)


def test_an_unexpected_error_shows_a_friendly_line_and_logs_the_details(caplog):
    from streamlit.testing.v1 import AppTest

    from dashboard.ui.failsafe import FAILURE_TEXT

    at = AppTest.from_string("from dashboard.ui.failsafe import guarded\n\n@guarded\ndef page():\n"
                             "    raise RuntimeError('details for the log: /srv/app/secret.py')\n\npage()\n")
    at.run()
    assert not at.exception
    shown_text = texts(at.error)
    assert FAILURE_TEXT in shown_text and "incident" in shown_text and "secret" not in shown_text
    incident = shown_text.split("incident ")[1].split(")")[0]
    assert f"incident {incident}: page failed" in caplog.text and "/srv/app/secret.py" in caplog.text
