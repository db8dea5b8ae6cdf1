"""conflictmap dashboard: scrub the timeline, see who holds what and where people fled,
trace every dot to its sentence, offline.

    CONFLICTMAP_DB=/tmp/x.db streamlit run app.py

UI only: it reads the store (`timeline.store`), draws what `geo/` computes and
exports with `geo.export`; no extraction logic lives here. The store path comes
from CONFLICTMAP_DB (default: conflictmap.db next to this file); an empty store is
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
from geo.filters import filter_events, in_window
from geo.flowlines import FLOW_COLOR
from geo.flows import aggregate_flows
from geo.history import at_place, md_escape, place_history
from geo.mapcontrols import focus_on
from geo.mapview import (
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
from timeline.frame import ALL_COLUMNS
from timeline.pg_store import shown_url
from timeline.records import EVENT_TYPES, STATUSES
from timeline.store import open_store

APP_DIR = Path(__file__).resolve().parent
DB_PATH = os.environ.get("CONFLICTMAP_DB") or str(APP_DIR / "conflictmap.db")
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
    quotes: dict            # event id -> (evidence, first article id), for popups


@st.cache_resource(max_entries=3)
def load_store_data(path: str, version: int) -> StoreData:
    store = get_store(path)
    events = store.events_frame()
    articles = {a.id: a for a in store.articles(with_text=False)}
    actors = sorted({a for a in pd.unique(events[["actor_from", "actor_to"]].to_numpy().ravel()) if a})
    # the counts the caption shows, from what was just read (store.counts() would scan the tables again)
    counts = {"articles": len(articles), "events": len(events)}
    quotes = dict(zip(events["event_id"][::-1], zip(events["evidence"][::-1], events["first_article"][::-1])))
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


@st.cache_resource(max_entries=8)
def filtered_data(path: str, version: int, kinds: tuple, actors: tuple, statuses: tuple,
                  min_sources: int) -> FilteredData:
    data = load_store_data(path, version)
    evs = filter_events(data.events, types=list(kinds), actors=list(actors) or None,
                        statuses=list(statuses), min_sources=min_sources)
    daily = daily_counts(evs)
    daily["kind"] = daily["kind"].map(lambda k: KIND_LABELS.get(k, k))
    return FilteredData(events=evs, intervals=control_intervals_fast(evs),
                        displacements=evs.loc[(evs["event_type"] == "displacement").to_numpy()],
                        daily_rows=chart_rows(daily), bounds=place_bounds(evs), change_days=change_days(evs))


def detail(path: str, events: pd.DataFrame) -> pd.DataFrame:
    """These events with their detail columns (magnitudes, article ids...), read by id."""
    return get_store(path).events_frame(columns=ALL_COLUMNS, filters={"ids": events["event_id"].tolist()})


@st.cache_resource(max_entries=64)
def window_flows(path: str, version: int, filters: tuple, start: date | None, end: date | None):
    """The flows of a window (scrubbing back and forth asks for the same windows again)."""
    fd = filtered_data(path, version, *filters)
    shown = fd.displacements.loc[in_window(fd.displacements, start, end).to_numpy()]
    return aggregate_flows(detail(path, shown), start, end)


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
        st.vega_lite_chart(timeline_spec(rows, rng, (start, end), day, colors, height=80), width="stretch")
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
                f"{len(snapshot)} places shown, {changed} changed hands · {len(flows)} flows · "
                "click a place for its history")
    if len(snapshot):
        held = snapshot["controller"].fillna("holder not reported").value_counts()
        st.caption("Places held: " + " · ".join(f"{md_escape(a)} {n}" for a, n in held.items()))


def _quotes(data: StoreData):
    """(evidence, source title) of an event, for a popup (asked only about the features
    whose popups quote, see geo.mapview.DETAIL_LIMIT)."""
    def quote(event_id: str):
        found = data.quotes.get(event_id)  # the first event with this id
        if found is None:
            return None
        art = data.articles.get(found[1])
        return found[0], (art.title if art else None)
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
    if st.session_state.get("_fitted") != fd.bounds:  # new filters: the map re-fits, forget the focus
        st.session_state["_fitted"] = fd.bounds
        st.session_state.pop("map_focus", None)
    layers = dashboard_layers(snapshot, flows, place_feats, data.colors, bounds=fd.bounds,
                              territory_on=filters.territory)
    clicked = st_folium(fmap, key="map", height=720, use_container_width=True, feature_group_to_add=layers,
                        returned_objects=["last_object_clicked", "last_object_clicked_tooltip"],
                        **st.session_state.get("map_focus", {}))
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
    """Who held the selected place when, and every event there with its sentence and sources."""
    selected = st.session_state.get("place")
    if not selected:
        return
    hist = place_history(selected, detail(DB_PATH, at_place(data.events, selected)), data.articles, fd.intervals)
    st.subheader(f"History: {hist.name}")
    if len(hist.intervals):
        st.dataframe(hist.intervals, hide_index=True, width="stretch")
    with st.container(height=420 if len(hist.entries) > 3 else "content", border=False):
        for entry in hist.entries:
            st.markdown(f"**{md_escape(entry.when)}** · {md_escape(entry.kind)} · "
                        f"{md_escape(entry.status)} · {md_escape(entry.summary)}")
            st.markdown("> " + md_escape(entry.evidence))
            for title, url in entry.sources:
                st.caption(f"Source: [{md_escape(title)}]({url})" if url else f"Source: {md_escape(title)}")
    if st.button("Close history", key="close_history"):
        del st.session_state["place"]
        st.rerun()


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
    st.markdown("## conflictmap")
    where = shown_url(DB_PATH) if "://" in DB_PATH else Path(DB_PATH).name
    st.caption(f"{data.counts['articles']} articles · {data.counts['events']} events · store {where}")
    filters = sidebar_filters(data)
    fd = filtered_data(DB_PATH, data_version(), *filters.key())
    view = timeline_panel(data.span, fd)
    map_panel(data, fd, view, filters)
    history_panel(data, fd)   # below the map, only when a place is selected
    undated_panel(data, data.span)
    with st.sidebar:
        review_panel()
        downloads_panel(data, fd, view)


if __name__ == "__main__":  # as Streamlit runs the script (importing it draws nothing)
    page()
