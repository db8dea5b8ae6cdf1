"""Coherence rules of the resolver, on sentences written for these tests.

What the other places of a text say about one name: an alternate name that is an English
phrase ("White House") is no reading of a far city; a list "X, Y, Z" puts X in no Y; a name
that is a country and a state is the state among the text's other states; short capitals are
the initials of a country the text is about; a town far smaller than the text's towns loses
to a namesake of their size; a name follows the text's longer name for it; "X airport"
calls X a town; a name the text calls a street's is that street throughout; an embassy named
after a country and a river named after a state are in the text's town; a landmark's name
read as a far small town is the landmark; "X, where ... in Y" places X in Y.
"""
from __future__ import annotations

import re

import pytest

from tests.spans import resolve


def where(m):
    return (m.place.name, m.place.country, m.place.feature_code) if m.place else None


# -- an alternate name that is an English phrase ------------------------------------------
def test_an_english_phrase_alternate_name_does_not_outrank(gz):
    # Casablanca is "the White House" only in translation.
    text = "The White House said on Monday that the talks would go on."
    (m,) = resolve(gz, text, ["White House"])
    assert m.place is None or m.place.country != "MA"


def test_an_english_phrase_read_as_a_far_hamlet_is_no_place_in_open_text(gz):
    text = "Officials at the White House in Washington met reporters on Tuesday."
    found = {m.surface: where(m) for m in gz.find_places(text)}
    assert not any("White House" in s for s in found)
    assert found["Washington"][:2] == ("Washington", "US")


def test_an_english_phrase_that_is_a_town_of_the_texts_area_stays_that_town(gz):
    text = "Police in White House, Tenn., said the road near Nashville and Gallatin was closed."
    found = {m.surface: where(m) for m in gz.find_places(text)}
    assert found["White House"][:2] == ("White House", "US")


def test_a_single_reading_named_by_a_common_word_far_from_the_text_is_a_stray(gz):
    # "Congress" is an Arizona hamlet's name, not the place of a hearing in Washington.
    text = "The company's chief will travel to Washington next week to testify before Congress."
    _washington, congress = resolve(gz, text, ["Washington", "Congress"])
    assert congress.place is None or congress.place.country != "US" or congress.place.admin1 != "AZ"


# -- lists and containment ------------------------------------------------------------------
def test_a_list_of_places_does_not_put_the_first_in_the_second(gz):
    text = "The team flew to Saipan, Guam, Alaska and Hawaii before the end of March."
    saipan, *_ = resolve(gz, text, ["Saipan", "Guam", "Alaska", "Hawaii"])
    assert where(saipan)[:2] == ("Saipan", "MP")


# -- a state named like a country among the text's states -----------------------------------
def test_a_state_named_like_a_country_is_the_state_among_other_states(gz):
    text = "Storms hit Florida, Louisiana and Alabama on Sunday; Georgia declared an emergency."
    *_, georgia = resolve(gz, text, ["Florida", "Louisiana", "Alabama", "Georgia"])
    assert where(georgia) == ("Georgia", "US", "ADM1")


def test_a_country_among_countries_stays_the_country(gz):
    text = "Ministers of Armenia and Azerbaijan met in Georgia on Friday."
    *_, georgia = resolve(gz, text, ["Armenia", "Azerbaijan", "Georgia"])
    assert where(georgia)[:2] == ("Georgia", "GE")


# -- initials of a country -------------------------------------------------------------------
def test_capitals_that_are_the_initials_of_the_texts_country_are_that_country(gz):
    text = ("Mines in North West and Limpopo employ thousands. Land in SA is held by chiefs, "
            "and North West and Limpopo chiefs sign mining deals.")
    spans = [(m.start(), m.end()) for m in re.finditer(r"North West|Limpopo|\bSA\b", text)]
    sa = gz.resolve_spans(text, spans)[2]
    assert (sa.surface, where(sa)) == ("SA", ("South Africa", "ZA", "PCLI"))


