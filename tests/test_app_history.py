"""The History page (/history) under AppTest: the replay drawn as the model gives it, branches
from a link or a preset, and bad links that warn and fall back to the plain replay."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow
import pytest
import streamlit as st

from dashboard.charts import replay as chart
from dashboard.model import RESPONSES, shipped_parameters
from dashboard.model.observed import load_series
from dashboard.model.replay import parse_branch, replay
from dashboard.model.rules import source_keys
from dashboard.ui import history_page
from dashboard.ui.history_scores import skill_words
from tests.app_support import as_read, failures, open_page, texts

PAGE = "from dashboard.ui.history_page import main\nmain()"
SOLEIMANI = {"branch": "2020-01", "leadership_targeting": "false", "strikes_iraq": "none"}
ALLOWED_BRANCH = "a month YYYY-MM from 2016-01 to 2025-12"


@pytest.fixture(scope="module", autouse=True)
def fresh_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


def chart_frame(at) -> pd.DataFrame:
    (element,) = at.get("vega_lite_chart")
    data = element.proto.data.data if element.proto.HasField("data") else element.proto.datasets[0].data.data
    return pyarrow.ipc.open_stream(data).read_pandas()


def line(frame: pd.DataFrame, run: str) -> np.ndarray:
    return frame[(frame["layer"] == "line") & (frame["run"] == run)]["value"].to_numpy()


def in_units(response: str, series: np.ndarray, lens: str = "reciprocity") -> np.ndarray:
    return np.round(chart.in_units(shipped_parameters().indicators[response].link(lens), series), 2)


def sentences(at) -> str:
    return "\n".join(as_read(m.value) for m in at.markdown)


def test_the_page_draws_the_replay_as_the_model_gives_it():
    at = open_page(PAGE)
    frame = chart_frame(at)
    expected = in_units("proxy_attacks", replay("reciprocity").series("proxy_attacks"))
    np.testing.assert_allclose(line(frame, chart.REPLAY), expected, atol=0.01)
    assert len(line(frame, chart.BRANCH)) == 0 and "The branch." not in sentences(at)
    band = frame[frame["layer"] == "band"]
    assert len(band) == 120 and (band["low"] <= band["high"]).all()
    assert (frame["layer"] == "event").sum() > 20  # the timeline's events are marked
    captions = texts(at.caption)
    assert "a model of one argument, not a forecast" in captions and "from 0" in captions
    assert not at.warning


def test_every_response_is_drawn_in_its_units_with_its_record_or_as_the_index():
    at = open_page(PAGE, branch="2020-01", strikes_iraq="none")
    for response in RESPONSES:
        at.selectbox(key="history_response").set_value(response).run()
        assert not at.exception and not failures(at), response
        link = shipped_parameters().indicators[response].link("reciprocity")
        (element,) = at.get("vega_lite_chart")
        y_titles = {layer["encoding"]["y"]["title"] for layer in json.loads(element.proto.spec)["layer"]
                    if "y" in layer.get("encoding", {}) and "field" in layer["encoding"]["y"]}
        assert y_titles == {link.unit if link else chart.INDEX_TITLE}, response
        frame = chart_frame(at)
        drawn = frame["layer"].isin(["segment", "point"]).sum()
        assert drawn == sum(len(s.observations) for s in history_page.drawn_record(response, "reciprocity")), response
        assert drawn == 0 or link is not None  # the record only on the same axes as the model
        assert len(line(frame, chart.BRANCH)) == 120 and "The branch." in sentences(at)


def test_a_branch_link_draws_the_branch_and_states_the_difference():
    at = open_page(PAGE, **SOLEIMANI)
    frame = chart_frame(at)
    branch, _ = parse_branch("2020-01", {"leadership_targeting": False, "strikes_iraq": "none"})
    expected = in_units("proxy_attacks", replay("reciprocity", branch=branch).series("proxy_attacks"))
    drawn = line(frame, chart.BRANCH)
    np.testing.assert_allclose(drawn, expected, atol=0.01)
    before = replay("reciprocity").months.index("2020-01")
    np.testing.assert_array_equal(drawn[:before], line(frame, chart.REPLAY)[:before])  # the same until the branch
    assert not np.allclose(drawn[before:], line(frame, chart.REPLAY)[before:])
    text = sentences(at)
    assert "The branch." in text and "2020-01 to 2021-12" in text and "reciprocity lens" in text
    assert "No Soleimani strike" in text and "For discussion" in text  # the preset it matches
    assert at.selectbox(key="history_branch").value == "2020-01" and at.selectbox(key="history_strikes_iraq").value == "none"


def test_the_sentence_is_the_difference_of_the_drawn_series():
    at = open_page(PAGE, **SOLEIMANI)
    frame = chart_frame(at)
    link = shipped_parameters().indicators["proxy_attacks"].link("reciprocity")
    sentence = chart.difference_sentence(history_page.labels()["proxy_attacks"], list(replay().months),
                                         line(frame, chart.REPLAY), line(frame, chart.BRANCH), "2020-01",
                                         link.unit if link else None, False, "reciprocity lens")
    assert sentence in sentences(at)


@pytest.mark.parametrize("bad", ["2031-01", "abc", "2015-12", "2020-1"])
def test_a_bad_branch_warns_naming_branch_and_shows_the_plain_replay(bad):
    at = open_page(PAGE, branch=bad, leadership_targeting="false")
    warning = texts(at.warning)
    assert f"'branch={bad}'" in warning and ALLOWED_BRANCH in warning and "plain replay" in warning
    assert len(line(chart_frame(at), chart.BRANCH)) == 0
    assert "branch" not in at.query_params and at.query_params["leadership_targeting"] == "false"
    assert "Choose a month to branch from" in texts(at.info)


def test_a_bad_lever_warns_with_its_levels_and_follows_the_timeline():
    at = open_page(PAGE, branch="2020-01", sanctions="crippling", strikes_iraq="none")
    warning = texts(at.warning)
    assert "'sanctions=crippling'" in warning and "lifted, eased, current, tightened, maximum" in warning
    assert "follows the timeline" in warning and "Using the default" not in warning
    assert at.selectbox(key="history_sanctions").value == history_page.TIMELINE
    assert len(line(chart_frame(at), chart.BRANCH)) == 120  # the good lever still branches


def test_aliases_lens_and_response_come_from_the_link():
    at = open_page(PAGE, branch="2024-02", iraq="none", lens="coercive_deterrence", response="maritime_attacks")
    assert at.query_params["strikes_iraq"] == "none" and "iraq" not in at.query_params
    assert at.radio(key="history_lens").value == "coercive_deterrence"
    expected = in_units("maritime_attacks", replay("coercive_deterrence").series("maritime_attacks"), "coercive_deterrence")
    np.testing.assert_allclose(line(chart_frame(at), chart.REPLAY), expected, atol=0.01)
    assert "coercive-deterrence lens" in sentences(at)


def test_a_classic_counterfactual_sets_the_branch_and_the_link():
    at = open_page(PAGE)
    at.selectbox(key="history_counterfactual").set_value("no_february_2024_strikes").run()
    assert not at.exception
    assert at.selectbox(key="history_branch").value == "2024-02"
    assert {k: at.query_params.get(k) for k in ("branch", "strikes_iraq", "strikes_syria", "leadership_targeting")} == {
        "branch": "2024-02", "strikes_iraq": "none", "strikes_syria": "none", "leadership_targeting": "false"}
    assert "No February 2024 strikes" in sentences(at) and len(line(chart_frame(at), chart.BRANCH)) == 120
    at.button(key="history_clear_branch").click().run()
    assert "branch" not in at.query_params and len(line(chart_frame(at), chart.BRANCH)) == 0


def test_a_branch_month_without_a_changed_option_says_so():
    at = open_page(PAGE, branch="2019-06")
    assert "Change at least one option" in texts(at.info)
    assert len(line(chart_frame(at), chart.BRANCH)) == 0


def test_every_counterfactual_is_a_valid_cited_branch_with_a_question():
    found = history_page.counterfactuals()
    assert set(found) == {"no_us_exit_2018", "no_soleimani_strike", "no_february_2024_strikes"}
    for one in found.values():
        branch, lens = parse_branch(one.branch, one.levers)
        assert lens is None and branch.levers and one.question.endswith("?")
        assert set(one.source.split()) <= source_keys(), one.id


def test_skill_at_or_below_zero_is_labelled_never_hidden():
    assert skill_words(0.25) == "better than assuming no change"
    assert skill_words(0.0) == "no better than assuming no change"
    assert skill_words(-0.4) == "worse than assuming no change"
    assert skill_words(None).startswith("not scored")


def test_the_backtest_table_when_the_backtest_exists():
    pytest.importorskip("dashboard.model.backtest")
    at = open_page(PAGE)
    tables = [t.value for t in at.dataframe]
    scores = next(t for t in tables if "the model is" in t.columns)
    assert len(scores) >= 4 and scores["the model is"].str.contains("assuming no change|not scored").all()
    for skill, words in zip(scores["skill"], scores["the model is"]):
        if skill != "–" and float(skill) <= 0:  # shown and labelled, never hidden
            assert "no better" in words or "worse" in words


def test_observed_rows_draw_periods_as_segments_and_months_as_points():
    series = load_series()
    frame = chart.observed_rows(series)
    total = sum(len(s.observations) for s in series)
    periods = sum(o.month_from != o.month_to for s in series for o in s.observations)
    assert len(frame) == total and (frame["layer"] == "segment").sum() == periods
    assert frame["source"].str.startswith("http").all()
    segment = frame[frame["layer"] == "segment"].iloc[0]
    assert segment["start"].endswith("-01") and segment["end"] > segment["start"]


def test_a_stock_is_compared_at_the_end_of_the_replay():
    months = ["2024-11", "2024-12", "2025-01"]
    text = chart.difference_sentence("Stock", months, np.array([1.0, 2.0, 3.0]), np.array([1.0, 1.5, 2.0]),
                                     "2024-12", "kg", True, "reciprocity lens")
    assert "by 2025-01" in text and "1.0 lower in the branch" in text


def test_a_hostile_parameter_is_quoted_as_text_never_as_a_link():
    at = open_page(PAGE, **{"[Sign in](https://evil.example)": "1", "branch": "![x](http://t.example/p.gif)"})
    raw = "\n".join(w.value for w in at.warning)
    assert "](" not in raw and "Sign in" in texts(at.warning)
    assert not [name for name in at.query_params if "evil" in name]  # dropped from the link
