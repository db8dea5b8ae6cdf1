"""Events -> map features: GeoDataFrames, control state at a date, flows, export.

The dashboard and the exports build their features with the same functions, so
what a user sees is what they export:

    timeline.frame.events_frame   events as one GeoDataFrame (`store.events_frame()`): what every function here takes
    geo.filters.filter_events     pick events by window, type, actor, status, sources
    geo.frames.events_to_gdf      the export properties of each mappable event, EPSG:4326
    geo.control.control_intervals who held each place when
    geo.control.control_at        every place's controller on a date
    geo.flows.aggregate_flows     displacement per origin -> destination pair
    geo.export                    GeoJSON (RFC 7946), intervals, snapshot, flowmap.blue CSVs, GeoPackage
    geo.cli                       `conflictmap export`

    >>> from gazetteer.records import Place
    >>> from timeline.records import Event
    >>> from geo.control import control_at
    >>> town = Place(name="Town A", lat=35.0, lon=40.0, geonameid=1)
    >>> ev = Event(id="e1", type="control_change", evidence="...", article_ids=("a",),
    ...            date="2017-10-14", precision="day", place=town, actor_from="A", actor_to="B")
    >>> control_at([ev], "2017-10-01").loc[0, "controller"], control_at([ev], "2017-10-15").loc[0, "controller"]
    ('A', 'B')
"""
