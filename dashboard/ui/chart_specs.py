"""Draw Altair charts fast: build each chart's Vega-Lite spec once, then send only new data.

Altair validates and serialises a whole chart on every call (~50 ms for a faceted chart
here). The charts of this page keep the same spec whatever the levers and the month (the
month marker is a column of the data), so the spec is built once per process and each
rerun passes just the new rows.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Callable

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st

_BUILDERS: dict[str, tuple[Callable[[pd.DataFrame], alt.TopLevelMixin], Callable[[], pd.DataFrame]]] = {}


def register(name: str, build: Callable[[pd.DataFrame], alt.TopLevelMixin], sample: Callable[[], pd.DataFrame]) -> None:
    """``build(frame)`` must give the same spec for any frame of the same columns."""
    _BUILDERS[name] = (build, sample)


@lru_cache(maxsize=None)
def spec(name: str) -> dict:
    build, sample = _BUILDERS[name]
    chart = build(sample())
    with alt.data_transformers.disable_max_rows():
        layout = chart.to_dict()
    layout.pop("datasets", None)
    layout.pop("data", None)
    return layout


def draw(name: str, frame: pd.DataFrame | pa.Table, alt_text: str) -> None:
    """The chart (``alt_text`` describes it to screen readers), its save buttons, and its data as a table."""
    st.vega_lite_chart(frame, spec(name), width="stretch", key=name, alt=alt_text)
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
