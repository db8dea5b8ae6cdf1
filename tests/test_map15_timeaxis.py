"""geo.timeaxis: year-carrying ticks, next change, range clamping (issue 15)."""
import re
from datetime import date, timedelta

import pytest

from geo.timeaxis import (
    axis_ticks,
    clamp_range,
    keyboard_stepper_html,
    next_change,
    previous_change,
    slider_step,
    vega_axis,
)

YEAR = re.compile(r"\b(19|20)\d\d\b")


@pytest.mark.parametrize("start,end", [
    (date(2017, 1, 1), date(2017, 12, 31)), (date(2016, 11, 20), date(2017, 3, 2)),
    (date(2014, 5, 1), date(2018, 2, 1)), (date(2017, 3, 3), date(2017, 3, 20)),
    (date(1950, 1, 1), date(2024, 6, 1)), (date(2017, 6, 1), date(2018, 6, 1))])
def test_every_tick_label_carries_a_year_and_ticks_are_in_range(start, end):
    ticks = axis_ticks(start, end)
    assert 1 <= len(ticks) <= 12
    for day, label in ticks:
        assert YEAR.search(label), label
        assert start <= day <= end


def test_month_ticks_under_a_year_year_ticks_above():
    months = axis_ticks(date(2017, 1, 1), date(2017, 12, 31))
    assert [lbl.split()[0] for _, lbl in months] == ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug",
                                                     "Sep", "Oct", "Nov", "Dec"]
    years = axis_ticks(date(2014, 5, 1), date(2018, 2, 1))
    assert [lbl for _, lbl in years] == ["2015", "2016", "2017", "2018"]
    assert all(d.month == 1 and d.day == 1 for d, _ in years)


def test_vega_axis_labels_by_value():
    axis = vega_axis(date(2017, 1, 1), date(2017, 4, 15))
    assert axis["values"] == ["2017-01-01T00:00:00", "2017-02-01T00:00:00", "2017-03-01T00:00:00",
                              "2017-04-01T00:00:00"]
    assert axis["format"] == "%b %Y" and vega_axis(date(2014, 5, 1), date(2018, 2, 1))["format"] == "%Y"
    assert vega_axis(date(2017, 3, 3), date(2017, 3, 20))["format"] == "%-d %b %Y"


def test_next_and_previous_change():
    days = [date(2017, 6, 9), date(2017, 1, 5), date(2017, 3, 1), date(2017, 3, 1), None]
    assert next_change(date(2017, 1, 5), days) == date(2017, 3, 1)
    assert next_change(date(2017, 6, 9), days) is None
    assert previous_change(date(2017, 3, 1), days) == date(2017, 1, 5)
    assert previous_change(date(2017, 1, 5), days) is None
    assert next_change(date(2017, 1, 1), []) is None


def test_slider_step_moves_visibly_on_long_ranges():
    assert slider_step((date(2017, 1, 1), date(2017, 3, 1))) == timedelta(days=1)
    assert slider_step((date(2014, 1, 1), date(2018, 1, 1))) == timedelta(days=7)
    assert slider_step((date(1990, 1, 1), date(2020, 1, 1))) == timedelta(days=30)


def test_clamp_range_half_picked_and_out_of_span():
    span = (date(2017, 1, 1), date(2017, 12, 31))
    assert clamp_range((date(2017, 3, 1),), span) == (date(2017, 3, 1), date(2017, 12, 31))
    assert clamp_range((date(2016, 1, 1), date(2019, 1, 1)), span) == span
    assert clamp_range((date(2017, 5, 1), date(2017, 2, 1)), span) == (date(2017, 2, 1), date(2017, 5, 1))
    assert clamp_range((), span) == span and clamp_range(date(2017, 4, 4), span)[0] == date(2017, 4, 4)


def test_keyboard_snippet_does_not_splice_labels():
    snippet = keyboard_stepper_html("</script><b>", "Next ▶")
    assert "</script><b>" not in snippet and "ArrowRight" in snippet
