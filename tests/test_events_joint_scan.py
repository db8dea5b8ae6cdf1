"""The second speed pass of extraction (issue 5) gives what the forms it replaced give.

One automaton pass (`CueLexicon.joint_scan`) now finds cue first words, status
phrases and actor aliases together; place roles read the text between offsets
instead of slices; a cue that only says who is out to take a place no longer
builds events; quantities are read over the lowercased text.  A few tests run
the new path and the old one side by side, on sentences written for these tests
(line breaks inside names, typographic apostrophes, capitals-only aliases inside
words); the others test what the paths find.
"""
from __future__ import annotations

from gazetteer.records import Mention, Place
from timeline.actors import ActorLexicon, load_actors
from timeline.cues import load_cues
from timeline.event_places import place_refs
from timeline.events import extract_events
from timeline.events import magnitude as events_magnitude
from timeline.records import Article

TEXTS = [
    "This is what the Islamic\nState did: ISIS fighters couldn’t hold the village, and it isn’t theirs.",
    "The SDF's units didn't leave; the Syrian army couldn't retake the town within days.",
    "Rebels recaptured the hilltop and families fled; IS-held areas emptied as the militants withdrew.",
    "His crisis is this: the YPG and the Free Syrian\tArmy may not enter, said an official.",
    "Government forces were expected to\nreach the camp, according to the group, which denied it.",
    "Hundreds of civilians were evacuated to the north; the jihadists had controlled it since 2014.",
    "IS-held towns, the .IS and ’IS’ or IS_2 units; in-fighting in.the 'in' crowd, _in, if-then, iF, IF and If.",
    "IS\nfighters left in\tthe night, as IS did in 2015 (IS) and in [IS]: in.",
]


def _separate(text: str, actors: ActorLexicon):
    """Cues, status phrases and actors as each lexicon finds them on its own."""
    cues, low = load_cues(), text.lower()
    return (cues.find_event_cues(text, low=low), cues.status_hits(text, low=low), actors.find(text, low=low))


def _joint(text: str, actors: ActorLexicon):
    cues, low = load_cues(), text.lower()
    joint = cues.joint_scan(text, low, actors)
    assert joint is not None
    return (cues.find_event_cues(text, low=low, first_hits=joint.first_words),
            cues.status_hits(text, low=low, raw=joint.status),
            actors.find(text, low=low, raw=joint.actors))


def test_joint_scan_finds_what_the_separate_passes_find():
    actors = load_actors()
    for text in TEXTS:
        assert _joint(text, actors) == _separate(text, actors), text


def test_joint_scan_finds_something_and_keeps_what_only_line_breaks_allowed_out():
    actors = load_actors()
    cues, actor_hits = _joint(TEXTS[0], actors)[0], _joint(TEXTS[0], actors)[2]
    # "Islamic\nState" is not the alias "islamic state"; "IS" in "This" and "crisis" is no actor
    assert [a.surface for a in actor_hits] == ["ISIS fighters"]
    assert cues == _separate(TEXTS[0], actors)[0]
    status = _joint(TEXTS[1], actors)[1]
    assert status, "the plain apostrophes of didn't / couldn't are status phrases"


def test_joint_scan_follows_a_changed_actor_lexicon():
    lexicon = ActorLexicon()
    lexicon.add("Northern Brigade", ["Northern Brigade", "NBX"], "armed_group")
    text = "The NBX and the northern\nbrigade left; the Northern Brigade stayed, the nbx did not."
    first = _joint(text, lexicon)[2]
    assert [a.surface for a in first] == ["NBX", "Northern Brigade"]
    lexicon.add("Coastal Front", ["Coastal Front"], "armed_group")      # the aliases change
    text2 = text + " The Coastal Front came."
    assert _joint(text2, lexicon) == _separate(text2, lexicon)
    assert [a.canonical for a in _joint(text2, lexicon)[2]][-1] == "Coastal Front"


def test_joint_scan_stands_aside_when_lowering_changes_the_length():
    text = "İstanbul fighters fled."           # "İ".lower() is two characters
    assert load_cues().joint_scan(text, text.lower(), load_actors()) is None


def test_magnitude_is_read_whatever_the_case_of_the_words():
    readings = {"Up to 400 Civilians": (400, "Up to 400 Civilians"),
                "More Than 2,500 residents": (2500, "More Than 2,500 residents"),
                "DOZENS OF Kurdish families": (None, "DOZENS OF Kurdish families"),
                "a Few Hundred People": (None, "a Few Hundred People"),
                "the TENS OF THOUSANDS of people": (None, "TENS OF THOUSANDS of people"),
                "brone families": (None, None)}
    for text, reading in readings.items():
        g0 = text.rfind(" ") + 1
        assert events_magnitude._magnitude(text, g0, len(text), text.lower()) == reading, text
        assert events_magnitude._magnitude(text, g0, len(text)) == reading, text   # the text lowered here


def _mention(text: str, name: str, gid: int, code: str = "PPL", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = text.index(name, start + 1)
    return Mention(name, start, start + len(name), Place(name, 35.0 + gid / 100, 36.0, gid, "SY", code), 0.9)


def test_place_roles_read_between_offsets():
    text = ("ALDORA - Fighters took Bexley on Monday. Carvon said Bexley's fall mattered.\n"
            "Dunmore Media Center staff left Bexley for the road to Essel and the Farrow border.")
    ms = [_mention(text, "ALDORA", 1), _mention(text, "Bexley", 2), _mention(text, "Carvon", 3),
          _mention(text, "Bexley", 2, nth=1), _mention(text, "Dunmore", 4), _mention(text, "Bexley", 2, nth=2),
          _mention(text, "Essel", 5), _mention(text, "Farrow", 6)]
    roles = [(text[r.start:r.end], r.context) for r in place_refs(text, ms)]
    assert roles == [("ALDORA", "dateline"), ("Bexley", None), ("Carvon", "speaker"), ("Bexley", None),
                     ("Dunmore", "organisation"), ("Bexley", None), ("Essel", "route"), ("Farrow", "border")]
    # the same with the lowercased text given, and with one whose length differs from the text's
    assert place_refs(text, ms, low=text.lower()) == place_refs(text, ms)
    assert place_refs(text, ms, low=text.lower() + "x") == place_refs(text, ms)


def test_an_intention_still_names_who_took_the_place():
    text = ("The Northern Brigade launched an offensive to recapture Bexley. "
            "Bexley was captured on Friday after heavy fighting.")
    lexicon = ActorLexicon()
    lexicon.add("Northern Brigade", ["Northern Brigade"], "armed_group")
    ms = [_mention(text, "Bexley", 2), _mention(text, "Bexley", 2, nth=1)]
    art = Article.from_text(text, title="t", published="2020-05-02", published_precision="day")
    events = extract_events(art, ms, [], lexicon)
    assert [(e.type, e.place.name, e.actor_to, e.evidence_start) for e in events] == \
        [("control_change", "Bexley", "Northern Brigade", text.index("Bexley was"))]
