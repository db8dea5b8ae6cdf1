"""Hand-made places and events for geo/ tests (invented names, not from the seeds)."""
from __future__ import annotations

from gazetteer.records import Place
from timeline.records import Event

NORTH_TOWN = Place(name="Northtown", lat=36.50, lon=38.90, geonameid=9000001, country="SY")
RIVER_TOWN = Place(name="Rivertown", lat=35.10, lon=40.40, geonameid=9000002, country="SY")
HILL_VILLAGE = Place(name="Hill Village", lat=36.10, lon=37.20, geonameid=None, country="SY")
EAST_PROVINCE = Place(name="East Province", lat=36.40, lon=40.70, geonameid=9000003,
                      country="SY", feature_code="ADM1")
NEIGHBOUR = Place(name="Neighbourland", lat=39.0, lon=35.0, geonameid=9000004,
                  country="TR", feature_code="PCLI")
WEST_EDGE = Place(name="Date Line Isle", lat=-17.0, lon=-179.9, geonameid=9000005, country="FJ")


def control(id, place, date, *, frm=None, to=None, precision="day", status="reported",
            end=None, articles=("art-1",)) -> Event:
    return Event(id=id, type="control_change", evidence=f"evidence for {id} <b>&</b>",
                 article_ids=tuple(articles), date=date, end=end, precision=precision if date else None,
                 status=status, place=place, actor_from=frm, actor_to=to, report_date=date)


def displacement(id, origin, destination, date=None, *, magnitude=None, group="civilians",
                 precision="day", status="reported", articles=("art-1",), text=None) -> Event:
    return Event(id=id, type="displacement", evidence=f"people moved ({id})",
                 article_ids=tuple(articles), date=date, precision=precision if date else None,
                 status=status, origin=origin, destination=destination, group=group,
                 magnitude=magnitude, magnitude_text=text)
