"""Gazetteer backends: each module provides one provider behind the `geocode` interface."""
