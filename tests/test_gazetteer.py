"""The gazetteer on sentences written for these tests (not taken from the sample articles).

The index is compiled once per machine (cached on disk) and loaded once per process.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from geopy.distance import great_circle

from gazetteer import DataFileError, load_gazetteer
from gazetteer.index import data_fingerprint, load_index
from gazetteer.normalize import loose_key, name_key
from gazetteer.overrides import add_place, read_overrides

GOLD = Path(__file__).resolve().parent / "data" / "seeds_gold.json"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def places(gz, text):
    return [(m.surface, m.place.country if m.place else None, m.kind) for m in gz.find_places(text)]


# -- keys ----------------------------------------------------------------------------
@pytest.mark.parametrize("a, b", [
    ("Tell Abyad", "Tall Abyaḑ"),
    ("Ain Eissa", "‘Ayn ‘Īsá"),
    ("Deir al-Zour", "Dayr az Zur"),
    ("Raqqah", "al-Raqqa"),
    ("Meyadeen", "Al Mayādīn"),
])
def test_loose_key_meets_transliteration_variants(a, b):
    assert loose_key(name_key(a)) == loose_key(name_key(b))


def test_name_key_folds_case_diacritics_and_separators():
    assert name_key("Serêkaniyê") == "serekaniye"
    assert name_key("Deir ez-Zor") == name_key("deir ez zor")
    assert name_key("Suruç") == "suruc"


def test_loose_key_keeps_different_names_apart():
    assert loose_key(name_key("Homs")) != loose_key(name_key("Hama"))


# -- finding -------------------------------------------------------------------------
def test_spans_are_exact_offsets_in_the_original_text(gz):
    text = "After a week of shelling, fighters left Manbij for Ras el-Ain and ‘Ayn ‘Īsá."
    found = gz.find_places(text)
    assert [m.surface for m in found] == ["Manbij", "Ras el-Ain", "‘Ayn ‘Īsá"]
    for m in found:
        assert text[m.start:m.end] == m.surface
        assert m.place.country == "SY"


def test_kurdish_and_press_spellings_resolve_to_the_same_town(gz):
    a = gz.find_places("Convoys reached Serêkaniyê at dawn.")[0].place
    b = gz.find_places("Convoys reached Ras al-Ain at dawn.")[0].place
    assert a.geonameid == b.geonameid
    assert gz.find_places("Shops reopened in Qamishlo.")[0].place.geonameid == gz.lookup("Al Qāmishlī")[0].geonameid


def test_demonyms_are_country_mentions(gz):
    found = gz.find_places("Syrian and Turkish troops exchanged fire while Iraqis watched.")
    assert [(m.surface, m.kind, m.place.country, m.place.feature_code) for m in found] == [
        ("Syrian", "demonym", "SY", "PCLI"), ("Turkish", "demonym", "TR", "PCLI"),
        ("Iraqis", "demonym", "IQ", "PCLI")]


def test_province_governorate_and_countryside_resolve_to_the_admin_area(gz):
    text = ("Families fled to Daraa province, others to the countryside of Idlib "
            "and to Deir Ezzor governorate; Homs countryside stayed calm.")
    admin = [m for m in gz.find_places(text) if m.kind == "admin"]
    assert [m.surface for m in admin] == ["Daraa province", "countryside of Idlib",
                                          "Deir Ezzor governorate", "Homs countryside"]
    for m in admin:
        assert m.place.feature_code == "ADM1" and m.place.country == "SY" and m.place.admin1
        assert text[m.start:m.end] == m.surface
        assert m.confidence > 0.8


def test_a_town_and_its_province_are_different_places(gz):
    town = gz.find_places("Shelling hit Hama on Monday.")[0]
    area = gz.find_places("Shelling hit Hama province on Monday.")[0]
    assert town.place.feature_code.startswith("PPL") and town.kind == "toponym"
    assert area.place.feature_code == "ADM1" and area.kind == "admin"
    assert (town.place.country, town.place.admin1) == (area.place.country, area.place.admin1)


def test_common_words_do_not_become_places(gz):
    assert gz.find_places("Police said the Best option gave Hope to Union members. Of course.") == []
    assert places(gz, "The Axis forces in Africa withdrew into Tunisia.") == [("Africa", None, "toponym"),
                                                                             ("Tunisia", "TN", "toponym")]


def test_a_headlines_label_that_is_a_given_name_is_the_city(gz):
    assert places(gz, "Goma: thousands cross into Gisenyi")[0][:2] == ("Goma", "CD")
    assert gz.find_places("Goma said the talks had failed.") == []


def test_a_site_noun_after_a_town_is_no_place_of_its_own(gz):
    found = places(gz, "Iraqi forces retook the key Haditha Dam and the Baiji Refinery.")
    assert found == [("Iraqi", "IQ", "demonym"), ("Haditha", "IQ", "toponym"), ("Baiji", "IQ", "toponym")]


def test_a_big_city_spelled_like_a_word_is_still_found_mid_sentence(gz):
    found = gz.find_places("She flew from Nice to Reading on a budget airline.")
    assert [(m.surface, m.place.country) for m in found] == [("Nice", "FR"), ("Reading", "GB")]
    assert gz.find_places("Reading the report took an hour.") == []


def test_person_names_are_not_places(gz):
    text = ("Army Colonel Mark Tyler said the convoy had left. Mr. Lincoln smiled. "
            "Sheikh Abu Hamza spoke to reporters, and Sergeant Murray agreed.")
    assert places(gz, text) == []


def test_a_surname_of_someone_named_in_full_is_a_person_but_a_placed_town_is_not(gz):
    found = places(gz, "Senator Jackson praised the plant in Jackson, Mississippi, before Jackson left.")
    assert ("Jackson", "US", "toponym") in found
    assert sum(1 for s, *_ in found if s == "Jackson") == 1


def test_speakers_are_not_places(gz):
    assert gz.find_places("Later, Henderson said the deal was off.") == []


def test_acronyms_are_not_places_unless_listed(gz):
    found = places(gz, "The ISIS and SDF statements came as the UN and AP reported. The UAE and the US agreed.")
    assert found == [("UAE", "AE", "toponym"), ("US", "US", "toponym")]


def test_all_capital_dateline_is_a_place(gz):
    m = gz.find_places("DAMASCUS — Government forces shelled the eastern suburbs.")[0]
    assert (m.surface, m.place.country, m.start) == ("DAMASCUS", "SY", 0)
    # a wire's date between the country and the agency, and a four-letter town name
    m = gz.find_places("ADRE, Chad, Nov 10 (AP) - More people crossed.")[0]
    assert (m.surface, m.place.country) == ("ADRE", "TD")


def test_a_country_that_is_a_given_name_before_at_and_a_town(gz):
    # "Chad" is a given name too, and the finder reads "at" as an Arabic article: still a
    # country, then a town, not a person "Chad" with a surname
    found = [(m.place.name, m.place.country) for m in gz.find_places("People crossed into Chad at Adre.")]
    assert found == [("Chad", "TD"), ("Adré", "TD")]


@pytest.mark.parametrize("text,expected", [
    # a country's possessive ends the name: not "Sudan's El" read loosely as Sudan, then "Fasher"
    ("Fighting raged in Sudan's El Fasher.", [("Sudan", "Sudan"), ("El Fasher", "El Fasher")]),
    # "Chad" is a given name too, but a name after a possessive is owned, not a surname
    ("Refugees streamed into Chad's Adre.", [("Chad", "Chad"), ("Adre", "Adré")]),
    ("Refugees streamed into Chad’s Abeche.", [("Chad", "Chad"), ("Abeche", "Abéché")]),
    ("Rebels entered Idlib's Saraqib.", [("Idlib", "Idlib"), ("Saraqib", "Saraqib")]),
    # a transliteration's apostrophe is no possessive
    ("Troops entered Ra's al-Ayn.", [("Ra's al-Ayn", "Ras al-Ain")]),
])
def test_a_possessive_after_a_country_or_area_ends_the_name(gz, text, expected):
    assert [(m.surface, m.place.name) for m in gz.find_places(text)] == expected


@pytest.mark.parametrize("text,expected", [
    # French particles inside a name: "au", "à", and "d'" glued to the next word
    ("Gangs cut the roads out of Port-au-Prince.", [("Port-au-Prince", "Port-au-Prince")]),
    ("Refugees reached Côte d'Ivoire on Monday.", [("Côte d'Ivoire", "Ivory Coast")]),
    ("Flights landed in Pointe-à-Pitre.", [("Pointe-à-Pitre", "Pointe-à-Pitre")]),
    # a particle only joins capitalised words: "Paris" alone, not "Paris au"
    ("They met in Paris au printemps with Hinche officials.", [("Paris", "Paris"), ("Hinche", "Hinche")]),
])
def test_french_particles_stay_inside_a_name(gz, text, expected):
    assert [(m.surface, m.place.name) for m in gz.find_places(text)] == expected


@pytest.mark.parametrize("text,expected", [
    ("Somali troops took Ceel Buur from al-Shabaab.", [("Somali", "Somalia"), ("Ceel Buur", "Ceelbuur")]),
    ("Thousands fled to Pétion-Ville.", [("Pétion-Ville", "Pétionville")]),
])
def test_two_words_the_gazetteer_writes_as_one_are_one_name(gz, text, expected):
    assert [(m.surface, m.place.name) for m in gz.find_places(text)] == expected


@pytest.mark.parametrize("text,expected", [
    # an article only Arabic writes names a place the gazetteer writes with one, assimilated or not
    ("Turkish-backed rebels captured the town of al-Rai from ISIL on 27 August.",
     [("Turkish", "Turkey"), ("al-Rai", "Ar Rā‘ī")]),
    # not a place of the same name without it ("Kindi", Burkina Faso)
    ("Iraqi forces captured the al-Kindi district of Mosul.", [("Iraqi", "Iraq"), ("Mosul", "Mosul")]),
])
def test_a_name_after_an_arabic_article_is_an_arabic_name(gz, text, expected):
    assert [(m.surface, m.place.name) for m in gz.find_places(text)] == expected


# -- choosing ------------------------------------------------------------------------
def test_document_focus_picks_the_syrian_palmyra(gz):
    m = gz.find_places("Rebels retreated from Palmyra toward Homs and Deir ez-Zor.")[0]
    assert m.place.country == "SY"
    assert any(a.country == "US" for a in m.alternatives)


def test_containment_picks_the_american_palmyra(gz):
    m = gz.find_places("The orchestra played in Palmyra, New York, last week.")[0]
    assert m.place.country == "US"


def test_population_prior_picks_paris_france_without_other_evidence(gz):
    m = gz.find_places("The museum in Paris reopened after the attacks.")[0]
    assert m.place.country == "FR" and m.place.feature_code == "PPLC"
    assert 0 < m.confidence < 1 and m.alternatives


def test_x_comma_state_overrides_the_prior(gz):
    m = gz.find_places("The museum in Paris, Texas, reopened.")[0]
    assert (m.place.country, m.place.admin1) == ("US", "TX")


def test_every_mention_carries_a_confidence_and_beaten_alternatives(gz):
    for m in gz.find_places("Clashes spread from Aleppo to Tripoli and Alexandria."):
        assert 0.0 < m.confidence <= 1.0
        assert m.place not in m.alternatives


def test_resolve_spans_resolves_exactly_the_given_spans(gz):
    text = "Aid trucks crossed from Gaziantep into Azaz and then drove to Afrin."
    spans = [(24, 33), (39, 43), (62, 67)]
    out = gz.resolve_spans(text, spans)
    assert [(m.start, m.end, m.surface) for m in out] == [(s, e, text[s:e]) for s, e in spans]
    assert [m.place.country for m in out] == ["TR", "SY", "SY"]


def test_resolve_spans_falls_back_to_the_document_focus_with_low_confidence(gz):
    text = "Protesters gathered on Quwatli Boulevard in Damascus and in Homs."
    s = text.index("Quwatli Boulevard")
    out = gz.resolve_spans(text, [(s, s + len("Quwatli Boulevard")), (text.index("Damascus"), text.index("Damascus") + 8)])
    assert out[0].place.country == "SY" and out[0].confidence <= 0.2
    assert out[1].confidence > 0.5


def test_resolve_spans_rejects_spans_outside_the_text(gz):
    with pytest.raises(ValueError, match="outside the text"):
        gz.resolve_spans("short", [(2, 40)])


def test_lookup_gives_candidates_best_first_and_filters_by_country(gz):
    assert gz.lookup("Palmyra", country="SY")[0].name == "Tadmur"
    assert len(gz.lookup("Palmyra")) > 1
    assert gz.lookup("Turkish")[0].feature_code == "PCLI"
    assert gz.lookup("Xqzvwy") == []


def test_countries_and_admin_areas_are_places_with_codes(gz):
    tr = gz.lookup("Turkey")[0]
    assert (tr.feature_code, tr.country) == ("PCLI", "TR")
    ca = gz.lookup("California")[0]
    assert (ca.feature_code, ca.country, ca.admin1) == ("ADM1", "US", "CA")


# -- overrides -----------------------------------------------------------------------
def test_user_overrides_win_and_add_missing_villages(tmp_path):
    path = tmp_path / "places.csv"
    add_place(path, "Tal Samin", 36.15, 38.93, country="SY", aliases=["Tell Samin"])
    with open(path, "a", encoding="utf-8") as fh:  # point a name at a GeoNames place by id
        fh.write("Paris,,,,,,,,4717560,user\n")
    gz = load_gazetteer(path)
    found = gz.find_places("Villagers left Tell Samin for Paris.")
    assert (found[0].surface, found[0].place.name, found[0].confidence) == ("Tell Samin", "Tal Samin", 1.0)
    assert found[1].place.geonameid == 4717560 and found[1].place.country == "US"
    # the shared index is untouched: a gazetteer without overrides does not know the village
    assert load_gazetteer(None).lookup("Tal Samin") == []


def test_bad_overrides_file_names_the_file_and_line(tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text("name,aliases,lat,lon\nGood,,36.1,38.2\nBroken,,95.0,38.0\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"bad\.csv: line 3: coordinates out of range"):
        read_overrides(path)
    with pytest.raises(DataFileError, match="does not exist"):
        load_gazetteer(tmp_path / "missing.csv")


def test_add_place_validates_its_input(tmp_path):
    with pytest.raises(ValueError, match="country"):
        add_place(tmp_path / "p.csv", "X", 1.0, 2.0, country="Syria")
    with pytest.raises(ValueError, match="out of range"):
        add_place(tmp_path / "p.csv", "X", 100.0, 2.0)


# -- index ---------------------------------------------------------------------------
def test_index_is_cached_under_its_data_fingerprint():
    idx = load_index()
    assert idx.fingerprint == data_fingerprint()
    assert len(idx) > 200_000
    ids = idx.ids_for(name_key("Manbij"))
    assert ids and idx.country[ids[0]] == "SY"


# -- acceptance: the answer key of the sample articles --------------------------------
def test_every_gold_place_of_the_sample_articles_resolves_within_tolerance(gz):
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    missed = []
    for g in gold["places"]:
        found = gz.find_places((SEEDS / g["article"]).read_text(encoding="utf-8"))
        ok = False
        for m in found:
            if m.place is None or g["surface"].lower() not in m.surface.lower():
                continue
            if "country" in g:
                ok |= m.place.country == g["country"]
            else:
                ok |= great_circle((m.place.lat, m.place.lon), (g["lat"], g["lon"])).km <= g["tol_km"]
        if not ok:
            missed.append((g["article"], g["surface"]))
    assert missed == []


def test_place_records_round_trip_through_json(gz):
    m = gz.find_places("Fighting near Manbij.")[0]
    d = json.loads(json.dumps(m.to_dict()))
    assert math.isclose(d["place"]["lat"], m.place.lat) and d["kind"] == "toponym"


def test_one_gazetteer_serves_threads_with_the_same_answers(gz):
    from concurrent.futures import ThreadPoolExecutor
    docs = ["Shelling near Palmyra and Homs; Deir ez-Zor was quiet.",
            "The orchestra played in Palmyra, New York, and in Rochester.",
            "Convoys left Kilis for Azaz, then Afrin, in Aleppo province."] * 8
    expected = [[(m.start, m.place.geonameid, m.confidence) for m in gz.find_places(d)] for d in docs]
    with ThreadPoolExecutor(4) as pool:
        got = list(pool.map(lambda d: [(m.start, m.place.geonameid, m.confidence) for m in gz.find_places(d)], docs))
    assert got == expected
    assert expected[0][0][1] != expected[1][0][1]  # the two Palmyras really differ


@pytest.mark.parametrize("text,expected", [
    ("Sudan's army said it had driven the RSF out of the capital.", [("the capital", "Khartoum")]),
    # a demonym says whose capital, whatever else the text names
    ("Thousands fled the Sudanese capital for Adre in Chad.", [("the Sudanese capital", "Khartoum")]),
    # the phrase names its city itself, or means another capital: nothing
    ("Rebels entered the capital, Damascus, in Syria.", []),
    ("Tigrayan forces recaptured the regional capital in Ethiopia.", []),
    ("Fighting reached the capital of Gezira state in Sudan.", []),
    # a text about no one country: which capital, it does not say
    ("Russian troops left Ukraine and Belarus for the capital.", []),
    ("Syrian rebels entered the capital.", []),      # a demonym of the actors is not the text's country
])
def test_the_capital_is_the_capital_of_the_country_the_text_is_about(gz, text, expected):
    from gazetteer.references import capital_mentions
    got = capital_mentions(text, gz.find_places(text), gz)
    assert [(m.surface, m.place.name) for m in got] == expected
    assert all(m.kind == "capital" and text[m.start:m.end] == m.surface for m in got)


@pytest.mark.parametrize("text,name", [
    ("Fighting reached Mazar-e Sharif.", "Mazār-e Sharīf"),
    ("Fighting reached Mazar-i-Sharif.", "Mazār-e Sharīf"),
    ("Fighting reached Sar-e Pul.", "Sar-e Pul"),
    ("Fighting reached Qasr-e Shirin.", "Qaşr-e Shīrīn"),
])
def test_persian_names_with_the_ezafe_are_one_name(gz, text, name):
    assert [m.place.name for m in gz.find_places(text)] == [name]


def test_a_spelling_variant_is_a_town_not_a_hamlets_twin(gz):
    assert gz.spelling_variant("Bulo Burde", ("SO",)).name == "Buulobarde"
    assert gz.spelling_variant("Bulo Burde", ("KE",)) is None          # not in the text's countries
    # Storozhove (517 people) is 257 km from the Storozheve of the text; Qenterê has no population
    assert gz.spelling_variant("Storozheve", ("UA", "RU")) is None
    assert gz.spelling_variant("Qantra", ("SY", "IQ")) is None


def test_a_spelling_variant_of_a_town_geonames_files_twice_is_the_larger(gz):
    # "Ad-Dindar" (25,567) and "Ad Dindar" (15,144) lie 16 km apart: one town
    assert gz.spelling_variant("Dinder", ("SD",)).population == 25567
    # two Zolochivs 792 km apart are two towns: neither
    assert gz.spelling_variant("Zolochev", ("UA",)) is None


def test_a_news_agency_named_like_a_place_is_no_place(gz):
    # SANA, the Syrian agency, is no Sanaa: not in a dateline, not written in capitals
    assert gz.find_places("SANA - Army units restored security to the town.") == []
    assert [m.place.name for m in gz.find_places("SANAA, Yemen (Reuters) - The Houthis took the city.")] == \
        ["Sanaa", "Yemen"]
