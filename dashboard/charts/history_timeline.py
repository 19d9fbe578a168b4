"""The timeline of real episodes (data/history.yaml) for seminar mode.

A vertical timeline: one episode under the other, its dates on one line and its title
wrapped below, so it reads at a phone's 390 px as on a projector (a horizontal axis of ten
years squeezed the labels onto one line at that width, and cut them off).
"""

from __future__ import annotations

import textwrap

import altair as alt
import pandas as pd

POINT_X, TEXT_X = 10, 28  # pixels from the left: the dot, then the text
CHARS_AT_14PX = 34  # a line of bold 14 px text in ~300 px, what a 390 px phone leaves a chart


def timeline_frame(episodes, font: int = 14, verdicts: dict[str, str] | None = None) -> pd.DataFrame:
    """One row per episode: its dates (the title's parenthesis), its short title wrapped to the
    width a phone leaves (more lines in larger type) and, under it, ``verdicts[episode.id]``
    (which lens reproduces it) when given, and ``top``, its distance in pixels from the top of
    the chart; ``height`` on every row is the whole chart's."""
    line = round(font * 1.35)
    width = max(16, CHARS_AT_14PX * 14 // font)
    rows, top = [], line // 2
    for episode in episodes:
        short, _, rest = episode.title.partition(" (")
        lines = textwrap.wrap(short, width) or [short]
        if verdicts and episode.id in verdicts:
            lines += textwrap.wrap(verdicts[episode.id], width)
        rows.append({"date": episode.date.isoformat(), "when": rest.rstrip(")").replace(" - ", " – ") or
                     f"{episode.date:%B %Y}", "title": "\n".join(lines), "full": episode.title,
                     "summary": episode.summary, "top": top})
        top += line * (len(lines) + 1) + line // 2
    frame = pd.DataFrame(rows)
    frame["height"] = top + line // 2  # room under the last line
    return frame


def timeline_chart(frame: pd.DataFrame, font: int = 14) -> alt.LayerChart | alt.FacetChart:
    """``frame`` from ``timeline_frame`` (with the same ``font``): a dot and a line per episode
    down the left, its dates and its title to the right."""
    height = int(frame["height"].iloc[0])
    line = round(font * 1.35)
    y = alt.Y("top:Q", scale=alt.Scale(domain=[0, height], reverse=True, nice=False, zero=True), axis=None)
    tooltip = [alt.Tooltip("date:T", format="%d %B %Y"), alt.Tooltip("full:N", title="episode"), "summary:N"]
    base = alt.Chart(frame)
    spine = alt.Chart(pd.DataFrame({"top": [frame["top"].min()], "end": [frame["top"].max()]})).mark_rule(
        color="#888888", strokeWidth=2).encode(x=alt.value(POINT_X), y=y, y2="end:Q")
    points = base.mark_circle(size=font * 12, color="#D55E00", opacity=1).encode(
        x=alt.value(POINT_X), y=y, tooltip=tooltip)
    # Dates in the text colour (not a light grey: the contrast has to hold on a projector too).
    when = base.mark_text(align="left", baseline="middle", fontSize=font).encode(
        x=alt.value(TEXT_X), y=y, text="when:N", tooltip=tooltip)
    title = base.mark_text(align="left", baseline="top", fontSize=font, fontWeight="bold", lineBreak="\n",
                           lineHeight=line, dy=line // 2 + 2).encode(x=alt.value(TEXT_X), y=y, text="title:N",
                                                                     tooltip=tooltip)
    return alt.layer(spine, points, when, title).properties(height=height)
