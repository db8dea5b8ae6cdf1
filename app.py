"""conflictmap dashboard: scrub the timeline, see who holds what and where people fled,
trace every dot to its sentence, offline.

    CONFLICTMAP_DB=/tmp/x.db streamlit run app.py
    CONFLICTMAP_DB=postgresql://... CONFLICTMAP_SCOPE="bbox=36,35,38,37;start=2016-01-01" streamlit run app.py

UI only: it reads the store (`timeline.store`), draws what `geo/` computes and
exports with `geo.export`; no extraction logic lives here. The store path comes
from CONFLICTMAP_DB (default: conflictmap.db next to this file); CONFLICTMAP_SCOPE limits
what it reads to a region and period (`geo.filters.parse_scope`; SQL on PostGIS); an empty store is
filled from ./seeds on first start. Leaflet and the basemap are served from
./static (see .streamlit/config.toml), so the map needs no network.

Events are one GeoDataFrame (`store.events_frame()`, see `timeline.frame`): the map,
the chart and the control state read its light columns; a popup's, a place's history,
the flows of a window and an export read the detail columns of the rows they show.
The page is one function per panel; `page` calls them top to bottom.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from geo.control import control_at, control_intervals_fast
from geo.export import export_bytes
from geo.filters import filter_events, in_window, parse_scope
from geo.flowlines import FLOW_COLOR
from geo.flows import aggregate_flows
from geo.history import at_place, md_escape, place_history
from geo.mapcontrols import focus_on
from geo.mapview import (
    MAP_FLOWS_MAX,
    actor_colors,
    clicked_row,
    dashboard_layers,
    dashboard_map,
    place_bounds,
    place_features,
)
from geo.offline import prepare_assets
from geo.timeaxis import clamp_range, keyboard_stepper_html, next_change, slider_step
from geo.timewindow import (
    WINDOW_DAYS,
    change_days,
    chart_rows,
    daily_counts,
    date_span,
    rows_in,
    step_date,
    timeline_spec,
    window_bounds,
)
from timeline.frame import ALL_COLUMNS, frame_of_events
from timeline.pg_store import shown_url
from timeline.records import EVENT_TYPES, STATUSES
from timeline.review import edit_event, reject_event
from timeline.review_forms import (
    EDIT_FIELDS,
    add_place_from_form,
    applied_message,
    candidate_label,
    queue_rows,
    unresolved_rows,
)
from timeline.store import open_store

APP_DIR = Path(__file__).resolve().parent
DB_PATH = os.environ.get("CONFLICTMAP_DB") or str(APP_DIR / "conflictmap.db")
SCOPE_TEXT = os.environ.get("CONFLICTMAP_SCOPE", "")
SEEDS_DIR = APP_DIR / "seeds"
UPLOAD_TYPES = ["txt", "html", "htm", "json", "jsonl", "csv"]
KIND_LABELS = {"control_change": "control change", "displacement": "displacement"}
UNDATED_SHOWN = 50       # undated articles listed at once (each has its own date field)
EAGER_EXPORT_MAX = 2000  # events; above this the view's GeoJSON is built on click
KIND_COLOR = "#455a64"  # control changes in the chart; displacements share the flows' colour
PLAY_SECONDS = 1.0       # one window forward this often while playing


# -- data, cached by the store's content version ------------------------------------

@st.cache_resource(show_spinner="Opening the store. A first start loads the sample corpus.")
def get_store(path: str):
    """One store per server process, shared by every session: each session's thread reads
    through a connection of its own, writers (an upload's ingest) take SQLite's write lock
    one at a time, and WAL lets them write while the others read (see timeline.store)."""
    store = open_store(path)
    counts = store.counts()
    if counts["articles"] == 0 and counts["event_reports"] == 0 and SEEDS_DIR.is_dir():
        # first start: open on the sample corpus, from its processed results (< 1 s, no
        # gazetteer compile); the snapshot refuses when seeds/ changed, then ingest as before
        from timeline.seed_snapshot import load_seed_snapshot

        if not load_seed_snapshot(store, SEEDS_DIR):
            # imported when used (here and below): drawing the map needs none of the
            # extraction stack, so a first render does not pay for importing it
            from timeline.ingest import ingest_paths

            ingest_paths([SEEDS_DIR], store)
    return store


@dataclass(frozen=True)
class StoreData:
    counts: dict
    events: pd.DataFrame    # the events frame: every corroborated event, light columns
    articles: dict
    span: tuple[date, date] | None
    actors: list[str]
    colors: dict[str, str]
    bounds: tuple[tuple[float, float], tuple[float, float]] | None
    quotes: dict            # event id -> its first row in `events` (evidence, first article), for popups


@st.cache_resource(max_entries=3)
def load_store_data(path: str, version: int) -> StoreData:
    store = get_store(path)
    events = store.events_frame(filters=parse_scope(SCOPE_TEXT))   # the window filters run as SQL on PostGIS
    articles = {a.id: a for a in store.articles(with_text=False)}
    actors = sorted({a for a in pd.unique(events[["actor_from", "actor_to"]].to_numpy().ravel()) if a})
    # the counts the caption shows, from what was just read (store.counts() would scan the tables again)
    counts = {"articles": len(articles), "events": len(events)}
    # rows, not (evidence, article) pairs: 100k pairs were a tenth of a first render to build
    # and stayed for the collector to walk on every full pass; the reversed order leaves the
    # first row of an id in the dict
    ids = events["event_id"].tolist()
    quotes = dict(zip(reversed(ids), range(len(ids) - 1, -1, -1)))
    return StoreData(counts=counts, events=events, articles=articles, span=date_span(events),
                     actors=actors, colors=actor_colors(actors), bounds=place_bounds(events), quotes=quotes)


@dataclass(frozen=True)
class FilteredData:
    events: pd.DataFrame         # every event passing the filters (any date)
    intervals: object            # control intervals of those events
    displacements: pd.DataFrame  # the displacement events among them
    daily_rows: list             # events per day by kind, for the timeline chart (see geo.timewindow)
    bounds: tuple | None         # ((south, west), (north, east)) of those events: the map fits them
    change_days: list            # days a control change among them begins ("Next change")
    places: pd.DataFrame         # every place of the intervals (place_key, place, geometry), any day


@st.cache_resource(max_entries=8)
def filtered_data(path: str, version: int, kinds: tuple, actors: tuple, statuses: tuple,
                  min_sources: int) -> FilteredData:
    data = load_store_data(path, version)
    evs = filter_events(data.events, types=list(kinds), actors=list(actors) or None,
                        statuses=list(statuses), min_sources=min_sources)
    daily = daily_counts(evs)
    daily["kind"] = daily["kind"].map(lambda k: KIND_LABELS.get(k, k))
    intervals = control_intervals_fast(evs)
    return FilteredData(events=evs, intervals=intervals,
                        displacements=evs.loc[(evs["event_type"] == "displacement").to_numpy()],
                        daily_rows=chart_rows(daily), bounds=place_bounds(evs), change_days=change_days(evs),
                        places=intervals.drop_duplicates("place_key")[["place_key", "place", "geometry"]])


def detail(path: str, events: pd.DataFrame) -> pd.DataFrame:
    """These events with their detail columns (magnitudes, article ids...), read by id."""
    return get_store(path).events_frame(columns=ALL_COLUMNS, filters={"ids": events["event_id"].tolist()})


@st.cache_resource(max_entries=2)
def displacement_records(path: str, version: int) -> dict:
    """Displacement records read for windows so far, by id, per store version: a slider step
    moves a month's window by a week, so three quarters of its records were read for the
    window before (decoding them again was a tenth of a step). Bounded by RECORDS_KEPT."""
    return {}


RECORDS_KEPT = 20_000


def window_detail(path: str, version: int, events: pd.DataFrame) -> pd.DataFrame:
    """`detail` of a window's displacements, through `displacement_records`."""
    ids = events["event_id"].tolist()
    kept = displacement_records(path, version)
    found = {i: kept.get(i) for i in dict.fromkeys(ids)}  # sessions share `kept`: read it once
    missing = [i for i, record in found.items() if record is None]
    if missing:
        fresh = {e.id: e for e in get_store(path).events_by_id(missing)}
        found.update(fresh)
        if len(kept) + len(fresh) > RECORDS_KEPT:
            kept.clear()
        kept.update(fresh)
    records = [found[i] for i in ids if found.get(i) is not None]
    return frame_of_events(records)[[*ALL_COLUMNS, "geometry"]]


@st.cache_resource(max_entries=64)
def window_flows(path: str, version: int, filters: tuple, start: date | None, end: date | None):
    """The flows of a window (scrubbing back and forth asks for the same windows again)."""
    fd = filtered_data(path, version, *filters)
    shown = fd.displacements.loc[in_window(fd.displacements, start, end).to_numpy()]
    return aggregate_flows(window_detail(path, version, shown), start, end)


@st.cache_resource(max_entries=3)
def undated_reports(path: str, version: int) -> dict[str, list]:
    """The event reports of the undated articles listed, in one query per store version."""
    data = load_store_data(path, version)
    listed = {a.id for a in data.articles.values() if not a.published}
    if not listed:
        return {}
    out: dict[str, list] = {}
    for ev in get_store(path).event_reports(with_mentions=False):
        for aid in ev.article_ids:
            if aid in listed:
                out.setdefault(aid, []).append(ev)
    return out


def current_version(store) -> int:
    store.refresh_events()  # a rebuild bumps the version: read it after
    return store.version


# -- panels ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Filters:
    kinds: tuple
    actors: tuple
    statuses: tuple
    min_sources: int
    online_tiles: bool
    territory: bool = True


    def key(self) -> tuple:
        return self.kinds, self.actors, self.statuses, self.min_sources


@dataclass(frozen=True)
class View:
    day: date | None           # None: nothing is dated
    start: date | None
    end: date | None


def sidebar_filters(data: StoreData) -> Filters:
    with st.sidebar:
        st.header("Filters")
        kinds = st.multiselect("Event kind", list(EVENT_TYPES), default=list(EVENT_TYPES),
                               format_func=lambda k: KIND_LABELS.get(k, k), key="kinds")
        actors = st.multiselect("Actor", data.actors, default=[], key="actors", placeholder="all actors")
        statuses = st.multiselect("Status", list(STATUSES),
                                  default=[s for s in STATUSES if s != "denied"], key="statuses")
        min_sources = st.number_input("Minimum number of sources", min_value=1, value=1, step=1,
                                      key="min_sources")
        st.header("Map")
        territory = st.toggle("Territory (approximate)", value=True, key="territory",
                              help="Shade the land nearest each held place by its holder: approximate, "
                                   "not a front line.")
        online_tiles = st.toggle("Online map tiles (OpenStreetMap)", value=False, key="online_tiles",
                                 help="Off: offline basemap only. On: the tile server sees which area you view.")
    return Filters(tuple(kinds), tuple(actors), tuple(statuses), int(min_sources), online_tiles, territory)


def _step(direction: int, span: tuple[date, date]) -> None:
    st.session_state["day"] = step_date(st.session_state["day"], st.session_state.get("window", "month"),
                                        direction, span)


def _next_change(days: list, span: tuple[date, date]) -> None:
    found = next_change(st.session_state["day"], days)
    if found is not None and found <= span[1]:
        st.session_state["day"] = found


def date_range(span: tuple[date, date]) -> tuple[date, date]:
    """The range the slider and the chart cover: the whole span unless the user picks one."""
    if span[0] == span[1]:
        return span
    if st.session_state.get("_range_of") != span:  # new data: show all of it again
        st.session_state.pop("range", None)
        st.session_state["_range_of"] = span
    picked = st.date_input("Date range", value=span, min_value=span[0], max_value=span[1], key="range",
                           format="YYYY-MM-DD", help="Narrow the timeline to a range; clear it for all.")
    return clamp_range(picked, span)


def timeline_panel(span: tuple[date, date] | None, fd: FilteredData) -> View:
    """The range picker, slider, window length, step and next-change buttons (also the
    arrow keys), play, and the events-per-day chart with years on its axis."""
    if span is None:
        st.info("No dated events yet. Upload articles in the sidebar, or date the undated ones below.")
        return View(None, None, None)
    with st.sidebar:
        st.header("Timeline")
        rng = date_range(span)
        length = st.radio("Window", list(WINDOW_DAYS), index=list(WINDOW_DAYS).index("month"),
                          horizontal=True, key="window")
    if "day" not in st.session_state or not (rng[0] <= st.session_state["day"] <= rng[1]):
        st.session_state["day"] = rng[1]
    # playing: the timer asked for one step (widgets can only be moved before they are drawn)
    if st.session_state.pop("_advance", False):
        if st.session_state["day"] >= rng[1]:
            st.session_state["play"] = False
        else:
            _step(1, rng)
    c_slider, c_back, c_fwd, c_next, c_play = st.columns([7, 0.6, 0.6, 1.5, 0.9], vertical_alignment="bottom")
    with c_slider:
        if rng[0] < rng[1]:
            st.slider("Date", min_value=rng[0], max_value=rng[1], key="day",
                      step=slider_step(rng), format="YYYY-MM-DD")
        else:
            st.markdown(f"**Date:** {rng[0].isoformat()}")
    c_back.button("◀", key="step_back", help="One window back (← key)", on_click=_step, args=(-1, rng))
    c_fwd.button("▶", key="step_fwd", help="One window forward (→ key)", on_click=_step, args=(1, rng))
    c_next.button("Next change »", key="next_change", help="Jump to the next day a place changes hands",
                  on_click=_next_change, args=(fd.change_days, rng),
                  disabled=next_change(st.session_state["day"], fd.change_days) is None)
    with c_play:
        st.toggle("Play", key="play")  # one window forward every PLAY_SECONDS
        if st.session_state.get("play"):
            st.session_state["_drawn_at"] = time.monotonic()
            play_timer()
    st.iframe(keyboard_stepper_html("◀", "▶"), height=1)  # ←/→ click the step buttons (a same-origin iframe)
    day = st.session_state["day"]
    start, end = window_bounds(day, length)
    rows = rows_in(fd.daily_rows, rng)
    if rows:
        colors = {KIND_LABELS["control_change"]: KIND_COLOR, KIND_LABELS["displacement"]: FLOW_COLOR}
        st.vega_lite_chart(timeline_spec(rows, rng, (start, end), day, colors, height=90), width="stretch")
    return View(day, start, end)


@st.fragment(run_every=PLAY_SECONDS)
def play_timer() -> None:
    """While playing, this fragment reruns on its own every PLAY_SECONDS; each of those
    reruns asks the page for one step forward. The page's own runs (the one that draws it,
    or one a widget starts meanwhile) do not: they have just drawn the page."""
    if time.monotonic() - st.session_state.get("_drawn_at", 0.0) >= PLAY_SECONDS * 0.9:
        st.session_state["_advance"] = True
        st.rerun(scope="app")


def map_summary(view: View, snapshot, flows) -> None:
    changed = int(snapshot["changed_in_window"].sum()) if len(snapshot) else 0
    st.markdown(f"**{view.day.isoformat()}** · window {view.start.isoformat()} – {view.end.isoformat()} · "
                f"{len(snapshot)} places shown, {changed} changed hands · {len(flows)} flow{'' if len(flows) == 1 else 's'}"
                f"{f' (the {MAP_FLOWS_MAX} largest drawn)' if len(flows) > MAP_FLOWS_MAX else ''} · "
                "click a place for its history")
    if len(snapshot):
        held = snapshot["controller"].fillna("holder not reported").value_counts()
        st.caption("Places held: " + " · ".join(f"{md_escape(a)} {n}" for a, n in held.items()))


def _quotes(data: StoreData):
    """(evidence, source title) of an event, for a popup (asked only about the features
    whose popups quote, see geo.mapview.DETAIL_LIMIT)."""
    # the two columns taken once, not per quote: a frame's column lookup cost ~25 us, 400 quotes a step
    evidence, first_article = data.events["evidence"], data.events["first_article"]

    def quote(event_id: str):
        row = data.quotes.get(event_id)  # the first event with this id
        if row is None:
            return None
        art = data.articles.get(first_article.iat[row])
        return evidence.iat[row], (art.title if art else None)
    return quote


def map_panel(data: StoreData, fd: FilteredData, view: View, filters: Filters) -> None:
    """The control state, territory, flows and labels of the window on the map, fitted to
    the filtered data; a click picks a place (and zooms to it)."""
    if view.day is not None:
        snapshot = control_at(fd.intervals, view.day, window_start=view.start)
    else:  # nothing is dated: no control state to show (dates are never invented), undated flows only
        snapshot = fd.intervals.iloc[0:0]
    flows = window_flows(DB_PATH, data_version(), filters.key(), view.start, view.end)
    place_feats = place_features(snapshot, data.colors, _quotes(data))
    if view.day is not None:
        map_summary(view, snapshot, flows)
    assets = prepare_assets(APP_DIR / "static" if st.get_option("server.enableStaticServing") else None)
    fmap = dashboard_map(assets, fd.bounds, data.colors, territory_on=filters.territory,
                         online_tiles=filters.online_tiles, canvas=len(place_feats) > 800)
    if st.session_state.get("_fitted") != fd.bounds:  # new filters: the map re-fits
        st.session_state["_fitted"] = fd.bounds
        st.session_state.pop("map_focus", None)
    layers = dashboard_layers(snapshot, flows, place_feats, data.colors, bounds=fd.bounds,
                              territory_on=filters.territory, known_places=fd.places)
    # render=False: st_folium renders the map itself once more in any case; the figure's
    # own render before it gave the same component arguments and cost a step ~10 ms
    clicked = st_folium(fmap, key="map", height=720, use_container_width=True, feature_group_to_add=layers,
                        render=False, returned_objects=["last_object_clicked", "last_object_clicked_tooltip"],
                        **st.session_state.pop("map_focus", {}))  # used once: the user's pan/zoom then stays
    # a click picks a place; remember it by key so that it survives slider moves
    click = (clicked or {}).get("last_object_clicked")
    if click and click != st.session_state.get("_last_click"):
        st.session_state["_last_click"] = click
        row = clicked_row(place_feats, click["lat"], click["lng"], (clicked or {}).get("last_object_clicked_tooltip"))
        if row is not None:
            st.session_state["place"] = snapshot.iloc[row]["place_key"]  # the map zoomed to it (see FeatureLayer)


def select_place(key: str, lat: float | None = None, lon: float | None = None) -> None:
    """Open a place's history and move the map to it: a callback of a button drawn
    elsewhere than the map (a history or review row), so it runs before the map is drawn."""
    st.session_state["place"] = key
    if lat is not None and lon is not None:
        st.session_state["map_focus"] = focus_on(lat, lon)


@st.fragment
def history_panel(data: StoreData, fd: FilteredData) -> None:
    """Who held the selected place when, and every event there with its sentence, sources,
    and the analyst's "edit" and "reject" actions (applied at once, see `timeline.review`)."""
    selected = st.session_state.get("place")
    if not selected:
        return
    here = at_place(data.events, selected)
    if not len(here):  # its last event was rejected or filtered away
        del st.session_state["place"]
        return
    hist = place_history(selected, detail(DB_PATH, here), data.articles, fd.intervals)
    st.subheader(f"History: {hist.name}")
    show_action_result()
    if len(hist.intervals):
        st.dataframe(hist.intervals, hide_index=True, width="stretch")
    with st.container(height=420 if len(hist.entries) > 3 else "content", border=False):
        for entry in hist.entries:
            history_entry(entry)
    if st.button("Close history", key="close_history"):
        del st.session_state["place"]
        st.rerun()


def history_entry(entry) -> None:
    st.markdown(f"**{md_escape(entry.when)}** · {md_escape(entry.kind)} · "
                f"{md_escape(entry.status)} · {md_escape(entry.summary)}")
    st.markdown("> " + md_escape(entry.evidence))
    for title, url in entry.sources:
        st.caption(f"Source: [{md_escape(title)}]({url})" if url else f"Source: {md_escape(title)}")
    c_edit, c_reject, _ = st.columns([1, 1, 6])
    with c_edit.popover("edit", key=f"edit_{entry.event_id}"):
        edit_form(entry.event_id)
    if c_reject.button("reject", key=f"reject_{entry.event_id}", help="Reject this event: kept as a correction"):
        review_action(reject_event, entry.event_id, why="rejected in the dashboard")


def edit_form(event_id: str) -> None:
    with st.form(key=f"edit_form_{event_id}"):
        field = st.selectbox("Field", EDIT_FIELDS, key=f"edit_field_{event_id}")
        value = st.text_input("New value (none clears it)", key=f"edit_value_{event_id}")
        c_lat, c_lon = st.columns(2)
        lat = c_lat.number_input("Latitude (a new place)", -90.0, 90.0, value=None, format="%.4f",
                                 key=f"edit_lat_{event_id}")
        lon = c_lon.number_input("Longitude", -180.0, 180.0, value=None, format="%.4f", key=f"edit_lon_{event_id}")
        why = st.text_input("Why", key=f"edit_why_{event_id}")
        if st.form_submit_button("Apply"):
            review_action(edit_event, event_id, field, value, lat=lat, lon=lon, why=why)


def review_action(action, *args, **kwargs) -> None:
    """Run a `timeline.review` action on the store as the named analyst, keep its outcome
    for `show_action_result`, and rerun the page so the map shows it at once."""
    from timeline.review import ReviewError

    try:
        done = action(get_store(DB_PATH), *args, who=st.session_state.get("review_who", ""), **kwargs)
    except ReviewError as exc:
        st.session_state["review_result"] = ("error", str(exc), [])
    else:
        msg, problems = applied_message(done)
        st.session_state["review_result"] = ("ok", msg, problems)
    st.rerun(scope="app")


def show_action_result() -> None:
    """The outcome of the last review action, once, escaped."""
    result = st.session_state.pop("review_result", None)
    if result is None:
        return
    kind, msg, problems = result
    (st.error if kind == "error" else st.success)(md_escape(msg))
    for p in problems:
        st.warning(md_escape(p))


@st.cache_resource(max_entries=2, show_spinner="Looking up names the gazetteer lacks…")
def review_data(path: str, version: int) -> tuple[list, list]:
    """Unresolved names with gazetteer candidates, and the review queue, per store version."""
    store = get_store(path)
    return unresolved_rows(store), queue_rows(store)


@st.fragment
def analyst_panel() -> None:
    """Issue 16's review: names the gazetteer lacks (add them) and events to check (reject them)."""
    if not st.toggle("Review: places the gazetteer lacks, events to check", key="review_open"):
        return
    st.text_input("Your name (kept with every correction)", key="review_who")
    if not st.session_state.get("place"):
        show_action_result()
    unresolved, queue = review_data(DB_PATH, data_version())
    st.markdown(f"#### Places the gazetteer lacks ({len(unresolved)})")
    if not unresolved:
        st.caption("Every place the events name is in the gazetteer.")
    for i, row in enumerate(unresolved):
        unresolved_form(i, row)
    st.markdown(f"#### Review queue ({len(queue)}): low confidence or unknown actor, oldest first")
    for row in queue:
        queue_row(row)


def unresolved_form(i: int, row: dict) -> None:
    name = row["name"]
    st.markdown(f"**{md_escape(name)}** · {row['count']} event(s) · > {md_escape(row['sample'])}")
    with st.form(key=f"add_place_{i}"):
        c_lat, c_lon, c_pick = st.columns([1, 1, 2])
        lat = c_lat.number_input("Latitude", -90.0, 90.0, value=None, format="%.4f", key=f"add_lat_{i}")
        lon = c_lon.number_input("Longitude", -180.0, 180.0, value=None, format="%.4f", key=f"add_lon_{i}")
        pick = c_pick.selectbox("or a gazetteer candidate", [None, *row["candidates"]], key=f"add_pick_{i}",
                                format_func=lambda c: "—" if c is None else candidate_label(c))
        why = st.text_input("Why (source of the coordinates)", key=f"add_why_{i}")
        if st.form_submit_button(f"Add {md_escape(name)}"):  # labels render markdown
            review_action(add_place_from_form, name, lat, lon, pick, why=why)


def queue_row(row: dict) -> None:
    st.markdown(f"**{md_escape(row['when'])}** · {md_escape(row['kind'])} · {md_escape(row['where'])} · "
                f"{md_escape(row['actors'])} · _{md_escape(row['reasons'])}_")
    st.markdown("> " + md_escape(row["evidence"]))
    c_show, c_reject, _ = st.columns([1, 1, 6])
    if row["point"] and row["place_key"]:
        c_show.button("show", key=f"show_{row['id']}", on_click=select_place,
                      args=(row["place_key"], *row["point"]), help="Open its place on the map")
    if c_reject.button("reject", key=f"queue_reject_{row['id']}"):
        review_action(reject_event, row["id"], why="rejected from the review queue")


@st.fragment
def undated_panel(data: StoreData, span) -> None:
    """The undated articles, what was read from each, and a date field to date one."""
    undated = [a for a in data.articles.values() if not a.published]
    reports = undated_reports(DB_PATH, data_version())
    with st.expander(f"Undated articles ({len(undated)})", expanded=bool(undated) and span is None):
        if not undated:
            st.write("Every article has a date.")
        if len(undated) > UNDATED_SHOWN:
            st.caption(f"Showing the first {UNDATED_SHOWN}; date these to see the rest.")
        for art in undated[:UNDATED_SHOWN]:
            undated_article(art, reports.get(art.id, []))


def undated_article(art, reports: list) -> None:
    name = Path(art.path).name if art.path else art.id
    st.markdown(f"**{md_escape(art.title or name)}**  \nfile {md_escape(name)} · id {art.id[:10]}")
    for ev in reports:
        st.markdown(f"- {md_escape(KIND_LABELS.get(ev.type, ev.type))}: "
                    f"{md_escape(', '.join(p.name for p in ev.places) or 'no place')} — "
                    f"{md_escape(ev.evidence)}")
    if not reports:
        st.caption("No events read from it.")
    c_date, c_set = st.columns([3, 1])
    new_day = c_date.date_input("Publication date", value=None, key=f"date_{art.id}",
                                min_value=date(1900, 1, 1), max_value=date.today())
    if c_set.button("Set date", key=f"set_{art.id}", disabled=new_day is None):
        from timeline.ingest import set_article_date

        try:
            set_article_date(get_store(DB_PATH), art.id, new_day.isoformat())
            st.rerun(scope="app")
        except (KeyError, ValueError) as exc:
            st.error(f"{name}: {exc}")


@st.fragment
def review_panel() -> None:
    """Add articles, and review what the last ingest read, skipped or guessed."""
    st.header("Add articles")
    uploads = st.file_uploader("Articles (txt, html, json, jsonl, csv)", type=UPLOAD_TYPES,
                               accept_multiple_files=True, key="uploads")
    if st.button("Ingest", key="ingest", disabled=not uploads):
        ingest(uploads)
        st.rerun(scope="app")
    report = st.session_state.get("ingest_report")
    if report and report.get("error"):
        st.error(f"Ingest stopped: {md_escape(report['error'])}")
    elif report:
        st.success(f"Read {report['read']} articles, {report['new']} new, {report['events']} events.")
        for path, reason in report["skipped"]:
            st.error(f"{md_escape(path)}: {md_escape(reason)}")
        for path, note in report.get("decoding", ()):
            st.warning(f"{md_escape(path)}: {md_escape(note)}")


def ingest(uploads) -> None:
    bar = st.progress(0.0, text="reading…")
    from timeline.errors import is_store_error, store_reason
    from timeline.ingest import ingest_uploads

    try:
        summary = ingest_uploads(
            [(f.name, f.getvalue()) for f in uploads], get_store(DB_PATH),
            progress=lambda done, total, what: bar.progress(done / max(total, 1), text=f"{done}/{total} {what}"))
    except Exception as e:  # the error policy: a store error stops the ingest, in one line
        if not is_store_error(e):
            raise
        st.session_state["ingest_report"] = {"error": store_reason(e)}
    else:
        st.session_state["ingest_report"] = summary.to_dict()
    bar.empty()


def downloads_panel(data: StoreData, fd: FilteredData, view: View) -> None:
    st.header("Download")

    def view_geojson() -> bytes:
        shown = fd.events.loc[in_window(fd.events, view.start, view.end).to_numpy()]
        return export_bytes(detail(DB_PATH, shown), "geojson", articles=data.articles)

    # a small view is prepared now, so the button is instant; a big one is built on click
    st.download_button("GeoJSON of the current view",
                       view_geojson() if len(fd.events) <= EAGER_EXPORT_MAX else view_geojson,
                       file_name=(f"conflictmap-{view.start}-{view.end}.geojson" if view.day
                                  else "conflictmap-view.geojson"),
                       mime="application/geo+json", key="dl_view", on_click="ignore")
    # the rest is built on click: with a large store these are big
    st.download_button("GeoJSON of everything",
                       lambda: export_bytes(detail(DB_PATH, data.events), "geojson", articles=data.articles),
                       file_name="conflictmap-all.geojson", mime="application/geo+json",
                       key="dl_all", on_click="ignore")
    st.download_button("Control intervals (GeoJSON)", lambda: export_bytes(fd.events, "intervals"),
                       file_name="conflictmap-control-intervals.geojson", mime="application/geo+json",
                       key="dl_intervals", on_click="ignore")
    st.download_button("Flowmap CSVs (zip)", lambda: export_bytes(detail(DB_PATH, fd.displacements), "flowmap"),
                       file_name="conflictmap-flowmap.zip", mime="application/zip",
                       key="dl_flowmap", on_click="ignore")


# -- page ---------------------------------------------------------------------------

def data_version() -> int:
    """The store's content version this run reads (set once per run by `open_data`)."""
    return st.session_state["_version"]


def open_data() -> StoreData:
    """The store's data at its current version; a store error is one line, never a traceback."""
    try:
        parse_scope(SCOPE_TEXT)
    except ValueError as exc:
        st.error(f"CONFLICTMAP_SCOPE: {exc}")
        st.stop()
    try:
        store = get_store(DB_PATH)
        st.session_state["_version"] = current_version(store)
        return load_store_data(DB_PATH, data_version())
    except Exception as exc:
        from timeline.errors import is_store_error, store_reason

        if not is_store_error(exc):
            raise
        # not a SQLite file, another program's database, a newer schema, a corrupt or locked store
        shown = shown_url(DB_PATH)   # a postgresql:// URL's password is not shown
        st.error(f"Cannot open the store {shown}: {store_reason(exc).removeprefix(f'{shown}: ')}")
        st.stop()


def page() -> None:
    """The whole page, top to bottom, as Streamlit runs it on each interaction."""
    st.set_page_config(page_title="conflictmap", page_icon="🗺", layout="wide")
    data = open_data()
    # the map above the fold: less of Streamlit's default top padding (fixed CSS, no article text)
    st.markdown("<style>[data-testid='stMainBlockContainer'], .block-container {padding-top: 2.2rem;}</style>",
                unsafe_allow_html=True)
    st.sidebar.title("conflictmap")  # the main column starts with the timeline: the map above the fold
    where = shown_url(DB_PATH) if "://" in DB_PATH else Path(DB_PATH).name
    scope = f" · scope {SCOPE_TEXT.strip()}" if SCOPE_TEXT.strip() else ""
    st.caption(f"{data.counts['articles']} articles · {data.counts['events']} events · store {where}{scope}")
    filters = sidebar_filters(data)
    fd = filtered_data(DB_PATH, data_version(), *filters.key())
    view = timeline_panel(data.span, fd)
    map_panel(data, fd, view, filters)
    history_panel(data, fd)   # below the map, only when a place is selected
    analyst_panel()
    undated_panel(data, data.span)
    with st.sidebar:
        review_panel()
        downloads_panel(data, fd, view)


if __name__ == "__main__":  # as Streamlit runs the script (importing it draws nothing)
    page()
