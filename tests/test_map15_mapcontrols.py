"""geo.mapcontrols: legend control, fit to data, viewport helpers (issue 15)."""
import folium

from geo.mapcontrols import (
    TERRITORY_NOTE,
    FitData,
    Legend,
    data_bounds,
    focus_on,
    geo_bounds,
    legend_entries,
    legend_html,
    viewport_of,
)


def test_legend_is_a_leaflet_control_with_escaped_entries():
    m = folium.Map(tiles=None)
    entries = legend_entries({"<img src=x onerror=alert(1)>": "#e41a1c", "Group B": "#377eb8"})
    Legend(entries, note=TERRITORY_NOTE.format(reach=30)).add_to(m)
    page = m.get_root().render()
    assert "L.control({position: \"bottomright\"})" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "approximate" in page and ".cm-legend" in page


def test_legend_html_kinds():
    out = legend_html([("A", "#111111", "area"), ("B", "#222222", "hatch"), ("C", "#333333", "line")],
                      note="n")
    assert out.count("cm-legend-row") == 3 and "cm-legend-hatch" in out and "cm-legend-note" in out


def test_fit_data_emits_fit_bounds_with_cap():
    m = folium.Map(tiles=None)
    FitData(((48.0, 30.0), (50.5, 36.0)), max_zoom=9).add_to(m)
    page = m.get_root().render()
    assert ".fitBounds([[48.0, 30.0], [50.5, 36.0]]" in page and "maxZoom: 9" in page


def test_bounds_and_viewport_helpers():
    assert data_bounds([], []) is None
    assert data_bounds([30.5, 36.2], [50.4, 48.0]) == ((48.0, 30.5), (50.4, 36.2))
    assert focus_on(1, 2, 7) == {"center": (1.0, 2.0), "zoom": 7}
    assert viewport_of({"center": {"lat": 49.0, "lng": 32.0}, "zoom": 6}) == {"center": (49.0, 32.0), "zoom": 6}
    assert viewport_of(None) == {} and viewport_of({"zoom": 3}) == {}


def test_geo_bounds_spans_frames():
    import geopandas as gpd
    import shapely

    a = gpd.GeoSeries([shapely.Point(30, 48)])
    b = gpd.GeoSeries([shapely.LineString([(31, 47), (36, 50.5)])])
    assert geo_bounds(a, b) == ((47.0, 30.0), (50.5, 36.0))
    assert geo_bounds(gpd.GeoSeries([])) is None
