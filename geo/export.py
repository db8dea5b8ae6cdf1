"""Exports that QGIS, kepler.gl, flowmap.blue and folium open with time intact.

GeoJSON follows RFC 7946: lon/lat WGS84, no `crs` member, no NaN (missing values are
null). Event features carry `start`/`end` as ISO 8601 UTC date-times ("...Z"), which
QGIS's temporal controller and folium's Timeline read as time fields.

Formats (`FORMATS`): geojson (one feature per event), intervals (one per control
interval), snapshot (control state of every place on `date`), flowmap
(flowmap.blue's locations.csv + flows.csv), gpkg (a GeoPackage with all of these
as layers, written by pyogrio).

    >>> import json
    >>> from gazetteer.records import Place
    >>> from timeline.records import Event
    >>> town = Place(name="Town A", lat=35.0, lon=40.0, geonameid=1, country="SY")
    >>> ev = Event(id="c1", type="control_change", evidence="...", article_ids=("x",),
    ...            date="2017-10-14", precision="day", place=town, actor_to="Group B")
    >>> doc = json.loads(export_bytes([ev], "geojson"))
    >>> doc["features"][0]["geometry"], doc["features"][0]["properties"]["start"]
    ({'type': 'Point', 'coordinates': [40.0, 35.0]}, '2017-10-14T00:00:00Z')
    >>> "crs" in doc
    False
    >>> json.loads(export_bytes([ev], "snapshot", date="2017-10-20"))["features"][0]["properties"]["controller"]
    'Group B'
"""
from __future__ import annotations

import datetime
import io
import json
import math
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from geo.control import control_at, control_intervals
from geo.filters import as_frame
from geo.flows import aggregate_flows
from geo.formats import FORMATS  # defined apart: the CLI names them without importing geopandas
from geo.frames import events_to_gdf
from geo.spans import DateLike, start_z, to_date

_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
_quote = json.encoder.encode_basestring   # a JSON string literal, in C
_PLAIN = frozenset({str, int, float, bool, type(None), list, dict})


