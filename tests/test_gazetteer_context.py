"""Context rules of the resolver and the given-span finder, on sentences written for these tests.

What the text around a name says about where it is: the town named right after an
unknown name ("X, near Y", "X in Y") or before it as its owner ("Y's X"); the first-level
area the text names; a part of a span that is an area of a country the text never names;
"Y's X" as containment; "<name> State" as the state; "US" inside a longer name; AP state
abbreviations after "Town, "; a big city's several-word name inside a longer name.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from gazetteer.resolver import FALLBACK_CONFIDENCE
from tests.spans import resolve

ROOT = Path(__file__).resolve().parents[1]


def where(m):
    return (m.place.name, m.place.country, m.place.feature_code) if m.place else None


# -- unknown names placed by the words around them ----------------------------------------
def test_unknown_name_is_placed_by_the_town_named_right_after_it(gz):
    # Without the "near Tralee" rule, Dublin and Cork (named earlier in the paragraph) win.
    text = "Crews from Dublin and Cork drove west. The fire broke out at Quintrell Farm, near Tralee."
    _dublin, _cork, farm, tralee = resolve(gz, text, ["Dublin", "Cork", "Quintrell Farm", "Tralee"])
    assert farm.place == tralee.place
    assert farm.confidence == FALLBACK_CONFIDENCE


def test_unknown_name_is_placed_by_its_owner_before_it(gz):
    # The text names Paris most; "Marseille's" says where the market is.
    text = ("Paris was calm. Paris police, Paris shops and Paris schools reopened, the Paris mayor said.\n"
            "Marseille's Quintrell Market reopened.")
    i = text.index("Marseille")
    spans = [(m.start(), m.end()) for m in re.finditer("Paris", text)]
    j = text.index("Quintrell Market")
    spans += [(i, i + len("Marseille")), (j, j + len("Quintrell Market"))]
    *_, marseille, market = gz.resolve_spans(text, spans)
    assert where(marseille)[:2] == ("Marseille", "FR")
    assert market.place == marseille.place


def test_unknown_name_is_placed_in_a_town_of_the_area_the_text_names(gz):
    # Paris and Lyon are named closer to the avenue; the text is about Texas.
    text = "Texas officials praised the festival in Austin. Fans from Paris and Lyon filled Quintrell Avenue."
    *_, austin, _paris, _lyon, avenue = resolve(gz, text, ["Texas", "Austin", "Paris", "Lyon", "Quintrell Avenue"])
    assert where(austin)[:2] == ("Austin", "US")
    assert avenue.place == austin.place


def test_a_big_citys_several_word_name_inside_a_longer_name_is_trusted(gz):
    # Sydney and Melbourne are confident places far away: a one-word part would not be trusted.
    text = ("The Los Angeles Philharmonic Orchestra played last night after a tour of "
            "Sydney and Melbourne.")
    orchestra, _syd, _mel = resolve(gz, text, ["Los Angeles Philharmonic Orchestra", "Sydney", "Melbourne"])
    assert where(orchestra)[:2] == ("Los Angeles", "US")


def test_a_big_citys_name_inside_a_longer_name_places_unknown_names(gz):
    # Without it the street would go to the area the text names, not to its city.
    text = "The San Diego Jazz Orchestra rehearsed on Quintrell Street, the California paper said."
    orchestra, street, _state = resolve(gz, text, ["San Diego Jazz Orchestra", "Quintrell Street", "California"])
    assert where(orchestra)[:2] == ("San Diego", "US")
    assert street.place == orchestra.place


# -- parts of given spans ---------------------------------------------------------------
def test_an_area_part_of_a_country_the_text_never_names_is_not_the_spans_place(gz):
    # "Southern District" is an Israeli district to the gazetteer; the court is in Osaka.
    text = "Lawyers filed the appeal at the Osaka Southern District Court, and reporters waited in Osaka."
    court, osaka = resolve(gz, text, ["Osaka Southern District Court", "Osaka"])
    assert where(osaka)[:2] == ("Osaka", "JP")
    assert court.place == osaka.place
    assert court.confidence == FALLBACK_CONFIDENCE


def test_an_area_part_of_a_country_the_text_names_is_kept(gz):
    text = "In Israel, the Northern District Planning Office approved the plan."
    _israel, office = resolve(gz, text, ["Israel", "Northern District Planning Office"])
    assert where(office)[1:] == ("IL", "ADM1")


def test_a_country_part_stays_trusted(gz):
    text = "The Bank of Korea kept rates unchanged, traders in Frankfurt and Zurich said."
    (bank,) = resolve(gz, text, ["Bank of Korea"])
    assert where(bank) == ("South Korea", "KR", "PCLI")


def test_capital_country_code_inside_a_longer_name_is_the_country(gz):
    text = "The US Treasury Department issued new sanctions on Tuesday."
    (treasury,) = resolve(gz, text, ["US Treasury Department"])
    assert where(treasury)[1:] == ("US", "PCLI")


@pytest.mark.parametrize("span", ["Rakhine State", "Tigray Region"])  # not names in the index
def test_name_state_resolves_to_the_state(gz, span):
    text = f"Gunmen attacked a village in {span} on Sunday, officials said."
    (m,) = resolve(gz, text, [span])
    assert where(m)[2] == "ADM1"
    assert m.kind == "admin"
    assert (m.start, m.end) == (text.index(span), text.index(span) + len(span))


def test_an_admin_word_after_a_town_that_is_no_area_changes_nothing(gz):
    text = "Voters in Springfield Region came out early."
    (m,) = resolve(gz, text, ["Springfield Region"])
    assert m.kind != "admin"


# -- a name is judged by the rest of the text ---------------------------------------------
def test_a_repeated_unclear_name_does_not_vote_for_its_own_first_reading(gz):
    # Alone, the English city wins narrowly; its own votes would outweigh the Alabama town.
    text = ("Firefighters from Birmingham and Birmingham volunteers came, and crews from "
            "Tuscaloosa helped before Birmingham schools reopened.")
    birmingham = [m for m in gz.find_places(text) if m.surface == "Birmingham"]
    assert len(birmingham) == 3
    assert {(m.place.country, m.place.admin1) for m in birmingham} == {("US", "AL")}


def test_a_clearly_read_name_keeps_its_reading_against_a_few_foreign_mentions(gz):
    text = ("Toronto police closed roads. Toronto shops shut early, Toronto schools too, and "
            "traders in Chicago and Boston watched the U.S. markets.")
    toronto = [m for m in gz.find_places(text) if m.surface == "Toronto"]
    assert toronto and {m.place.country for m in toronto} == {"CA"}


def test_a_repeated_name_in_a_text_about_its_country_keeps_that_reading(gz):
    text = "Firefighters from Paris and Paris volunteers came, and crews from Lyon helped."
    paris = [m for m in gz.find_places(text) if m.surface == "Paris"]
    assert {m.place.country for m in paris} == {"FR"}


# -- containment ------------------------------------------------------------------------
def test_possessive_country_contains_the_place_after_it(gz):
    # The text is about Libya, whose capital is the bigger Tripoli; "Lebanon's" settles it.
    text = ("Libyan officials and Libya's ministers met in Benghazi; meanwhile clashes broke out "
            "in Lebanon's Tripoli.")
    tripoli = [m for m in gz.find_places(text) if m.surface == "Tripoli"]
    assert [m.place.country for m in tripoli] == ["LB"]


def test_given_spans_in_any_order_still_see_x_comma_y(gz):
    text = "Shelling hit Tripoli, Lebanon, and the port of Benghazi in Libya."
    ordered = resolve(gz, text, ["Tripoli", "Lebanon", "Benghazi", "Libya"])
    shuffled = resolve(gz, text, ["Libya", "Benghazi", "Lebanon", "Tripoli"])
    assert ordered[0].place.country == "LB"
    assert shuffled[3].place == ordered[0].place


# -- "Town, Abbr." ----------------------------------------------------------------------
def test_ap_state_abbreviation_after_a_town_is_the_state(gz):
    text = "SPOKANE, Wash. — Firefighters contained the blaze near Springfield, Mass., on Monday."
    found = {m.surface: where(m) for m in gz.find_places(text)}
    assert found["Wash."] == ("Washington", "US", "ADM1")
    assert found["Mass."] == ("Massachusetts", "US", "ADM1")
    wash = next(m for m in gz.find_places(text) if m.surface == "Wash.")
    assert (wash.start, wash.end) == (text.index("Wash."), text.index("Wash.") + len("Wash."))


def test_ap_abbreviation_as_an_ordinary_word_is_not_the_state(gz):
    text = "Wash your hands, the nurse said; so, Mass. gatherings stay banned, and del. votes wait."
    states = [m for m in gz.find_places(text) if m.place and m.place.feature_code == "ADM1"]
    assert states == []


def test_ap_abbreviation_given_as_a_span_after_a_town(gz):
    text = "Olympia, Wash., approved the budget."
    (m,) = resolve(gz, text, ["Wash."])
    assert where(m) == ("Washington", "US", "ADM1")


# -- the evaluation script ----------------------------------------------------------------
_GWN_XML = """<articles>
<article><text>Fighting near Manbij went on.</text><toponyms>
<toponym><start>14</start><end>20</end><latitude>36.53</latitude><longitude>37.95</longitude></toponym>
</toponyms></article>
<article><text>Talks in Geneva and in Vienna.</text><toponyms>
<toponym><start>9</start><end>15</end><latitude>46.2</latitude><longitude>6.15</longitude></toponym>
<toponym><start>23</start><end>29</end><latitude>48.21</latitude><longitude>16.37</longitude></toponym>
</toponyms></article>
</articles>
"""


@pytest.mark.parametrize(("half", "n"), [("even", 1), ("odd", 2)])
def test_eval_script_keeps_one_half_of_the_articles(tmp_path, half, n, capsys):
    """bench/geoparse_eval.py's main(), run here (the script's own process would only add its
    start-up)."""
    import importlib.util

    xml = tmp_path / "gwn.xml"
    xml.write_text(_GWN_XML, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("geoparse_eval", ROOT / "bench" / "geoparse_eval.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    assert script.main([str(xml), "--half", half]) == 0
    out = capsys.readouterr().out
    assert f"n={n} " in out
    assert "acc@161km=1.000" in out
