"""Charts of uncertainty: fan charts (10-90 % bands), the tornado, and the lever sweep."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from dashboard.charts.trajectories import INDICATOR_COLOURS, LABEL_LIMIT, PANEL_WIDTH, THEATRES
from dashboard.model.ensemble import DETERRENCE, Ensemble
from dashboard.model.labels import level_label, lever_label
from dashboard.model.registry import theatre_of


def fan_chart(frame: pd.DataFrame, columns: int = 3) -> alt.FacetChart:
    """``frame``: month, indicator, response, theatre, p10, p50, p90, shown (bool)."""
    names = [n for n in INDICATOR_COLOURS if n in set(frame["indicator"])]
    labels = frame.drop_duplicates("indicator").set_index("indicator")["response"]
    colour = alt.Color("response:N", title="Response", legend=alt.Legend(orient="bottom", columns=2, labelLimit=320),
                       scale=alt.Scale(domain=[labels[n] for n in names], range=[INDICATOR_COLOURS[n] for n in names]))
    x = alt.X("month:Q", title="Month", scale=alt.Scale(nice=False))
    tooltip = ["response:N", "month:Q", alt.Tooltip("p10:Q", format=".1f"), alt.Tooltip("p50:Q", format=".1f"),
               alt.Tooltip("p90:Q", format=".1f")]
    band = alt.Chart().mark_area(opacity=0.25).encode(
        x=x, y=alt.Y("p10:Q", title="Index (0–100)", scale=alt.Scale(domain=[0, 100])), y2="p90:Q", color=colour,
        tooltip=tooltip)
    median = alt.Chart().mark_line(strokeWidth=3).encode(x=x, y=alt.Y("p50:Q", title="Index (0–100)"), color=colour, tooltip=tooltip)
    marker = alt.Chart().transform_filter(alt.datum.shown).mark_rule(color="#888888", opacity=0.5).encode(x=x)
    theatres = [t for t in THEATRES if t in set(frame["theatre"])]
    return (
        alt.layer(band, median, marker).properties(height=190, width=PANEL_WIDTH)
        .facet(facet=alt.Facet("theatre:N", title=None, sort=theatres, header=alt.Header(labelFontSize=15, labelFontWeight="bold")),
               columns=columns, data=frame)
    )


def bands_frame(runs: Ensemble, names: Mapping[str, str], month: int) -> pd.DataFrame:
    """The fan chart's rows: month, indicator, response (its label), theatre, p10, p50, p90, and
    ``shown`` for the month shown; every response, months 0..N."""
    rows = [(m, band.indicator, names[band.indicator], theatre_of(band.indicator),
             round(band.p10, 2), round(band.p50, 2), round(band.p90, 2), m == month)
            for m, table in enumerate(runs.tables()) for band in table]
    return pd.DataFrame(rows, columns=["month", "indicator", "response", "theatre", "p10", "p50", "p90", "shown"])


# Parameters of an indicator, as the tornado names them ("kind:indicator" in ensemble.sensitivity).
PARAMETER_TITLES = {
    "start": "Starting value of {}",
    "baseline": "Baseline of {} (the level it relaxes to)",
    "pull": "Pull back toward the baseline: {}",
}
STRADDLES, ONE_SIDE = "spans the central value", "lies to one side of the central value"
SIDE_COLOURS = {STRADDLES: "#0072B2", ONE_SIDE: "#CC79A7"}  # Okabe-Ito blue and reddish purple


def assumption_title(name: str, rule_titles: dict[str, str], labels: dict[str, str],
                     deterrence: tuple[float, float]) -> str:
    """A tornado bar's title: a rule's title, an indicator's parameter in words, or the lens weight."""
    if name in rule_titles:
        return rule_titles[name]
    kind, _, indicator = name.partition(":")
    if kind in PARAMETER_TITLES and indicator in labels:
        return PARAMETER_TITLES[kind].format(labels[indicator])
    if name == DETERRENCE:
        return f"How far force deters (lens weight, {deterrence[0]:g} to {deterrence[1]:g})"
    return name


def tornado_frame(swings: list, rule_titles: dict[str, str], labels: dict[str, str],
                  deterrence: tuple[float, float]) -> pd.DataFrame:
    """One row per ``ensemble.Swing``, widest first: rule (the assumption's id), title, kind,
    low, high, central, and whether the bar spans the central value."""
    rows = []
    for s in swings:
        kind = "rule" if s.rule in rule_titles else "lens weight" if s.rule == DETERRENCE else s.rule.partition(":")[0]
        rows.append({"rule": s.rule, "title": assumption_title(s.rule, rule_titles, labels, deterrence), "kind": kind,
                     "low": round(s.low, 2), "high": round(s.high, 2), "central": round(s.central, 2),
                     "centre": STRADDLES if s.straddles else ONE_SIDE})
    return pd.DataFrame(rows, columns=["rule", "title", "kind", "low", "high", "central", "centre"])


