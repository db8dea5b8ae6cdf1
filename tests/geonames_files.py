"""Small GeoNames dump files for tests, written in the real format (19 tab-separated columns)."""
from __future__ import annotations

import zipfile
from pathlib import Path


def geoname_line(gid: int, name: str, lat: float, lon: float, fclass: str = "P", fcode: str = "PPL",
                 cc: str = "UA", admin1: str = "", population: int = 0, alternates: tuple[str, ...] = (),
                 ascii_name: str | None = None) -> str:
    cols = [str(gid), name, ascii_name if ascii_name is not None else name, ",".join(alternates),
            f"{lat:.5f}", f"{lon:.5f}", fclass, fcode, cc, "", admin1, "", "", "", str(population), "",
            "150", "Europe/Kyiv", "2024-01-01"]
    assert len(cols) == 19
    return "\t".join(cols)


def write_dump(path: Path, lines: list[str], member: str | None = None) -> Path:
    """A .txt dump, or a .zip holding `member` (default: the zip's stem + .txt) and a readme."""
    text = "\n".join(lines) + "\n"
    if path.suffix == ".zip":
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr(member or path.with_suffix(".txt").name, text)
            zf.writestr("readme.txt", "GeoNames extract\n")
    else:
        path.write_text(text, encoding="utf-8")
    return path
