"""Displacement frames: who moved, from where, to where, how many."""
from __future__ import annotations

import bisect
import re
from dataclasses import replace

from gazetteer.lexicon import load_lexicon
from gazetteer.normalize import name_key
from gazetteer.records import Place
from timeline.cues import CueMatch
from timeline.event_places import FLIGHT_VERBS, LOOKBACK_CHARS, PLACE_SLOT, PlaceRef, coordinated
from timeline.events.magnitude import _magnitude
from timeline.events.merge import _same_place
from timeline.events.patterns import (
    _ACROSS_BEFORE,
    _AREA_AROUND_BEFORE,
    _ARRIVAL_BEFORE,
    _BOTH_PLACES,
    _CAMPS_AROUND_BEFORE,
    _CAUSE_BEFORE,
    _CONTINUATION,
    _COUNT_MOVED_AFTER,
    _COUNT_MOVED_BEFORE,
    _DEST_EXAMPLES,
    _DEST_MARK,
    _DISPLACED_FROM_BEFORE,
    _HOSPITAL_IN,
    _IN_A_PART_OF,
    _ITS_THEIR,
    _LABEL_COLON,
    _LOCATION_MARK,
    _OF_AFTER,
    _PASSIVE_AUX,
    _PEOPLE_ADJECTIVE,
    _POSSESSOR_BEFORE,
    _PREPOSITION_BEFORE,
    _REACHED_BEFORE,
    _ROUTE_MARK,
    _SITE_EVACUATED,
    _SUBJECT_BOUNDARY,
    _TOWARDS,
    _WORD_COUNT_MOVED_BEFORE,
    ARMED_MEN,
    DIRECTION,
    FIGHTING_WORDS,
    PEOPLES_WORD,
    SUPPORT_ASIDE,
)
from timeline.events.records import _Sentence
from timeline.records import Event

#: A sentence opening with the rest of a flight's people, who went another way: "Others have walked
#: south to Z", "The rest headed for Z", "Some went to Z".
#: A flight verb right before the place it left: "fleeing Yabroud", "escaped from X" (not a bare
#: "from": "withdrew from Khan Younis ... went back to the city" is the same city).
_FLED_RIGHT_BEFORE = re.compile(r"\b(?:fleeing|fled|flee|flees|escaping|escaped)\s+(?:from\s+)?(?:the\s+)?$", re.IGNORECASE)
_OTHERS_CONTINUATION = re.compile(r"\s*(?:others|the\s+rest|some(?:\s+others)?|a\s+few|smaller\s+numbers)\b"
                                  r"(?:\s+of\s+them)?\s+(?:\w+\s+){0,3}?$", re.IGNORECASE)
