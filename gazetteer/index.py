"""The compiled gazetteer index: every place and name key in compact arrays, cached on disk.

Compiling reads the packaged sources (see `gazetteer.sources`), merges the curated
rows, computes a static prior per place and hashes every exact and loose name key
into two sorted tables (CSR: key hash -> place ids, best prior first). The result is
pickled once to ``$CONFLICTMAP_CACHE`` (default ``~/.cache/conflictmap``) under a
name that hashes the data files, the package versions and this compile code, so it is
rebuilt exactly when something it depends on changes; a warm start only unpickles.

    >>> idx = load_index()
    >>> [idx.name[i] for i in idx.ids_for("kiev")][:1]     # a loose key: another spelling
    ['Kyiv']
"""
from __future__ import annotations

import hashlib
import math
import os
import pickle
import tempfile
import threading
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import numpy as np

from gazetteer import sources
from gazetteer.normalize import DATA_DIR, key_hash, loose_key, name_key
from gazetteer.sources import PlaceRow
from gazetteer.variants import skeleton_table

#: At most this many candidates are kept per name key (best static prior first).
MAX_CANDIDATES = 40

#: Bonus on log10(population) by feature code: a reader assumes a country or a
#: first-level area before a hamlet of the same name.
FEATURE_PRIOR = {"PCLI": 5.0, "CONT": 5.0, "RGN": 4.5, "OCN": 5.0, "ADM1": 0.5, "ADM2": -0.7,
                 "PPLC": 2.0, "PPLA": 0.7}
#: Weight of log10(1 + number of GeoNames alternate names) in the prior: a town known in many
#: languages is the one a name means more often than a namesake known in one.
#: (GeoWebNews, even half: 0.5 gained a little on both halves, 1.0 lost on both.)
FAME_WEIGHT = 0.5
#: Curated rows are the regional analyst's reading of a name.
CURATED_PRIOR = 1.0


