"""Which mentions are where an event happens: markers, lists, parts of names, the title's place."""
from __future__ import annotations

import pytest

from gazetteer.records import Mention, Place
from timeline.event_places import coordinated, coordinated_before, marker, place_refs, title_topic


@pytest.mark.parametrize("before,expected", [
    ("captured the town of ", ""),
    ("captured 40% of ", ""),
    ("captured three villages, including ", ""),
    ("captured two villages (", ""),
    ("captured 4 villages from ISIS: ", ""),        # the list the villages stand for
    ("captured 23 villages in ", "|"),               # unnamed villages near X, not X
    ("overran its base in ", ""),
    ("advanced south of ", "near"),
    ("fled to ", "to"),
    ("pushed them out of ", "from"),
])
def test_the_preposition_a_verb_reaches_a_place_by(before, expected):
    text = before + "Placename"
    assert marker(text, 0, len(before)) == expected


def _refs(text: str, names: list[str]):
    out = []
    for k, name in enumerate(names):
        a = text.index(name)
        m = Mention(name, a, a + len(name), Place(name, 35.0 + k, 38.0, 100 + k, "SY"), 0.9)
        out.append(m)
    return place_refs(text, out)


def test_lists_of_places_after_and_before_a_verb():
    text = "Rebels captured Kafr Nabl, Maarat and Saraqib. Tal Abyad and Suluk fell to the SDF."
    refs = _refs(text, ["Kafr Nabl", "Maarat", "Saraqib", "Tal Abyad", "Suluk"])
    after = coordinated(text, refs, refs[0], text.index("."))
    assert [text[r.start:r.end] for r in after] == ["Kafr Nabl", "Maarat", "Saraqib"]
    before = coordinated_before(text, refs, refs[4], text.index("Tal"))
    assert [text[r.start:r.end] for r in before] == ["Tal Abyad", "Suluk"]


@pytest.mark.parametrize("text,name,is_part", [
    ("ISIL again captured the village of Tall Battal, west of the town.", "Battal", True),
    ("Hamam al-Alil was fully captured by pro-government forces.", "Hamam", True),
    ("The rebels recaptured the Scientific Research area.", "Research", True),
    ("The rebels recaptured Maskanah on Friday.", "Maskanah", False),
    ("On Friday Maskanah fell.", "Maskanah", False),
    ("In northern Idlib the army advanced.", "Idlib", False),
])
def test_a_part_of_a_longer_name_is_no_place_of_an_event(text, name, is_part):
    ref = _refs(text, [name])[0]
    assert (ref.context == "part of a name") is is_part


class _TitleGazetteer:
    """Stands in for the gazetteer's finder on a title: one town, one country."""

    def find_places(self, text):
        out = []
        for name, place in (("Kharkiv", Place("Kharkiv", 50.0, 36.2, 1, "UA")),
                            ("Ukraine", Place("Ukraine", 49.0, 32.0, 2, "UA", feature_code="PCLI"))):
            if name in text:
                a = text.index(name)
                out.append(Mention(name, a, a + len(name), place, 0.9))
        return out


def test_the_city_means_the_title_place_when_the_paragraph_names_none():
    gz = _TitleGazetteer()
    topic = title_topic("battle of kharkiv (2022)", "The city was shelled.", gz)
    assert topic is not None and topic.place.name == "Kharkiv"
    assert title_topic("Battle of Kharkiv", "Battle of Kharkiv\nThe city was shelled.", gz) is None
    text = "Russian forces captured the city on 1 March."
    refs = place_refs(text, [], topic=topic)
    assert [(text[r.start:r.end], r.place.name, r.anaphor) for r in refs] == [("the city", "Kharkiv", True)]