#: A flight word coordinated with another one before it in the sentence: "walked to Y or sought
#: shelter in Z", "moved to Y and took refuge in Z".
_OR_ANOTHER_WAY = re.compile(r"\s(?:or|and)\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
#: The rest of a flight's people, in a clause of the same sentence: "fled X for Y, while others
#: went to Z", "fled X to Y; others moved to Z".
_OTHERS_IN_SENTENCE = re.compile(
    r"(?:[,;]\s*(?:while\s+|whereas\s+|and\s+)?|\s(?:while|whereas)\s+)(?:others|the\s+rest|some\s+others)"
    r"(?:\s+of\s+them)?\s+(?:\w+\s+){0,2}$", re.IGNORECASE)
#: The same people's next step, coordinated with their flight: "fled X ... and are now moving".
_AND_ARE_NOW = re.compile(r",?\s+and\s+(?:are|were|have|had)\s+(?:now\s+|since\s+|then\s+)?$", re.IGNORECASE)
#: A share of the people of a flight told earlier in the sentence: ", most of them", "with most".
_SHARE_OF_THEM_BEFORE = re.compile(
    r"(?:[,;]|\band)\s*(?:with\s+)?(?:most|many|some|others|the\s+majority|about\s+half|half|a\s+third|thousands|"
    r"hundreds)(?:\s+of\s+(?:them|whom|those))?\s+(?:\w+ly\s+)?(?:(?:north|south|east|west)(?:wards?|-?east|-?west)?\s+)?$",
    re.IGNORECASE)
#: A share of the people, then where they went, the verb left out or one of going: ", most of
#: them by boat downstream to ", ", many of whom have moved into ".
_SHARE_TAIL_BEFORE = re.compile(
    r"[,;]\s*(?:most|many|some|the\s+majority|about\s+half|half)\s+of\s+(?:them|whom|those)\s+"
    r"(?:(?:have|had|has)\s+)?(?:(?:moved|gone|went|headed|heading|fled|fleeing|going|walked|travell?ed)\s+)?"
    r"(?:by\s+(?:boat|road|bus|car|truck|foot)\s+)?(?:(?:up|down)stream\s+|(?:north|south|east|west)(?:wards?)?\s+)?"
    r"(?:to|into|for|towards?)\s+(?:the\s+)?$", re.IGNORECASE)
#: A name the gazetteer may lack right after the verb, listed before the next place: " Mucojo and ".
_LISTED_NAME_AFTER_VERB = re.compile(r"\s+(?:the\s+)?(?:(?:al|el|ad|ar|as|ash|at|az|an)[\s-])?(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
                                     r"(?:\s*,\s*|\s+and\s+|\s*&\s*)")
#: A verb of flight or uprooting: another flight's, between a cue and a share's way.
_ANOTHER_FLIGHT = re.compile(rf"\b(?:{FLIGHT_VERBS}|uprooted|displaced|driven|forced)\b", re.IGNORECASE)
#: Fighting at a place, as the subject of a verb of flight: "Fighting in Lagowa displaced 20,000".
_FIGHTING_AT_BEFORE = re.compile(rf"\b{FIGHTING_WORDS}\s+(?:in|around|near|at|on)\s+"
                                 r"(?:the\s+(?:town|city|village|area|district)\s+of\s+)?(?:the\s+)?$", re.IGNORECASE)
#: From that place to its verb: nothing but a place's kind, auxiliaries and adverbs.
_TO_THE_VERB = re.compile(r"(?:\s+(?:town|city|village|district|region|state|province|area))?\s+"
                          r"(?:(?:has|have|had|also|already|reportedly|now)\s+)*(?:been\s+)?", re.IGNORECASE)
#: Fighting arriving at a place, told right after a flight: "displaced as fighting reaches X".
_FIGHTING_REACHES_AFTER = re.compile(r"\s+(?:\w+\s+){0,3}?(?:as|when|after)\s+(?:heavy\s+|fierce\s+)?(?:fighting|clashes|the\s+war|"
                                     r"battles?|violence)\s+(?:reach(?:es|ed)?|engulf(?:s|ed)?|hits?|spreads?\s+to|"
                                     r"erupt(?:s|ed)?\s+in|br(?:eaks?|oke)\s+out\s+in)\s+(?:the\s+(?:town|city)\s+of\s+)?",
                                     re.IGNORECASE)
#: A conjunction that opens a clause of its own, whose places are not the flight's ("as the army
#: closes in on Y"; "after clashes in Y" still says where people fled from).
_OTHER_CLAUSE = re.compile(r"[;]|\b(?:as|while|when|whereas|although|though|because|since|until)\s")


class FlowRules:
    """Mixed into `timeline.events.engine._Rules`."""

    def _flow_roles(self, s: _Sentence, cm: CueMatch, hi: int, nominal: bool) -> tuple:
        """(origin, destination, route, the places after the cue) of a flight word, each place
        given its role by the word before it: "fled X", "from X", "to Y", "via Z"."""
        t, frame = self.text, cm.cue.frame
        origin = destination = route = None
        after_dest_marker = False
        post_refs = [r for r in s.refs if cm.end <= r.start < hi]
        for r in post_refs:
            mk = self._marker(cm.end, r.start)
            if t[r.end:r.end + 1] == " " and self._people.match(self._people_text, r.end + 1, hi) \
                    and not _A_CAMP_AFTER.match(t, r.end, hi):
                role = "origin"        # "evacuated 121,000 Mariupol residents to Russia": where they lived
                # (but "arrived at the Mbera refugee camp": a camp, where they went)
            elif mk in ("", "|") and not nominal and frame == "flee" and r is not post_refs[0] and \
                    _REACHED_BEFORE.search(t, max(cm.end, r.start - 40), r.start):
                role = "destination"   # "residents who fled X reached Y": where the flight ended
            elif mk == "" and not nominal:
                # a place straight after the verb: "fled X", "reached X"
                role = None if frame == "transport" and cm.cue.object_role != "destination" else cm.cue.object_role
            elif mk == "from" or mk == "of" and frame == "noun":
                role = "origin"
            elif mk == "of" and not nominal and frame in ("flee", "transport") and not cm.text.lower().startswith(("left", "leav")) \
                    and _PEOPLE_OF_BEFORE.search(t, max(cm.end, r.start - 20), r.start):
                role = "origin"        # "evacuated the civilian population of Marinka", "evacuating residents of X"
            elif mk in _DEST_MARK or cm.cue.object_role == "destination" and mk in ("in", "at") or \
                    _DEST_EXAMPLES.search(t, max(cm.end, r.start - 60), r.start):
                role = "destination"
            elif mk in _ROUTE_MARK:
                role = "route"
            elif mk == "|" and (m := _AFTER_A_LISTED_NAME.search(t, cm.end, r.start)) \
                    and (origin if m.group("mark").lower() == "from" else destination) is None \
                    and self._unresolved_match(m.start("name") - 1, m.end("name") + 1) is not None:
                # "to Kass and Zalingei", Kass set aside: Zalingei still ("from Thiou and Titao": Titao)
                role = "origin" if m.group("mark").lower() == "from" else "destination"
            elif mk == "|" and not nominal and r is post_refs[0] and cm.cue.object_role in ("origin", "destination") \
                    and (m := _LISTED_NAME_AFTER_VERB.fullmatch(t, cm.end, r.start)) \
                    and self._unresolved_match(m.start("name") - 1, m.end("name") + 1) is not None:
                role = cm.cue.object_role      # "fled Mucojo and Macomia", Mucojo set aside: Macomia still
            elif mk in ("near", "at") and destination is not None and _names_a_town_of(r, destination):
                role = "destination"   # "crossed into Uzbekistan near Termez": where they crossed
            elif mk in ("around", "near", "of") and (area := _AREA_AROUND_BEFORE.search(
                    t, max(cm.end, r.start - 60), r.start)) and (area.group("from") or cm.cue.object_role == "origin"):
                role = "origin"        # "left the area around X", "arrived from villages near X"
            elif mk in ("in", "at") and _ARRIVAL_BEFORE.search(t, max(cm.end, r.start - 70), r.start) or \
                    mk in ("around", "near") and _CAMPS_AROUND_BEFORE.search(t, max(cm.end, r.start - 70), r.start):
                role = "destination"   # "fled X (and) arrived in Y": the arrival a flight absorbed; "to camps around Y"
            elif mk in _LOCATION_MARK and frame in ("flee", "transport", "noun") and \
                    not _OTHER_CLAUSE.search(t, cm.end, r.start):
                # "families in X to Y": where they were; "to camps in Y": where they went (but
                # "flee as the army closes in on Y": Y is where another clause happens; "to Y
                # after fighting in X": X is where they left)
                role = self._located_role(cm, r, post_refs, after_dest_marker, nominal)
            else:
                role = None
            if role == "destination" and _IDIOM_TO.search(t, max(cm.end, r.start - 40), r.start):
                role = None     # "escaped thanks to a U.S. jet", "fled due to Russian shelling": no place gone to
            if role == "origin" and origin is None:
                origin = r
            elif role == "destination" and destination is None:
                destination = r
            elif role == "destination" and (_names_a_town_of(r, destination) or
                                            destination.place.is_country and _ARRIVAL_BEFORE.search(t, max(cm.end, r.start - 70), r.start)
                                            and not r.place.is_country and r.place.country == destination.place.country):
                destination = r           # "crossed into Chad at Adre": the town, not the country ("crossed
                # into Burundi ..., most arriving in Cibitoke province": the province)
            elif role == "route" and route is None:
                route = r
            if _TOWARDS.search(t[cm.end:r.end]):
                after_dest_marker = True
        if destination is None and frame in ("flee", "move") and (way := _ALONG_THE_ROAD_TO.match(t, cm.end, hi)):
            # "escaped along the coast road towards Pemba": where the road they took leads
            destination = next((r for r in self.refs if r.start == way.end() and r.context == "route"), None)
        if destination is not None and destination.anaphor and any(
                r.end <= cm.start and not r.anaphor and _same_place(r.place, destination.place)
                and _FLED_RIGHT_BEFORE.search(t, max(s.start, r.start - 20), r.start) for r in s.refs):
            destination = None  # "families fleeing Yabroud had crossed into the border town": another town
        return origin, destination, route, post_refs

    def _located_role(self, cm: CueMatch, r: PlaceRef, post_refs: list[PlaceRef], after_dest_marker: bool,
                      nominal: bool) -> str | None:
        """The role of a place a flight names after "in", "at", "near" (`_flow_roles`): where they
        went after a word of going ("to camps in Y", "to relatives in Afrin"), else where they
        were; none when an area only locates a place the gazetteer lacks."""
        t = self.text
        went = _DESTINATION_BEFORE_IN.search(t, max(cm.end, r.start - 90), r.start)
        role = "destination" if (after_dest_marker or went) \
            and not _CAUSE_BEFORE.search(t, max(cm.end, r.start - 80), r.start) else "origin"
        area = r.place.is_admin_area or r.place.is_country
        if role == "origin" and area and not nominal and r is not post_refs[0] and \
                self._unresolved_match(cm.end, r.start) is not None:
            return None     # "flee Mecula district for Marrupa after raids in Niassa": they left the
            # name the gazetteer lacks, which the area only locates
        if went and not after_dest_marker and went.group("head")[0].isupper() and area and \
                not any(went.start() < x.start < r.start for x in post_refs):
            return None     # "to Hamdayet and other crossing points in Sudan": it only says where the
            # place gone to lies, which the gazetteer lacks
        return role

    def _place_evacuated(self, s: _Sentence, cm: CueMatch) -> PlaceRef | None:
        """The town a passive of evacuating empties: "Vovchansk is being evacuated", "the town of
        X was evacuated on Sunday" (not "the hospital in X was evacuated")."""
        t = self.text
        return next((r for r in s.refs if r.end <= cm.start and r.populated
                     and _PLACE_EVACUATED_GAP.fullmatch(t, r.end, cm.start)
                     and not _PREPOSITION_BEFORE.search(t, max(s.start, r.start - 16), r.start)), None)

    def _people_of(self, cm: CueMatch) -> bool:
        """Whether a movement noun is of people: "the escape of some 3,000 civilians" (the
        group words of `timeline/data/groups.csv`), not "the Pegida movement ... refugees"."""
        m = self._people.search(self._people_text, cm.end, min(len(self.text), cm.end + 60))
        return m is not None and _OF_LEAD.fullmatch(self.text, cm.end, m.start()) is not None

    def _people_origin(self, s: _Sentence, cm: CueMatch, lo: int):
        """The place people left, named before the flight word: "civilians in X fled",
        "residents of X fled", "X residents fled", "refugees fleeing X crossed into Y"."""
        for r in reversed([r for r in s.refs if lo <= r.start < cm.start]):
            if _FIGHTING_AT_BEFORE.search(self.text, max(lo, r.start - 40), r.start) and \
                    _TO_THE_VERB.fullmatch(self.text, r.end, cm.start):
                return r        # "Fighting in Lagowa displaced 20,000", "Clashes around Kosti drove 5,000 from their homes"
            if (self._marker(lo, r.start) in ("in", "inside", "of", "from") or _FLEEING_BEFORE.search(
                    self.text, max(lo, r.start - 12), r.start)) and \
                    self._people.search(self._people_text[max(lo, r.start - 40):r.start]) or \
                    self._people.match(self._people_text, r.end + 1, cm.start) and self.text[r.end:r.end + 1] == " " or \
                    _PEOPLE_OF_A_QUARTER_IN.search(self.text, max(lo, r.start - 90), r.start):
                return r        # (and "residents of the al-Waer neighbourhood in Homs left": Homs)
            if r.populated and (poss := _POSSESSIVE_PEOPLE.match(self.text, r.end, cm.start)) is not None and \
                    self._people.match(self._people_text, poss.end(), cm.start):
                return r        # "most of Sievierodonetsk's civilian population had fled" (not "Syria's citizens")
        return None

    def _displacement(self, s: _Sentence, cm: CueMatch, lo: int, hi: int, status: str, nominal: bool) -> list:
        t, frame = self.text, cm.cue.frame
        if cm.text.lower().startswith("evacuat") and (not nominal or t.startswith(" of", cm.end)) and \
                _SITE_EVACUATED.match(t, cm.end + 3 if nominal else cm.end):
            return []           # "evacuated its observation posts", "the evacuation of several Iranian
            # bases": a site left, nobody fled
        if frame == "host":
            return self._hosted(s, cm, hi, status)
        if any(a <= cm.start < b for a, b in self._told_with_hosts):
            return []           # the flight of people a host took in, told with it (`_hosted`)
        origin, destination, route, post_refs = self._flow_roles(s, cm, hi, nominal)
        if origin is None and not nominal and cm.text.lower().startswith("evacuat"):
            origin = self._place_evacuated(s, cm)
        if destination is not None and origin is None and \
                _HOSPITAL_IN.search(t, max(s.start, destination.start - 40), destination.start):
            return []           # "wounded rebels were transferred to a hospital in Şanlıurfa": care, not flight
        if destination is None:
            destination, hi, post_refs = self._destination_told_otherwise(s, cm, hi, nominal, post_refs)
        if origin is None:
            origin = self._origin_told_otherwise(s, cm, lo, destination, nominal)
        # "displaced from villages in eastern Al Jazirah State, following attacks around Rufaa": from
        # the state, which "from" names (the attacks' place is another clause's)
        origin = next((r for r in post_refs if r.place.is_admin_area and
                       _FROM_VILLAGES_IN.search(t, max(cm.end, r.start - 60), r.start)), origin)
        if route is not None and destination is not None and route.start > destination.end and \
                _names_a_town_of(route, destination):
            destination, route = route, None    # "crossed into Burundi through the Gatumba border post": at Gatumba
        if origin is None and route is not None:
            origin = route
        group, magnitude, magnitude_text = self._group(s, cm, lo, hi)
        if self._no_war_flight(s, cm, group, hi):
            return []
        if destination is not None and not nominal and not cm.text.lower().startswith("return"):
            told_on = self._flow_told_on(s, cm, status, origin, destination, post_refs, hi, group)
            if told_on is not None:
                return told_on
        if frame in ("transport", "move", "noun_people") and group is None:
            return []
        if frame == "noun_people" and not (self._people_of(cm) or _PEOPLES_NOUN.search(t, max(s.start, cm.start - 40), cm.start)):
            return []     # "the Pegida movement rallied against accepting refugees": the people are no movement's
        implicit = False
        named = None if nominal or (origin is not None and destination is not None) else \
            self._unresolved_end(cm, hi) or self._unresolved_other_end(origin, destination, cm, hi) \
            or (self._unresolved_people_of(s, cm) or self._unresolved_label(s, cm) if origin is None else None)
        if origin is None and destination is not None and frame in ("flee", "transport", "noun", "noun_people") \
                and not cm.text.lower().startswith("return") and not (named is not None and named[0] == "origin"):
            # (but "fled Minova to Goma", Minova unknown: Minova, kept by name, not the place before)
            origin = self._origin_before(s, cm, destination, status, nominal)
            implicit = origin is not None
        unresolved: tuple[tuple[str, str], ...] = ()
        if named is not None and (origin if named[0] == "origin" else destination) is None:
            unresolved = (named,)          # kept by name, off the map (see `Event.unresolved`)
        if not nominal and (town := self._unheld_town_of_a_country(destination, hi)) is not None:
            destination = None     # "crossed into Sudan at Hamdayet": the town, kept by name, not the country
            unresolved = tuple(u for u in unresolved if u[0] != "destination") + (town,)
        if origin is None and destination is None and not unresolved:
            # "Thousands flee as M23 takes Uvira", "seized Chibok, sending residents fleeing into the
            # bush": no place yet, the sentence's change of hands gives it (`merge._origin_from_change`,
            # which drops the flight if none does)
            # (not armed men's: "captured Anah after the militants fled across the river" is a retreat)
            return [] if frame != "flee" or group is None or group.endswith(_ARMED_GROUPS) else \
                self._flow_events(s, cm, status, 0.5, False, (None, None, post_refs, hi), (group, magnitude, magnitude_text), ())
        if destination is None and origin is not None and self._counted_across(cm, origin):
            return []     # "3 million people are now displaced across Myanmar": a country's count, no flight
        if origin is not None and destination is not None and _same_place(origin.place, destination.place):
            # the one the text names outright stays: "had fled the town to Sittwe" went to Sittwe
            # ("the town" read as Sittwe is a guess), "fled Sittwe to ... Sittwe" left it (and "flee
            # towards Sinjar mountain & Dohuk" from Sinjar: the others listed with it are ends still)
            listed = coordinated(t, post_refs, destination, hi)
            origin, destination = (None, destination) if origin.anaphor and not destination.anaphor else \
                (origin, listed[1] if len(listed) > 1 else None)
        conf = 0.7 - (0.15 if implicit or unresolved else 0) \
            - (0.1 if (origin and origin.anaphor) or (destination and destination.anaphor) else 0) \
            - (0.1 if nominal else 0) + (0.05 if group else 0) + (0.05 if origin and destination else 0)
        background = self._background(s, cm) and nominal
        if background and status == "reported":
            status = "historical"
        return self._flow_events(s, cm, status, conf, background, (origin, destination, post_refs, hi),
                                 (group, magnitude, magnitude_text), unresolved)

    def _origin_before(self, s: _Sentence, cm: CueMatch, destination: PlaceRef, status: str, nominal: bool) -> PlaceRef | None:
        """Where people went to `destination` from, when no place is named as left: where the
        "others" of a flight this sentence told left, else the place named last before."""
        origin = self._others_origin(s, cm) if self._others_of_a_flight(s, cm) \
            else self._recent_place(s, cm, exclude=destination)
        here = self._flow_in_sentence
        if origin is not None and not nominal and here is not None and here.origin is not None and here.destination is None \
                and _same_place(here.origin, origin.place) and here.status == status:
            # "families displaced from Gubio & Magumeri relocate to Maiduguri": the flight just told,
            # from each place it lists (`merge._join_flow_ends`), not from the last one named
            return None
        return origin

    def _destination_told_otherwise(self, s: _Sentence, cm: CueMatch, hi: int, nominal: bool,
                                    post_refs: list[PlaceRef]) -> tuple[PlaceRef | None, int, list[PlaceRef]]:
        """(destination, hi, post_refs) when no place follows a flight word as where people went:
        the home they had left ("people who had been displaced from Kobo returned home"), or
        where a share of them went, past another verb's clause ("9,000 fled Shwegu in the week
        before the town changed hands, most of them by boat downstream to Katha"), the sentence's
        stretch then reaching its end."""
        if cm.text.lower().endswith("home"):
            home = _DISPLACED_FROM_BEFORE.search(self.text, max(s.start, cm.start - 120), cm.start)
            return next((r for r in s.refs if home is not None and r.start == home.end() and r.context is None),
                        None), hi, post_refs
        if not nominal and cm.cue.frame in ("flee", "move", "transport") and \
                (tail := self._share_tail_destination(s, cm, hi)) is not None:
            return tail, s.end, [r for r in s.refs if cm.end <= r.start < s.end]
        return None, hi, post_refs

    def _share_tail_destination(self, s: _Sentence, cm: CueMatch, hi: int) -> PlaceRef | None:
        """The place a share of the people went to, told at the sentence's end past another
        verb's clause: ", most of them by boat downstream to Katha"."""
        for r in s.refs:
            if r.start < hi or r.anaphor:
                continue
            if (tail := _SHARE_TAIL_BEFORE.search(self.text, max(hi, r.start - 80), r.start)) is not None:
                # (not past another flight: "after fleeing Khartoum were uprooted again, many of
                # them heading for Sennar": the uprooting's way)
                return None if _ANOTHER_FLIGHT.search(self.text, cm.end, tail.start()) else r
        return None

    def _origin_told_otherwise(self, s: _Sentence, cm: CueMatch, lo: int, destination: PlaceRef | None,
                               nominal: bool) -> PlaceRef | None:
        """Where people fled from when no place follows the flight word: the place its people are
        of, a headline's label, or where the fighting they fled reached."""
        t, frame = self.text, cm.cue.frame
        origin = None
        if not nominal and (frame in ("flee", "transport") or frame == "move" and (
                cm.cue.object_role == "destination" or destination is not None)):
            # ("1,200 people from Kukawa reached Maiduguri", "residents of X left for Y"; not "1,000
            # fighters in Libya left", those who remain)
            origin = self._people_origin(s, cm, lo)
        if origin is None and not nominal and frame == "move" and cm.cue.object_role == "origin":
            # "Almost all of Loikaw's 50,000 inhabitants left": the place whose people left
            origin = next((r for r in s.refs if lo <= r.start < cm.start and r.populated
                           and (poss := _POSSESSIVE_PEOPLE.match(t, r.end, cm.start)) is not None
                           and self._people.match(self._people_text, poss.end(), cm.start)), None)
        if origin is None and not nominal and frame in ("flee", "move", "transport") and \
                (self._unresolved_end(cm, s.end) or ("",))[0] != "origin":
            # "Pokrovsk: 600 children evacuated in a week" (but "Macomia: 3,200 people fled Mucojo
            # towards Pemba": Mucojo, which the gazetteer lacks, kept by name)
            origin = self._headline_label(s, cm)
        if origin is None and frame == "flee" and (reach := _FIGHTING_REACHES_AFTER.match(t, cm.end)) is not None:
            # "12,000 displaced as fighting reaches Dembi Dolo": where the fighting came
            origin = next((r for r in s.refs if r.start == reach.end()), None)
        if origin is None and frame == "flee":
            # "3,000 cross into Mae Sot as Myawaddy fighting rages", "fleeing Niafunke clashes": the
            # place of the fighting they fled
            origin = next((r for r in s.refs if r.populated and r is not destination and r.context is None
                           and _AS_FIGHTING_BEFORE.search(t, max(s.start, r.start - 25), r.start)
                           and _FIGHTING_AFTER_NAME.match(t, r.end)), None)
        if origin is None and cm.text.lower().startswith(("empt", "is empt", "was empt")):
            # "Jenin camp empties as thousands flee": the place that empties is the one left
            origin = next((r for r in reversed(s.refs) if r.end <= cm.start and _EMPTIED_GAP.fullmatch(t, r.end, cm.start)), None)
        return origin

    def _a_force_moving(self, s: _Sentence, cm: CueMatch, group: str) -> bool:
        """Whether the people moving are a force, not people fleeing: "HTS-led fighters advanced
        south and reached the outskirts of Rastan", "100 government vehicles were seen heading
        towards Aleppo", "fighters of the Syrian National Army had reached the city centre",
        "fighters moving on Mariupol"."""
        t, move, before = self.text, cm.cue.frame == "move", max(s.start, cm.start - 80)
        if cm.text.lower() in ("move", "moves", "moved", "moving") and _MOVING_ON.match(t, cm.end):
            return True     # "their fighters were now moving on Mariupol": an advance on it
        if move and group.endswith(("fighters", "vehicles")) and \
                (_ADVANCE_BEFORE.search(t, before, cm.start) or _OUTSKIRTS_AFTER.match(t, cm.end)):
            return True
        if group.endswith("vehicles") and _ARMED_VEHICLES_BEFORE.search(t, before, cm.start):
            return True
        if move and cm.cue.object_role == "destination" and (any(
                0 <= cm.start - a.end <= 2 and a.kind != "civilians" for a in self.actors) or self._a_side_right_before(cm)):
            return True     # "government forces returned to Zinjibar": a side, named right before the verb
            # ("ISIL-KP militants had moved into Kunduz province")
        # (a side's fighters leaving a place under a deal are a flight: "ISIS fighters are expected to leave the city")
        if move and cm.cue.object_role == "origin" and group.endswith("fighters") and \
                _ITS_FIGHTERS_BEFORE.search(t, before, cm.start) and not _A_DEAL_IN.search(t, s.start, s.end):
            return True     # "the rebel alliance said its fighters had left the town for strategic reasons": a withdrawal
        return move and cm.cue.object_role == "destination" and group.endswith("fighters") and self._a_sides_fighters(s, cm)

    def _no_war_flight(self, s: _Sentence, cm: CueMatch, group: str | None, hi: int) -> bool:
        """Whether who moves are no people the war displaced: a force moving or sent to fight,
        inmates breaking out ("inmates fled Haiti's National Penitentiary"), or one person
        ("Ghani says he fled to UAE")."""
        t = self.text
        return bool(group and self._a_force_moving(s, cm, group) or self._a_force_sent(s, cm, hi)
                    or (group is None or group.endswith("fighters")) and (cm.text[:5].lower() == "cross" or cm.cue.frame == "move" and
                                          cm.cue.object_role == "destination") and self._a_side_right_before(cm)
                    or group and group.endswith("detainees") and _PRISON_AFTER.search(t, cm.end, hi)
                    or _ONE_PERSON_BEFORE.search(t, max(s.start, cm.start - 30), cm.start)
                    or _A_WAY_ACROSS_BEFORE.search(t, max(s.start, cm.start - 30), cm.start)
                    # "crossed the border to fight in Syria": men going to fight, no flight
                    or cm.text.lower().endswith(" to") and _TO_FIGHT_AFTER.match(t, cm.end)
                    # "the offensive drove the militants to Raqqa", "government forces ... were driven
                    # back towards Abyan": a side pushed back, no flight
                    or cm.text[:4].lower() in _DRIVING and (group and group.endswith(_ARMED_GROUPS) or " back " in cm.text
                                                            or group is None)
                    # "Daesh remnants flee to Al-Sufiya", "the assailants flee towards Burkina": a retreat
                    or (group is None or cm.cue.frame == "move" and cm.cue.object_role == "destination")
                    and _ARMED_MEN_RIGHT_BEFORE.search(t, max(s.start, cm.start - 40), cm.start))
        # ("ISIL-KP militants had moved into Kunduz province": armed men going somewhere)

    def _a_side_right_before(self, cm: CueMatch) -> bool:
        """Whether a side is named right before the verb, its subject: "Russian troops crossed the
        border into Ukraine" is an invasion, no flight (but "civilians and militants crossed" are people)."""
        return any(0 <= cm.start - a.end <= 120 and a.kind != "civilians" and (
                       _FORCE_NOUN_GAP.fullmatch(self.text, a.end, cm.start) or
                       # "Federal troops, with Amhara special forces and militias, crossed into western Tigray"
                       (aside := SUPPORT_ASIDE.match(self.text, a.end, cm.start)) is not None
                       and _FORCE_NOUN_GAP.fullmatch(self.text, aside.end(), cm.start))
                   and not _COUNTED_MEN_BEFORE.search(self.text, max(0, a.start - 30), a.start)
                   for a in self.actors)

    def _a_force_sent(self, s: _Sentence, cm: CueMatch, hi: int) -> bool:
        """Whether a side named right before the verb goes somewhere to fight, which is a
        deployment, no flight: "Peshmerga troops crossed into Syria via Turkey to aid in the
        defense of Kobane"."""
        return self._a_side_right_before(cm) and _PURPOSE_AFTER.search(self.text, cm.end, hi) is not None

    def _flow_events(self, s: _Sentence, cm: CueMatch, status: str, conf: float, background: bool,
                     where: tuple, who: tuple, unresolved: tuple) -> list:
        """One flow for each place a list names, at either end: "fled X and Y for Z and W"."""
        origin, destination, post_refs, hi = where
        group, magnitude, magnitude_text = who
        ends = self._flow_ends(post_refs, destination, hi) if destination is not None else [None]
        starts, named_starts = self._flow_starts(post_refs, origin, destination, hi)
        if origin is not None and post_refs and origin is post_refs[0] and cm.cue.object_role == "origin" and \
                (m := _LISTED_NAME_AFTER_VERB.fullmatch(self.text, cm.end, origin.start)) and \
                self._unresolved_match(m.start("name") - 1, m.end("name") + 1) is not None:
            named_starts = [m.group("name"), *named_starts]     # ("fled Mucojo and Macomia": Mucojo, by name)
        if cm.cue.object_role == "origin" and _BOTH_PLACES.match(self.text, cm.end) and \
                (two := self._last_two_places(cm.start)):
            starts, named_starts = two, []      # "fled both towns for Erbil": the two named before
        elif origin is not None and not origin.anaphor and origin.end <= cm.start and _PEOPLE_OF_BEFORE.search(
                self.text, max(s.start, origin.start - 45), origin.start):
            # "Residents of Mrauk-U and Kyauktaw fled": each place whose people left
            starts = [r for r in coordinated(self.text, [r for r in s.refs if r.end <= cm.start], origin, cm.start)
                      if r.populated == origin.populated]
        if len(ends) > 1 or len(starts) + len(named_starts) > 1:
            magnitude = None    # "fled to X and Y", "fled X and Y": how many went where, the text says not
        # (no flow from a place to itself: "from Monguno fled to Maiduguri, the Borno state capital", the
        # capital read back as Monguno)
        out = [self._event(s, cm, "displacement", status, conf, background=background, origin=start,
                           destination=end, group=group, magnitude=magnitude,
                           magnitude_text=magnitude_text, unresolved=unresolved) for start in starts for end in ends
               if start is None or end is None or not _same_place(start.place, end.place)]
        return out + [self._event(s, cm, "displacement", status, conf - 0.15, background=background, destination=end,
                                  group=group, unresolved=(("origin", name),)) for name in named_starts for end in ends]

    def _flow_starts(self, post_refs: list[PlaceRef], origin: PlaceRef | None, destination: PlaceRef | None,
                     hi: int) -> tuple[list, list[str]]:
        """Where people fled from: the origin named after the verb and those listed with it
        ("Farmers flee El Tarra and Teorama", "fled Mhardeh and Suqaylabiyah"), with the listed
        names the gazetteer lacks apart."""
        if origin is None or origin.anaphor or not any(r is origin for r in post_refs):
            return [origin], []
        stop = destination.start if destination is not None and destination.start > origin.end else hi
        listed, starts = coordinated(self.text, post_refs, origin, stop), [origin]
        for r in listed[1:]:
            if r.populated != origin.populated or "other" in self.text[starts[-1].end:r.start]:
                break       # "Sinja town, Sennar state": a locator; "X and other towns of Y": Y holds them
            starts.append(r)
        return starts, self._listed_names(starts[-1].end, stop) if len(starts) == len(listed) else []

    def _others_origin(self, s: _Sentence, cm: CueMatch) -> PlaceRef | None:
        """Where "others" of a flight the sentence told set out from: "fled Lashio, heading for
        Mandalay and Taunggyi, while others crossed into Yunnan" (Lashio, not the last town named)."""
        here = self._flow_in_sentence
        if here is None or here.origin is None:   # (the caller saw the "others", `_others_of_a_flight`)
            return None
        return next((r for r in self.usable if r.place.key == here.origin.key and r.end <= cm.start), None)

    def _others_of_a_flight(self, s: _Sentence, cm: CueMatch) -> bool:
        """Whether the people moving are "others" of a flight this sentence told: they left where
        it left from, named or not ("fled from Baba Amr to Al-Qusayr, and hundreds of others crossed
        into Lebanon": not from Al-Qusayr)."""
        return self._flow_in_sentence is not None and \
            _OTHERS_BEFORE.search(self.text, max(s.start, cm.start - 50), cm.start) is not None

    def _counted_across(self, cm: CueMatch, origin: PlaceRef) -> bool:
        """Whether the only place of a flight is a country or an area the displaced are counted
        across ("displaced across Myanmar"): where they are, no place they left."""
        return not origin.anaphor and (origin.place.is_country or origin.place.is_admin_area) and (
            _ACROSS_BEFORE.search(self.text, max(cm.end, origin.start - 20), origin.start) is not None
            or _IN_A_PART_OF.fullmatch(self.text, cm.end, origin.start) is not None)

    def _flow_told_on(self, s: _Sentence, cm: CueMatch, status: str, origin, destination: PlaceRef,
                      post_refs: list[PlaceRef], hi: int, group: str | None) -> list | None:
        """The events of a movement to `destination` that goes on with a flight told before it
        (`_continued_flow`), or None when it tells a flight of its own."""
        t, frame = self.text, cm.cue.frame
        prev = self._prev_flow
        if prev is not None and prev.destination is None \
                and (cont := _CONTINUATION.match(t, s.start, cm.start)) and (group is None or " of " in cont.group(0)):
            return self._continued_flow(s, cm, status, origin, destination, post_refs, hi)
        if prev is not None and prev.destination is not None and origin is None \
                and (prev.origin is not None or _unresolved_origin(prev)) \
                and _OTHERS_CONTINUATION.match(t, s.start, cm.start):
            # "80,000 fled X. Most went to Y. Others walked to Z.": another way of the same flight
            return self._continued_flow(s, cm, status, origin, destination, post_refs, hi, branch=True)
        here = self._flow_in_sentence
        if frame in ("transport", "move") and here is not None and here.destination is None and (
                _SHARE_OF_THEM_BEFORE.search(t, max(s.start, cm.start - 50), cm.start)
                or here.origin is not None and origin is None and group is None
                and _AND_ARE_NOW.search(t, max(s.start, cm.start - 30), cm.start)):
            # ("have fled X, many of whom had fled Y before, and are now moving towards Z": their way)
            # "fled Rafah since ..., most of them moving to Khan Younis": the flight's way
            return self._continued_flow(s, cm, status, origin, destination, post_refs, hi, prev=here)
        if here is not None and here.origin is not None and origin is None and (
                here.destination is not None and _OR_ANOTHER_WAY.search(t, max(s.start, cm.start - 30), cm.start)
                or _OTHERS_IN_SENTENCE.search(t, max(s.start, cm.start - 45), cm.start)):
            # "Others walked to Ad Damazin or sought shelter in Sennar", "fled X for Y, while others
            # went to Z": the same people's other way
            return self._continued_flow(s, cm, status, origin, destination, post_refs, hi, prev=here, branch=True)
        return None

    def _continued_flow(self, s: _Sentence, cm: CueMatch, status: str, origin, destination: PlaceRef,
                        post_refs: list[PlaceRef], hi: int, prev: Event | None = None, branch: bool = False) -> list:
        """The flow of the sentence before (or `prev`, one told earlier in this sentence), told on:
        "80,000 fled X. Many headed to Y." is one flow from X to Y, of the same people ("Most of
        the displaced reached Shendi"), and one to each place of "are staying with host families in
        Y and Z"; so is "fled X ..., most of them moving to Y".  With `branch`, the flow told on
        had an end already and keeps it: this is another way of its people ("Others went to Z")."""
        t, prev = self.text, prev or self._prev_flow
        ends = self._flow_ends(post_refs, destination, hi)
        out = []
        for end in ends:
            ev = self._event(s, cm, "displacement", status, 0.6, origin=origin, destination=end, group=prev.group,
                             magnitude=prev.magnitude if len(ends) == 1 else None,
                             magnitude_text=prev.magnitude_text if len(ends) == 1 else None)
            if origin is None and prev.origin is not None:
                ev = replace(ev, origin=prev.origin, mentions=prev.mentions + ev.mentions)
            elif origin is None and (left := _unresolved_origin(prev)):
                ev = replace(ev, unresolved=(("origin", left),))   # ("from Zamzam camp ... Others fled north to Y")
            if not s.times or prev.evidence_start >= s.start:
                # "... have fled X since Sunday. Many have gone to Y.": the flight's own time (and the
                # time of a flight told earlier in this sentence: "fled X on 13 May, most moving to Y")
                ev = replace(ev, date=prev.date, end=prev.end, precision=prev.precision,
                             date_phrase=prev.date_phrase, date_reason=prev.date_reason)
            out.append(replace(ev, evidence=t[prev.evidence_start:s.end], evidence_start=prev.evidence_start))
        if not branch:
            self._continued.add(prev.id)
        return out

    def _flow_ends(self, post_refs: list[PlaceRef], destination: PlaceRef, hi: int) -> list[PlaceRef]:
        """Where people went: the destination and those listed with it ("to X and Y"), and
        those a direction of their own adds ("fled east to Garowe and west to Buuhoodle")."""
        ends = coordinated(self.text, post_refs, destination, hi)
        for r in post_refs:
            if r.start > ends[-1].end and r.start < hi and _AND_TO.fullmatch(self.text, ends[-1].end, r.start):
                ends.append(r)
        return ends

    def _hosted(self, s: _Sentence, cm: CueMatch, hi: int, status: str) -> list:
        """Refugees a country or a town has taken in, one flow for each place a list names:
        "there were 3,315,711 refugees in Poland, 901,696 in Romania", "Britain has accepted
        146,379 refugees", "Chad has received 600,000 Sudanese refugees in Ouaddai".  They
        came from the country their demonym names, here or elsewhere in the paragraph
        ("Sudanese refugees"); a text that names none leaves the origin unknown."""
        t = self.text
        people = self._people.search(self._people_text, cm.start, cm.end)
        if people is None or _REFUSED_BEFORE.search(t, max(s.start, cm.start - 30), cm.start):
            return []       # (but "rallied against accepting refugees": no one taken in)
        post = [r for r in s.refs if cm.end <= r.start < hi and r.context is None]
        if cm.cue.object_role == "destination":
            first = next((r for r in post if self._marker(cm.end, r.start) == ""), None)
        else:       # "X has accepted N refugees (in Y)": where after the cue, else the clause's place
            first = next((r for r in post if self._marker(cm.end, r.start) in ("in", "at")
                          and r.start - cm.end <= 40), None) or \
                next((r for r in reversed([r for r in self.usable if s.start <= r.start and r.end <= cm.start])
                      if self._marker(s.start, r.start) not in ("from", "of")
                      and not _OTHER_CLAUSE.search(t, r.end, cm.start)), None)
        if first is None:
            return []
        hosts = [(first, _magnitude(t, people.start(), people.end(), self._folded_text, s.start))]
        for r in post:
            m = _HOSTED_NEXT.fullmatch(t, hosts[-1][0].end, r.start) if r.start > hosts[-1][0].end else None
            if m is not None:      # ", 901,696 in Romania": the list goes on, each with its number
                n = int(re.sub(r"\D", "", m.group("n")))
                hosts.append((r, (n, m.group("n").strip())))
        fled = _FLED_FROM_AFTER.search(t, hosts[-1][0].end, s.end)
        if fled is not None:     # ("Chad now hosts 180,000 refugees who crossed from Sudan": one flow, not two)
            self._told_with_hosts.append(fled.span())
        origin = next((r for r in self.usable if fled is not None and r.start >= fled.end()
                       and r.start - fled.end() <= 3), None) or \
            next((r for r in post if r.start > hosts[-1][0].end and _FROM_RIGHT_AFTER.fullmatch(t, hosts[-1][0].end, r.start)),
                 None) or self._refugees_origin(s, people.start())
        # ("arrivals in Montepuez from Macomia district": where they came from, right after where they are)
        # ("most of them fleeing attacks on El Geneina": where they fled, surer than their demonym)
        group = f"{origin.mention.surface} refugees" if origin is not None and \
            origin.start == _demonym_start(t, people.start()) else "refugees"
        return [self._event(s, cm, "displacement", status, 0.6, origin=origin, destination=r, group=group,
                            magnitude=mag[0], magnitude_text=mag[1])
                for r, mag in hosts if origin is None or not origin.place.is_country
                or r.place.country != origin.place.country]

    def _refugees_origin(self, s: _Sentence, at: int) -> PlaceRef | None:
        """The country refugees fled: the demonym before them ("Sudanese refugees"), else
        the demonym of refugees elsewhere in the same paragraph."""
        para0 = t_start = self.text.rfind("\n", 0, s.start) + 1
        para1 = self.text.find("\n", s.end)
        para1 = len(self.text) if para1 < 0 else para1
        demonyms = {m.end: m for m in self._mentions if m.kind == "demonym" and para0 <= m.start < para1
                    and m.place is not None and m.place.is_country}
        candidates = [at] + [g.start() for g in self._people.finditer(self._people_text, t_start, para1)]
        for g0 in candidates:
            m = demonyms.get(g0 - 1)
            if m is not None:
                return PlaceRef(m.start, m.end, m)
        return None

    def _unresolved_end(self, cm: CueMatch, hi: int) -> tuple[str, str] | None:
        """(role, name) of a place named right after a flight word that no mention resolves:
        "fled Tonenke" (origin), "fled to Tonenke" (destination)."""
        around = _VILLAGES_AROUND_AFTER.match(self.text, cm.end) if cm.cue.object_role == "origin" else None
        lo = around.end() - 1 if around is not None else cm.end     # ("fled villages around Banibangou")
        name = self._unresolved_name(lo, hi)
        if name is None and cm.cue.object_role == "origin" and _THE_TOWN_AFTER.match(self.text, cm.end) and \
                not any(r.start == cm.end + 1 for r in self.refs):
            # "fled the town for Hobyo", "the town" not read: the town named last, which the gazetteer lacks
            return ("origin", name) if (name := self._last_unheld_town(cm.start)) is not None else None
        if name is None:
            return None
        k = self.text.index(name, lo)
        into = _TOWARDS.search(self.text, cm.end, k) is not None or cm.cue.object_role == "destination"
        return ("destination" if into else "origin"), name

    def _last_unheld_town(self, at: int) -> str | None:
        """The name of the last town before offset `at` in its paragraph, where a place stands,
        that no mention covers (one the gazetteer lacks), if no mention stands after it."""
        start = max(self.text.rfind("\n", 0, at) + 1, at - LOOKBACK_CHARS)
        last = None
        for m in PLACE_SLOT.finditer(self.text, start, at):
            a, b = m.span("name")
            if any(x.start < b and a < x.end for x in self._mentions) or any(x.start < b and a < x.end for x in self.actors):
                continue
            if self._unresolved_match(a - 1, b) is not None:
                last = (a, m.group("name"))
        if last is None or any(last[0] < r.start < at and not r.anaphor and r.context is None for r in self.refs):
            return None
        return last[1]

    def _unheld_town_of_a_country(self, destination: PlaceRef | None, hi: int) -> tuple[str, str] | None:
        """("destination", name) of the town the gazetteer lacks where people crossed into a
        country: "crossed into Sudan at Hamdayet" went to Hamdayet."""
        if destination is None or not destination.place.is_country or \
                (at := _AT_A_TOWN_AFTER.match(self.text, destination.end, hi)) is None:
            return None
        name = self._unresolved_name(at.end() - 1, hi)
        return ("destination", name) if name is not None else None

    def _unresolved_other_end(self, origin: PlaceRef | None, destination: PlaceRef | None, cm: CueMatch,
                              hi: int) -> tuple[str, str] | None:
        """(role, name) of a place no mention resolves named right after the one end of a flight
        its word takes: "Thousands flee El Fasher for Tawila" (the destination, kept by name),
        "1,500 people have arrived in Malakal from Nasir" (the origin)."""
        known = origin if destination is None else destination if origin is None else None
        if known is None or known.start < cm.end:
            return None
        way = _WAY_ON_AFTER if known is origin else _WAY_FROM_AFTER
        if (to := way.match(self.text, known.end, hi)) is None:
            return None
        name = self._unresolved_name(to.end() - 1, hi)     # (the pattern opens with a space)
        return ("destination" if known is origin else "origin", name) if name is not None else None

    def _headline_label(self, s: _Sentence, cm: CueMatch) -> PlaceRef | None:
        """The town a headline's label names, where its people left: "Pokrovsk: 600 children
        evacuated in a week", "Gwoza: thousands reach Maiduguri" (no other place before the verb)."""
        first = s.refs[0] if s.refs else None
        if first is None or first.anaphor or not first.populated or first.end >= cm.start or \
                self.text[s.start:first.start].strip() or not _LABEL_COLON.match(self.text, first.end, cm.start):
            return None
        return first if len(s.refs) < 2 or s.refs[1].start > cm.start else None

    def _unresolved_label(self, s: _Sentence, cm: CueMatch) -> tuple[str, str] | None:
        """("origin", name) of a headline's label the gazetteer lacks, where its people left, no
        place named before the verb: "Nasir: thousands cross into Ethiopia's Gambela region"."""
        m = _LABEL_NAME.match(self.text, s.start, cm.start)
        if m is None or m.group("name").isupper() or name_key(m.group("name")) in load_lexicon().agencies or \
                cm.cue.frame not in ("flee", "move", "transport") or any(s.start <= r.start < cm.start for r in s.refs):
            return None     # (a capitals' label is a rubric, "UPDATE:", "LIVE:"; "Hawar:" a news agency)
        named = self._unresolved_match(s.start, m.end("name"), before=True)
        return ("origin", named.group("name")) if named is not None and named.start("name") == m.start("name") else None

    def _unresolved_people_of(self, s: _Sentence, cm: CueMatch) -> tuple[str, str] | None:
        """("origin", name) of a place no mention resolves whose people are the flight's subject:
        "Most of Ber's residents fled to Timbuktu" left Ber (kept by name), no place named before."""
        m = next((x for rx in (_NAMES_PEOPLE_BEFORE, _PEOPLE_OF_A_NAME_BEFORE)
                  if (x := rx.search(self.text, max(s.start, cm.start - 80), cm.start)) is not None
                  and self._people.match(self._people_text, x.start("people"), x.end("people"))), None)
        if m is None:
            return None     # ("Families from villages around Karimama have moved": "have" is no people)
        if m.re is _NAMES_PEOPLE_BEFORE and self.text[m.end("name"):m.end("name") + 1] != "'" and \
                _NO_TOWN_BEFORE_PEOPLE.fullmatch(m.group("name")):
            return None     # "Kurdish residents", "Hundreds families": a people's adjective, a count
        named = self._unresolved_match(m.start("name") - 1, m.end("name")) if m.start("name") else \
            self._unresolved_match(0, m.end("name"), before=True)    # (a headline opening with the name)
        return ("origin", named.group("name")) if named is not None and named.start("name") == m.start("name") else None

    def _a_sides_fighters(self, s: _Sentence, cm: CueMatch) -> bool:
        """Whether the fighters moving are a named side's ("fighters of the SNA", "HTS fighters"):
        a force moving, not people fleeing."""
        t = self.text
        for m in _FIGHTERS.finditer(t, max(s.start, cm.start - 80), cm.start):
            if self._owner_at(m.start() - 1) is not None or (
                    (of := _OF_THE_AFTER.match(t, m.end())) is not None and self._owner_at(of.end()) is not None):
                return True
        return False

    def _owner_at(self, g0: int) -> str | None:
        """The actor written right before (or around) offset g0, as in "ISIS families"."""
        # actors are in text order: only those starting at most the longest name before g0 can reach it
        for k in range(bisect.bisect_right(self._actor_starts, g0) - 1, -1, -1):
            a = self.actors[k]
            if 0 <= g0 - a.end <= 3 or a.start <= g0 < a.end:
                return a.canonical
            if a.start < g0 - 3 - self._actor_reach:
                return None
        return None

    def _salience_of(self, place: Place) -> int:
        """How often the article names this place where something may happen (references back
        aside); counted on first need: few articles leave an origin to be guessed."""
        if self._salience is None:
            self._salience = {}
            for r in self.usable:
                if not r.anaphor:
                    key = r.place.key
                    self._salience[key] = self._salience.get(key, 0) + 1
        return self._salience.get(place.key, 0)

    def _recent_place(self, s: _Sentence, cm: CueMatch, exclude: PlaceRef) -> PlaceRef | None:
        """Where people set out from when the sentence only says where they went: the last town named."""
        cands = [r for r in self.usable if r.end <= cm.start and cm.start - r.end <= LOOKBACK_CHARS
                 and r.populated and not _same_place(r.place, exclude.place)
                 # ("Residents who reached Fada N'Gourma said civilians had fled toward Pama": not from Fada)
                 and not _REACHED_BEFORE.search(self.text, max(0, r.start - 30), r.start)]
        # A place the article dwells on (named twice or more), or one named in this very sentence;
        # a single passing name further back is more often a person's or a misread word.
        prev_start = max((a for a, _ in self._sentences if a < s.start), default=s.start)
        for r in reversed(cands):
            if r.start >= prev_start:
                return r          # named in this sentence or the one before
        for r in reversed(cands):
            if self._salience_of(r.place) >= 2:
                return r          # else a place the article dwells on, not a passing name
        return None

    def _group(self, s: _Sentence, cm: CueMatch, lo: int, hi: int) -> tuple[str | None, int | None, str | None]:
        """Who moved and how many: ("ISIS families", 75, "75 families")."""
        t, gw, gt = self.text, self._people, self._people_text
        post = [m for m in gw.finditer(gt, cm.gap[0], cm.gap[1])] if cm.gap else []
        # (not the agent of another verb: "moved to Sweden ..., and was identified by other Syrian refugees")
        post = post or [g for g in gw.finditer(gt, cm.end, min(hi, cm.end + 80))
                        if not _AGENT_BEFORE.search(t, max(cm.end, g.start() - 40), g.start())]
        clause = max(s.start, cm.start - 100)
        rx, text = self._blind(_SUBJECT_BOUNDARY)
        before = cm.start
        if (aside := _ASIDE_BEFORE.search(t, max(s.start, cm.start - 100), cm.start)) is not None:
            before = aside.start()   # "Some 1,200 people, most of them elderly, left X": past the aside
        for b in rx.finditer(text, clause, before):
            clause = b.end()         # the subject of the cue lies after the last clause boundary
        pre = list(gw.finditer(gt, clause, cm.start))
        if cm.cue.frame == "transport" and not set(self._before(s.start, cm.start, 2)) & _PASSIVE_AUX and not (
                pre and not t[pre[-1].end():cm.start].strip() and cm.text.lower().endswith("ed")
                and _FROM_OR_TO_AFTER.match(t, cm.end)):
            # ("Thousands of Kurdish families bussed from Tal Rifaat to Tabqa": a headline's passive)
            pre = []      # "X transferred families": the people moved are the object, not the subject
        order = (post + pre[::-1]) if cm.cue.frame in ("transport", "noun", "noun_people") or self._nominal(s, cm) \
            else (pre[::-1] + post)
        if not order:
            n = _COUNT_MOVED_BEFORE.search(t, max(s.start, cm.start - 50), cm.start) or \
                (_COUNT_MOVED_AFTER.match(t, cm.end) if cm.text.lower().startswith(("displac", "uproot")) else None)
            if n is not None:
                # "a further 400 were bused from X", "fighting displaces 10,000 in X": a count of
                # people moved, its noun left out
                return "civilians", int(re.sub(r"\D", "", n.group("n"))), n.group("n")
            if (w := _WORD_COUNT_MOVED_BEFORE.search(t, max(s.start - 2, 0, cm.start - 40), cm.start)) is not None:
                # "Thousands more have left Herat for X", "12,000 reach Bunia"
                n = w.group("n")
                return "civilians", int(n.replace(",", "")) if n[0].isdigit() else None, n
            return None, None, None
        g = order[0]
        label = self.cues.group_label(g.group(0)) or g.group(0).lower()

        def subject_name() -> str | None:
            subj = self._subject(s, cm, lo, [a for a in s.actors if lo <= a.start < cm.start and not a.modifier])
            return subj.canonical if subj else None

        # whose people: "ISIS families", "their families" (the subject's), "families of its commanders"
        owner = self._owner_at(g.start())
        if owner is None and _POSSESSOR_BEFORE.search(t, max(0, g.start() - 25), g.start()):
            owner = subject_name()
        if owner is None:
            of = _OF_AFTER.match(t, g.end(), g.end() + 40)
            if of:
                owner = next((a.canonical for a in self.actors if g.end() <= a.start <= of.end()), None)
                if owner is None and _ITS_THEIR.search(of.group(0)):
                    owner = subject_name()
        adjective = _PEOPLE_ADJECTIVE.search(t, max(0, g.start() - 20), g.start())
        if owner and owner != "civilians" and label != "civilians":
            group = f"{owner} {label}"
        elif adjective:
            group = f"{adjective.group(1)} {label}"       # "Kurdish families", "Yazidi women"
        else:
            group = label
        number, text = _magnitude(t, g.start(), g.end(), self._folded_text, s.start)
        return group, number, text


#: A way's first word right after a verb: "bussed from X", "deported to Y".
_FROM_OR_TO_AFTER = re.compile(r"\s+(?:from|to|out\s+of)\s", re.IGNORECASE)
#: The agent of a passive verb, right before its people: "identified by other Syrian ".
_AGENT_BEFORE = re.compile(r"\b(?:identified|recognised|recognized|welcomed|greeted|seen|reported|told|described)\s+by\s+"
                           r"(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
#: An aside between the people and their verb: ", most of them elderly,", ", among them 300 children,".
_ASIDE_BEFORE = re.compile(r",\s*(?:most|many|some|all|half|nearly\s+all|the\s+majority|among\s+them|including|mostly)\b"
                           r"[^,;]{0,60},\s*$", re.IGNORECASE)
#: "to" in an idiom, not a direction: "thanks to", "due to", "next to", "according to".
_IDIOM_TO = re.compile(r"\b(?:thanks|due|owing|according|next|close|addition|contrary|similar|prior|compared|opposed|"
                       r"attached|linked|loyal|allied)\s+to\s+(?:the\s+|a\s+|an\s+)?(?:[\w.'’-]+\s+){0,2}$", re.IGNORECASE)
#: Between a movement noun and its people: "the escape of (some 3,000) civilians" (`FlowRules._people_of`).
_OF_LEAD = re.compile(r"\s+of\s+(?:(?:the|some|about|around|over|nearly|more\s+than|[\d,.]+|(?:tens\s+of\s+)?"
                      r"(?:thousands|hundreds|dozens)\s+of|[\w-]+)\s+){0,4}?")
#: The people before a movement noun: "the civilians' escape", "their return", "refugee returns".
_PEOPLES_NOUN = re.compile(r"(?:\b(?:their|civilians['’]|residents['’]|families['’]|refugees['’]|people['’]s|refugee|IDP)"
                           r"\s+(?:\w+\s+)?)$", re.IGNORECASE)
#: A flow end's marker, a name (one the rules set aside, "al Mawasi" too) and a list joiner
#: right before a place.
_AFTER_A_LISTED_NAME = re.compile(r"\b(?P<mark>to|towards|toward|into|from)\s+(?:(?:al|el|ad|ar|as|ash|at|az|an)\s)?"
                                  r"(?P<name>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)(?:\s*,\s*|\s+and\s+|\s+or\s+)"
                                  # ("towards Saut-d'Eau and the regional capital, Hinche")
                                  r"(?:the\s+(?:[a-z-]+\s+)?(?:capital|port|town|city),?\s+)?$")


#: Words that keep people out before a verb of taking them in: "rallied against accepting".
_REFUSED_BEFORE = re.compile(r"\b(?:against|opposed?\s+to|refus\w*\s+to|stop(?:ped)?|halt(?:ed)?|not|never|no\s+longer)\s+$",
                             re.IGNORECASE)
#: A list of hosts going on: ", 901,696 in Romania", ", and 27,308 in Belarus".
_HOSTED_NEXT = re.compile(r"\s*,\s*(?:and\s+)?(?:(?:over|more\s+than|about|some|nearly|around)\s+)?"
                          r"(?P<n>\d[\d,.]*(?:\s+(?:million|thousand))?)\s+(?:more\s+)?in\s+(?:the\s+)?")


#: Unnamed places of an area people left: "from villages in eastern", "from communities across the".
_FROM_VILLAGES_IN = re.compile(r"\bfrom\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:villages|towns|communities|settlements|localities|"
                               r"areas|hamlets)\s+(?:in|of|across|throughout)\s+(?:the\s+)?(?:(?:eastern|western|northern|"
                               r"southern|central|north|south|east|west)\s+)?$", re.IGNORECASE)
#: Vehicles of a force, not of people fleeing: "100 government vehicles were seen heading towards X",
#: "a convoy of military vehicles left Y".
_ARMED_VEHICLES_BEFORE = re.compile(
    r"\b(?:government|military|army|armou?red|rebel|regime|enemy|troop|combat|militia|insurgent|jihadist|"
    r"tanks?\s+and(?:\s+other)?)\s+(?:vehicles|convoys?|trucks)\b", re.IGNORECASE)
#: An armed advance before a verb of arriving: "advanced south along the highway and", "pushed on and".
_ADVANCE_BEFORE = re.compile(r"\b(?:advanced|advancing|pushed|pushing|marched|marching|moved\s+on|closed\s+in)\b[^.;]*$",
                             re.IGNORECASE)
#: A people's word and "of" right before a place: "residents of", "the civilian population of".
#: The people of a town's quarter, right before the town: "residents of the al-Waer neighbourhood in ".
_PEOPLE_OF_A_QUARTER_IN = re.compile(r"\b(?:residents|inhabitants|people|civilians|families)\s+of\s+the\s+[\w'’ -]{1,30}?\s"
                                     r"(?:neighbou?rhood|district|quarter|camp)\s+(?:in|of)\s+(?:the\s+city\s+of\s+)?$",
                                     re.IGNORECASE)
_PEOPLE_OF_BEFORE = re.compile(r"\b(?:residents|inhabitants|population|people|civilians|families|villagers|citizens"
                               r"|households|refugees|IDPs|thousands|hundreds)"
                               r"\s+(?:of|from|in)\s+(?:the\s+)?(?:[\w-]+-(?:held|occupied|controlled)\s+)?$",
                               re.IGNORECASE)
#: Between a place and the passive that empties it: " is being ", " was ", " has been ".
_PLACE_EVACUATED_GAP = re.compile(r"\s+(?:(?:is|are|was|were)\s+(?:being\s+)?|(?:has|have|had)\s+been\s+)"
                                  r"(?:\w+ly\s+|also\s+|now\s+)?")
#: A name's people as a flight's subject: "Ber's residents", "Minova's remaining inhabitants" (then the verb;
#: `_unresolved_people_of` checks the people word).
_NAMES_PEOPLE_BEFORE = re.compile(r"\b(?P<name>[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2})(?:['’]s\s+(?:\w+\s+)?|(?<!['’]s)\s+)"   # ("Falam residents")
                                  r"(?P<people>\w+)\s+(?:(?:have|had|has|also|already|all)\s+)*(?:been\s+)?$")
#: A word before people that names no town: a people's adjective or a count ("Kurdish", "Alawite",
#: "Hundreds").
_NO_TOWN_BEFORE_PEOPLE = re.compile(rf"(?:{PEOPLES_WORD})s?|[A-Z][a-z]+(?:i|an)|Shiite|Local|Displaced|"
                                    r"Hundreds|Thousands|Dozens|Tens|Millions")
#: A headline's label naming a place: "Nasir: ", "Gwoza: ".
_LABEL_NAME = re.compile(r"\s*(?P<name>[A-Z][\w'’-]+(?:\s[A-Z][\w'’-]+){0,2})\s*:\s")
#: "the town" right after a flight word: " the town", " the city".
_THE_TOWN_AFTER = re.compile(r"\s+the\s+(?:town|city|village)\b(?!\s+of\b)", re.IGNORECASE)
#: Unnamed places around a name, right after a flight word: " villages around ", " the areas near ".
_VILLAGES_AROUND_AFTER = re.compile(r"\s+(?:the\s+)?(?:villages|areas?|settlements|hamlets)\s+(?:around|near)\s", re.IGNORECASE)
#: The people of a name before a flight word: "40,000 residents of Jalawla fled".
_PEOPLE_OF_A_NAME_BEFORE = re.compile(r"\b(?P<people>\w+)\s+(?:of|from)\s+"
                                      r"(?:(?:the\s+)?(?:villages|areas?|settlements)\s+(?:around|near)\s+)?"   # ("from villages around X")
                                      r"(?P<name>(?:(?:al|el|ad|ar|as|ash|at|az|an)-)?[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2})\s+"
                                      r"(?:(?:refugee\s+|IDP\s+)?camp\s+|village\s+)?"    # ("people from Zamzam camp have reached")
                                      # ("residents of al-Hadher and the surrounding farms fled")
                                      r"(?:and\s+(?:the\s+|its\s+)?(?:surrounding|nearby|neighbouring|neighboring)\s+\w+\s+)?"
                                      r"(?:(?:have|had|has|also|already|all)\s+)*(?:been\s+)?$")
#: A place's possessive before its people: "Sievierodonetsk's (civilian) population".
_POSSESSIVE_PEOPLE = re.compile(r"['’]s\s+(?:(?:entire|whole|remaining|civilian|local|last|many|few|estimated|some|"
                                r"\d[\d,.]*(?:\s+(?:000|million))?)\s+)*")   # ("Loikaw's 50,000 inhabitants")
#: Between a place and "empties": its kind ("Jenin camp empties").
_EMPTIED_GAP = re.compile(r"\s+(?:(?:refugee\s+)?camp|town|city|village|district|neighbou?rhood)?\s*")
#: A road a flight took, up to the town it leads to: " along the coast road towards ".
_ALONG_THE_ROAD_TO = re.compile(r"(?:\s+[\w,-]+){0,3}?\s+along\s+(?:the\s+)?(?:[\w-]+\s+){0,2}(?:road|highway|route)\s+"
                                r"(?:to|towards?)\s+", re.IGNORECASE)
#: A camp named after a place and its people: " refugee camp", " IDP camps".
_A_CAMP_AFTER = re.compile(r"\s+(?:[\w-]+\s+)?(?:camps?|sites?|settlements?|shelters?|centres?|centers?)\b", re.IGNORECASE)
#: "moving on X" (not "moved on to X"): an advance on a place.
_MOVING_ON = re.compile(r"\s+on\s+(?!to\b)", re.IGNORECASE)
#: What comes before the place of a fighting people fled: "as ", "amid heavy ", "fleeing ".
_AS_FIGHTING_BEFORE = re.compile(r"\b(?:as|amid|amidst|after|following|fleeing|escaping)\s+(?:the\s+)?(?:renewed\s+|heavy\s+|"
                                 r"fierce\s+|deadly\s+)?$", re.IGNORECASE)
#: A fighting word right after that place: "Myawaddy fighting", "Nasir clashes".
_FIGHTING_AFTER_NAME = re.compile(rf"\s+{FIGHTING_WORDS}\b", re.IGNORECASE)
#: A side's own fighters, right before their verb: "its fighters had ", "trucks packed with fighters had ".
_ITS_FIGHTERS_BEFORE = re.compile(r"\b(?:its|their|his|packed\s+with|carrying)\s+(?:[\w-]+\s+)?fighters\s+(?:(?:had|have|has|were|was|"
                                  r"reportedly|also|then|later|already)\s+)*$", re.IGNORECASE)
#: Words of a deal or an evacuation under which fighters leave: then a flight, no withdrawal.
_A_DEAL_IN = re.compile(r"\b(?:deal|agreement|accord|truce|ceasefire|evacuat\w*|bus(?:es|ed)?|convoys?|surrender\w*|"
                        r"transfer\w*|safe\s+passage|families)\b", re.IGNORECASE)
#: Between a host place and the place its people came from: " from ", " from the town of ".
_FROM_RIGHT_AFTER = re.compile(r"\s+from\s+(?:the\s+)?(?:(?:town|city|village|district|area)\s+of\s+)?", re.IGNORECASE)
#: A prison people broke out of: "fled Haiti's National Penitentiary".
_PRISON_AFTER = re.compile(r"\b(?:prison|prisons|penitentiary|jail|jails|gaol|detention\s+(?:centre|center|facility))\b",
                           re.IGNORECASE)
#: One person as the subject of a flight: "he fled to UAE", "she had escaped".
_ONE_PERSON_BEFORE = re.compile(r"(?:^|[^\w-])(?:he|she|I)\s+(?:(?:had|has|have|was|reportedly|later|then|also|"
                                r"eventually|allegedly|had\s+to|was\s+forced\s+to)\s+)*$")
#: Between a side's name and its verb: its force's noun ("Peshmerga troops crossed").
_FORCE_NOUN_GAP = re.compile(r"\s*(?:(?:troops|fighters|forces|soldiers|units|militiamen|militants|reinforcements)\s+)?"
                             r"(?:(?:had|have|has|also|then|later)\s+)*",
                             re.IGNORECASE)
#: Where people went, named or not, before the place it lies in: "to Hamdayet and other crossing
#: points in Sudan" (Hamdayet one the gazetteer lacks), "to relatives in Afrin": Sudan and Afrin
#: are where they went (not "to escape the fighting in X").
_DESTINATION_BEFORE_IN = re.compile(r"\b(?:to|towards|toward|into)\s+(?:the\s+|their\s+|other\s+)?"
                                    r"(?P<head>[A-Z][\w'’-]*|relatives|family|families|friends|camps?|shelters?|host\s+communities)\b"
                                    r"[^.;:()]{0,60}?\b(?:in|inside|at|within|around|near)\s+(?:the\s+)?$")
#: A count of a side's men: "Over 80 Afghan soldiers cross into Uzbekistan" flee, a count of them
#: is no army invading.
_COUNTED_MEN_BEFORE = re.compile(r"\b(?:\d[\d,]*|several\s+(?:hundred|thousand|dozen)|hundreds|thousands|dozens)\s+(?:of\s+)?$",
                                 re.IGNORECASE)
#: A force's purpose after its movement: "to aid in the defense of", "to reinforce", "in support of".
_PURPOSE_AFTER = re.compile(r"\bto\s+(?:aid|help|support|reinforce|join|bolster|relieve|assist|defend|fight|"
                            r"take\s+part)\b|\bin\s+support\s+of\b", re.IGNORECASE)
#: Group labels of armed men or their vehicles and bases (groups.csv), whose flight is a retreat.
#: Armed men right before a flight verb: "Daesh remnants flee", "the assailants fled".
#: (soldiers who cross a border are displaced, as the labels read them: "Afghan soldiers flee into Tajikistan")
_ARMED_MEN_RIGHT_BEFORE = re.compile(rf"\b(?:{ARMED_MEN}|terrorists|mercenaries|remnants|assailants|attackers)\s*"
                                     r"(?:,\s*who\s+|\s(?:who|that)\s+|\s)"     # ("The insurgents, who crossed from X")
                                     r"(?:(?:have|had|has|then|also|reportedly|later)\s+)?$", re.IGNORECASE)
_ARMED_GROUPS = ("fighters", "vehicles", "headquarters")
#: The first letters of the verbs that drive people somewhere ("drove ... to", "driven ... into").
_DRIVING = ("drov", "driv")
#: The fighters of a side: "fighters of the SNA", "HTS fighters".
_FIGHTERS = re.compile(r"\bfighters\b", re.IGNORECASE)
_OF_THE_AFTER = re.compile(r"\s+(?:of|from)\s+(?:the\s+)?", re.IGNORECASE)
#: Where a flight went, right after the place it left: "fled X for Y", "left X towards Y".
_WAY_ON_AFTER = re.compile(r"(?:,\s*(?:most|many|some|half|the\s+majority|nearly\s+all|almost\s+all)(?:\s+of\s+them)?)?"
                           rf"\s+(?:(?:{DIRECTION})\s+)?"
                           r"(?:to|for|towards?|into)\s+", re.IGNORECASE)   # ("fled X, most of them to Y")
#: Where a flight came from, right after the place it reached: "arrived in X from Y".
#: Where in a country people crossed into: "(into Sudan) at (Hamdayet)".
_AT_A_TOWN_AFTER = re.compile(r"\s+(?:at|in|near)\s")
_WAY_FROM_AFTER = re.compile(r"\s+(?:from|out\s+of)\s+", re.IGNORECASE)
#: "reached the outskirts of X": an advance to a place, not a flight into it.
_OUTSKIRTS_AFTER = re.compile(r"\s+(?:the\s+)?(?:northern\s+|southern\s+|eastern\s+|western\s+)?(?:outskirts|edge|gates)\s+of\b"
                              r"|\s+within\s+(?:about\s+|some\s+)?\d",     # "moved to within 20 km of X"
                              re.IGNORECASE)
#: Another destination of the same flight: " and west to ", ", and to ".
_AND_TO = re.compile(r"(?:\s+(?:town|city|village|district|state|province|region|camp))?"   # "to Dikwa town and to Y"
                     r",?\s+(?:and|or)\s+(?:(?:others|some|many|the\s+rest)\s+)?(?:(?:north|south|east|west|north-?east|"
                     r"north-?west|south-?east|south-?west)(?:wards?)?\s+)?(?:to|towards|toward|into)\s+(?:the\s+)?"
                     r"(?:(?:relatives|family|families|friends|host\s+families|camps|shelters|schools)\s+(?:in|at|near|around)\s+|"
                     # "and to the state capital Maiduguri", "and to the Shan state capital Taunggyi"
                     r"(?:[\w'’-]+\s+){0,2}(?:capital|port|port\s+city),?\s+)?",
                     re.IGNORECASE)     # ("to X, and others to Y", "or south to Maiduguri", "and to relatives in Baghdad")
#: A purpose right after "to": "(crossed the border to) fight", "to join the rebels".
_TO_FIGHT_AFTER = re.compile(r"\s+(?:fight|join|help|defend|support|reinforce|attack|aid|take\s+part|wage|battle)\b",
                             re.IGNORECASE)
#: A bridge or a road as the subject: "the three bridges that crossed the Donets river into the
#: city" carry no one fleeing.
_A_WAY_ACROSS_BEFORE = re.compile(r"\b(?:bridges?|roads?|railways?|highways?|pipelines?|routes?|crossings?)\s+"
                                  r"(?:(?:that|which)\s+)?(?:had\s+|once\s+)?$", re.IGNORECASE)
#: Others of a flight the sentence told: "while others crossed into", "and some went to".
_OTHERS_BEFORE = re.compile(r"(?:[,;]|\b(?:and|while|whereas|but))\s+(?:(?:hundreds|thousands|dozens|many)\s+(?:of\s+)?(?=others))?"
                            r"(?:others|some|many|the\s+rest|a\s+few)\s+"
                            r"(?:of\s+them\s+)?(?:had\s+|have\s+)?(?:\w+ly\s+)?$", re.IGNORECASE)
#: A participle of flight right before the place people left: "refugees fleeing Uvira crossed".
_FLEEING_BEFORE = re.compile(r"\b(?:fleeing|who\s+fled|having\s+fled)\s+(?:the\s+)?$", re.IGNORECASE)
#: Where people taken in had fled, told after the place that took them in: ", most of them
#: fleeing attacks on El Geneina", "refugees who crossed from Sudan", "people who fled Kukawa".
_FLED_FROM_AFTER = re.compile(r"\b(?:who\s+(?:had\s+)?(?:fled|crossed\s+from|escaped)|fleeing|having\s+fled)\s+"
                              r"(?:(?:the\s+)?(?:attacks?|fighting|violence|clashes|shelling|raids?)\s+(?:on|in|around)\s+)?(?:the\s+)?",
                              re.IGNORECASE)


def _unresolved_origin(flow: Event) -> str | None:
    """The name of the place a flow left that the gazetteer lacks, if it has one."""
    return next((name for role, name in flow.unresolved if role == "origin"), None)


def _demonym_start(text: str, people_start: int) -> int:
    """Where the word right before the people starts ("Sudanese" of "Sudanese refugees")."""
    return len(text[:people_start].rstrip()) - len(text[:people_start].rstrip().split()[-1]) \
        if text[:people_start].strip() else -1


def _names_a_town_of(ref: PlaceRef, country: PlaceRef) -> bool:
    """Whether `ref` is a town inside the country `country` names: the surer end of a flow."""
    return country.place.is_country and not (ref.place.is_country or ref.place.is_admin_area) \
        and ref.place.country == country.place.country
