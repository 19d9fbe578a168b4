"""The brief's charts as JPEG images, from the dashboard's own Altair specs (vl-convert).

The same chart functions the page draws (``responses_chart``, ``trajectories_chart``), laid out
for a printed page: the theatre panels four to a row and smaller, so one page holds them. As on
the page (dashboard/ui/chart_specs.py), a chart's spec does not change with the levers or the
month (the month marker is a column of the data), so it is built once per process and each
brief inlines only its rows: Altair's validation took ~0.2 s a chart. JPEG, not PNG: the PDF
takes a JPEG as it is, while a PNG's pixels and transparency are decoded and compressed again
(~0.1 s for the large chart on a quiet machine); at quality 92.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

import altair as alt
import pandas as pd

from dashboard.charts.trajectories import long_table, responses_chart, trajectories_chart
from dashboard.model import DEFAULT_SCENARIO, Result, simulate
from dashboard.model.labels import response_labels
from dashboard.model.registry import theatre_titles

THEATRE_PANELS = theatre_titles("over_time")  # as the "Over time" tab
RISK_PANELS = theatre_titles("escalation")  # as the "Escalation" tab
PANEL_WIDTH, PANEL_HEIGHT, COLUMNS = 150, 80, 4
RISK_WIDTH, RISK_HEIGHT = 250, 140
SCALE = 1.5  # image pixels per chart pixel: ~175 dpi as printed (2 cost 0.1 s more of CPU a brief)
QUALITY = 92


@dataclass(frozen=True)
class Picture:
    image: bytes  # JPEG
    width: int  # chart pixels (the image holds SCALE times as many)
    height: int


def _table(result: Result, baseline: Result, month: int, panels: list[str]):
    return long_table(result, baseline, dict(response_labels()), month, theatres=panels)


def _layout(chart: alt.TopLevelMixin) -> dict:
    with alt.data_transformers.disable_max_rows():
        layout = chart.to_dict()
    layout.pop("datasets", None)
    layout.pop("data", None)
    return layout


@lru_cache(maxsize=1)
def _sample(panels: tuple[str, ...]) -> pd.DataFrame:
    status_quo = simulate(DEFAULT_SCENARIO)
    return _table(status_quo, status_quo, 1, list(panels)).to_pandas()


@lru_cache(maxsize=1)
def responses_layout() -> dict:
    """The "Over time" tab's small multiples (your options solid, the baseline dashed), smaller."""
    layout = _layout(responses_chart(_sample(tuple(THEATRE_PANELS)), columns=COLUMNS))
    layout["spec"].update(width=PANEL_WIDTH, height=PANEL_HEIGHT)
    layout["title"]["subtitle"] = "Solid: your options. Dashed: the baseline. Grey line: the month shown."
    return layout


@lru_cache(maxsize=1)
def risk_layout() -> dict:
    """The "Escalation" tab's chart: the risk of a spiral and the US pressure behind it."""
    chart = trajectories_chart(_sample(tuple(RISK_PANELS))).properties(
        width=RISK_WIDTH, height=RISK_HEIGHT, title="Risk of a spiral, and the US pressure that drives it")
    return _layout(chart)


def render(layout: dict, rows) -> Picture:
    import vl_convert as vlc  # imported on first use
    from PIL import Image

    image = vlc.vegalite_to_jpeg({**layout, "data": {"values": rows.to_pylist()}}, scale=SCALE, quality=QUALITY)
    width, height = Image.open(io.BytesIO(image)).size  # reads the header only
    return Picture(image, round(width / SCALE), round(height / SCALE))


def pictures(result: Result, baseline: Result, month: int) -> tuple[Picture, Picture]:
    """The responses by theatre, and the risk of a spiral, for a run against its baseline."""
    return (render(responses_layout(), _table(result, baseline, month, THEATRE_PANELS)),
            render(risk_layout(), _table(result, baseline, month, RISK_PANELS)))