def cache_dir() -> Path:
    """Where compiled indexes live: $CONFLICTMAP_CACHE or ~/.cache/conflictmap."""
    env = os.environ.get("CONFLICTMAP_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "conflictmap"


def data_fingerprint() -> str:
    """Hash of everything the compiled index depends on."""
    h = hashlib.sha256()
    for p in sorted(DATA_DIR.glob("*")):
        if p.is_file() and p.suffix in (".csv", ".txt"):
            h.update(p.name.encode())
            h.update(p.read_bytes())
    here = Path(__file__).resolve().parent
    for mod in ("index.py", "sources.py", "normalize.py", "variants.py"):
        h.update((here / mod).read_bytes())
    h.update(repr(sorted(sources.source_versions().items())).encode())
    return h.hexdigest()[:16]


class _KeyTable:
    """Sorted key hashes with a CSR list of place ids per key."""

    def __init__(self, keys: dict[str, list[int]]):
        items = sorted((key_hash(k), ids) for k, ids in keys.items())
        keys.clear()
        self.hashes = np.fromiter((h for h, _ in items), dtype=np.int64, count=len(items))
        lens = np.fromiter((len(ids) for _, ids in items), dtype=np.int64, count=len(items))
        self.offsets = np.zeros(len(items) + 1, dtype=np.int64)
        np.cumsum(lens, out=self.offsets[1:])
        self.ids = np.fromiter((i for _, ids in items for i in ids), dtype=np.int32,
                               count=int(self.offsets[-1]))

    def get(self, key: str) -> tuple[int, ...]:
        h = key_hash(key)
        pos = int(np.searchsorted(self.hashes, h))
        if pos < len(self.hashes) and self.hashes[pos] == h:
            return tuple(self.ids[self.offsets[pos]:self.offsets[pos + 1]].tolist())
        return ()


class CompiledIndex:
    """Places as parallel lists (index = place id) plus the exact and loose key tables."""

    def __init__(self, rows: list[PlaceRow], exact: dict[str, list[int]], loose: dict[str, list[int]]):
        self.name = [r.name for r in rows]
        self.lat = [r.lat for r in rows]
        self.lon = [r.lon for r in rows]
        self.geonameid = [r.geonameid for r in rows]
        self.country = [r.country for r in rows]
        self.admin1 = [r.admin1 for r in rows]
        self.feature_code = [r.feature_code for r in rows]
        self.population = [r.population for r in rows]
        self.source = [r.source for r in rows]
        self.prior = [place_prior(r) for r in rows]
        # First word of every multi-word exact key -> most words such a key has: the mention
        # finder tries longer n-grams only from words that can start one.
        starts: dict[str, int] = {}
        for k in exact:
            if " " in k:
                first, n = k.split(" ", 1)[0], k.count(" ") + 1
                if starts.get(first, 0) < n:
                    starts[first] = n
        self.ngram_starts = starts
        # Each key dict is emptied once its table is built: the build's peak memory.
        self.exact = _KeyTable(exact)
        self.loose = _KeyTable(loose)
        self.admin_area = {f"{r.country}.{r.admin1}": i for i, r in enumerate(rows)
                           if r.feature_code == "ADM1"}
        self.country_place = {r.country: i for i, r in enumerate(rows) if r.feature_code == "PCLI"}
        # populated places by the consonant skeleton of their names (`Gazetteer.spelling_variant`)
        self.skeletons = skeleton_table(self.name, self.feature_code)
        self.fingerprint = ""
        self.packaged_count = len(rows)

    def __len__(self) -> int:
        return len(self.name)

    @lru_cache(maxsize=200_000)  # noqa: B019 - one index per process, lives as long as it
    def ids_for(self, key: str) -> tuple[int, ...]:
        """Place ids whose exact key is `key` (already `name_key`-normalised), best prior first."""
        ids = self.exact.get(key)
        if self.imports is not None:
            ids = self._with_imported(ids, key_hash(key))
        return ids

    @lru_cache(maxsize=200_000)  # noqa: B019
    def loose_ids_for(self, key: str) -> tuple[int, ...]:
        """Place ids whose loose key equals the loose key of `key`."""
        lk = loose_key(key)
        ids = self.loose.get(lk)
        if self.imports is not None and lk:
            ids = self._with_imported(ids, key_hash("~" + lk))
        return ids

    # -- imported GeoNames files (see gazetteer.imports) ------------------------------
    imports = None  # an ImportSet, attached after loading; class default for old pickles

    def attach_imports(self, imports) -> None:
        """Answer lookups from imported GeoNames sources too (`gazetteer.imports.ImportSet`).

        An imported place gets a place id the first time a lookup returns it: its record
        is appended to the lists, so the finder and the resolver use it like any other.
        A place the packaged data already holds (same GeoNames id) stays that place and
        only gains the imported names."""
        self.imports = imports
        self._gid_local: dict[int, int] = {}
        self._packaged_gid: dict[int, int] | None = None
        self._import_lock = threading.Lock()
        if imports is not None and not isinstance(self.ngram_starts, _ImportedStarts):
            self.ngram_starts = _ImportedStarts(self.ngram_starts, imports)

    def fork_imports(self) -> None:
        """After a shallow copy with its own lists (user overlays): its own id map and lock."""
        if self.imports is not None:
            self._gid_local = dict(self._gid_local)
            self._import_lock = threading.Lock()

    def _with_imported(self, ids: tuple[int, ...], h: int) -> tuple[int, ...]:
        gids = self.imports.gids(h)
        if not gids:
            return ids
        with self._import_lock:
            if self._packaged_gid is None:
                self._packaged_gid = {}
                for i, g in enumerate(self.geonameid[:self.packaged_count]):
                    if g is not None:
                        self._packaged_gid.setdefault(g, i)
            extra = []
            for g in gids:
                i = self._packaged_gid.get(g)
                if i is None:
                    i = self._gid_local.get(g)
                if i is None:
                    row = self.imports.place(g)
                    if row is None:
                        continue  # an alternate name of a place no source holds
                    i = self._gid_local[g] = self._append_imported(g, row)
                extra.append(i)
        merged = list(dict.fromkeys((*ids, *extra)))
        if len(merged) == len(ids):
            return ids
        prior = self.prior
        merged.sort(key=lambda i: -prior[i])
        return tuple(merged[:MAX_CANDIDATES])

    def _append_imported(self, gid: int, row: tuple) -> int:
        from gazetteer.imports import place_prior_of
        source, name, lat, lon, cc, admin1, fcode, pop = row
        for attr, v in (("name", name), ("lat", lat), ("lon", lon), ("geonameid", gid), ("country", cc),
                        ("admin1", admin1), ("feature_code", fcode), ("population", pop or 0),
                        ("source", f"import:{source}"), ("prior", place_prior_of(fcode, pop or 0))):
            getattr(self, attr).append(v)
        return len(self.name) - 1

    def __getstate__(self):
        state = dict(self.__dict__)
        state.pop("_import_lock", None)
        return state

    def __setstate__(self, state):
        self.__dict__.update(state)
        if "packaged_count" not in state:
            self.packaged_count = len(self.name)
        if self.imports is not None:
            self._import_lock = threading.Lock()


class _ImportedStarts(dict):
    """`CompiledIndex.ngram_starts` with the imported names' first words (asked on a miss)."""

    def __init__(self, base: dict, imports):
        super().__init__(base)
        self.imports = imports
        self._asked: dict[str, int] = {}

    def get(self, word, default=None):
        n = super().get(word)
        m = self._asked.get(word)
        if m is None:
            m = self.imports.starts(key_hash(word))
            if len(self._asked) > 500_000:
                self._asked.clear()
            self._asked[word] = m
        if n is None and not m:
            return default
        return max(n or 0, m)


def place_prior(r: PlaceRow) -> float:
    """Static prior of a place: log population plus feature and curation bonuses."""
    pop = r.population
    if r.feature_code in ("RGN", "CONT", "OCN") and pop <= 0:
        pop = 1_000_000
    p = math.log10(max(pop, 0) + 1) + FEATURE_PRIOR.get(r.feature_code, 0.0) \
        + FAME_WEIGHT * math.log10(1 + r.fame)
    if r.source == "curated":
        p += CURATED_PRIOR + (2.0 if r.population <= 0 and r.feature_code.startswith("PPL") else 0.0)
    return p


def _merge_curated(rows: list[PlaceRow], curated: list[PlaceRow]) -> None:
    """Curated rows with a geonameid add names to that place; others become new places."""
    by_gid: dict[int, int] = {}
    areas: dict[int, int] = {}          # first-level areas, which only a curated ADM1 row augments
    for i, r in enumerate(rows):
        if r.geonameid is not None:
            (areas if r.feature_code == "ADM1" else by_gid).setdefault(r.geonameid, i)
    for c in curated:
        i = (areas if c.feature_code == "ADM1" else by_gid).get(c.geonameid) if c.geonameid is not None else None
        if i is None:
            if math.isnan(c.lat):
                continue  # a geonameid that this GeoNames extract lacks and no coordinates
            rows.append(c)
            continue
        r = rows[i]
        r.names.extend(c.names)
        r.source = "curated"
        if r.feature_code.startswith("PPL"):
            r.name = c.name  # the spelling the regional press uses, not the GeoNames transliteration
        if c.population > 0:
            r.population = c.population
        if r.feature_code == "PPL" and c.feature_code.startswith("PPL"):
            r.feature_code = c.feature_code
        if not math.isnan(c.lat):
            r.lat, r.lon = c.lat, c.lon


def _fill_admin_areas(rows: list[PlaceRow], cities: list[PlaceRow]) -> list[PlaceRow]:
    """Admin-1 population = sum of its towns; a missing point = its largest town."""
    pop: dict[str, int] = defaultdict(int)
    biggest: dict[str, PlaceRow] = {}
    for c in cities:
        k = f"{c.country}.{c.admin1}"
        pop[k] += c.population
        if k not in biggest or c.population > biggest[k].population:
            biggest[k] = c
    out = []
    for r in rows:
        k = f"{r.country}.{r.admin1}"
        r.population = pop.get(k, 0)
        if math.isnan(r.lat):
            if k not in biggest:
                continue
            r.lat, r.lon = biggest[k].lat, biggest[k].lon
        out.append(r)
    return out


def _mark_capitals(cities: list[PlaceRow]) -> None:
    """PPLC for the most populous town of each country named like its capital."""
    best: dict[str, PlaceRow] = {}
    capitals = {cc: name_key(n) for cc, n in sources.country_capitals().items() if n}
    for c in cities:
        cap = capitals.get(c.country)
        if cap and (name_key(c.name) == cap or any(name_key(n) == cap for n in c.names[:50])) \
                and (c.country not in best or c.population > best[c.country].population):
            best[c.country] = c
    for c in best.values():
        c.feature_code = "PPLC"


def compile_index(extra: list[PlaceRow] | None = None) -> CompiledIndex:
    """Build the index from the packaged sources (and `extra` rows, e.g. in tests)."""
    cities = sources.read_cities()
    _mark_capitals(cities)
    admin = _fill_admin_areas(sources.read_admin1(), cities)
    countries, continents = sources.read_countries(), sources.read_continents()
    # A region already known as a continent ("North America") or curated keeps that reading.
    known = {name_key(n) for r in continents for n in r.names} | \
        {name_key(n) for r in sources.read_curated() for n in r.names}
    regions = [r for r in sources.read_macroregions(countries) if name_key(r.name) not in known]
    rows = countries + continents + regions + admin + sources.read_admin2() + cities
    _merge_curated(rows, sources.read_curated() + list(extra or ()))
    exact: dict[str, list[int]] = defaultdict(list)
    loose: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        keys = {name_key(n) for n in r.names if n}
        keys.discard("")
        for k in keys:
            exact[k].append(i)
        for lk in {loose_key(k) for k in keys}:
            if lk:
                loose[lk].append(i)
        r.names = []  # the alternate names live on only as keys
    name_key.cache_clear()
    loose_key.cache_clear()
    priors = [place_prior(r) for r in rows]
    for table in (exact, loose):
        for ids in table.values():
            if len(ids) > 1:
                ids.sort(key=lambda i: -priors[i])
                del ids[MAX_CANDIDATES:]
    return CompiledIndex(rows, exact, loose)


def load_index(rebuild: bool = False, imports: bool = True) -> CompiledIndex:
    """The compiled index: from the on-disk cache if it matches the data, else compiled and
    cached; with the imported GeoNames sources (`gazetteer.imports`) attached unless
    `imports` is False."""
    idx = _load_compiled(rebuild)
    if imports:
        from gazetteer.imports import load_imports
        idx.attach_imports(load_imports())
    return idx


def _load_compiled(rebuild: bool) -> CompiledIndex:
    fp = data_fingerprint()
    path = cache_dir() / f"gazetteer-{fp}.pkl"
    if not rebuild and path.exists():
        try:
            with open(path, "rb") as fh:
                idx = pickle.load(fh)
            if isinstance(idx, CompiledIndex) and idx.fingerprint == fp:
                return idx
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
            pass  # a truncated or stale cache file: compile afresh below
    idx = compile_index()
    idx.fingerprint = fp
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write to a temporary file and rename, so a concurrent reader never sees half a file.
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        pickle.dump(idx, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)
    for old in path.parent.glob("gazetteer-*.pkl"):
        if old != path:
            old.unlink(missing_ok=True)
    return idx