def _plain(value):
    """One property value -> something json can write without NaN."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, (np.generic,)):
        return _plain(value.item())
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray)):
        return [_plain(v) for v in value]
    if isinstance(value, pd.Timestamp):
        return _utc_z(value)
    if isinstance(value, datetime.datetime):
        return _utc_z(pd.Timestamp(value))
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def _utc_z(ts: pd.Timestamp) -> str:
    ts = ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")
    return ts.strftime("%Y-%m-%dT%H:%M:%SZ")


def _json_column(series: pd.Series) -> list:
    """A column as JSON-ready Python values: NaN/NA/NaT -> None, datetimes -> ISO Z."""
    dtype = series.dtype
    if isinstance(dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(dtype):
        s = series.dt.tz_localize("UTC") if getattr(series.dt, "tz", None) is None else series.dt.tz_convert("UTC")
        out = s.dt.strftime("%Y-%m-%dT%H:%M:%SZ").to_numpy(dtype=object)
        out[series.isna().to_numpy()] = None
        return out.tolist()
    if pd.api.types.is_bool_dtype(dtype) and not isinstance(dtype, pd.api.extensions.ExtensionDtype):
        return series.tolist()
    vals = series.to_numpy(dtype=object, na_value=None) if isinstance(
        dtype, pd.api.extensions.ExtensionDtype) else series.to_numpy(dtype=object).copy()
    mask = series.isna().to_numpy()
    if mask.any():
        vals[mask] = None
    out = vals.tolist()
    if set(map(type, out)) <= _PLAIN and not pd.api.types.is_float_dtype(dtype):
        return out
    return [_plain(v) for v in out]


def to_geojson(gdf: gpd.GeoDataFrame) -> str:
    """A GeoDataFrame as an RFC 7946 FeatureCollection string.

    Written from the frame's columns with string templates rather than through geopandas:
    for bench/export_speed.py's 100k events, `GeoDataFrame.to_json` took 6.9 s and
    pyogrio's GeoJSON driver (RFC7946=YES, via Arrow) 3.7 s against 1.6 s for this, in
    one run on a loaded 2-core machine; the budget is 3 s with the frame built. The
    GeoPackage export is written by pyogrio (`write_gpkg`).

    Reprojects to EPSG:4326 when needed, writes no `crs` member and no NaN
    (missing values become null), lists as JSON arrays, datetime columns as ISO 8601
    UTC date-times with Z. An `event_id` column becomes each feature's `id` too.
    Raises ValueError if a coordinate falls outside [-180,180] x [-90,90].
    """
    if gdf.crs is not None and gdf.crs.to_epsg() != 4326:
        gdf = gdf.to_crs(4326)
    geoms = gdf.geometry.to_numpy()
    if len(gdf):
        xy = shapely.get_coordinates(geoms)
        if len(xy) and not (np.isfinite(xy).all() and (np.abs(xy[:, 0]) <= 180).all()
                            and (np.abs(xy[:, 1]) <= 90).all()):
            raise ValueError("coordinates outside lon/lat WGS84 bounds; is the CRS right?")
    geom_json = [g if g is not None else "null" for g in shapely.to_geojson(geoms).tolist()]
    names = [c for c in gdf.columns if c != gdf.geometry.name]
    # Each column becomes JSON fragments, then one %-template per feature joins them:
    # C-level string work instead of a dict and an encoder call per feature.
    fragments = [_json_fragments(_json_column(gdf[c])) for c in names]
    template = "{" + ",".join(_quote(str(n)).replace("%", "%%") + ":%s" for n in names) + "}"
    props = [template % row for row in zip(*fragments)] if names else ["{}"] * len(gdf)
    if "event_id" in gdf.columns:
        fids = ["" if v is None else f'"id":{_quote(str(v))},' for v in _json_column(gdf["event_id"])]
    else:
        fids = [""] * len(gdf)
    parts = [f'{{"type":"Feature",{fid}"geometry":{geom},"properties":{prop}}}'
             for fid, geom, prop in zip(fids, geom_json, props)]
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def _json_fragments(values: list) -> list[str]:
    """The JSON text of each value of a JSON-ready column (see `_json_column`)."""
    kinds = set(map(type, values))
    if kinds <= {str, type(None)}:
        return ["null" if v is None else _quote(v) for v in values]
    if kinds <= {int, type(None)}:
        return ["null" if v is None else str(v) for v in values]
    if kinds == {bool}:
        return ["true" if v else "false" for v in values]
    if kinds == {float}:   # finite: _json_column has turned NaN into None already
        return list(map(float.__repr__, values))
    if kinds == {list} and all(type(x) is str for v in values for x in v):
        return ["[" + ",".join(map(_quote, v)) + "]" for v in values]
    return [_encode(v) for v in values]


def intervals_frame(events) -> gpd.GeoDataFrame:
    """`control_intervals` ready to export: start/end as ISO date-times with Z.

    `end` is the first instant of the day the next holder took over (exclusive),
    so QGIS's "include start, exclude end" shows exactly one holder at a time.
    """
    gdf = control_intervals(events).copy()
    for col in ("start", "end"):
        gdf[col] = pd.Series([start_z(to_date(v)) if v else None for v in gdf[col]],
                             index=gdf.index, dtype=object)
    return gdf


def snapshot_frame(events, date: DateLike) -> gpd.GeoDataFrame:
    """`control_at(events, date)` with the snapshot date as a property."""
    if date is None or date == "":
        raise ValueError("a snapshot needs a date (--date YYYY-MM-DD)")
    gdf = control_at(events, date).copy()
    gdf["snapshot_date"] = to_date(date).isoformat()
    return gdf


def flowmap_tables(events) -> tuple[pd.DataFrame, pd.DataFrame]:
    """flowmap.blue's two tables from the displacement events with both ends known.

    locations: id,name,lat,lon (id is the place's `Place.key`). flows: origin,dest,count,time,
    one row per pair and start day; count is the sum of the magnitudes the texts
    give, or the number of reported movements when none gives one; time is the ISO
    start day (blank when undated: flowmap.blue then shows it in every period).
    """
    frame = as_frame(events)
    lines = frame.loc[((frame["event_type"] == "displacement")
                       & (frame.geometry.geom_type == "LineString")).to_numpy()]
    ends = [p for pair in zip(lines["origin"], lines["destination"]) for p in pair]
    loc = pd.DataFrame([(p.key, p.name, p.lat, p.lon) for p in ends], columns=["id", "name", "lat", "lon"])
    loc = loc.drop_duplicates("id", ignore_index=True)
    magnitude = pd.to_numeric(lines["magnitude"], errors="coerce")
    table = pd.DataFrame({
        "origin": lines["origin_key"].to_numpy(), "dest": lines["destination_key"].to_numpy(),
        "time": [d.date().isoformat() if not pd.isna(d) else "" for d in lines["first_day"]],
        "magnitude": magnitude.to_numpy(), "reports": 1})
    per = table.groupby(["origin", "dest", "time"], sort=False).agg(
        magnitude=("magnitude", "sum"), known=("magnitude", "count"), reports=("reports", "sum")).reset_index()
    count = per["magnitude"].where(per["magnitude"] > 0, per["reports"]).astype(np.int64)
    flows = pd.DataFrame({"origin": per["origin"], "dest": per["dest"], "count": count, "time": per["time"]})
    return loc, flows


#: A spreadsheet reads a cell starting with one of these as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value):
    """A text cell a spreadsheet would run as a formula, made inert by a leading quote
    (OWASP); numbers and other text pass unchanged.

        >>> neutralise_cell("=1+2"), neutralise_cell("-5"), neutralise_cell(-5.0), neutralise_cell("Manbij")
        ("'=1+2", "'-5", -5.0, 'Manbij')
    """
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_text(table: pd.DataFrame) -> str:
    """`table` as CSV with every text cell neutralised (`neutralise_cell`): the one way
    conflictmap writes CSV exports. Place names come from overrides and online
    geocoders, and must not run as formulas in the analyst's spreadsheet."""
    safe = table.copy()
    for col in safe.columns:
        if safe[col].dtype == object or pd.api.types.is_string_dtype(safe[col].dtype):
            safe[col] = safe[col].map(neutralise_cell)
    return safe.to_csv(index=False, lineterminator="\n")


def _for_ogr(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """GeoPackage fields are scalars: lists -> '; '-joined text, ISO Z strings -> UTC datetimes."""
    out = gdf.copy()
    for col in out.columns:
        if col == out.geometry.name or out[col].dtype != object:
            continue
        vals = out[col].tolist()
        if any(isinstance(v, (list, tuple)) for v in vals):
            out[col] = pd.Series(["; ".join(map(str, v)) if isinstance(v, (list, tuple)) else v
                                  for v in vals], index=out.index, dtype=object)
        elif col in ("start", "end"):
            out[col] = pd.to_datetime(out[col], utc=True, errors="coerce")
    return out


def write_gpkg(events, path: Path, *, date: DateLike = None, articles=None) -> Path:
    """A GeoPackage with layers events, control_intervals, flows (and control_snapshot with `date`).

    An existing GeoPackage at `path` is replaced; any other SQLite file (a conflictmap
    store, say) is not: ValueError."""
    _refuse_to_replace_a_store(path)
    path.unlink(missing_ok=True)
    layers = {"events": events_to_gdf(events, articles=articles),
              "control_intervals": intervals_frame(events),
              "flows": aggregate_flows(events)}
    if date:
        layers["control_snapshot"] = snapshot_frame(events, date)
    for name, gdf in layers.items():
        gdf = _for_ogr(gdf)
        kinds = set(gdf.geometry.geom_type.dropna())
        gtype = kinds.pop() if len(kinds) == 1 else "Unknown"
        gdf.to_file(path, layer=name, driver="GPKG", engine="pyogrio", geometry_type=gtype)
    return path


_GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"


def _refuse_to_replace_a_store(path: Path) -> None:
    """Raise ValueError if `path` is a SQLite database other than a GeoPackage: an export
    must never overwrite the store (or any other database) it was asked to write over."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(100)
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return
    if not head.startswith(b"SQLite format 3\x00"):
        return
    if len(head) >= 72 and int.from_bytes(head[68:72], "big") == _GPKG_APPLICATION_ID:
        return
    raise ValueError(f"{path} is a SQLite database (a conflictmap store?), not a previous export; "
                     "refusing to replace it: choose another --out")


def _text(events, fmt: str, *, date: DateLike, articles) -> str:
    if fmt == "geojson":
        return to_geojson(events_to_gdf(events, articles=articles))
    if fmt == "intervals":
        return to_geojson(intervals_frame(events))
    if fmt == "snapshot":
        return to_geojson(snapshot_frame(events, date))
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")


def export(events, fmt: str, out: str | Path, *, date: DateLike = None,
           articles=None) -> Path:
    """Write `events` as `fmt` to `out` and return the path written.

    fmt: geojson | intervals | snapshot (needs `date`) | flowmap (`out` is a folder that
    gets locations.csv and flows.csv) | gpkg. `articles` (id -> Article or a list)
    fills the events' `source_urls`. Raises ValueError for an unknown format or a
    snapshot without a date.
    """
    events = as_frame(events)
    out = Path(out)
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "flowmap":
        out.mkdir(parents=True, exist_ok=True)
        loc, flows = flowmap_tables(events)
        for name, table in (("locations.csv", loc), ("flows.csv", flows)):
            _refuse_to_replace_a_store(out / name)
            (out / name).write_text(csv_text(table), encoding="utf-8")
        return out
    _refuse_to_replace_a_store(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "gpkg":
        return write_gpkg(events, out, date=date, articles=articles)
    out.write_text(_text(events, fmt, date=date, articles=articles), encoding="utf-8")
    return out


def export_bytes(events, fmt: str, *, date: DateLike = None, articles=None) -> bytes:
    """The same exports as bytes, for download buttons: GeoJSON as UTF-8, flowmap as a
    zip of locations.csv + flows.csv, gpkg as the GeoPackage file's bytes."""
    events = as_frame(events)
    if fmt == "flowmap":
        loc, flows = flowmap_tables(events)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            # a fixed time stamp: the same events give the same bytes, whenever exported
            for name, table in (("locations.csv", loc), ("flows.csv", flows)):
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.external_attr = 0o644 << 16        # rw-r--r-- once unpacked
                zf.writestr(info, csv_text(table), compress_type=zipfile.ZIP_DEFLATED)
        return buf.getvalue()
    if fmt == "gpkg":
        with tempfile.TemporaryDirectory() as tmp:
            return write_gpkg(events, Path(tmp) / "conflictmap.gpkg", date=date,
                              articles=articles).read_bytes()
    return _text(events, fmt, date=date, articles=articles).encode("utf-8")


__all__ = ["FORMATS", "to_geojson", "export", "export_bytes", "intervals_frame",
           "snapshot_frame", "flowmap_tables", "write_gpkg", "csv_text", "neutralise_cell"]
