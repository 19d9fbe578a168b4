"""The history replay against the record: one response, month by month, 2016 to 2025.

Layers: the 10–90 % band of the replay's draws, the replay (and a branch beside it), the
observed record (a period's monthly average as a horizontal segment over its months, a
single month as a point), the timeline's events as vertical rules (their label on hover)
and the branch month. Everything sits in one long frame, so a chart's spec is built once
and each rerun sends only the rows.

Months are drawn at the middle of the month on a UTC time axis, so a point never slips
into the previous month in a browser west of Greenwich.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.model.timeline import month_name, month_number
from dashboard.model.units import UnitLink

REPLAY, BRANCH, OBSERVED = "replay (model)", "branch (model)", "observed"
COLOURS = {REPLAY: "#0072B2", BRANCH: "#D55E00", OBSERVED: "#009E73"}  # Okabe-Ito: colour-blind safe
INDEX_TITLE = "Index (0–100)"
COLUMNS = ["layer", "run", "start", "end", "value", "low", "high", "label", "period", "source", "note"]
# The branch sentence compares a flow over the first two years after the branch: long enough
# for an exchange of strikes and answers to play out, short enough to stay about that decision.
DIFFERENCE_MONTHS = 24


def mid_month(month: str) -> str:
    return f"{month}-15"


def month_start(month: str) -> str:
    return f"{month}-01"


def month_after(month: str) -> str:
    return month_name(month_number(month) + 1)


def in_units(link: UnitLink | None, index: np.ndarray) -> np.ndarray:
    """An index series (or draws x months) in the link's units; the index itself without a link.
    A stock link counts from the first month given: pass series from the replay's first month."""
    return np.asarray(index, dtype=float) if link is None else link.apply(index)


def _rows(layer: str, **columns) -> pd.DataFrame:
    return pd.DataFrame({name: columns.get(name) for name in COLUMNS} | {"layer": layer})


def model_rows(months: Sequence[str], values: np.ndarray, run: str) -> pd.DataFrame:
    return _rows("line", run=run, start=[mid_month(m) for m in months], value=np.round(values, 2),
                 period=list(months))


def band_rows(months: Sequence[str], low: np.ndarray, high: np.ndarray) -> pd.DataFrame:
    return _rows("band", run=REPLAY, start=[mid_month(m) for m in months], low=np.round(low, 2),
                 high=np.round(high, 2), period=list(months))


def observed_rows(series: Sequence) -> pd.DataFrame:
    """``series``: observed Series (``dashboard.model.observed``). A single month is a point at
    mid-month; a period is a segment from its first month's start to the end of its last."""
    rows = []
    for one in series:
        for o in one.observations:
            single = o.month_from == o.month_to
            rows.append({"layer": "point" if single else "segment", "run": OBSERVED,
                         "start": mid_month(o.month_from) if single else month_start(o.month_from),
                         "end": None if single else month_start(month_after(o.month_to)),
                         "value": o.value, "label": f"{one.label} ({o.unit})",
                         "period": o.month_from if single else f"{o.month_from} to {o.month_to} (monthly average)",
                         "source": o.source_url, "note": o.note})
    return pd.DataFrame(rows, columns=COLUMNS)


def event_rows(events: Sequence[dict], source_urls: dict[str, str]) -> pd.DataFrame:
    """Timeline events (``Timeline.events()``), one rule per month with that month's events
    joined; ``source_urls`` maps a source key to its URL."""
    by_month: dict[str, list[dict]] = {}
    for event in events:
        by_month.setdefault(event["month"], []).append(event)
    return _rows("event", start=[mid_month(m) for m in by_month], period=list(by_month),
                 label=[" · ".join(e["label"] for e in group) for group in by_month.values()],
                 source=[" ".join(source_urls.get(k, k) for e in group for k in e["source"].split())
                         for group in by_month.values()])


def branch_marker(month: str) -> pd.DataFrame:
    return _rows("branch_month", run=BRANCH, start=[month_start(month)], period=[month],
                 label=[f"The branch starts in {month}"])


def branch_table(months: Sequence[str], values: np.ndarray, branch_month: str, schema: pa.Schema) -> pa.Table:
    """The branch's line and its month marker as Arrow rows of ``schema`` (the replay frame's),
    built without pandas: they change on every rerun."""
    line = len(months)
    columns = {"layer": ["line"] * line + ["branch_month"], "run": [BRANCH] * (line + 1),
               "start": [mid_month(m) for m in months] + [month_start(branch_month)],
               "value": [*np.round(values, 2).tolist(), None], "period": [*months, branch_month],
               "label": [None] * line + [f"The branch starts in {branch_month}"]}
    return pa.table({f.name: pa.array(columns.get(f.name, [None] * (line + 1)), type=f.type) for f in schema})


def history_frame(parts: Sequence[pd.DataFrame]) -> pd.DataFrame:
    frame = pd.concat([p for p in parts if len(p)], ignore_index=True)[COLUMNS]
    for name in ("value", "low", "high"):
        frame[name] = frame[name].astype(float)
    return frame


