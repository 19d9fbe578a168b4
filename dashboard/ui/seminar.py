"""Seminar mode: a guided page for teaching with a projector.

What happened (the timeline of real episodes), predict-then-reveal on a case, discussion
questions, and a glossary; a large-type layout for the back of the room.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.charts.history_timeline import timeline_chart, timeline_frame
from dashboard.model import LEVER_LEVELS, RESPONSES
from dashboard.model.history import load_episodes
from dashboard.model.labels import level_formatter, lever_help, response_labels
from dashboard.model.predictions import PREDICTION_MONTH as MONTH
from dashboard.model.predictions import model_changes, rises
from dashboard.model.presets import presets
from dashboard.model.reference import glossary
from dashboard.ui import address, chart_specs
from dashboard.ui.content import episodes_by_lens, labels

LARGE_TYPE = """<style>
  html, body, [data-testid="stAppViewContainer"] { font-size: 22px; }
  [data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.35rem; line-height: 1.5; }
  h1 { font-size: 3.2rem !important; } h2 { font-size: 2.4rem !important; } h3 { font-size: 1.9rem !important; }
  [data-testid="stMetricValue"] { font-size: 3rem; }
  [data-testid="stMetricLabel"] p, [data-testid="stWidgetLabel"] p { font-size: 1.2rem; }
  [data-baseweb="select"] div, [data-baseweb="popover"] li, [data-testid="stRadio"] label p,
  [data-testid="stButtonGroup"] button p, [data-testid="stButton"] button p, [data-testid="stExpander"] summary p,
  [data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 1.1rem !important; }
  [data-testid="stButtonGroup"] button { max-width: 100%; height: auto; }
  [data-testid="stButtonGroup"] button p { white-space: normal; text-overflow: clip; overflow: visible; }
  @media (max-width: 640px) {  /* a phone: large type, but a table of four columns must still fit */
    [data-testid="stTable"] td, [data-testid="stTable"] th { font-size: 16px !important; padding: 0.4rem 0.3rem; }
  }
</style>"""
CHART_FONT = {False: 14, True: 22}  # chart text in pixels, normal and large type (canvas text ignores CSS)


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
    frame = timeline_frame(episodes, CHART_FONT[big], lens_verdicts())
    chart = timeline_chart(frame, CHART_FONT[big])
    st.altair_chart(chart, width="stretch", key="timeline", alt="Timeline of episodes: " + "; ".join(
        f"{e.date.isoformat()} {e.title}" for e in episodes))
    chart_specs.save_buttons("timeline", chart.to_dict)
    with st.expander("The episodes as a table"):
        st.dataframe(frame[["date", "full", "summary"]].rename(columns={"full": "episode"}), hide_index=True,
                     width="stretch")

    st.caption("Under each episode: whether the model reproduces what was observed under each lens (✓) or "
               "misses it (✗), run on the history replay; the About tab and the History page say more.")

    st.header("2 · Predict, then reveal")
    cases = list(presets())
    address.read("case", cases)
    case_id = st.selectbox("Case", cases, format_func=lambda p: presets()[p].title, key="case")
    address.write("case", case_id, cases[0])
    # Shown in words, kept in the link by its contract name (a bound widget would write the words).
    address.read("case_lens", LEVER_LEVELS["lens"])
    lens = st.radio("Assumption lens", LEVER_LEVELS["lens"], key="case_lens", horizontal=True,
                    format_func=level_formatter("lens"), help=lever_help("lens"))
    address.write("case_lens", lens, LEVER_LEVELS["lens"][0])
    case, against = presets()[case_id], presets()[comparison_for(case_id)]
    st.markdown(f"**{case.title}.** {case.description} *Source: {case.source}.*")
    st.markdown(f"Compared with **{in_a_sentence(against.title)}**, which responses will be **higher after {MONTH} months**?")
    names = labels()
    predicted = st.pills("The class expects these to rise", list(RESPONSES), selection_mode="multi",
                         format_func=names.get, key=f"predicted_{case_id}_{lens}")
    st.caption("To collect every group's own options and predictions in one place, open a "
               "[classroom room](room).")
    revealed_key = f"revealed_{case_id}_{lens}"
    if st.button("Reveal the model's answer", type="primary", key="reveal"):
        st.session_state[revealed_key] = True
    if st.session_state.get(revealed_key):
        reveal(case, against, lens, set(predicted or []), names, big)

    st.header("3 · Discuss")
    for question in case.questions:
        st.markdown(f"- {question}")

    st.header("4 · Glossary")
    for term, meaning in glossary().items():
        with st.expander(term):
            st.write(meaning)


def in_a_sentence(title: str) -> str:
    """A title inside a sentence: its first letter in lower case, acronyms kept ("no new US action")."""
    first = title.split(" ", 1)[0]
    return title if first.isupper() or first[1:2].isupper() else title[:1].lower() + title[1:]


def reveal(case, against, lens: str, predicted: set[str], names: dict[str, str], big: bool = False) -> None:
    """The model's answer beside the class's; in large type as a static table, whose text the
    page's CSS enlarges (the interactive grid draws on a canvas) and which fits a phone."""
    changes = model_changes(case.scenario(lens=lens), against.scenario(lens=lens))
    show_verdicts(changes, predicted, response_labels(short=True) if big else names,
                  column="Class" if big else "class: rises", headline="Class and model agree on", narrow=big)
    st.caption(f"Model change at month {MONTH}, {case.title} minus {in_a_sentence(against.title)}, under the "
               f"{level_formatter('lens')(lens)} lens. "
               "Open the dashboard and its Why tab to see which rules drive each answer.")


def show_verdicts(changes: dict[str, float], predicted: set[str], names: dict[str, str], column: str,
                  headline: str, narrow: bool = False) -> None:
    """The prediction (in ``column``) beside the model's answer, response by response, and
    how many agree (under ``headline``). Shared with classroom rooms: ``narrow`` draws four
    short columns as a static table, every column visible on a phone's 390 px."""
    model_rises = rises(changes)
    agrees = {name: (name in model_rises) == (name in predicted) for name in RESPONSES}
    st.metric(headline, f"{sum(agrees.values())} of {len(RESPONSES)}")
    if narrow:
        st.table(pd.DataFrame([{
            "Response": names[name], column: "rise" if name in predicted else "no rise",
            "Model": f"{'rise' if name in model_rises else 'no rise'} {changes[name]:+.1f}".replace("-", "−"),
            "Agree": "✓ yes" if agrees[name] else "✗ no"} for name in RESPONSES]), border="horizontal",
            hide_index=True)
        return
    table = pd.DataFrame([{"response": names[name], column: "yes" if name in predicted else "no",
                           "model: change": round(changes[name], 1), "model: rises": "yes" if name in model_rises else "no",
                           "agree": "✓" if agrees[name] else "✗"} for name in RESPONSES])
    st.dataframe(table, hide_index=True, width="stretch")


def lens_verdicts() -> dict[str, str]:
    """Episode id -> "✓ reciprocity · ✗ coercive deterrence": which lens reproduces it."""
    rows = {row["Episode"]: row for row in episodes_by_lens()}
    out = {}
    for episode in load_episodes():
        row = rows[episode.title]
        marks = [f"{'✓' if row[column].startswith('✓') else '✗'} {column.lower()}"
                 for column in row if column not in ("Episode", "What happened")]
        out[episode.id] = " · ".join(marks)
    return out