def test_initials_of_no_country_of_the_text_keep_their_reading(gz):
    text = "Adelaide is the capital of SA, and Perth of Western Australia."
    _adelaide, sa, *_ = resolve(gz, text, ["Adelaide", "SA", "Perth"])
    assert where(sa)[:2] == ("South Australia", "AU")


# -- the scale of the text's towns -----------------------------------------------------------
def test_a_town_far_smaller_than_the_texts_towns_loses_to_a_namesake_of_their_size(gz):
    text = ("Dallas beat Oakland on Monday. San Antonio and Houston won at home. "
            "Dallas plays Portland on Tuesday.")
    *_, portland = resolve(gz, text, ["Dallas", "Oakland", "San Antonio", "Houston", "Portland"])
    assert where(portland)[:3] == ("Portland", "US", "PPL") and portland.place.admin1 == "OR"


def test_a_small_town_among_small_towns_is_not_penalised(gz):
    text = ("Deputies from Gallatin, Hendersonville and Goodlettsville searched the woods "
            "north of Portland on Sunday.")
    *_, portland = resolve(gz, text, ["Gallatin", "Hendersonville", "Goodlettsville", "Portland"])
    assert portland.place.admin1 == "TN"


# -- one place per discourse: the longer name ------------------------------------------------
def test_a_name_follows_the_texts_longer_name_for_it(gz):
    text = ("Suffolk County detectives searched a house in Southold. "
            "The Suffolk Times reported the find on Friday.")
    county, _southold, suffolk = resolve(gz, text, ["Suffolk County", "Southold", "Suffolk"])
    assert where(county)[:2] == ("Suffolk County", "US") and county.place.admin1 == "NY"
    assert suffolk.place == county.place


# -- "X airport" -----------------------------------------------------------------------------
def test_airport_after_a_name_calls_it_a_town(gz):
    (span,) = gz.finder.find("Shelling closed Aleppo airport on Monday.")
    assert span.cue == "settlement"
    (m,) = gz.find_places("Shelling closed Aleppo airport on Monday.")
    assert m.place.feature_code.startswith("PPL")
    (span,) = gz.finder.find("The plane landed at the Erbil airport.")
    assert span.cue == "settlement"


# -- streets: "X and Y streets", "the X/Y intersection", "the street was called X" ----------
def test_names_closing_a_list_of_streets_are_streets_of_the_texts_town(gz):
    text = "Traffic was stopped at the Salem/Springfield intersection in Eugene, Oregon, on Friday."
    salem, springfield, eugene, _oregon = resolve(gz, text, ["Salem", "Springfield", "Eugene", "Oregon"])
    assert where(eugene)[:2] == ("Eugene", "US")
    for m in (salem, springfield):
        assert m.place == eugene.place and m.confidence <= 0.1
    spans = gz.finder.find("Bars on Decatur and Frenchmen streets in New Orleans stayed open.")
    assert [s.cue for s in spans if s.key == "decatur"] == ["street"]
    found = {m.surface for m in gz.find_places("Bars on Decatur and Frenchmen streets in New Orleans stayed open.")}
    assert "Decatur" not in found and "New Orleans" in found


def test_a_name_the_text_gives_a_street_is_that_street_throughout(gz):
    text = ("The old road through Mobile was first a cart track; the street was later called Biloxi. "
            "Shops on Biloxi closed early on Monday.")
    spans = [(m.start(), m.end()) for m in re.finditer(r"Mobile|Biloxi", text)]
    mobile, biloxi, again = gz.resolve_spans(text, spans)
    assert where(mobile)[:2] == ("Mobile", "US")
    assert biloxi.place == mobile.place and again.place == mobile.place and again.confidence <= 0.1