def sample_frame() -> pd.DataFrame:
    """A frame with every layer, for building the spec."""
    return history_frame([band_rows(["2020-01"], np.zeros(1), np.ones(1)), model_rows(["2020-01"], np.ones(1), REPLAY),
                          event_rows([{"month": "2020-01", "label": "x", "source": "x"}], {}),
                          branch_marker("2020-01")])


def history_chart(frame: pd.DataFrame, y_title: str) -> alt.LayerChart | alt.FacetChart:
    """The replay, the branch, the band, the record and the events on the same axes."""
    x = alt.X("start:T", title=None, scale=alt.Scale(type="utc"), axis=alt.Axis(format="%Y", tickCount="year"))
    y = alt.Y("value:Q", title=y_title)
    colour = alt.Color("run:N", title=None, scale=alt.Scale(domain=list(COLOURS), range=list(COLOURS.values())),
                       legend=alt.Legend(orient="top", labelFontSize=13))
    base = alt.Chart()  # no data of its own: every layer takes the chart's frame (set below)
    band = base.transform_filter(alt.datum.layer == "band").mark_area(opacity=0.18, color=COLOURS[REPLAY]).encode(
        x=x, y=alt.Y("low:Q", title=y_title), y2="high:Q",
        tooltip=[alt.Tooltip("period:N", title="month"), alt.Tooltip("low:Q", title="10 %", format=".1f"),
                 alt.Tooltip("high:Q", title="90 %", format=".1f")])
    hovered = alt.selection_point(name="event_hover", on="pointerover", fields=["period"], empty=False, clear="pointerout")
    events = base.transform_filter(alt.datum.layer == "event").mark_rule(color="#888888", strokeWidth=3).encode(
        x=x, opacity=alt.condition(hovered, alt.value(0.8), alt.value(0.2)),
        tooltip=[alt.Tooltip("period:N", title="month"), alt.Tooltip("label:N", title="event"),
                 alt.Tooltip("source:N", title="source")]).add_params(hovered)
    line_tooltip = [alt.Tooltip("run:N", title="series"), alt.Tooltip("period:N", title="month"),
                    alt.Tooltip("value:Q", format=".1f")]
    lines = base.transform_filter(alt.datum.layer == "line").mark_line(strokeWidth=2.5).encode(
        x=x, y=y, color=colour, strokeDash=alt.StrokeDash("run:N", legend=None, scale=alt.Scale(
            domain=[REPLAY, BRANCH], range=[[1, 0], [6, 3]])), tooltip=line_tooltip)
    record_tooltip = [alt.Tooltip("label:N", title="series"), alt.Tooltip("period:N", title="months"),
                      alt.Tooltip("value:Q", format=".1f"), alt.Tooltip("source:N", title="source"),
                      alt.Tooltip("note:N", title="note")]
    segments = base.transform_filter(alt.datum.layer == "segment").mark_rule(strokeWidth=4).encode(
        x=x, x2="end:T", y=y, color=colour, tooltip=record_tooltip)
    points = base.transform_filter(alt.datum.layer == "point").mark_point(filled=True, size=60, opacity=1).encode(
        x=x, y=y, color=colour, tooltip=record_tooltip)
    marker = base.transform_filter(alt.datum.layer == "branch_month")
    # aria=False: the marker is decoration (the sentence under the chart states the branch), and
    # without a branch it is an empty mark that screen readers would announce without a name.
    branch_rule = marker.mark_rule(color=COLOURS[BRANCH], strokeDash=[2, 2], strokeWidth=2, aria=False).encode(
        x=x, tooltip=[alt.Tooltip("label:N", title="branch")])
    branch_text = marker.mark_text(align="left", dx=4, dy=-4, color=COLOURS[BRANCH], fontSize=13, aria=False).encode(
        x=x, y=alt.value(10), text=alt.value("branch"))
    return alt.layer(events, band, lines, segments, points, branch_rule, branch_text).properties(
        data=frame, height=380)


def difference_sentence(label: str, months: Sequence[str], replay_units: np.ndarray, branch_units: np.ndarray,
                        branch_month: str, unit: str | None, stock: bool, lens_words: str) -> str:
    """One sentence on how the branch differs from the replay: a stock at the replay's last
    month (what the branch has built up by then), anything else on average over the first
    DIFFERENCE_MONTHS from the branch month."""
    first = months.index(branch_month)
    if stock:
        ours, theirs = float(branch_units[-1]), float(replay_units[-1])
        told = f"by {months[-1]}, the branch stands at {ours:.1f} {unit}, the replay at {theirs:.1f}"
    else:
        last = min(first + DIFFERENCE_MONTHS, len(months)) - 1
        ours, theirs = float(np.mean(branch_units[first:last + 1])), float(np.mean(replay_units[first:last + 1]))
        measure = f"{ours:.1f} {unit}" if unit else f"{ours:.1f} on the index (0–100)"
        told = f"{branch_month} to {months[last]}: the branch averages {measure}, the replay {theirs:.1f}"
    difference = ours - theirs
    if abs(difference) < 0.05:
        verdict = "no difference at this precision"
    else:
        verdict = f"{abs(difference):.1f}{'' if unit else ' points'} {'lower' if difference < 0 else 'higher'} in the branch"
    return f"{label}, {told} — {verdict} (model, {lens_words})."
