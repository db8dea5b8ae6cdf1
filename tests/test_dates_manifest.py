"""The sidecar manifest.csv: read, applied, and winning over the text."""
from __future__ import annotations

import pytest

from timeline.dates import date_article
from timeline.manifest import ManifestError, apply_manifest, read_manifest
from timeline.records import Article


def write(folder, text: str, bom: bool = False):
    (folder / "manifest.csv").write_bytes(("\ufeff" if bom else "").encode() + text.encode("utf-8"))


def test_rows_keyed_by_file_any_column_order_with_bom(tmp_path):
    write(tmp_path, "source,file,url,published\nWire,a.txt,https://example.org/a,21 May 2016\n"
                    "Radio,b.html,,2016-05\n", bom=True)
    rows = read_manifest(tmp_path)
    assert set(rows) == {"a.txt", "b.html"}
    assert (rows["a.txt"]["published"], rows["a.txt"]["precision"]) == ("2016-05-21", "day")
    assert (rows["b.html"]["published"], rows["b.html"]["precision"], rows["b.html"]["url"]) == ("2016-05", "month", None)
    assert rows["a.txt"]["line"] == 2


def test_no_manifest_is_empty(tmp_path):
    assert read_manifest(tmp_path) == {}


def test_manifest_date_wins_over_text(tmp_path):
    write(tmp_path, "file,published,url,source\nr.txt,2016-05-20,https://example.org/r,Wire\n")
    art = Article.from_text("Title\n12 February 2015\nBody text.", path=str(tmp_path / "r.txt"))
    got = date_article(apply_manifest(art, read_manifest(tmp_path)["r.txt"]))
    assert (got.published, got.date_source, got.url, got.source) == ("2016-05-20", "manifest",
                                                                      "https://example.org/r", "Wire")
    assert "manifest.csv line 2" in got.date_reason


def test_row_without_date_keeps_the_article_date(tmp_path):
    write(tmp_path, "file,published,url,source\nr.txt,,,Radio\n")
    art = date_article(Article.from_text("Title\n12 February 2015\nBody text.", path="r.txt"))
    got = apply_manifest(art, read_manifest(tmp_path)["r.txt"])
    assert (got.published, got.date_source, got.source) == ("2015-02-12", "text", "Radio")


def test_bad_rows_are_skipped_and_named(tmp_path):
    write(tmp_path, "file,published\nok.txt,2016-01-02\nbad.txt,last Friday\n,2016-01-01\nok.txt,2016-02-02\n")
    errors: list[str] = []
    rows = read_manifest(tmp_path, errors)
    assert set(rows) == {"ok.txt"} and rows["ok.txt"]["published"] == "2016-01-02"
    assert len(errors) == 3
    assert "manifest.csv:3" in errors[0] and "last Friday" in errors[0]
    assert "manifest.csv:4" in errors[1] and "manifest.csv:5" in errors[2]


def test_manifest_without_file_column_is_reported_not_fatal(tmp_path):
    write(tmp_path, "name,published\na.txt,2016-01-02\n")
    errors: list[str] = []
    assert read_manifest(tmp_path, errors) == {}
    assert "no 'file' column" in errors[0] and str(tmp_path / "manifest.csv") in errors[0]
    with pytest.raises(ManifestError, match="no 'file' column"):
        read_manifest(tmp_path, strict=True)


def test_undecodable_manifest_is_reported(tmp_path):
    (tmp_path / "manifest.csv").write_bytes(b"file,published\n\xff\xfe\xfa,2016\n")
    errors: list[str] = []
    assert read_manifest(tmp_path, errors) == {}
    assert "cannot read" in errors[0]


def test_hand_made_row_is_parsed():
    got = apply_manifest(Article.from_text("T\nBody."), {"published": "May 21, 2016"})
    assert (got.published, got.published_precision, got.date_source) == ("2016-05-21", "day", "manifest")


def test_broken_csv_keeps_rows_before_the_break(tmp_path):
    (tmp_path / "manifest.csv").write_bytes(b"file,published\na.txt,2016-01-02\nb.txt,\"2016\"-01\nc.txt,2016\n")
    errors: list[str] = []
    rows = read_manifest(tmp_path, errors)
    assert set(rows) == {"a.txt"}
    assert "not CSV" in errors[0] and "manifest.csv" in errors[0]
