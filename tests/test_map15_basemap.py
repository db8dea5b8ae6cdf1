"""geo.basemap: offline admin-1 borders, rivers and place labels (issue 15)."""
import folium
import shapely

from geo.basemap import LINE_FILES, PLACES_FILE, basemap_layers, lines_in, load_lines, places_in

UKRAINE = ((44.4, 22.1), (52.4, 40.2))
SUDAN = ((8.7, 21.8), (22.0, 38.6))


def test_files_are_small():
    total = sum(p.stat().st_size for p in LINE_FILES.values()) + PLACES_FILE.stat().st_size
    assert total < 2_000_000


def test_lines_are_cut_to_the_padded_bounds():
    for kind in LINE_FILES:
        lines, _ = load_lines(kind)
        assert len(lines) > 100
        near = lines_in(kind, UKRAINE, pad=1.0)
        assert len(near) and len(near) < len(lines) / 4
        w, s, e, n = shapely.total_bounds(near)
        assert w >= 21.1 - 1e-9 and e <= 41.2 + 1e-9 and s >= 43.4 - 1e-9 and n <= 53.4 + 1e-9


def test_places_in_bounds_by_population():
    rows = places_in(SUDAN, pad=0.0, limit=20)
    assert "Khartoum" in set(rows["text"]) or "Omdurman" in set(rows["text"])
    assert rows["lon"].between(21.8, 38.6).all() and rows["lat"].between(8.7, 22.0).all()
    assert (rows["priority"] < 0).all() and rows["priority"].is_monotonic_decreasing


def test_layers_render_with_classes():
    m = folium.Map(tiles=None)
    for layer in basemap_layers(UKRAINE):
        layer.add_to(m)
    html = m.get_root().render()
    assert "cm-admin1" in html and "cm-river" in html and "cm-label-basemap" in html and "Kharkiv" in html
