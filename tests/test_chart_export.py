"""'Save chart': the exported spec, with the rerun's Arrow rows inlined, renders as PNG and SVG."""

from __future__ import annotations

from dashboard.model import Scenario, simulate
from dashboard.ui import chart_specs, panels
from dashboard.ui.content import labels


def test_the_responses_chart_saves_as_png_and_svg_with_its_data():
    run, base = simulate(Scenario(strikes_iran="repeated")), simulate(Scenario())
    table = panels.long_table(run, base, labels(), 12, theatres=panels.THEATRE_PANELS)
    full = {**chart_specs.spec("responses_chart"), "data": {"values": chart_specs.records(table)}}
    assert len(full["data"]["values"]) == table.num_rows
    assert full["data"]["values"][0]["response"] in labels().values()  # dictionary columns come out as text
    png, svg = chart_specs.image_makers(lambda: full)
    image = png()
    assert image.startswith(b"\x89PNG") and len(image) > 20_000
    text = svg()
    assert text.lstrip().startswith("<svg") and "Iraq and Syria" in text
