"""Articles -> dated events: readers, dates, actors, event rules, the store and the CLI."""
