"""The regional map: where the model's attack indicators play out.

Each theatre is a place on the map tied to one model indicator, an index from 0 to 100
(higher = more of the named thing). Land theatres shade their countries; sea theatres and
Iraqi politics are circles, sized and coloured by the same index. The colour scale is fixed
to 0..100 so maps of different months or scenarios can be compared by eye.

Outlines: Natural Earth via world-atlas, trimmed by ``data/map/build_region_map.py``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import altair as alt

GEOJSON = Path(__file__).resolve().parents[2] / "data" / "map" / "region.geojson"

DOMAIN = [0, 100]  # every indicator is a 0-100 index
LEGEND_TITLE = "Index (0–100)"


@dataclass(frozen=True)
class Theatre:
    """A place drawn on the map, coloured by one model indicator.

    Drawn either as ``countries`` (iso keys from region.geojson, labelled with their
    names) or as a circle at ``point`` (lon, lat) labelled ``marker``, for seas and for
    things without a country of their own. ``label`` is the tooltip's description.
    """

    key: str
    label: str
    indicator: str
    countries: tuple[str, ...] = ()
    point: tuple[float, float] | None = None
    marker: str = ""  # the circle's text on the map


THEATRES: tuple[Theatre, ...] = (
    Theatre("iraq_syria", "Iraq & Syria: militia attacks on US forces", "proxy_attacks", countries=("iraq", "syria")),
    Theatre("saudi_arabia", "Saudi Arabia: missile and drone attacks", "saudi_attacks", countries=("saudi_arabia",)),
    Theatre("yemen", "Yemen: launch site of attacks on Saudi Arabia", "saudi_attacks", countries=("yemen",)),
    Theatre("iran", "Iran: attacks by Iran's own forces", "iran_direct_attacks", countries=("iran",)),
    Theatre(
        "gulf_of_oman", "Gulf of Oman: attacks on shipping", "maritime_attacks",
        point=(58.5, 24.8), marker="Gulf of Oman",
    ),
    Theatre(
        "gulf_shipping", "Persian Gulf: attacks on shipping", "maritime_attacks",
        point=(51.5, 27.0), marker="Gulf shipping",
    ),
    Theatre(
        "iraqi_politics", "Iraqi politics: pressure against the US presence", "iraqi_backlash",
        point=(44.4, 33.3), marker="Iraqi politics",  # Baghdad
    ),
)

# Map geometry and styling (not model numbers).
# The view is fitted to these lon/lat corners (a GeoJSON Feature, as Vega-Lite wants).
FRAME = {"type": "Feature", "properties": {}, "geometry": {"type": "MultiPoint", "coordinates": [[32, 12], [63, 40]]}}
HEIGHT = 420
BASE_FILL, BASE_OPACITY = "#8c8c8c", 0.35  # neutral grey, readable on light and dark themes
BORDER, BORDER_WIDTH = "#9a9a9a", 0.6
SCHEME = "orangered"  # sequential, colour-blind safe
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
        {"theatre": t.key, "label": t.label, "indicator": t.indicator, "value": round(float(state[t.indicator]), 1)}
        for t in THEATRES
    ]


def centroid(geometry: dict) -> tuple[float, float]:
    """A label point: the mean vertex of the outer ring of the largest polygon."""
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    ring = max((p[0] for p in polys), key=_area)
    points = ring[:-1]  # the last point repeats the first
    return sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)


def _area(ring: list) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))) / 2


def _color(field: str) -> alt.Color:
    """The shared 0-100 colour scale (fixed domain, so maps are comparable)."""
    return alt.Color(field, scale=alt.Scale(scheme=SCHEME, domain=DOMAIN, clamp=True), title=LEGEND_TITLE)


def _tooltip(prefix: str = "") -> list:
    return [
        alt.Tooltip(f"{prefix}label:N", title="Theatre"),
        alt.Tooltip(f"{prefix}indicator:N", title="Indicator"),
        alt.Tooltip(f"{prefix}value:Q", title=LEGEND_TITLE, format=".1f"),
    ]


def _labels(rows: list[dict], dy: int = 0) -> alt.LayerChart:
    """Dark text on a light halo, so it reads over any fill and on either theme."""
    base = alt.Chart(alt.Data(values=rows)).encode(longitude="lon:Q", latitude="lat:Q", text="text:N")
    style = dict(fontSize=11, fontWeight="bold", dy=dy)
    return base.mark_text(stroke=HALO, strokeWidth=3, strokeOpacity=0.8, **style) + base.mark_text(fill=TEXT, **style)


def region_map(state: dict[str, float], title: str | None = None) -> alt.LayerChart:
    """The region with each theatre coloured by its indicator (``state``: name -> 0-100 index).

    No fixed width: let the page stretch it (``st.altair_chart(..., width="stretch")``).
    """
    features = load_region()["features"]
    rows = {r["theatre"]: r for r in theatre_values(state)}
    shaded, names = [], []
    for t in THEATRES:
        for f in features:
            iso = f["properties"]["iso"]
            if iso in t.countries:
                shaded.append({**f, "properties": {**f["properties"], **rows[t.key]}})
                lon, lat = LABEL_AT.get(iso) or centroid(f["geometry"])
                names.append({"lon": lon, "lat": lat, "text": f["properties"]["name"]})
    markers = [{**rows[t.key], "lon": t.point[0], "lat": t.point[1], "text": t.marker} for t in THEATRES if t.point]

    base = (
        alt.Chart(alt.Data(values=features))
        .mark_geoshape(fill=BASE_FILL, fillOpacity=BASE_OPACITY, stroke=BORDER, strokeWidth=BORDER_WIDTH, clip=True)
        .encode(tooltip=alt.Tooltip("properties.name:N", title="Country"))
    )
    theatres = (
        alt.Chart(alt.Data(values=shaded))
        .mark_geoshape(stroke=BORDER, strokeWidth=BORDER_WIDTH, clip=True)
        .encode(color=_color("properties.value:Q"), tooltip=_tooltip("properties."))
    )
    circles = (
        alt.Chart(alt.Data(values=markers))
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
        alt.layer(base, theatres, circles, _labels(names), _labels(markers, dy=-24))
        .project(type="mercator", fit=FRAME)
        .resolve_legend(size="independent")  # else the hidden size legend hides the colour one
    )
    return chart.properties(height=HEIGHT, **({"title": title} if title else {}))