@pytest.mark.parametrize("text,spans,town", [
    # a street abbreviation after a part of the span makes it a street
    ("The new office at 12 Victoria St. in Nelson, British Columbia, opened on Monday.",
     ["12 Victoria St.", "Nelson", "British Columbia"], ("Nelson", "CA")),
    # a span that says it is a street is none of its parts' places
    ("Shops along Pacific Avenue in Tacoma reopened on Monday.", ["Pacific Avenue", "Tacoma"], ("Tacoma", "US")),
    # "Wilson" after the given name "Ronald" is a surname, not Wilson, North Carolina, even in
    # a text on that state
    ("Pupils of the Ronald Wilson Reagan Middle School in Raleigh, North Carolina, won the prize.",
     ["Ronald Wilson Reagan Middle School", "Raleigh", "North Carolina"], ("Raleigh", "US")),
])
def test_a_street_or_a_building_named_in_a_span_is_in_the_town_after_it(gz, text, spans, town):
    named, found = resolve(gz, text, spans)[:2]
    assert where(found)[:2] == town
    assert named.place == found.place


def test_a_capital_or_a_country_named_before_streets_keeps_its_reading(gz):
    text = "Protesters filled Damascus and Baghdad streets in central Beirut on Sunday."
    damascus, baghdad, _beirut = resolve(gz, text, ["Damascus", "Baghdad", "Beirut"])
    assert where(damascus)[:2] == ("Damascus", "SY") and where(baghdad)[:2] == ("Baghdad", "IQ")


# -- buildings and features named after a country or an area --------------------------------
def test_an_embassy_named_after_a_country_is_in_the_texts_town(gz):
    text = "Police in Ottawa closed the road outside the Russian Embassy on Tuesday."
    ottawa, embassy = resolve(gz, text, ["Ottawa", "Russian Embassy"])
    assert where(ottawa)[:2] == ("Ottawa", "CA")
    assert embassy.place == ottawa.place and embassy.confidence <= 0.1
    # A quarter named after a country, before a street word that is none of its name.
    text = "Tourists in New Orleans walked the French Quarter street grid on Sunday."
    orleans, quarter = resolve(gz, text, ["New Orleans", "French Quarter"])
    assert where(orleans)[:2] == ("New Orleans", "US") and quarter.place == orleans.place


def test_a_river_named_after_a_state_is_not_the_state(gz):
    text = "Barges on the Mississippi River were halted near Memphis on Sunday."
    river, memphis = resolve(gz, text, ["Mississippi River", "Memphis"])
    assert where(memphis)[:2] == ("Memphis", "US")
    assert river.place == memphis.place and river.place.feature_code != "ADM1"


# -- landmarks named like far hamlets ----------------------------------------------------------
def test_a_landmarks_name_read_as_a_far_small_town_is_the_landmark(gz):
    text = "After the concert in Dublin, the fans gathered in Washington Square until midnight."
    dublin, square = resolve(gz, text, ["Dublin", "Washington Square"])
    assert where(dublin)[:2] == ("Dublin", "IE")
    assert square.place is None or square.place.country != "US"


# -- "X, where ... in Y" ----------------------------------------------------------------------
def test_a_clause_after_an_unknown_name_places_it(gz):
    # Dublin is named before it in its paragraph: without the clause, the clinic would be there.
    text = ("Doctors in Dublin said on Monday that the Mercy Clinic, where the boy is treated "
            "in Galway, had asked for their advice.")
    _dublin, clinic, galway = resolve(gz, text, ["Dublin", "Mercy Clinic", "Galway"])
    assert where(galway)[:2] == ("Galway", "IE")
    assert clinic.place == galway.place


def test_the_french_word_for_street_is_no_town_called_so(gz):
    # Rue is also a small town of the Somme, near Amiens: a street's word all the same.
    text = "Visitors from Amiens and Lille crowded the Rue Morneau on Saturday."
    _amiens, _lille, street = resolve(gz, text, ["Amiens", "Lille", "Rue Morneau"])
    assert street.place is None or (street.place.name != "Rue" and street.confidence <= 0.1)


def test_a_place_an_operation_is_named_after_does_not_place_the_others(gz):
    text = ("The battle was part of the 2022 Kharkiv counteroffensive. On 1 October, Ukrainian forces "
            "entered Lyman after a Russian withdrawal.")
    lyman = [m.place for m in gz.find_places(text) if m.surface == "Lyman"]
    assert [p.population > 15_000 for p in lyman] == [True]     # Donetsk oblast's town, not Kharkiv oblast's village
