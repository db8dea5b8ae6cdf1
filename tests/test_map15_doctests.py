"""The examples in the issue-15 modules' docstrings run (CI runs pytest without --doctest-modules)."""
import doctest
import importlib

import pytest

MODULES = ["geo.territory", "geo.flowlines", "geo.labels", "geo.timeaxis", "geo.mapcontrols", "geo.basemap",
           "geo.headcss", "geo.overlays"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
