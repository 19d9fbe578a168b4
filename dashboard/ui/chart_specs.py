"""Draw Altair charts fast: build each chart's Vega-Lite spec once, then send only new data.

Altair validates and serialises a whole chart on every call (~50 ms for a faceted chart
here). The charts of this page keep the same spec whatever the levers and the month (the
month marker is a column of the data), so the spec is built once per process and each
rerun passes just the new rows.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st

_BUILDERS: dict[str, tuple[Callable[[pd.DataFrame], alt.TopLevelMixin], Callable[[], pd.DataFrame]]] = {}


def register(name: str, build: Callable[[pd.DataFrame], alt.TopLevelMixin], sample: Callable[[], pd.DataFrame]) -> None:
    """``build(frame)`` must give the same spec for any frame of the same columns."""
    _BUILDERS[name] = (build, sample)


@cache
def spec(name: str, narrow: bool = False) -> dict:
    """The chart's spec without data; ``narrow``: laid out for a phone (see ``for_phones``)."""
    if narrow:
        return for_phones(spec(name))
    build, sample = _BUILDERS[name]
    chart = build(sample())
    with alt.data_transformers.disable_max_rows():
        layout = chart.to_dict()
    layout.pop("datasets", None)
    layout.pop("data", None)
    # Drawn on a canvas: an SVG of several hundred marks cost the browser twice the paint and
    # layout on every lever move (bench/bench_browser.py). Saved images are drawn apart (vl-convert).
    layout["usermeta"] = {"embedOptions": {"renderer": "canvas"}}
    return layout


# A phone's screen is 360-430 px wide: small multiples one to a row, each panel this wide (with
# its axis, it fits in the 328 px a 360 px screen leaves), legends in one column.
PHONE_PANEL_WIDTH, PHONE_LABEL_LIMIT, PHONE_TITLE_CHARACTERS = 230, 260, 44


def for_phones(layout: dict) -> dict:
    """A copy of a spec that fits a phone: facets one to a row and narrower, legends in one
    column, the subtitle broken into short lines."""
    import copy
    import textwrap

    narrow = copy.deepcopy(layout)
    if "facet" in narrow and "columns" in narrow:
        narrow["columns"] = 1
        narrow["spec"]["width"] = PHONE_PANEL_WIDTH

    def walk(node):
        if isinstance(node, dict):
            legend = node.get("legend")
            if isinstance(legend, dict):
                legend.update(columns=1, labelLimit=min(legend.get("labelLimit", PHONE_LABEL_LIMIT), PHONE_LABEL_LIMIT))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(narrow)
    title = narrow.get("title")
    if isinstance(title, str) and len(title) > PHONE_TITLE_CHARACTERS:
        narrow["title"] = title = {"text": textwrap.wrap(title, PHONE_TITLE_CHARACTERS)}
    if isinstance(title, dict) and isinstance(title.get("subtitle"), str):
        title["subtitle"] = textwrap.wrap(title["subtitle"], PHONE_TITLE_CHARACTERS)
    return narrow


def on_a_phone() -> bool:
    """Whether the browser says it is a phone ("Mobi" in its user agent, as phones' browsers
    send): the server cannot know the screen's width, and small multiples cannot wrap."""
    agent = (st.context.headers or {}).get("User-Agent", "")
    return "Mobi" in agent


def draw(name: str, frame: pd.DataFrame | pa.Table, alt_text: str) -> None:
    """The chart (``alt_text`` describes it to screen readers), its save buttons, and its data as a table."""
    st.vega_lite_chart(frame, spec(name, on_a_phone()), width="stretch", key=name, alt=alt_text)
    save_buttons(name, lambda: {**spec(name), "data": {"values": records(frame)}})


def records(frame: pd.DataFrame | pa.Table) -> list[dict]:
    return frame.to_pylist() if isinstance(frame, pa.Table) else frame.to_dict("records")


def save_buttons(name: str, full_spec: Callable[[], dict]) -> None:
    """'Save chart' as PNG or SVG. The menu is filled only while open, and an image is
    rendered only when its button is clicked: a closed menu costs one element a rerun."""
    menu = st.popover("Save chart", icon=":material/download:", key=f"{name}_save", on_change="rerun",
                      help="Save this chart as a PNG or SVG image")
    if not menu.open:
        return
    with menu:
        png, svg = image_makers(full_spec)
        st.download_button("PNG", png, f"{name}.png", mime="image/png", key=f"{name}_png", width="stretch")
        st.download_button("SVG", svg, f"{name}.svg", mime="image/svg+xml", key=f"{name}_svg", width="stretch")


def image_makers(full_spec: Callable[[], dict]) -> tuple[Callable[[], bytes], Callable[[], str]]:
    """Functions that render the chart as PNG bytes and as SVG text (with vl-convert)."""
    import vl_convert as vlc

    return lambda: vlc.vegalite_to_png(full_spec(), scale=2), lambda: vlc.vegalite_to_svg(full_spec())
