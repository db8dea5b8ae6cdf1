"""Events -> map features: GeoDataFrames, control state at a date, flows, export."""
