"""The formats `conflictmap export` writes, named apart from `geo.export` so that building
the CLI's parser (every command's start) does not import geopandas.

    >>> "geojson" in FORMATS
    True
"""

FORMATS = ("geojson", "intervals", "snapshot", "flowmap", "gpkg")
