"""One-off: cut the regional map out of world-atlas's Natural Earth TopoJSON.

Writes ``data/map/region.geojson`` (a GeoJSON FeatureCollection, lon/lat degrees) with
just the countries the dashboard's map draws: the theatres, their Gulf and Levant
neighbours, and the bordering countries that frame them. Pure standard library.

Usage (world-atlas is the only download, from the npm registry)::

    (cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz)
    python data/map/build_region_map.py /tmp/package/countries-50m.json

TopoJSON stores each shared border once, as an "arc" of quantized, delta-encoded
points; a polygon ring is a list of arc indices, where a negative index ``~i`` means
arc ``i`` walked backwards. See https://github.com/topojson/topojson-specification.
"""

import json
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent / "region.geojson"
DECIMALS = 2  # ~1 km; plenty for a map a few hundred pixels wide

# ISO 3166-1 numeric id (world-atlas's ``id``, zero-padded) -> our short key.
COUNTRIES = {
    "368": "iraq",
    "760": "syria",
    "364": "iran",
    "682": "saudi_arabia",
    "887": "yemen",
    "512": "oman",
    "784": "uae",
    "634": "qatar",
    "048": "bahrain",
    "414": "kuwait",
    "400": "jordan",
    "376": "israel",
    "422": "lebanon",
    "792": "turkey",
    "818": "egypt",
    # Not theatres, but without them the map has holes or false coastlines.
    "275": "palestine",
    "004": "afghanistan",
    "586": "pakistan",
    "795": "turkmenistan",
    "031": "azerbaijan",
    "051": "armenia",
    "729": "sudan",
    "232": "eritrea",
    "262": "djibouti",
    "231": "ethiopia",
}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Undo the delta encoding and quantization of every arc: -> lists of (lon, lat)."""
    (sx, sy), (tx, ty) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def ring(indices: list[int], arcs: list) -> list[list[float]]:
    """Join arcs into one closed ring, dropping each arc's first point after the first."""
    points: list = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        points.extend(arc if not points else arc[1:])
    rounded = [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in points]
    # Rounding can make neighbouring points equal; keep the ring lean but closed.
    lean = [p for k, p in enumerate(rounded) if k == 0 or p != rounded[k - 1]]
    if lean[0] != lean[-1]:
        lean.append(lean[0])
    return lean


def polygon(rings: list[list[int]], arcs: list) -> list | None:
    """A polygon's rings, skipping any that collapse to fewer than 4 points when rounded."""
    out = [r for r in (ring(r, arcs) for r in rings) if len(r) >= 4]
    return out or None


def feature(geometry: dict, arcs: list) -> dict:
    parts = [geometry["arcs"]] if geometry["type"] == "Polygon" else geometry["arcs"]
    polys = [polygon(part, arcs) for part in parts]
    polys = [p for p in polys if p]
    geom = (
        {"type": "Polygon", "coordinates": polys[0]}
        if len(polys) == 1
        else {"type": "MultiPolygon", "coordinates": polys}
    )
    gid = geometry["id"]
    props = {"id": gid, "name": geometry["properties"]["name"], "iso": COUNTRIES[gid]}
    return {"type": "Feature", "properties": props, "geometry": geom}


def main(source: str) -> None:
    topology = json.loads(Path(source).read_text())
    arcs = decode_arcs(topology)
    wanted = [g for g in topology["objects"]["countries"]["geometries"] if g.get("id") in COUNTRIES]
    missing = set(COUNTRIES) - {g["id"] for g in wanted}
    if missing:
        raise SystemExit(f"not in {source}: {sorted(missing)}")
    features = sorted((feature(g, arcs) for g in wanted), key=lambda f: f["properties"]["iso"])
    collection = {"type": "FeatureCollection", "features": features}
    OUT.write_text(json.dumps(collection, separators=(",", ":")) + "\n")
    print(f"wrote {OUT} ({OUT.stat().st_size / 1024:.0f} KB, {len(features)} countries)")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/package/countries-50m.json")
