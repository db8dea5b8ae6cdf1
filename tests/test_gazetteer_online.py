"""The opt-in Nominatim fallback against a real HTTP server on 127.0.0.1 that speaks `/search`."""
from __future__ import annotations

import json
import sqlite3
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from gazetteer import GeocoderError, load_gazetteer
from gazetteer.backends.nominatim import NominatimFallback
from gazetteer.backends.offline import OfflineBackend
from gazetteer.cli import main

#: What the little server knows: query -> Nominatim jsonv2-like record.
KNOWN = {
    "tal samin": {"lat": "36.1512", "lon": "38.9321", "name": "Tal Samin", "addresstype": "village",
                  "display_name": "Tal Samin, Syria", "address": {"country_code": "sy"}},
}


class NominatimLike(BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self):
        url = urlsplit(self.path)
        q = parse_qs(url.query).get("q", [""])[0]
        type(self).requests.append(q)
        if url.path != "/search":
            self.send_error(404)
            return
        if q == "server breaks":
            self.send_error(500, "boom")
            return
        hit = KNOWN.get(q.lower())
        body = json.dumps([hit] if hit else []).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):  # keep pytest output clean
        pass


@pytest.fixture()
def server():
    NominatimLike.requests = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), NominatimLike)
    t = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    t.start()
    yield f"127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fallback_answers_from_the_server_and_caches_in_the_sqlite_file(server, tmp_path):
    db = tmp_path / "store.db"
    fb = NominatimFallback(db, domain=server, scheme="http", min_delay_seconds=0.0)
    place = fb.geocode("Tal Samin")
    assert (place.name, place.country, place.source) == ("Tal Samin", "SY", "nominatim")
    assert abs(place.lat - 36.1512) < 1e-6
    assert fb.geocode("Tal Samin") == place and fb.geocode("Unknownville") is None
    assert fb.geocode("unknownville") is None
    assert NominatimLike.requests == ["Tal Samin", "Unknownville"]  # each name asked once
    fb.close()
    rows = sqlite3.connect(db).execute("SELECT query, result IS NULL FROM geocode_cache ORDER BY query").fetchall()
    assert rows == [("tal samin", 0), ("unknownville", 1)]
    # a new process (new object) reads the persistent cache instead of asking again
    again = NominatimFallback(db, domain=server, scheme="http", min_delay_seconds=0.0)
    assert again.geocode("Tal Samin").name == "Tal Samin" and len(NominatimLike.requests) == 2


def test_a_server_error_is_raised_and_not_cached(server, tmp_path):
    fb = NominatimFallback(tmp_path / "s.db", domain=server, scheme="http", min_delay_seconds=0.0)
    with pytest.raises(GeocoderError):
        fb.geocode("server breaks")
    assert fb.cached("server breaks") == (False, None)


def test_an_unreachable_service_loses_nothing_offline(tmp_path):
    fb = NominatimFallback(tmp_path / "s.db", domain="127.0.0.1:9", scheme="http", timeout=2,
                           min_delay_seconds=0.0)
    gz = load_gazetteer(None).with_online(fb)
    text = "Aid reached Tal Samin and Manbij."
    out = gz.resolve_spans(text, [(12, 21), (26, 32)])
    assert out[1].place.name == "Manbij" and out[0].confidence <= 0.2


def test_resolve_spans_asks_the_fallback_only_for_names_the_index_lacks(server, tmp_path):
    fb = NominatimFallback(tmp_path / "s.db", domain=server, scheme="http", min_delay_seconds=0.0)
    gz = load_gazetteer(None).with_online(fb)
    text = "Aid reached Tal Samin and Manbij."
    out = gz.resolve_spans(text, [(12, 21), (26, 32)])
    assert (out[0].place.name, out[0].place.source, out[0].confidence) == ("Tal Samin", "nominatim", 0.5)
    assert out[1].place.source != "nominatim"
    assert NominatimLike.requests == ["Tal Samin"]
    # off by default: the plain gazetteer never asks
    load_gazetteer(None).resolve_spans(text, [(12, 21)])
    assert NominatimLike.requests == ["Tal Samin"]


def test_cli_online_geocoder_flag_uses_the_given_server(server, tmp_path, capsys):
    spans = tmp_path / "s.jsonl"
    spans.write_text(json.dumps({"id": 1, "text": "They fled Tal Samin.", "spans": [[10, 19]]}) + "\n",
                     encoding="utf-8")
    rc = main(["geoparse", "--spans", str(spans), "--online-geocoder", f"http://{server}",
               "--db", str(tmp_path / "store.db")])
    row = json.loads(capsys.readouterr().out.splitlines()[0])
    assert rc == 0 and (row["name"], row["country"]) == ("Tal Samin", "SY")


def test_offline_backend_has_the_same_interface():
    assert OfflineBackend().geocode("Kobani").country == "SY"
    assert OfflineBackend().geocode("Xqzvwy") is None
