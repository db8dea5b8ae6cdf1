"""Every exception the gazetteer raises, in one place (as geopy.exc does for geocoders).

    >>> str(DataFileError("places.csv", "line 3: empty name"))
    'places.csv: line 3: empty name'
"""
from __future__ import annotations

from pathlib import Path


class GazetteerError(Exception):
    """Base class of gazetteer errors."""


class DataFileError(GazetteerError, ValueError):
    """A data or overrides file that cannot be read; names the file and the reason."""

    def __init__(self, path: str | Path, reason: str):
        self.path, self.reason = str(path), reason
        super().__init__(f"{self.path}: {reason}")


class GeocoderError(GazetteerError):
    """The online fallback geocoder failed (bad answer, HTTP error)."""


class GeocoderUnavailable(GeocoderError):
    """The online fallback geocoder could not be reached."""
