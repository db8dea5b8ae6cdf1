"""What the map needs to work with no network: Leaflet from an installed package and
a packaged basemap of country boundaries.

Analysts work on closed networks and some must not reveal which places they look
at, so nothing here fetches from the internet. Leaflet's JS/CSS come from the
`xstatic-leaflet` package; the basemap is Natural Earth 1:110m admin-0 (public
domain), simplified and shipped in ``geo/data/``.

Two ways to hand them to the browser:

* served: copied into the app's ``static/`` folder, which Streamlit serves at
  ``/app/static/`` when ``server.enableStaticServing`` is on (see
  ``.streamlit/config.toml``); the browser caches them, reruns stay light;
* inline: ``data:`` URIs, when static serving is off (heavier, always works).

    >>> import tempfile
    >>> assets = prepare_assets(tempfile.mkdtemp(), url_prefix="/app/static")
    >>> assets.leaflet_js
    '/app/static/conflictmap/leaflet/leaflet.js'
    >>> inline = prepare_assets(None)
    >>> inline.leaflet_js.startswith("data:text/javascript;base64,")
    True
    >>> len(load_basemap()) > 150
    True
"""
from __future__ import annotations

import base64
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import xstatic.pkg.leaflet as xs_leaflet

#: The packaged basemap (Natural Earth admin-0, 1:110m, public domain).
BASEMAP_FILE = Path(__file__).parent / "data" / "ne_110m_countries.geojson"
#: Sub-folder of the app's static dir that this module owns.
ASSET_DIR = "conflictmap"


@dataclass(frozen=True)
class MapAssets:
    """Where the browser gets Leaflet and the basemap from (URLs or data: URIs).

    basemap_url: URL the map fetches the boundaries from, or None when
    `basemap_inline` holds the GeoJSON text itself.
    """

    leaflet_js: str
    leaflet_css: str
    basemap_url: str | None
    basemap_inline: str | None = None

    @property
    def served(self) -> bool:
        return self.basemap_url is not None


def leaflet_dir() -> Path:
    """The installed Leaflet distribution (xstatic-leaflet)."""
    return Path(xs_leaflet.BASE_DIR)


def prepare_assets(static_dir: str | Path | None, url_prefix: str = "/app/static") -> MapAssets:
    """Copy Leaflet and the basemap into `static_dir` and return their URLs.

    With `static_dir` None (static serving off, or the folder is read-only) the
    assets are inlined as data: URIs instead. Copies are refreshed only when the
    installed Leaflet version changes, so concurrent app sessions do not race.
    """
    if static_dir is not None:
        try:
            return _served_assets(Path(static_dir), url_prefix.rstrip("/"))
        except OSError:
            pass  # read-only app folder: inline below rather than show a blank map
    return _inline_assets()


def _served_assets(static_dir: Path, prefix: str) -> MapAssets:
    target = static_dir / ASSET_DIR
    version = f"leaflet {xs_leaflet.VERSION}; basemap {BASEMAP_FILE.stat().st_size}\n"
    stamp = target / "VERSION"
    if not stamp.exists() or stamp.read_text() != version:
        src = leaflet_dir()
        (target / "leaflet" / "images").mkdir(parents=True, exist_ok=True)
        copies = [(src / n, target / "leaflet" / n) for n in ("leaflet.js", "leaflet.css")]
        copies += [(img, target / "leaflet" / "images" / img.name) for img in (src / "images").iterdir()]
        copies.append((BASEMAP_FILE, target / BASEMAP_FILE.name))
        for source, dest in copies:
            _replace(dest, source.read_bytes())
        _replace(stamp, version.encode())
    base = f"{prefix}/{ASSET_DIR}"
    return MapAssets(leaflet_js=f"{base}/leaflet/leaflet.js", leaflet_css=f"{base}/leaflet/leaflet.css",
                     basemap_url=f"{base}/{BASEMAP_FILE.name}")


def _replace(dest: Path, content: bytes) -> None:
    """Write via a temporary file and rename, so a browser never gets half a file."""
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    tmp.write_bytes(content)
    os.replace(tmp, dest)


@lru_cache(maxsize=1)
def _inline_assets() -> MapAssets:
    src = leaflet_dir()

    def data_uri(path: Path, mime: str) -> str:
        return f"data:{mime};base64," + base64.b64encode(path.read_bytes()).decode("ascii")

    return MapAssets(leaflet_js=data_uri(src / "leaflet.js", "text/javascript"),
                     leaflet_css=data_uri(src / "leaflet.css", "text/css"),
                     basemap_url=None, basemap_inline=BASEMAP_FILE.read_text(encoding="utf-8"))


def load_basemap():
    """The packaged country boundaries as a GeoDataFrame (columns name, iso_a3, geometry)."""
    import geopandas as gpd

    return gpd.read_file(BASEMAP_FILE)


def build_basemap(source: str | Path, out: str | Path = BASEMAP_FILE, tolerance: float = 0.05) -> int:
    """Rebuild the shipped basemap from a Natural Earth admin-0 file; returns bytes written.

    Used once to make ``geo/data/ne_110m_countries.geojson`` from the copy of
    Natural Earth's ``naturalearth_lowres`` that pyogrio ships as test data:

        python -c "import geo.offline as o, pyogrio, os; o.build_basemap(os.path.join(
            os.path.dirname(pyogrio.__file__), 'tests/fixtures/naturalearth_lowres/naturalearth_lowres.shp'))"

    Simplified and rounded to 0.01 degree: a backdrop, not a survey.
    """
    import geopandas as gpd
    import shapely

    gdf = gpd.read_file(source)[["name", "iso_a3", "geometry"]]
    gdf["geometry"] = shapely.set_precision(gdf.geometry.simplify(tolerance).values, 0.01)
    text = gdf.to_json(drop_id=True)
    Path(out).write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))
