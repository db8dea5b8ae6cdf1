"""A folium element that puts a CSS block in the page header once, wherever it is added.

Layers (flows, labels, legend) add their own styles with it, so a caller adds only the
layer; the same `key` added twice is one <style> in the page.

    >>> import folium
    >>> m = folium.Map(tiles=None)
    >>> _ = HeadCss(".a{color:red}", "cm_a").add_to(m); _ = HeadCss(".a{color:red}", "cm_a").add_to(m)
    >>> m.get_root().render().count(".a{color:red}")
    1
"""
from __future__ import annotations

import folium


class HeadCss(folium.MacroElement):
    """`css` (rules, without <style>) in the page header under the name `key`."""

    def __init__(self, css: str, key: str):
        super().__init__()
        self._name = "HeadCss"
        self.css, self.key = css, key

    def render(self, **kwargs):
        self.get_root().header.add_child(folium.Element(f"<style>{self.css}</style>"), name=self.key)
        super().render(**kwargs)
