"""Resolution rules of the second gazetteer pass, on sentences written for these tests.

Unknown names (streets, buildings) take the town the text is about around them; an
ambiguous small-town reading far from every place the text names is treated the same
way; "the" before a span, adjective endings and "St." abbreviations are read as a
reader reads them. The finder's caches must not change what it finds.
"""
from __future__ import annotations

import pytest

from gazetteer.normalize import loose_key, name_key
from gazetteer.resolver import FALLBACK_CONFIDENCE
from tests.spans import resolve


# -- names the index lacks -------------------------------------------------------------
def test_unknown_name_takes_the_town_named_before_it_in_its_paragraph(gz):
    text = "Talks were held in Geneva on Monday.\nLater, in Marseille, police closed Quintrell Yard."
    _geneva, marseille, yard = resolve(gz, text, ["Geneva", "Marseille", "Quintrell Yard"])
    assert yard.place == marseille.place
    assert yard.confidence == FALLBACK_CONFIDENCE


def test_unknown_name_without_a_town_falls_back_to_the_country(gz):
    text = "Troops crossed into Bolivia overnight. By dawn they held Quintrell Yard."
    _country, yard = resolve(gz, text, ["Bolivia", "Quintrell Yard"])
    assert yard.place.feature_code == "PCLI" and yard.place.country == "BO"
    assert yard.confidence == FALLBACK_CONFIDENCE


def test_ambiguous_small_town_far_from_the_text_is_placed_in_the_text_town(gz):
    # Hubbard and Colfax are only small towns in the United States; here they are streets.
    for city, cc, street in (("Johannesburg", "ZA", "Hubbard"), ("Nairobi", "KE", "Colfax")):
        text = f"A parade in {city} turned onto {street} before noon."
        town, other = resolve(gz, text, [city, street])
        assert town.place.country == cc
        assert other.place == town.place and other.confidence == FALLBACK_CONFIDENCE


def test_a_span_with_a_number_is_only_partly_a_name(gz):
    text = "Police sealed off 1200 Berlin Road after the blast."
    i = text.index("1200")
    (found,) = gz.finder.spans_for(text, [(i, i + len("1200 Berlin"))])
    assert found.partial


# -- how names are read -----------------------------------------------------------------
def test_the_article_before_a_span_selects_the_name_that_carries_it(gz):
    (m,) = resolve(gz, "Tankers crossed the Gulf at night.", ["Gulf"])
    assert m.place.feature_code == "RGN" and m.place.country is None


@pytest.mark.parametrize("adjective, country", [("Sicilian", "IT"), ("Havanese", "CU")])
def test_adjectives_the_demonym_list_lacks_are_read_by_their_ending(gz, adjective, country):
    (m,) = resolve(gz, f"{adjective} farmers met at the port.", [adjective])
    assert m.place.country == country and m.kind == "demonym"


def test_an_adjective_of_no_known_place_stays_unknown(gz):
    made_up, _oslo = resolve(gz, "Quintrellian farmers met in Oslo.", ["Quintrellian", "Oslo"])
    assert made_up.confidence == FALLBACK_CONFIDENCE and made_up.kind != "demonym"


def test_saint_abbreviations_meet_the_full_name(gz):
    assert loose_key(name_key("St. Petersburg")) == loose_key(name_key("Saint Petersburg"))
    assert loose_key(name_key("Mt. Hermon")) == loose_key(name_key("Mount Hermon"))
    found = gz.find_places("Rallies were held in Moscow and St. Petersburg on Saturday.")
    assert [m.place.country for m in found] == ["RU", "RU"]


def test_a_state_named_like_its_great_city_is_the_city(gz):
    (m,) = gz.find_places("Rents rose again in New York this year.")
    assert m.place.country == "US" and m.place.feature_code.startswith("PPL")


# -- the finder's caches -------------------------------------------------------------------
def test_a_glued_article_is_read_even_after_the_bare_word_was_seen(gz):
    found = gz.find_places("Bab reopened. Later fighters entered al-Bab from the north.")
    assert [m.surface for m in found][-1] == "al-Bab"


def test_finding_twice_gives_the_same_mentions(gz):
    text = ("Shelling hit Hama province on Monday. Officials in Hama said the Homs road was cut, "
            "and convoys turned back to Damascus.")
    first = [m.to_dict() for m in gz.find_places(text)]
    assert first == [m.to_dict() for m in gz.find_places(text)]
    assert any(m["kind"] == "admin" for m in first)
