"""The regional map: where the model's attack indicators play out.

Each theatre is a place on the map tied to one model indicator, an index from 0 to 100
(higher = more of the named thing). Land theatres shade their countries; sea theatres and
Iraqi politics are circles, sized and coloured by the same index. The colour scale is fixed
to 0..100 so maps of different months or scenarios can be compared by eye.

Outlines: Natural Earth via world-atlas, trimmed by ``data/map/build_region_map.py``.
"""

from __future__ import annotations

import itertools
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Final

import altair as alt

from dashboard.model.labels import response_label
from dashboard.model.registry import map_places

GEOJSON = Path(__file__).resolve().parents[2] / "data" / "map" / "region.geojson"

DOMAIN = [0, 100]  # every indicator is a 0-100 index
LEGEND_TITLE = "Index (0–100)"


# The places drawn (``registry.Place``: key, label, indicator, countries or point and marker),
# each from its response's ``map:`` entry in data/parameters.yaml: countries are shaded (iso
# keys of region.geojson, labelled with their names); seas and things without a country of
# their own are circles at a point (lon, lat), labelled with their marker.
THEATRES = map_places()

# Map geometry and styling (not model numbers).
# The view is fitted to these lon/lat corners (a GeoJSON Feature, as Vega-Lite wants).
FRAME = {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": [[32, 12], [63, 40]]}}
HEIGHT = 420
BASE_FILL, BASE_OPACITY = "#8c8c8c", 0.35  # neutral grey, readable on light and dark themes
BORDER, BORDER_WIDTH = "#9a9a9a", 0.6
SCHEME: Final = "orangered"  # sequential, colour-blind safe
MARKER_SIZE = [80, 900]  # circle area in px² across the 0-100 domain
# Where the country's name goes, if the centroid of its outline is a poor spot.
LABEL_AT = {"iraq": (42.3, 31.6)}  # south-west of the Baghdad circle
TEXT, HALO = "#1f1f1f", "#ffffff"


@lru_cache(maxsize=1)
def load_region() -> dict:
    """The region's country outlines (GeoJSON FeatureCollection, lon/lat degrees)."""
    return json.loads(GEOJSON.read_text())


def theatre_values(state: dict[str, float]) -> list[dict]:
    """One row per theatre: {theatre, label, indicator, value (0-100 index)}.

    Raises KeyError naming any indicator the map needs that ``state`` lacks.
    """
    missing = sorted({t.indicator for t in THEATRES} - set(state))
    if missing:
        raise KeyError(f"region map needs indicators missing from state: {missing}")
    return [
        {"theatre": t.key, "label": t.label, "indicator": t.indicator, "response": response_label(t.indicator),
         "value": round(float(state[t.indicator]), 1)}
        for t in THEATRES
    ]


def theatre_table(state: dict[str, float], month: int) -> list[dict]:
    """The map's values as a table (theatre, response, the month's index), one row per place."""
    return [{"theatre": row["label"], "response": row["response"], f"month {month} (0–100)": row["value"]}
            for row in theatre_values(state)]


def centroid(geometry: dict) -> tuple[float, float]:
    """A label point: the mean vertex of the outer ring of the largest polygon."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    ring = max((p[0] for p in polys), key=_area)
    points = ring[:-1]  # the last point repeats the first
    return sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)


def _area(ring: list) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring))) / 2


def _color(field: str) -> alt.Color:
    """The shared 0-100 colour scale (fixed domain, so maps are comparable)."""
    return alt.Color(field, scale=alt.Scale(scheme=SCHEME, domain=DOMAIN, clamp=True), title=LEGEND_TITLE)


def _tooltip(prefix: str = "") -> list:
    return [
        alt.Tooltip(f"{prefix}label:N", title="Theatre"),
        alt.Tooltip(f"{prefix}response:N", title="Response"),
        alt.Tooltip(f"{prefix}value:Q", title=LEGEND_TITLE, format=".1f"),
    ]


def _labels(data: alt.NamedData, dy: int = 0) -> alt.LayerChart:
    """Dark text on a light halo, so it reads over any fill and on either theme."""
    base = alt.Chart(data).encode(longitude="lon:Q", latitude="lat:Q", text="text:N")
    style: dict[str, Any] = dict(fontSize=11, fontWeight="bold", dy=dy)
    return base.mark_text(stroke=HALO, strokeWidth=3, strokeOpacity=0.8, **style) + base.mark_text(fill=TEXT, **style)


# The map is one fixed spec over four named datasets: the outlines and the country names
# never change; only the two small tables of theatre values do (see ``map_datasets``).
REGION, NAMES, COUNTRY_VALUES, POINT_VALUES = "region", "country_names", "theatre_countries", "theatre_points"


@lru_cache(maxsize=1)
def _static_datasets() -> dict[str, list]:
    features = load_region()["features"]
    shaded = {iso for t in THEATRES for iso in t.countries}
    names = []
    for f in features:
        iso = f["properties"]["iso"]
        if iso in shaded:
            lon, lat = LABEL_AT.get(iso) or centroid(f["geometry"])
            names.append({"lon": lon, "lat": lat, "text": f["properties"]["name"]})
    return {REGION: features, NAMES: names}


def map_datasets(state: dict[str, float]) -> dict[str, list[dict]]:
    """The per-run data of the map: theatre values by country and by marker point."""
    rows = {r["theatre"]: r for r in theatre_values(state)}
    countries = [{**rows[t.key], "iso": iso} for t in THEATRES for iso in t.countries]
    points = [{**rows[t.key], "lon": t.point[0], "lat": t.point[1], "text": t.marker} for t in THEATRES if t.point]
    return {COUNTRY_VALUES: countries, POINT_VALUES: points}


@lru_cache(maxsize=1)
def _template() -> dict:
    """The map's Vega-Lite spec without the per-run datasets (built once: Altair is slow here)."""
    base = (
        alt.Chart(alt.NamedData(REGION))
        .mark_geoshape(fill=BASE_FILL, fillOpacity=BASE_OPACITY, stroke=BORDER, strokeWidth=BORDER_WIDTH, clip=True)
        .encode(tooltip=alt.Tooltip("properties.name:N", title="Country"))
    )
    theatres = (
        alt.Chart(alt.NamedData(REGION))
        .transform_lookup(lookup="properties.iso", from_=alt.LookupData(
            data=alt.NamedData(COUNTRY_VALUES), key="iso", fields=["theatre", "label", "indicator", "response", "value"]))
        .transform_filter("isValid(datum.value)")
        .mark_geoshape(stroke=BORDER, strokeWidth=BORDER_WIDTH, clip=True)
        .encode(color=_color("value:Q"), tooltip=_tooltip())
    )
    circles = (
        alt.Chart(alt.NamedData(POINT_VALUES))
        .mark_circle(opacity=1, stroke=TEXT, strokeWidth=1)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            color=_color("value:Q"),
            size=alt.Size("value:Q", scale=alt.Scale(domain=DOMAIN, range=MARKER_SIZE, clamp=True), legend=None),
            tooltip=_tooltip(),
        )
    )
    chart = (
        alt.layer(base, theatres, circles, _labels(alt.NamedData(NAMES)), _labels(alt.NamedData(POINT_VALUES), dy=-24))
        .project(type="mercator", fit=FRAME)
        .resolve_legend(size="independent")  # else the hidden size legend hides the colour one
        .properties(height=HEIGHT)
    )
    spec = chart.to_dict()
    spec["datasets"] = _static_datasets()
    return spec


def region_map_spec(state: dict[str, float], title: str | None = None) -> dict:
    """The map as a Vega-Lite spec dict (``state``: indicator name -> 0-100 index). Fast: the
    geometry and layout are built once; only the theatre values are new."""
    spec = {**_template(), "datasets": {**_template()["datasets"], **map_datasets(state)}}
    if title:
        spec["title"] = title
    return spec


def region_map(state: dict[str, float], title: str | None = None) -> alt.LayerChart:
    """The same map as an Altair chart. No fixed width: let the page stretch it."""
    return alt.LayerChart.from_dict(region_map_spec(state, title))