def tornado_chart(frame: pd.DataFrame, outcome_label: str) -> alt.LayerChart | alt.FacetChart:
    """``frame``: as ``tornado_frame`` — one row per assumption, widest first. Bars that lie to
    one side of the central value (dashed line) have their own colour."""
    order = list(frame["title"])
    y = alt.Y("title:N", title=None, sort=order, axis=alt.Axis(labelLimit=LABEL_LIMIT, labelFontSize=13))
    tooltip = [alt.Tooltip("title:N", title="assumption"), "kind:N", alt.Tooltip("low:Q", format=".1f", title="at low end"),
               alt.Tooltip("high:Q", format=".1f", title="at high end"), alt.Tooltip("central:Q", format=".1f"),
               alt.Tooltip("centre:N", title="the bar")]
    shown = [side for side in SIDE_COLOURS if side in set(frame["centre"])]
    colour = alt.Color("centre:N", title="The bar", legend=alt.Legend(orient="bottom", labelLimit=320),
                       scale=alt.Scale(domain=shown, range=[SIDE_COLOURS[side] for side in shown]))
    bars = alt.Chart(frame).mark_bar(height=16, opacity=0.8).encode(
        x=alt.X("low:Q", title=f"{outcome_label}: value with the assumption at its low → high end"), x2="high:Q", y=y,
        color=colour, tooltip=tooltip)
    high_end = alt.Chart(frame).mark_tick(color="#D55E00", thickness=3, size=18).encode(x="high:Q", y=y, tooltip=tooltip)
    central = alt.Chart(frame).mark_rule(color="#888888", strokeDash=[4, 3]).encode(x="mean(central):Q")
    return alt.layer(bars, high_end, central).properties(height=90 + 28 * len(frame))


# The sweep's legend sits under the heatmap (beside it, it pushed the chart past a phone's
# screen); its long title is cut to the chart's width.
LEGEND_ROOM = 70  # px of the height for the legend under the cells (Streamlit fits it inside)
WIDE_TITLE_LIMIT = alt.ExprRef("containerSize()[0] > 0 ? min(400, containerSize()[0] - 10) : 400")


def colour_domain(frame: pd.DataFrame, zoom: bool) -> tuple[float, float]:
    """The sweep's colour scale: the whole 0-100 index, or zoomed to the cells' own medians."""
    if not zoom:
        return 0.0, 100.0
    low, high = float(frame["p50"].min()), float(frame["p50"].max())
    return low, max(high, low + 0.1)  # one colour for equal cells, not an empty scale


def sweep_chart(frame: pd.DataFrame, lever_x: str, lever_y: str, order_x: list[str], order_y: list[str],
                outcome_label: str, zoom: bool = False) -> alt.LayerChart | alt.FacetChart:
    """``frame``: lever_x, lever_y, p10, p50, p90, current (bool) — a heatmap of the median.

    The colours span the whole 0-100 scale unless ``zoom``: then the cells' own range, which
    the legend's title states (a spread of one point must not look like a dramatic contrast)."""
    # Drawn on the levels in words (the data's contract names stay out of the chart).
    frame = pd.DataFrame({"x_words": [level_label(lever_x, v) for v in frame[lever_x]],
                          "y_words": [level_label(lever_y, v) for v in frame[lever_y]],
                          **{k: frame[k] for k in ("p10", "p50", "p90", "current")}})
    x = alt.X("x_words:N", sort=[level_label(lever_x, v) for v in order_x], title=lever_label(lever_x),
              axis=alt.Axis(labelAngle=0, labelFontSize=13))
    y = alt.Y("y_words:N", sort=[level_label(lever_y, v) for v in order_y][::-1], title=lever_label(lever_y),
              axis=alt.Axis(labelFontSize=13))
    tooltip = [alt.Tooltip("x_words:N", title=lever_label(lever_x)), alt.Tooltip("y_words:N", title=lever_label(lever_y)),
               alt.Tooltip("p50:Q", format=".1f", title="median"),
               alt.Tooltip("p10:Q", format=".1f"), alt.Tooltip("p90:Q", format=".1f")]
    low, high = colour_domain(frame, zoom)
    title = (f"{outcome_label} (median), colours zoomed to {low:.1f}–{high:.1f}" if zoom
             else f"{outcome_label} (median), 0–100")
    cells = alt.Chart(frame).mark_rect().encode(
        x=x, y=y, tooltip=tooltip,
        color=alt.Color("p50:Q", title=title, scale=alt.Scale(scheme="viridis", domain=[low, high], clamp=True),
                        legend=alt.Legend(titleLimit=WIDE_TITLE_LIMIT, orient="bottom")))
    text = alt.Chart(frame).mark_text(fontSize=15, fontWeight="bold").encode(
        x=x, y=y, text=alt.Text("p50:Q", format=".1f"), tooltip=tooltip,
        color=alt.condition(alt.datum.p50 > (low + high) / 2, alt.value("#000000"), alt.value("#ffffff")))
    current = alt.Chart(frame).transform_filter(alt.datum.current).mark_rect(
        fill=None, stroke="#D55E00", strokeWidth=4).encode(x=x, y=y)
    return alt.layer(cells, text, current).properties(height=max(220, 56 * len(order_y)) + LEGEND_ROOM)
