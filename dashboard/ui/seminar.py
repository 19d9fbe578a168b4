"""Seminar mode: a guided page for teaching with a projector.

What happened (the timeline of real episodes), predict-then-reveal on a case, discussion
questions, and a glossary; a large-type layout for the back of the room.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd
import streamlit as st
import yaml

from dashboard.charts.history_timeline import timeline_chart
from dashboard.model import LEVER_LEVELS, RESPONSES
from dashboard.model.history import load_episodes
from dashboard.model.predictions import PREDICTION_MONTH as MONTH
from dashboard.model.predictions import model_changes, rises
from dashboard.model.presets import presets
from dashboard.model.rules import DATA_DIR
from dashboard.ui import address, chart_specs
from dashboard.ui.content import labels

LARGE_TYPE = """<style>
  html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.35rem; line-height: 1.5; }
  h1 { font-size: 3.2rem !important; } h2 { font-size: 2.4rem !important; } h3 { font-size: 1.9rem !important; }
  [data-testid="stMetricValue"] { font-size: 3rem; }
  [data-testid="stWidgetLabel"] p { font-size: 1.2rem; }
</style>"""


@lru_cache(maxsize=1)
def glossary() -> dict[str, str]:
    return yaml.safe_load((DATA_DIR / "glossary.yaml").read_text(encoding="utf-8"))


def comparison_for(case_id: str) -> str:
    """What a case is measured against: the status quo, or for the status quo itself, no new US action."""
    return "no_new_action" if case_id == "status_quo_2021" else "status_quo_2021"


def main() -> None:
    address.check_once("seminar", {"case": list(presets()), "case_lens": list(LEVER_LEVELS["lens"]),
                                   "big": ["true", "false"]}, with_levers=False)
    address.show_problems("seminar")
    big = st.toggle("Presentation layout (large type)", key="big", bind="query-params",
                    help="Larger type for projectors and the back of the room.")
    if big:
        st.html(LARGE_TYPE)
    st.title("Seminar: US options toward Iran")

    st.header("1 · What happened")
    episodes = load_episodes()
    frame = pd.DataFrame([{"date": e.date.isoformat(), "title": e.title, "summary": e.summary,
                           "short": e.title.split(" (")[0], "lane": i, "right": i >= len(episodes) / 2}
                          for i, e in enumerate(episodes)])
    chart = timeline_chart(frame)
    st.altair_chart(chart, width="stretch", key="timeline", alt="Timeline of episodes: " + "; ".join(
        f"{e.date.isoformat()} {e.title}" for e in episodes))
    chart_specs.save_buttons("timeline", chart.to_dict)
    with st.expander("The episodes as a table"):
        st.dataframe(frame[["date", "title", "summary"]], hide_index=True, width="stretch")

    st.header("2 · Predict, then reveal")
    cases = list(presets())
    address.read("case", cases)
    case_id = st.selectbox("Case", cases, format_func=lambda p: presets()[p].title, key="case")
    address.write("case", case_id, cases[0])
    lens = st.radio("Assumption lens", LEVER_LEVELS["lens"], key="case_lens", horizontal=True, bind="query-params",
                    help="reciprocity: the article's view. coercive_deterrence: the view it argues against.")
    case, against = presets()[case_id], presets()[comparison_for(case_id)]
    st.markdown(f"**{case.title}.** {case.description} *Source: {case.source}.*")
    st.markdown(f"Compared with **{against.title.lower()}**, which responses will be **higher after {MONTH} months**?")
    names = labels()
    predicted = st.pills("The class expects these to rise", list(RESPONSES), selection_mode="multi",
                         format_func=names.get, key=f"predicted_{case_id}_{lens}")
    st.caption("To collect every group's own options and predictions in one place, open a "
               "[classroom room](room).")
    revealed_key = f"revealed_{case_id}_{lens}"
    if st.button("Reveal the model's answer", type="primary", key="reveal"):
        st.session_state[revealed_key] = True
    if st.session_state.get(revealed_key):
        reveal(case, against, lens, set(predicted or []), names)

    st.header("3 · Discuss")
    for question in case.questions:
        st.markdown(f"- {question}")

    st.header("4 · Glossary")
    for term, meaning in glossary().items():
        with st.expander(term):
            st.write(meaning)


def reveal(case, against, lens: str, predicted: set[str], names: dict[str, str]) -> None:
    changes = model_changes(case.scenario(lens=lens), against.scenario(lens=lens))
    show_verdicts(changes, predicted, names, column="class: rises", headline="Class and model agree on")
    st.caption(f"Model change at month {MONTH}, {case.title} minus {against.title.lower()}, under the {lens} lens. "
               "Open the dashboard and its Why tab to see which rules drive each answer.")


def show_verdicts(changes: dict[str, float], predicted: set[str], names: dict[str, str], column: str,
                  headline: str) -> None:
    """The prediction (in ``column``) beside the model's answer, response by response, and
    how many agree (under ``headline``). Shared with classroom rooms."""
    model_rises = rises(changes)
    table = pd.DataFrame([{"response": names[name], column: "yes" if name in predicted else "no",
                           "model: change": round(changes[name], 1), "model: rises": "yes" if name in model_rises else "no",
                           "agree": "✓" if (name in model_rises) == (name in predicted) else "✗"} for name in RESPONSES])
    agree = int((table["agree"] == "✓").sum())
    st.metric(headline, f"{agree} of {len(table)}")
    st.dataframe(table, hide_index=True, width="stretch")
