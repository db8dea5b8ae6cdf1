"""Geocoding backends, geopy style: one class per source, the same small interface.

- `offline.OfflineBackend`: the compiled GeoNames index (always there).
- `nominatim.NominatimFallback`: opt-in online fallback for names the offline index
  lacks, through geopy's Nominatim with its RateLimiter and a persistent SQLite cache.

Both offer ``geocode(name) -> Place | None``. Their errors are in `gazetteer.errors`.

    >>> from gazetteer.backends.offline import OfflineBackend
    >>> OfflineBackend().geocode("Kyiv").country
    'UA'
"""
