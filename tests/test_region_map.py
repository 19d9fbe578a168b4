"""The regional map: its trimmed outlines, its theatre markers and the chart it builds."""

import json
from itertools import pairwise

import pytest

from dashboard.charts.region_map import GEOJSON, THEATRES, load_region, region_map, theatre_values

THEATRE_COUNTRIES = {
    "iraq", "syria", "iran", "saudi_arabia", "yemen", "oman", "uae", "qatar",
    "bahrain", "kuwait", "jordan", "israel", "lebanon", "turkey", "egypt",
}  # fmt: skip
CONTEXT_COUNTRIES = {
    "palestine", "afghanistan", "pakistan", "turkmenistan", "azerbaijan", "armenia",
    "sudan", "eritrea", "djibouti", "ethiopia",
}  # fmt: skip
REGION_BOX = (20, 75, 5, 45)  # lon min, lon max, lat min, lat max
STATE = {
    "proxy_attacks": 77.0,
    "saudi_attacks": 31.5,
    "iran_direct_attacks": 12.26,
    "maritime_attacks": 64.0,
    "iraqi_backlash": 48.0,
}


def features() -> dict[str, dict]:
    return {f["properties"]["iso"]: f for f in load_region()["features"]}


def polygons(feature: dict) -> list:
    geometry = feature["geometry"]
    return [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]


def in_ring(lon: float, lat: float, ring: list) -> bool:
    """Ray cast eastwards from the point; an odd number of edge crossings means inside."""
    inside = False
    for (x0, y0), (x1, y1) in pairwise(ring):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def in_country(lon: float, lat: float, feature: dict) -> bool:
    return any(in_ring(lon, lat, p[0]) and not any(in_ring(lon, lat, h) for h in p[1:]) for p in polygons(feature))


def theatre_rows(spec) -> dict[str, float]:
    """theatre key -> value, from every theatre row (plain or in a feature's properties) in the spec."""
    if isinstance(spec, list):
        return {k: v for x in spec for k, v in theatre_rows(x).items()}
    if not isinstance(spec, dict):
        return {}
    found = {k: v for x in spec.values() for k, v in theatre_rows(x).items()}
    if "theatre" in spec and "indicator" in spec:
        found[spec["theatre"]] = spec["value"]
    return found


def test_geojson_has_exactly_the_expected_countries():
    assert set(features()) == THEATRE_COUNTRIES | CONTEXT_COUNTRIES
    assert len(load_region()["features"]) == len(THEATRE_COUNTRIES | CONTEXT_COUNTRIES)
    assert features()["bahrain"]["properties"] == {"id": "048", "name": "Bahrain", "iso": "bahrain"}


def test_every_country_is_a_closed_polygon():
    for iso, f in features().items():
        assert f["geometry"]["type"] in {"Polygon", "MultiPolygon"}, iso
        for polygon in polygons(f):
            for ring in polygon:
                assert len(ring) >= 4 and ring[0] == ring[-1], iso


def test_theatre_countries_lie_within_the_region():
    lon_min, lon_max, lat_min, lat_max = REGION_BOX
    for iso in THEATRE_COUNTRIES:
        points = [pt for polygon in polygons(features()[iso]) for ring in polygon for pt in ring]
        assert all(lon_min <= lon <= lon_max and lat_min <= lat <= lat_max for lon, lat in points), iso


def test_geojson_is_small():
    assert GEOJSON.stat().st_size < 200 * 1024


def test_point_in_polygon_sanity():
    assert in_country(51.53, 25.29, features()["qatar"])  # Doha
    assert in_country(50.55, 26.05, features()["bahrain"])  # mid-island (Manama is off the 50m outline)
    assert not in_country(51.53, 25.29, features()["saudi_arabia"])


def test_sea_markers_are_at_sea_and_baghdad_is_in_iraq():
    points = {t.key: t.point for t in THEATRES if t.point}
    for key in ("gulf_of_oman", "gulf_shipping"):
        lon, lat = points[key]
        assert not any(in_country(lon, lat, f) for f in features().values()), key
    assert in_country(*points["iraqi_politics"], features()["iraq"])


def test_theatres_name_real_countries():
    for t in THEATRES:
        assert bool(t.countries) != bool(t.point), t.key
        assert set(t.countries) <= THEATRE_COUNTRIES, t.key
        assert t.marker or not t.point, t.key


def test_theatre_values_rows():
    rows = theatre_values(STATE)
    assert [r["theatre"] for r in rows] == [t.key for t in THEATRES]
    by_key = {r["theatre"]: r for r in rows}
    assert by_key["iraq_syria"] == {
        "theatre": "iraq_syria",
        "label": "Iraq & Syria: militia attacks on US forces",
        "indicator": "proxy_attacks",
        "response": "Militia attacks on US forces (Iraq, Syria)",
        "value": 77.0,
    }
    assert by_key["yemen"]["value"] == by_key["saudi_arabia"]["value"] == 31.5
    assert by_key["iran"]["value"] == 12.3  # rounded to 1 decimal


def test_theatre_values_needs_every_indicator():
    with pytest.raises(KeyError, match="maritime_attacks"):
        theatre_values({k: v for k, v in STATE.items() if k != "maritime_attacks"})


def test_indicators_are_model_responses():
    from dashboard.model import RESPONSES

    assert {t.indicator for t in THEATRES} <= set(RESPONSES)


def test_chart_carries_the_values_and_a_fixed_colour_domain():
    spec = region_map(STATE, title="Month 3").to_dict()
    assert theatre_rows(spec) == {r["theatre"]: r["value"] for r in theatre_values(STATE)}
    assert theatre_rows(spec)["iraq_syria"] == 77.0
    colours = [layer["encoding"]["color"] for layer in spec["layer"] if "color" in layer.get("encoding", {})]
    assert len(colours) == 2  # shaded countries and sea circles, on one scale
    assert all(c["scale"]["domain"] == [0, 100] for c in colours)
    assert spec["title"] == "Month 3"
    assert "width" not in spec  # the page decides the width
    json.dumps(spec)  # serialisable for the front end


def test_changing_a_value_changes_the_spec():
    before = region_map(STATE).to_dict()
    after = region_map({**STATE, "proxy_attacks": 12.0}).to_dict()
    assert before != after
    assert theatre_rows(before)["iraq_syria"] == 77.0
    assert theatre_rows(after)["iraq_syria"] == 12.0
    assert {k: v for k, v in theatre_rows(after).items() if k != "iraq_syria"} == {
        k: v for k, v in theatre_rows(before).items() if k != "iraq_syria"
    }
