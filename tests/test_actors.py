"""Actor lexicon: canonical names, aliases, case rules, user extensions, bad files."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from timeline.actors import ActorLexicon, load_actors

GOLD = Path(__file__).resolve().parent / "data" / "seeds_gold.json"


def found(text: str, lex: ActorLexicon | None = None) -> list[tuple[str, str]]:
    return [(a.canonical, a.surface) for a in (lex or load_actors()).find(text)]


def test_canonical_names_cover_the_usual_names():
    names = set(load_actors().names)
    expected = {"ISIS", "SDF", "YPG", "Syrian government", "Iraqi government", "US-led coalition",
                "Russia", "FSA", "Turkey", "Kurdish forces", "civilians", "HTS"}
    expected |= set(json.loads(GOLD.read_text(encoding="utf-8"))["actors"])   # the seeds' answer key
    assert expected <= names


@pytest.mark.parametrize("alias,canonical", [
    ("Daesh", "ISIS"), ("ISIL", "ISIS"), ("Islamic State", "ISIS"), ("islamic state", "ISIS"),
    ("Syrian Democratic Forces", "SDF"), ("YPJ", "YPG"), ("Peshmerga", "Kurdish forces"),
    ("Syrian regime forces", "Syrian government"), ("Iraqi troops", "Iraqi government"),
    ("U.S.-led coalition", "US-led coalition"), ("Turkish-backed Syrian forces", "SNA"),
    ("Free Syrian Army", "FSA"), ("Jabhat al-Nusra", "HTS"), ("Russian warplanes", "Russia"),
])
def test_aliases(alias, canonical):
    assert load_actors().canonical(alias) == canonical


@pytest.mark.parametrize("text,countries,canonical", [
    ("Regime forces retook the town.", ("SY",), "Syrian government"),
    ("Regime forces retook the town.", ("MM",), "Tatmadaw"),
    ("Turkish-backed rebels retook the town.", ("SY",), "SNA"),
    ("The army entered the town.", ("SD",), "SAF"),
    ("Rebels seized the town.", ("SY",), "FSA"),
    ("Rwanda-backed rebels seized the town.", ("CD",), "M23"),
    ("Pro-Russian separatists took the town.", ("UA",), "Russia"),
    ("Kurdish-led forces took the town.", ("SY",), "SDF"),
    ("The AA captured the town.", ("MM",), "Arakan Army"),
])
def test_a_description_names_the_actor_of_the_war_the_text_is_about(text, countries, canonical):
    assert [a.canonical for a in load_actors().find(text, countries=countries)] == [canonical]


def test_a_description_names_nobody_in_a_war_it_is_not_listed_for():
    # missing is honest: "regime forces" in a text about Ukraine, or with no place at all
    assert load_actors().find("Regime forces retook the town.", countries=("UA",)) == []
    assert load_actors().find("Regime forces retook the town.") == []
    assert load_actors().canonical("regime forces") is None
    # bare "rebels" in Congo may be M23, the ADF or CODECO: none is named
    assert load_actors().find("Rebels seized the town.", countries=("CD",)) == []
    # an acronym that means another thing elsewhere: "AA" outside Myanmar
    assert load_actors().find("AA guns fired on the town.", countries=("UA",)) == []


def test_a_named_patron_and_client_is_the_client():
    hits = load_actors().find("Turkey-backed Syrian forces took the town.", countries=("SY",))
    assert [a.canonical for a in hits] == ["SNA"]


def test_they_and_the_troops_refer_back_to_the_last_side_named():
    hits = load_actors().find("Russian forces shelled the town. Later they entered it, and the troops stayed.")
    assert [(a.canonical, a.surface, a.anaphor) for a in hits] == [
        ("Russia", "Russian forces", False), ("Russia", "they", True), ("Russia", "the troops", True)]
    # civilians named last: "they" stays unresolved; and no reference crosses a paragraph
    assert [a.surface for a in load_actors().find("IS shelled it. Residents fled. They hid.")] == ["IS", "Residents"]
    assert [a.surface for a in load_actors().find("IS shelled it.\nThey left.")] == ["IS"]


def test_capitals_only_aliases_are_case_sensitive():
    assert found("Is it over? The town is calm.") == []
    assert found("IS fighters left.") == [("ISIS", "IS fighters")]


def test_longest_alias_wins_and_offsets_are_exact():
    text = "The U.S.-led coalition struck positions of the Syrian Democratic Forces’ rivals."
    hits = load_actors().find(text)
    assert [(a.canonical, text[a.start:a.end]) for a in hits] == [
        ("US-led coalition", "U.S.-led coalition"), ("SDF", "Syrian Democratic Forces")]


def test_name_used_as_modifier_is_marked():
    hits = load_actors().find("They fled the IS-held town.")
    assert [(a.canonical, a.modifier) for a in hits] == [("ISIS", True)]


def test_the_group_refers_to_the_last_armed_group():
    hits = load_actors().find("Daesh lost ground. Later the group withdrew.")
    assert [(a.canonical, a.surface, a.anaphor) for a in hits] == [("ISIS", "Daesh", False), ("ISIS", "the group", True)]
    assert load_actors().find("Later the group withdrew.") == []


def test_user_file_adds_actors_and_aliases(tmp_path, monkeypatch):
    f = tmp_path / "mine.csv"
    f.write_text("canonical,aliases,kind\nTiger Brigade,Tigers|Tiger militia,militia\nISIS,Daech,armed_group\n")
    lex = load_actors(f)
    assert lex.canonical("Tigers") == "Tiger Brigade" and lex.kind("Tiger Brigade") == "militia"
    assert lex.canonical("Daech") == "ISIS" and lex.canonical("Daesh") == "ISIS"
    assert load_actors().canonical("Tigers") is None          # the default lexicon is unchanged
    monkeypatch.setenv("CONFLICTMAP_ACTORS", str(f))
    assert load_actors().canonical("Tiger militia") == "Tiger Brigade"


def test_bad_user_files_name_the_file_and_reason(tmp_path):
    with pytest.raises(ValueError, match=r"missing\.csv.*cannot read"):
        load_actors(tmp_path / "missing.csv")
    bad = tmp_path / "noheader.csv"
    bad.write_text("Tiger Brigade,Tigers\n")
    with pytest.raises(ValueError, match=r"noheader\.csv.*header"):
        load_actors(bad)
    empty = tmp_path / "noname.csv"
    empty.write_text("canonical,aliases,kind\n,Tigers,militia\n")
    with pytest.raises(ValueError, match=r"noname\.csv.*row 2"):
        load_actors(empty)


def test_syrian_and_iraqi_factions_by_name():
    lex = load_actors()
    found = lambda t: [a.canonical for a in lex.find(t, countries=("SY",))]  # noqa: E731
    assert found("Ahrar al-Sham and Jaysh al-Islam fighters took the town.") == ["FSA", "FSA"]
    assert found("Liwa al-Quds and the Desert Hawks advanced.") == ["Syrian government", "Syrian government"]
    assert found("Hurras al-Din attacked.") == ["al-Qaeda"]
    assert [a.canonical for a in lex.find("The Badr Organization entered the town.", countries=("IQ",))] == ["PMF"]
    # generic words stay generic: "the southern front" is no faction
    assert [a.canonical for a in lex.find("On the southern front, Iraqi forces advanced.", countries=("IQ",))] == \
        ["Iraqi government"]


def test_units_named_by_who_they_are_in_the_war_in_ukraine():
    lex = load_actors()
    in_ukraine = lambda t: [a.canonical for a in lex.find(t, countries=("UA",))]  # noqa: E731
    assert in_ukraine("Chechen fighters and the VDV entered the town.") == ["Russia", "Russia"]
    assert in_ukraine("Territorial defence units held the bridge.") == ["Ukraine"]
    # Chechen fighters elsewhere are no side of Russia's
    assert [a.canonical for a in lex.find("Chechen fighters entered the town.", countries=("SY",))] == []


@pytest.mark.parametrize("text,expected", [
    # a Russian agency's legal aside names no party
    ("Militants of the Islamic State terrorist group (outlawed in Russia) recaptured Palmyra.",
     [("ISIS", "Islamic State")]),
    ("Militants of Hayat Tahrir al-Sham (a terrorist organisation banned in Russia) withdrew.",
     [("HTS", "Hayat Tahrir al-Sham")]),
    # a dateline's country is where the report was filed from
    ("MOSUL, Iraq (Reuters) - Sunni Islamist militants overran the city.", []),
    ("KYIV, Ukraine, Feb 17 (Reuters) - Russian forces captured Avdiivka.", [("Russia", "Russian forces")]),
    # a country in the story itself stays
    ("Iraq said its troops retook the town (Reuters).", [("Iraqi government", "Iraq"), ("Iraqi government", "its troops")]),
])
def test_legal_asides_and_datelines_name_no_side(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize("text,expected", [
    # "the fighters" / "the forces" are not the side last named as fleeing or killed
    ("YPG fighters liberated the town today, after ISIS mercenaries fled towards Ain Issa. "
     "The fighters entered the town at dawn.", "YPG"),
    ("The Federal Police seized the airport on Thursday. The statement said the forces raised the flag after killing "
     "dozens of Daesh terrorists. On Monday, the forces had taken the hill.", "Iraqi government"),
    ("The Islamic State took the city after the fighters of Jabhat al-Nusra and other Islamic factions withdrew from it. "
     "Late last month the organization also took Albu Kamal.", "ISIS"),
])
def test_a_reference_back_skips_the_side_that_fled_or_was_killed(text, expected):
    assert [a.canonical for a in load_actors().find(text, countries=("SY", "IQ")) if a.anaphor][-1] == expected


@pytest.mark.parametrize("text,expected", [
    # a coalition the lexicon lacks, "led by" a side it knows, is the leader
    ("On 25 April 2015, Jaish al-Fatah, led by Jabhat al-Nusra, seized Jisr al-Shughur.",
     [("HTS", "Jaish al-Fatah"), ("HTS", "Jabhat al-Nusra")]),
    # a side it knows stays its own
    ("The SDF, led by the YPG, took Manbij.", [("SDF", "SDF"), ("YPG", "YPG")]),
])
def test_an_unknown_coalition_led_by_a_known_side(text, expected):
    assert found(text) == expected


def test_the_group_refers_to_the_militants_just_referred_to_not_a_regular_force_named_between():
    from timeline.actors import load_actors
    t = ("Islamic State fighters overran Mosul on 10 June 2014. The next day the jihadists took Tikrit, and on the "
         "12th Kurdish Peshmerga moved into Kirkuk to keep it out of the militants' hands. Tal Afar fell to the group on 16 June.")
    found = {a.surface: a.canonical for a in load_actors().find(t, countries=("IQ",))}
    assert found["the militants"] == "ISIS" and found["the group"] == "ISIS", found


def test_a_generic_word_refers_to_the_group_the_text_called_by_it():
    # "the terrorist organization" is the group called terrorists, not the side that spoke last
    lex = load_actors()
    t = ("The Syrian National Army has cleared Tal Rifaat of PKK/YPG terrorists, the SNA command said on Monday. "
         "The terrorist organization had occupied Tal Rifaat since February 2016.")
    got = {a.surface: a.canonical for a in lex.find(t, countries=("SY",))}
    assert got["The terrorist organization"] == "YPG", got


@pytest.mark.parametrize("text, want", [
    ("Kyiv says its troops left Soledar.", [("Ukraine", "Kyiv"), ("Ukraine", "its troops")]),
    ("Moscow also claimed in December to have captured Marinka.", [("Russia", "Moscow")]),
    ("Government forces are back in Kemise, Addis Ababa says.", [("ENDF", "Government forces"), ("ENDF", "Addis Ababa")]),
    # the city, after a preposition or before no verb of a side's
    ("Thousands fled to Kyiv and Moscow's markets were closed.", []),
    ("Kyiv was shelled overnight.", []),
])
def test_a_seat_of_government_as_a_clauses_subject_is_its_state(text, want):
    countries = ("ET",) if "Addis" in text else ("UA",)
    got = [(a.canonical, a.surface) for a in load_actors().find(text, countries=countries)]
    assert got == want


def test_its_forces_are_the_clause_subjects_not_the_sentence_openers():
    t = "Russia claimed Soledar on 13 January; Kyiv acknowledged its troops' withdrawal from the town."
    got = [(a.canonical, a.surface) for a in load_actors().find(t, countries=("UA",))]
    assert got[-1] == ("Ukraine", "its troops"), got


@pytest.mark.parametrize("text, countries, want", [
    # a sentence opening with "Their" refers back itself: "they" after its colon is the side before
    ("In late December the Giants Brigades moved into Shabwa governorate to reverse the gains the Houthis "
     "had made there. Their first target was the Bayhan district: on 1 January they captured Usaylan, and "
     "over the following days they retook Ain.", ("YE",), ["STC", "STC"]),
    # "and" with a time before "they": the first clause's subject, not the side it fought
    ("By late July the Fano militias were fighting the federal army across the region, and in early August "
     "they briefly took control of Lalibela.", ("ET",), ["Fano"]),
    # Yemen's government by its president's name
    ("On 14 July pro-Hadi forces launched Operation Golden Arrow. Within three days they had retaken "
     "the airport.", ("YE",), ["Yemeni government", "Yemeni government"]),
    # the side opening the last clause "and" joins to the sentence before
    ("Three days later the army's 1st Infantry Division withdrew from its base, and on 18 December the "
     "paramilitaries took control of Wad Madani. In the following weeks they spread across Gezira.", ("SD",), ["RSF"]),
    # "them" as the doer of the verb after it
    ("The Syrian Army conducted an offensive that saw them capture the city of Dayr Hafir.", ("SY",),
     ["Syrian government"]),
])
def test_they_refers_to_the_side_the_sentences_before_are_about(text, countries, want):
    got = [a.canonical for a in load_actors().find(text, countries=countries)
           if a.anaphor or a.surface.startswith("pro-")]
    assert got == want, got


def test_the_army_is_the_states_not_a_group_named_an_army():
    t = ("On 19 July rebel units of the Free Syrian Army entered the city. The army, reinforced from Idlib, "
         "began a counter-offensive.")
    got = [(a.canonical, a.surface) for a in load_actors().find(t, countries=("SY",))]
    assert got == [("FSA", "Free Syrian Army"), ("Syrian government", "The army")], got


@pytest.mark.parametrize("text, countries, want", [
    # "the same factions" refers back to the side named before, not to what "factions" alone describes
    ("The Turkish-backed Syrian National Army swept into Tal Rifaat. Within two days thousands were on the road. "
     "Eight days later the same factions took Manbij from the SDF.", ("SY",), "SNA"),
    # and to the side the sentence before is about, not the last one it names
    ("Forces aligned with Libya's internationally recognised government said they had captured al-Watiya air base, "
     "the last foothold of Khalifa Haftar's eastern forces. The same forces seized Sabratha on April 13.",
     ("LY",), "Libyan government"),
    # the side last called by the same word, past a sentence about the other side
    ("On 14 July pro-Hadi forces launched Operation Golden Arrow and retook Aden. The Houthis withdrew northwards. "
     "On 4 August the same forces captured the al-Anad air base.", ("YE",), "Yemeni government"),
])
def test_the_same_forces_refer_back_to_the_side_before(text, countries, want):
    same = [a for a in load_actors().find(text, countries=countries) if a.surface.lower().startswith("the same")]
    assert [(a.canonical, a.anaphor) for a in same] == [(want, True)]


def test_the_ethnic_armed_group_refers_back_to_the_group_named_before():
    text = ("Myanmar's military regained control of Lashio after the Myanmar National Democratic Alliance Army "
            "pulled out, eight months after the ethnic armed group seized the city.")
    assert [(a.canonical, a.anaphor) for a in load_actors().find(text, countries=("MM",))
            if a.surface.startswith("the ethnic")] == [("MNDAA", True)]


def test_a_generic_word_of_a_named_side_is_that_side():
    text = "Factions of the Syrian National Army took control of the town of Tal Rifaat."
    assert [a.canonical for a in load_actors().find(text, countries=("SY",))] == ["SNA", "SNA"]

