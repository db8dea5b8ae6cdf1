"""Control-change frames: who took which place from whom (frames in `timeline/data/cues_events.csv`)."""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from gazetteer import name_key
from gazetteer.lexicon import load_lexicon
from gazetteer.records import Mention
from timeline.actors import _IRREGULAR_HEADS, ActorMention
from timeline.cues import Cue, CueMatch, opens_a_sentence
from timeline.event_places import _LIST_JOINER, PlaceRef, coordinated, coordinated_before, joins_a_list
from timeline.events.merge import _same_span
from timeline.events.patterns import (
    _A_SIDE_AFTER,
    _ABSOLUTE_WITH,
    _ADVERBS_AT_MOST,
    _ADVERBS_ONLY,
    _ANCHOR_BEFORE,
    _AND_CLAUSE,
    _APPOSITIVE_BY,
    _APPOSITIVE_RELATIVE,
    _AREA_NOUN_AFTER,
    _AREAS_AFTER,
    _AREAS_OF,
    _ARMED_NOUN_RIGHT_BEFORE,
    _ARMED_SUBJECT_BEFORE,
    _AS_A_PARTICLE,
    _ASIDE_THEN_VERB,
    _ATTRIBUTIVE_BEFORE,
    _BACK_IN,
    _BACKGROUND,
    _BARE_PARTICIPLE_AFTER,
    _BARE_PARTICIPLE_GAP,
    _BESIEGED_GAP,
    _BOTH_PLACES,
    _BY_NEXT,
    _BY_SURPRISE,
    _CAPITALISED_AFTER,
    _CAPITALISED_BEFORE,
    _CLAIMED_BEFORE,
    _CLASHED_WITH,
    _CLAUSE_BETWEEN,
    _CLAUSE_BREAK,
    _CLAUSE_PUNCT_IN,
    _COLON_AFTER_A_FALL,
    _COMMA_ADVERB_BEFORE,
    _COMPELLED_BEFORE,
    _COORDINATED_AFTER_OBJECT,
    _COORDINATED_VERB,
    _COUNT_GAP,
    _COUNTED_TOWNS_BEFORE,
    _DECLARED_BEFORE,
    _DEPLOYED_AFTER,
    _DETERMINER_BEFORE,
    _DISTANCE_IN,
    _ENEMY,
    _FIRST_TO_BEFORE,
    _FLAG_SITE_OF,
    _FOLLOWED_THEN,
    _FORCE_NOUN_RIGHT_BEFORE,
    _FOUGHT_BEFORE,
    _FRONTED_BEFORE,
    _GAPPED_BETWEEN,
    _GAPPED_DATE_AFTER,
    _GAVE_CLAUSE,
    _GENERIC_FORCE_BEFORE,
    _HELD_AFTER,
    _HELD_BY_BEFORE,
    _IN_A_PHRASE_BEFORE,
    _INTO_AFTER,
    _IT_FELL,
    _IT_OBJECT,
    _IT_WAS,
    _ITS_CONTROL_GAP,
    _LABEL_COLON,
    _LED_BY,
    _LOSER_BEFORE,
    _MARCHED_IN,
    _NAME_INSIDE,
    _NAME_OF_BEFORE,
    _NAMED_KIND_OF,
    _NEW_CLAUSE_AND,
    _NEXT_CLAUSE,
    _NO_OBJECT_AFTER,
    _NONCOMBATANTS,
    _NOT_A_FALL_AFTER,
    _NOT_A_HOLD,
    _NOT_A_SIDE,
    _OBJECT_AFTER,
    _OF_GAP,
    _OPENING_IN,
    _OWNS_A_FORCE_AFTER,
    _PARTIAL_ADVERB,
    _PARTIAL_AFTER,
    _PARTIAL_BEFORE,
    _PARTIAL_CUE,
    _PARTICIPLE,
    _PASSIVE_AUX,
    _PASSIVE_SUBJECT_GAP,
    _PLACE_NOUN_GAP,
    _PLACE_NOUN_OF,
    _POCKET_AFTER,
    _POSSESSIVE_AFTER,
    _POSSESSIVE_S,
    _PREPOSITION_BEFORE,
    _QUALIFIED_NOUN_BEFORE,
    _RELATIVE_AFTER,
    _RELATIVE_BETWEEN,
    _RELATIVE_SUBJECT,
    _RELATIVE_THEN_PASSIVE,
    _REPELLED_AFTER,
    _RIGHT_BEFORE,
    _SAID,
    _SAYS_BEFORE,
    _SHARE_GAP,
    _SHARE_REMAINING,
    _SITE_AFTER_ACTOR,
    _SITE_IN_AREA,
    _SITE_OBJECT_AFTER,
    _SITE_STORMED,
    _SPEAKER_AFTER,
    _SPEAKER_BEFORE,
    _SUBJECT_CLAUSE,
    _SUBJECT_RIGHT_BEFORE,
    _SUBORDINATOR_BEFORE,
    _SUBORDINATORS,
    _SUPPORTER_BEFORE,
    _TAKER_GAP_AFTER,
    _TAKER_GAP_BEFORE,
    _THEIR_HANDS_GAP,
    _THEM_AFTER,
    _THEM_GAP,
    _THEM_OUT,
    _THING_OBJECT,
    _THINGS_AFTER,
    _TOOK_PART_BEFORE,
    _TOWARD_BEFORE,
    _TROOPS_GAP,
    _UNIT_AFTER_NAME,
    _UNIT_IN_BEFORE,
    _UNNAMED_LED_BY,
    _WHERE_UNIT_AFTER_NAME,
    _WHICH_PASSIVE_GAP,
    _WITH_BEFORE,
    _WORDS_AROUND_A_SIDE,
    _WORDS_BEFORE,
    _YIELDED,
    _YIELDED_NOUN,
    SUPPORT_ASIDE,
)
from timeline.events.records import _Sentence


def _whole_name(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is a whole capitalised name, not part of a longer one ("Tuman" of
    "Khan Tuman")."""
    return not _CAPITALISED_BEFORE.search(text, max(0, start - 25), start) and not _CAPITALISED_AFTER.match(text, end)


def name_of(actor) -> str | None:
    """The canonical name of an actor mention (or the name itself)."""
    return actor.canonical if isinstance(actor, ActorMention) else actor


_LOSS_NOUNS = frozenset(("withdrawal", "retreat", "pullout", "loss", "departure"))
#: A demonym right before a nominal cue or a flag: "the Russian withdrawal from", "Ukraine's retreat
#: from", "the Ukrainian national flag".
_DEMONYM_RIGHT_BEFORE = re.compile(r"\b([A-Z][a-z]+)(?:['’]s)?\s+(?:national\s+)?$")
#: Whose a noun of taking is, right before it: "the Russian (capture)", "its (capture)".
_OWNER_RIGHT_BEFORE = re.compile(r"(?:\bthe\s+([A-Z][a-z]+)|\b(?:its|their))\s+$")
#: "and" right before a verb: "... and declared".
_AND_RIGHT_BEFORE = re.compile(r"\band\s+$")
#: What may stand before a side that opens its clause: "the".
_WORDS_BEFORE_SIDE = re.compile(r"\b(?:the|The)\b")
#: A subordinating word opening a clause whose subject follows: "after Herat fell", "when X was taken".
#: A pronoun subject right before a verb: "since it seized", "after they had taken".
_PRONOUN_RIGHT_BEFORE = re.compile(r"\b(?:it|they)\s+(?:(?:had|has|have|also|then)\s+)*$", re.IGNORECASE)
#: A name, then the word that puts it in an area: "Moqokori in ", "Moqokori, in ", "Anefis (".
_LOCATES_A_NAME_BEFORE = re.compile(r"\b[A-Z][\w'’-]+(?:,?\s+in\s+(?:the\s+)?|\s*\(\s*)$")
_SUBORDINATOR_OPENS = re.compile(r"\b(?:after|when|once|until|before|since|because|while)\s+(?:the\s+)?")
#: Places left unnamed in an area: "two more settlements in the", "several villages in".
_UNNAMED_PLACES_IN = re.compile(r"\s+(?:(?:several|some|many|a\s+few|a\s+number\s+of|dozens\s+of|\d+|two|three|four|"
                                r"five|six|seven|eight|nine|ten|more|further|other|nearby)\s+)*(?:villages|settlements|"
                                r"towns|localities|hamlets)\s+in\s+(?:the\s+)?", re.IGNORECASE)
#: A people named by its demonym's plural right before a verb of holding: "Russians controlled".
_PEOPLE_RIGHT_BEFORE = re.compile(r"\b([A-Z][a-z]+)s\s+(?:(?:still|reportedly|now|already)\s+)?$")
#: A second participle sharing the first's agent: "captured and occupied by ", "taken and held by the ".
_AND_PARTICIPLE_BY = re.compile(r"\s+(?:and|or)\s+(?:then\s+)?[a-z]+(?:ed|en|eld)\s+by\s+(?:the\s+)?")
#: A side's name where a subject stands: an acronym ("the SLF") or a capitalised name of
#: several words after "the" ("the Syrian Liberation Front").
_UNKNOWN_SIDE = re.compile(r"\b[A-Z]{2,6}\b|\bthe\s+(?:[A-Z][\w'’-]+\s+){1,4}(?:Front|Army|Brigades?|Movement|Forces|"
                           r"Division|Legion|Battalions?|Regiment|Corps|Group|Organi[sz]ation|Alliance|Council)\b"
                           # men opening a sentence with no article: new to the text, no side named before
                           # ("Soldiers and local vigilantes retook Mubi", after a sentence about Boko Haram)
                           r"|\b(?:Soldiers|Troops|Fighters|Militiamen|Gunmen|Vigilantes|Policemen)\b")
#: Capitals that name no side: agencies, bodies, weekdays' initials.
_NOT_SIDES = frozenset("UN US USA UK EU AFP AP BBC CNN ISW OCHA UNHCR IOM ICRC MSF AM PM GMT UTC TV".split())


#: A cue of a force entering ("entered", "swept into", "pushed into", "deployed in").
_AN_ENTRY = re.compile(r"^(?:enter|deploy)|\binto$", re.IGNORECASE)


def _a_whole_region(p) -> bool:
    """Whether a place is a country, a first-level area or a region, which one entry does not take."""
    return p.is_country or p.feature_code in ("ADM1", "RGN")


@dataclass
class _Reading:
    """One control cue's frame as the rules fill it: what the words around it offer, then
    the places, sides and status the frame's rule reads from them."""

    frame: str
    needs_actor: bool
    passive: bool
    nominal: bool
    status: str
    pre_refs: list[PlaceRef]
    post_refs: list[PlaceRef]
    gap_refs: list[PlaceRef]
    pre_actors: list[ActorMention]
    post_actors: list[ActorMention]
    gap_actors: list[ActorMention]
    subject: ActorMention | None = None
    by: ActorMention | None = None
    frm: ActorMention | None = None
    to: ActorMention | None = None
    object_ref: PlaceRef | None = None
    places: list[PlaceRef] = field(default_factory=list)
    actor_from: ActorMention | str | None = None
    actor_to: ActorMention | str | None = None
    leading_names: list[str] = field(default_factory=list)


#: Adjectives for a side in a cue's gap ("in rebel hands") and the description each stands for.
_DESCRIBED_SIDES = {"rebel": "rebels", "government": "government forces", "regime": "regime forces",
                    "militant": "militants", "militants'": "militants", "jihadist": "jihadists", "insurgent": "insurgents",
                    "opposition": "opposition forces", "separatist": "separatists"}
_DEMONYM_GAP = re.compile(r"\s*(?:the\s+)?([A-Z][a-z]+)\s*")
_DESCRIBED_GAP = re.compile(r"\s*(?:the\s+)?(" + "|".join(_DESCRIBED_SIDES) + r")\s*", re.IGNORECASE)
#: A side's operation a place was taken in: "retaken in a Ukrainian counteroffensive" (by Ukraine).
_OPERATION_NOUNS = ("offensive", "counteroffensive", "counter-offensive", "operation", "assault")


#: A place noun right after a participle, which it qualifies: "the liberated settlements (of X)".
_PLACE_NOUN_NEXT = re.compile(r"\s+(?:settlements?|villages?|towns?|cities|city|areas?|territor(?:y|ies)|regions?|districts?|"
                              r"parts?|lands?|neighbou?rhoods?|localities|communities)\b", re.IGNORECASE)
#: People, not troops, as the subject of a passive order out: "several thousand more were ordered out of X".
_PEOPLE_ORDERED_OUT = re.compile(r"\b(?:thousands?|hundreds?|dozens|more|residents|civilians|families|people|inhabitants|"
                                 r"villagers|\d[\d,]*)\s+(?:more\s+)?(?:were|have\s+been|had\s+been|are|was)\s+$",
                                 re.IGNORECASE)
#: A place people fled to, right before it: "whose residents had fled to Erbil".
_FLED_TO_BEFORE = re.compile(r"\b(?:fled|flee|flees|fleeing|escaped|went|gone|moved|evacuated|taken\s+refuge)\s+"
                             r"(?:[\w-]+\s+){0,2}?(?:to|into|in)\s+(?:the\s+)?$", re.IGNORECASE)
#: The object a verb after a headline's label leaves unnamed: "Kidal: ... seize rebel stronghold".
_LABEL_OBJECT_AFTER = re.compile(r"\s+(?:(?:the|its|their|a|an)\s+)?(?:[\w'’-]+\s+){0,3}?(?:stronghold|bastion|town|city|capital|"
                                 r"base|camp|garrison|hub|headquarters|port|post|outpost|detachment|barracks)\b|\s*$",
                                 re.IGNORECASE)
#: An adverb of degree inside a cue of a state of control: "was largely under ... control".
_PARTLY_IN_CUE = re.compile(r"\b(?:largely|mostly|partly|partially)\s", re.IGNORECASE)
#: A reporting verb's "that", which opens the clause reported: "reported that X was under their control".
_REPORTED_THAT = re.compile(r"\b(?:said|says|reported|reports|announced|announces|confirmed|confirms|claimed|claims|"
                            r"declared|declares|stated|added|told\s+[\w.]+(?:\s+[\w.]+)?)\s+that\s+", re.IGNORECASE)


#: Before a hold that goes on: "still holds", "continues to control", "remained in control of".
_STILL_BEFORE = re.compile(r"\b(?:still|continues?\s+to|continued\s+to|remains?|remained)\s+(?:\w+ly\s+)?$", re.IGNORECASE)


class ControlRules:
    """Mixed into `timeline.events.engine._Rules`."""

    #: "Russian troops left Kherson": a side leaving a place is a withdrawal, not a flight (the
    #: move cue's forms, read with the lose frame when an armed side is the subject).
    _DEPARTURES = frozenset(("left", "leave", "leaves", "leaving", "streamed out of", "streaming out of", "poured out of",
                             "pouring out of"))
    _WITHDRAWAL = Cue("control_change", "lose", "place", ("left",))

    #: "Kurdish Peshmerga moved into Kirkuk": a side moving into a town (the move cue's forms).
    _MOVES = frozenset(("moved", "move", "moves", "moving"))
    _ENTRY = Cue("control_change", "take_by_actor", "place", ("moved into",))

    def _as_control(self, s: _Sentence, cm: CueMatch, lo: int) -> CueMatch | None:
        """A departure cue read as a withdrawal when an armed side leaves a place it names
        straight after the verb ("Ukrainian forces were reported leaving Sviatohirsk"), a move
        as an entry when it moves into a town ("the SDF moved into the city"); None otherwise
        ("3,000 residents left Sumy" is a flight; "moved into the northern countryside", an area,
        is as often a redeployment as a takeover)."""
        t = self.text
        if cm.cue.type == "displacement" and cm.text.lower() in self._MOVES and \
                (into := _INTO_AFTER.match(t, cm.end)) is not None:
            return self._as_entry(s, cm, lo, into.end())
        if cm.cue.type == "displacement" and cm.text.lower().endswith(" into") and cm.text.split()[0].lower() in self._MOVES:
            return self._as_entry(s, cm, lo, cm.end)     # (the move cue's own "moved into")
        if cm.cue.type == "displacement" and cm.text.lower().startswith("return") and cm.cue.object_role == "destination" \
                and (_YIELDED.search(t, cm.end, s.end) or _YIELDED_NOUN.search(t, cm.end, s.end)):
            # "government forces returned to Zinjibar and Jaar after the militants pulled out": retaken
            return self._as_entry(s, cm, lo, cm.end)
        if cm.cue.type != "displacement" or cm.text.lower() not in self._DEPARTURES:
            return None
        if t[max(s.start, cm.start - 3):cm.start].rstrip().endswith(","):
            return None     # "Russia claimed 93% of Luhansk Oblast, leaving X as a holdout": a result
        obj = next((r for r in s.refs if r.start >= cm.end and self._marker(cm.end, r.start) == ""), None)
        if obj is None or _DEPLOYED_AFTER.match(t, obj.end):
            return None     # (but "left Erbil to travel to Kobani", "left X for Y": a force deployed)
        sides = [a for a in s.actors if lo <= a.start < cm.start and not a.modifier and a.kind != "civilians"]
        subject = self._subject(s, cm, lo, sides)
        if subject is None or _NONCOMBATANTS.search(t, subject.start, cm.start):
            return None     # "ISIS fighters and their families left Raqqa": people moved
        return cm._replace(cue=self._WITHDRAWAL)

    def _as_entry(self, s: _Sentence, cm: CueMatch, lo: int, end: int) -> CueMatch | None:
        """`_as_control` for "moved into X": an armed side (no people with it) moving into a town."""
        obj = next((r for r in s.refs if r.start >= end), None)
        named = self._unresolved_match(end, s.end)
        if named is not None and (obj is None or named.start("name") < obj.start):
            pass    # a town the gazetteer lacks: "Lebanese troops moved into the southern town of Khiam"
        elif obj is None or obj.place.is_country or obj.place.is_admin_area or self._marker(end, obj.start) != "":
            return None
        sides = [a for a in s.actors if lo <= a.start < cm.start and not a.modifier and a.kind != "civilians"]
        subject = self._subject(s, cm, lo, sides)
        if subject is None or _NONCOMBATANTS.search(self.text, subject.start, cm.start):
            return None
        return cm._replace(cue=self._ENTRY, text=self.text[cm.start:end].rstrip(), end=len(self.text[:end].rstrip()))

    def _control(self, s: _Sentence, cm: CueMatch, lo: int, hi: int, status: str, nominal: bool, *,
                 intent_only: bool = False) -> list:
        """The control changes of one cue; with `intent_only`, only (place, taker) of each, for
        a cue that says who is out to take a place (no event is built: most cues of an article
        that do not happen are of that kind).  The frame's own rule fills the roles
        (`_fill_take` ... `_fill_hold_since`, one per frame of `timeline.events.frames`)."""
        if nominal and _FRONTED_BEFORE.fullmatch(self.text, s.start, cm.start) and \
                (comma := self.text.find(",", cm.end, hi)) >= 0:
            hi = comma      # "Following the liberation of the right bank, Russia shelled X": the phrase ends there
        if _FIRST_TO_BEFORE.search(self.text, max(s.start, cm.start - 60), cm.start):
            return []       # "took Kawlin, the first district capital to fall to the resistance": Kawlin, told again
        r = self._reading(s, cm, lo, hi, status, nominal)
        if r is None:
            return []
        outcome = getattr(self, "_fill_" + r.frame)(s, cm, lo, hi, r)
        if outcome is not None:               # no change of hands, or people expelled (a flow)
            return [] if intent_only else outcome
        if r.frame == "fall" and r.status in ("reported", "claimed") and _PARTLY_IN_CUE.search(cm.text):
            r.status = "partial"              # "the town was largely under Houthi control"
        return self._control_events(s, cm, lo, hi, r, intent_only)

    def _no_change_told(self, s: _Sentence, cm: CueMatch, frame: str, aux: bool) -> bool:
        """Whether the cue's form tells no change of hands: an assault going on, a loss asked
        about, an adjective, a state named."""
        t, word = self.text, cm.text.lower()
        if aux and word.endswith("ing") and frame == "take" and word != "entering":
            return True   # "Russian forces were storming the city": an assault going on, no change yet
        if frame == "take" and (word.startswith(("hold", "held", "control", "now hold", "now control")) and
                                _STILL_BEFORE.search(t, max(s.start, cm.start - 30), cm.start) or word.startswith("remain")):
            return True   # "the group still holds much of the countryside", "remained in control of X": a hold
            # that goes on, no change
        if frame == "fall" and word.startswith(("in ", "under ")) and \
                _STILL_BEFORE.search(t, max(s.start, cm.start - 30), cm.start) and \
                not _SHARE_REMAINING.search(t, s.start, cm.start):
            return True   # "only Sittwe and Manaung remain in regime hands", "is still under army control"
            # (but "just 5% of the city remained in rebel hands": the rest was lost)
        if frame in ("lose", "handover") and aux and not word.endswith("ing") and not word.startswith("order") \
                and not (frame == "handover" and self._town_handed_over(s, cm) is not None):
            return True   # "are you lost?", "the motion was handed over": not a place changing hands
            # (but "Jalalabad is handed over without a fight": a town is)
                          # (but "forces were ordered to withdraw from X" did withdraw)
        if frame == "lose" and word.endswith("ed") and _ATTRIBUTIVE_BEFORE.search(t, max(s.start, cm.start - 25), cm.start):
            return True   # "Bartella, a largely abandoned Christian town": an adjective
        # "found in the liberated settlements of Donetsk Oblast", "the occupied areas": a state named
        return frame == "take" and " " not in word and word.endswith("ed") and \
            _DETERMINER_BEFORE.search(t, max(s.start, cm.start - 12), cm.start) is not None and \
            _PLACE_NOUN_NEXT.match(t, cm.end) is not None

    def _reading(self, s: _Sentence, cm: CueMatch, lo: int, hi: int, status: str, nominal: bool) -> _Reading | None:
        """What the words around a cue offer its frame: places and sides before, after and
        inside the cue, the subject, "by", "from" and "to" sides, the object place."""
        t, frame = self.text, cm.cue.frame
        needs_actor = frame == "take_by_actor"
        if frame == "share":
            if not cm.gap or not _SHARE_GAP.fullmatch(t, *cm.gap):
                return None     # "held talks of", "took the town of": no share of a place
            status = "partial" if status in ("reported", "claimed") else status
        frame = "take" if needs_actor or frame in ("noun", "share") else frame
        aux = bool(set(self._before(s.start, cm.start, 2)) & _PASSIVE_AUX) and not self._actor_just_before(cm.start)
        if self._no_change_told(s, cm, frame, aux):
            return None
        # ("are entering X", a progressive, is no passive: `status` reads it as partial)
        passive = bool(aux and not cm.text.lower().endswith("ing") or _BY_NEXT.match(t, cm.end) or self._bare_participle(s, cm)
                       or not nominal and self._search(_DECLARED_BEFORE, max(lo, cm.start - 80), cm.start)) \
            and frame in ("take", "expel")        # "was captured by", "the town, captured by IS in 2014,"
        # civilians flee or stay; they are never a side that takes or loses a place
        sides = [a for a in s.actors if not a.modifier and a.kind != "civilians"]
        r = _Reading(frame=frame, needs_actor=needs_actor, passive=passive, nominal=nominal, status=status,
                     pre_refs=[x for x in s.refs if lo <= x.start < cm.start],
                     post_refs=[x for x in s.refs if cm.end <= x.start < hi],
                     gap_refs=[x for x in s.refs if cm.gap and cm.gap[0] <= x.start < cm.gap[1]],
                     pre_actors=[a for a in sides if lo <= a.start < cm.start],
                     post_actors=[a for a in sides if cm.end <= a.start < hi],
                     gap_actors=[a for a in sides if cm.gap and cm.gap[0] <= a.start < cm.gap[1]])
        # "overran the VDP post at X and took control of the town": a side whose site was the
        # object of the verb before is no subject of this one
        doers = [a for a in r.pre_actors if not _SITE_AFTER_ACTOR.match(t, a.end)]
        participle = cm.text.lower().endswith("ing") and (
            _COMMA_ADVERB_BEFORE.search(t, max(s.start, cm.start - 20), cm.start)
            or _SUBORDINATOR_BEFORE.search(t, max(s.start, cm.start - 20), cm.start))
        # (", notably retaking Sinjar": the participle's doer is the main clause's, not a side named since)
        r.subject = None if participle and lo > s.start else self._subject(s, cm, lo, doers)
        if r.subject is None and lo > s.start and (_COORDINATED_VERB.fullmatch(t, lo, cm.start) or participle or
                                                   not doers and _COORDINATED_AFTER_OBJECT.fullmatch(self._times_blanked(lo, cm.start))):
            # (", seizing Enerhodar the same day": the participle's doer is the main clause's subject)
            # "entered and secured X", "advanced, then seized X": the doer of the first verb (not a
            # side whose positions it overran)
            r.subject = self._subject(s, cm, s.start, [a for a in sides if s.start <= a.start < cm.start
                                                       and not _SITE_AFTER_ACTOR.match(t, a.end)])
        if r.subject is not None and lo > s.start and not participle and self._subordinate(s, r.subject.start) \
                and _AND_CLAUSE.search(t, r.subject.end, cm.start):
            # "Fano took Lalibela after federal troops pulled out, and a day later seized Gondar",
            # "Taliban fighters seized Kunduz as government troops fell back, and later overran
            # Taloqan": the doer of the main clause, not of the clause "after" or "as" opens
            r.subject = next((a for a in sides if s.start <= a.start < r.subject.start and not self._subordinate(s, a.start)
                              and not _LOSER_BEFORE.search(t, max(s.start, a.start - 12), a.start)), r.subject)
        if r.subject is None and lo > s.start and (d := self._search(_DECLARED_BEFORE, max(lo, cm.start - 80), cm.start)) \
                and _AND_RIGHT_BEFORE.search(t, lo, d.start()):
            # "the army raised the flag over the compound and declared Ramadi liberated": the
            # subject of both verbs declared it
            r.subject = self._subject(s, cm, s.start, [a for a in sides if s.start <= a.start < lo
                                                       and not _SITE_AFTER_ACTOR.match(t, a.end)])
        held = [a for a in r.post_actors if _HELD_BY_BEFORE.search(t, max(cm.end, a.start - 30), a.start)]
        held_by = held[0] if held else None
        if held_by is not None:
            # and those listed with it: "held by Free Syrian Army factions and their allies"
            held += [a for a in r.post_actors if a.start > held_by.end and not _CLAUSE_BREAK.search(t, held_by.end, a.start)]
        r.by = next((a for a in r.post_actors if self._marker(cm.end, a.start) == "by" and a not in held
                     or self._marker(cm.end, a.start) == "in" and a.surface.lower().endswith(_OPERATION_NOUNS)), None)
        if r.by is None and passive and (m := _AND_PARTICIPLE_BY.match(t, cm.end)) is not None:
            # "had been captured and occupied by Russian forces": the agent of both participles
            r.by = next((a for a in sides if a.start == m.end()), None)
        r.frm = next((a for a in r.post_actors if self._marker(cm.end, a.start) in ("from", "of")), None)
        if r.frm is None and held_by is not None and frame == "take" and not passive:
            r.frm = held_by     # "entered Rabia, the last large town held by the rebels": who lost it
        r.to = next((a for a in r.post_actors if self._marker(cm.end, a.start) in ("to",)), None)
        if r.to is None and cm.text.lower().endswith(" to") and r.post_actors and \
                self._marker(cm.end, r.post_actors[0].start) == "":
            r.to = r.post_actors[0]          # "handed X over to the army"
        r.object_ref = self._object_ref(cm, r)
        return r

    def _bare_participle(self, s: _Sentence, cm: CueMatch) -> bool:
        """ "Kherson liberated, Zelensky says": a headline's passive, its place right before."""
        t = self.text
        if " " in cm.text or not _PARTICIPLE.search(cm.text) or not _BARE_PARTICIPLE_AFTER.match(t, cm.end):
            return False
        return any(r.end <= cm.start and _BARE_PARTICIPLE_GAP.fullmatch(t, r.end, cm.start) for r in s.refs)

    def _object_ref(self, cm: CueMatch, r: _Reading) -> PlaceRef | None:
        """The first place the verb governs directly (its preposition is part of the cue)."""
        t = self.text
        obj = next((x for x in r.post_refs if self._marker(cm.end, x.start) == ""), None)
        if obj is None and r.post_refs and r.frame != "fall" and not r.passive:
            first = r.post_refs[0]
            named = self._unresolved_match(cm.end, first.start)
            if named is not None and _LIST_JOINER.fullmatch(t, named.end("name"), first.start):
                obj = first
        if obj is not None:
            later = [x for x in r.post_refs if x.start > obj.end]
            if later and _NAMED_KIND_OF.fullmatch(t, obj.end, later[0].start):
                obj = later[0]      # "the World Heritage site of X", "the Y border town of X": X
        if obj is not None and r.frame != "fall" and not r.passive:
            named = self._unresolved_match(cm.end, obj.start)
            if named is not None and _LIST_JOINER.fullmatch(t, named.end("name"), obj.start):
                r.leading_names = [named.group("name")]   # "regains Dinder and Es Suki": both
            elif named is not None and not _NAMED_KIND_OF.fullmatch(t, named.end("name"), obj.start):
                obj = None          # "took Tonenke, then Goma": the object is the name first
                                    # (but "the World Heritage site of X" is X)
        if obj is None and "flag" in cm.text.lower() and r.post_refs and \
                _FLAG_SITE_OF.fullmatch(t, cm.end, r.post_refs[0].start):
            obj = r.post_refs[0]    # "raised the flag over the government buildings of the town of Bartella"
        if r.frame in ("handover", "free") and r.gap_refs:
            obj, r.post_refs = r.gap_refs[0], r.gap_refs      # "handed X over to", "cleared X of"
        if obj is not None and not obj.anaphor and (obj.place.is_admin_area or obj.place.is_country
                                                    or obj.place.feature_code.startswith("RGN")) \
                and _SITE_IN_AREA.search(t, max(cm.end, obj.start - 60), obj.start):
            obj = None      # "abandoning the biggest rebel base in north Hama province": a site, not the province
        if obj is None and r.frame == "take" and not r.passive and r.post_refs and \
                r.post_refs[0].place.is_admin_area and _UNNAMED_PLACES_IN.fullmatch(t, cm.end, r.post_refs[0].start):
            obj = r.post_refs[0]    # "recaptured two more settlements in the Chernihiv Oblast": part of the oblast
            if r.status in ("reported", "claimed"):
                r.status = "partial"
        return obj

    def _object_places(self, s: _Sentence, cm: CueMatch, lo: int, hi: int, r: _Reading) -> None:
        """The places of a transitive frame: the object and those listed with it, or the place
        before the cue of a passive or a relative clause, or what "it was captured" stands for."""
        t = self.text
        if r.object_ref is not None and not (r.passive and r.frame != "expel"):
            r.places = coordinated(t, r.post_refs, r.object_ref, hi)
            if r.frame == "take" and r.status in ("reported", "claimed") and (
                    _PARTIAL_BEFORE.search(t, max(cm.end, r.object_ref.start - 60), r.object_ref.start)
                    or len(r.places) == 1 and _PARTIAL_AFTER.match(t, r.object_ref.end)):
                r.status = "partial"      # "captured most of X", "seized 40% of X", "seizes X outskirts"
        elif r.passive and r.frame != "expel" and (it := _IT_WAS.search(t, max(s.start, cm.start - 40), cm.start)) \
                and not any(it.end() <= x.start for x in r.pre_refs):
            # "it was liberated": what "it" stands for, not a country named before "it"
            r.places = [x for x in [self._place_before(it.start())] if x is not None]
        elif r.frame != "expel" and (ante := next((x for x in reversed(r.pre_refs) if (m := _APPOSITIVE_RELATIVE.match(t, x.end))
                                                   and m.end() <= cm.start and not _CLAUSE_PUNCT_IN.search(t, m.end(), cm.start)),
                                                  None)) is not None:
            r.places = [ante]   # "Rutba, a desert town on the highway to Jordan that IS had seized in 2014": Rutba
        elif r.pre_refs and r.frame != "expel" and not _DETERMINER_BEFORE.search(t, max(s.start, cm.start - 12), cm.start) \
                and (_RELATIVE_AFTER.match(t, r.pre_refs[-1].end, cm.start)
                     and not _ANCHOR_BEFORE.search(t, max(s.start, r.pre_refs[-1].start - 30), r.pre_refs[-1].start)
                     or r.passive and not (_QUALIFIED_NOUN_BEFORE.search(t, max(s.start, cm.start - 40), cm.start)
                                           and not _ADVERBS_ONLY.fullmatch(t, r.pre_refs[-1].end, cm.start)
                                           and not _PASSIVE_SUBJECT_GAP.fullmatch(t, r.pre_refs[-1].end, cm.start))):
            # (but "neighborhoods once occupied by ISIL" in "eastern Mosul": the neighborhoods were)
            # (but "the occupied regions of Y": a participle after "the" qualifies what follows it)
            r.places = self._antecedents(r.pre_refs, cm, lo)     # "X was captured", "X, which the army retook"
        elif r.passive and r.frame != "expel" and not r.pre_refs and \
                (subj := next((x for x in s.refs if x.start < lo and x.context is None), None)) is not None \
                and len(t[s.start:subj.start].split()) <= 3 and _RELATIVE_THEN_PASSIVE.fullmatch(t, subj.end, cm.start):
            r.places = [subj]     # "Kherson, which Russia had captured in March, was liberated": Kherson
        elif not r.passive and not r.nominal and r.frame in ("take", "lose") and _IT_OBJECT.match(t, cm.end):
            r.places = [x for x in [self._last_name_before(s, cm.start)] if x is not None]   # "stormed X and captured it"
        elif not r.passive and not r.nominal and r.frame in ("take", "lose") and _BOTH_PLACES.match(t, cm.end):
            r.places = self._last_two_places(cm.start)     # "regained both towns": the two named before
        if r.frame == "take" and r.status in ("reported", "claimed") and \
                (_PARTIAL_ADVERB.search(t, max(s.start, cm.start - 30), cm.start) or _PARTIAL_CUE.search(cm.text)):
            r.status = "partial"          # "Bucha had mostly been retaken", "partly captured X", "controls most of X"

    # -- one rule per frame: each fills `r` and returns None, or returns what to emit instead --
    #: Verbs of pushing: "pushed X from Y" is an expulsion only with X alone in between.
    _PUSH_WORDS = ("push", "drove", "drive", "chase")
    #: Nouns of a place passing *to* a side: "the fall of X to Y" (Y took it).
    _FALL_NOUNS = ("fall ", "surrender ")

    def _fill_take(self, s, cm, lo, hi, r: _Reading) -> list | None:
        """TAKER <cue> PLACES (from LOSER); the <cue> of PLACE by TAKER (see `frames.FRAMES`)."""
        t = self.text
        if not r.nominal and not r.passive and _THING_OBJECT.match(t, cm.end):
            return []       # "YPG units seized weaponry from the SAA in Hasakah city": things, not the city
        if _BY_SURPRISE.match(t, cm.end):
            return []       # "the garrison, which was taken by surprise": caught unawares, not captured
        if cm.text.lower() == "controlled" and not any(x.phrase.lower().startswith("by ") for x in s.times
                                                       if lo <= x.char_start < hi):
            return []       # a side that controlled a place says who held it, a change only by a time:
            # "by the end of the day the gangs controlled the town" (not "the army controlled X until 2016")
        if cm.text[:6].lower() == "deploy" and not (_YIELDED.search(t, cm.end, s.end) or _YIELDED_NOUN.search(t, cm.end, s.end)):
            return []       # a force deployed somewhere took it only as another left: "deployed in Khanaqin
            # after the withdrawal of the Peshmerga" (not "deployed to the front near Bakhmut")
        if _MARCHED_IN.fullmatch(cm.text):
            # "the Tigrayan forces marched in unopposed": the town of the text before ("marched in
            # the streets of X", "walked in columns" are no taking)
            if not _AS_A_PARTICLE.match(t, cm.end):
                return []
            r.places = [x for x in [self._last_name_before(s, cm.start)] if x is not None]
        else:
            self._object_places(s, cm, lo, hi, r)
        if cm.text[:5].lower() == "storm" and r.places and _SITE_STORMED.search(t, cm.end, r.places[0].start):
            return []       # a site stormed is a raid: "gunmen stormed the headquarters of X in Idlib"
        declared = self._search(_DECLARED_BEFORE, max(lo, cm.start - 80), cm.start) is not None
        r.actor_to = r.by if (r.passive and not declared or r.nominal) else (r.subject or r.by)
        if r.nominal and r.actor_to is None and r.to is not None and cm.text.lower().startswith(self._FALL_NOUNS):
            r.actor_to = r.to           # "the fall of Al-Bab to Turkish-backed rebels"
        r.actor_from = r.frm or self._yielding_side(s, cm, r.actor_to) or self._holder_named_on(s, r.places)
        if r.nominal and r.actor_to is None and r.pre_actors and \
                _POSSESSIVE_S.match(t[r.pre_actors[-1].end:r.pre_actors[-1].end + 3]):
            r.actor_to = r.pre_actors[-1]
        elif r.nominal and r.actor_to is None and r.subject is not None and \
                _CLAIMED_BEFORE.search(t, max(lo, cm.start - 40), cm.start):
            r.actor_to = r.subject      # "Wagner chief claims capture of X": a side claims its own gain
        elif r.nominal and r.actor_to is None and (part := _TOOK_PART_BEFORE.search(t, max(lo, cm.start - 60), cm.start)):
            # "the SDF (went on to take territory from IS and) played a major role in the liberation of
            # Raqqa", "Wagner led the capture of Bakhmut": the sentence's subject, not a side it fought
            r.actor_to = next((a for a in s.actors if a.start < part.start() and a.kind != "civilians" and not a.modifier
                               and not _LOSER_BEFORE.search(t, max(s.start, a.start - 12), a.start)), None)
        elif r.nominal and r.actor_to is None and (m := _OWNER_RIGHT_BEFORE.search(t, max(s.start, cm.start - 30), cm.start)):
            if m.group(1):              # "the Russian capture of the village": the demonym's side
                r.actor_to = self._lexicon.demonym_actor(m.group(1))
            else:                       # "followed by its capture of Mosul": the group the sentence named last
                r.actor_to = next((a for a in reversed(s.actors) if a.end <= cm.start and not a.modifier
                                   and a.kind in ("armed_group", "militia")), None)
        if r.actor_to is None and cm.cue.frame == "share" and \
                (m := _PEOPLE_RIGHT_BEFORE.search(t, max(lo, cm.start - 30), cm.start)) is not None:
            r.actor_to = self._lexicon.demonym_actor(m.group(1))    # "Russians controlled 15% of Makariv"
        if r.actor_to is None and (flag := cm.text.lower().find("flag")) >= 0:
            # "Ukrainian flag raised over Sloviansk", "the M23 flag flies over Goma", "soldiers
            # raised the Ukrainian flag over Izium": the flag's side
            at = cm.start + flag
            near = [a for a in s.actors if 0 <= at - a.end <= 12 and not a.modifier]
            m = _DEMONYM_RIGHT_BEFORE.search(t, max(lo, at - 30), at)
            r.actor_to = near[-1] if near else self._lexicon.demonym_actor(m.group(1)) if m else None
        if r.actor_to is None and (cm.text.lower().startswith(self._OWN_GAIN) or
                                   _GENERIC_FORCE_BEFORE.search(t, max(lo, cm.start - 40), cm.start)):
            # ("Ethiopia says army has captured Axum": the army is the speaker's)
            r.actor_to = self._speaker(s, cm)
            if r.actor_to is not None and r.status == "reported":
                r.status = "claimed"    # "Ukraine says Bucha, Irpin and Hostomel retaken": its own word
        return None

    #: Verbs of a gain a side tells of as its own (`_speaker`).
    _OWN_GAIN = ("liberat", "retak", "retook", "recaptur", "regain", "reclaim", "won back", "win back")

    def _speaker(self, s: _Sentence, cm: CueMatch) -> ActorMention | None:
        """The side that tells of a liberation or a recapture it does not name the doer of:
        "units liberated the settlement of X, the Russian Defence Ministry said", "the Iraqi
        government announced that eastern Mosul had been liberated", "Ukraine says Bucha
        retaken" (a side's liberation is its own gain; "captured" may be the enemy's, and is
        left alone)."""
        t = self.text
        for a in s.actors:
            if a.modifier or a.kind == "civilians" or a.anaphor:
                continue
            if a.start > cm.end and _SAYS_BEFORE.search(t, max(cm.end, a.start - 12), a.start):
                return a        # "Bucha retaken, says Ukraine"
            if not _SPEAKER_AFTER.match(t, a.end):
                continue
            if a.end <= cm.start or a.start > cm.end and _SPEAKER_BEFORE.search(t, max(cm.end, a.start - 8), a.start):
                return a
        for r in self.refs:
            # "Ethiopia says troops have recaptured Dessie": the state of the country that speaks
            if s.start <= r.start and r.end <= cm.start and r.place.is_country and _SPEAKER_AFTER.match(t, r.end) and \
                    (state := self._lexicon.state_of(r.place.country)) is not None:
                return ActorMention(state, t[r.start:r.end], r.start, r.end, "state")
        return None

    def _fill_lose(self, s, cm, lo, hi, r: _Reading) -> list | None:
        """LOSER <cue> PLACE (to TAKER)."""
        if cm.gap and _NOT_A_HOLD.search(self.text, *cm.gap):
            return []       # "Russia had withdrawn most of its helicopters from X's airport": it still holds X
        if cm.text.lower().startswith("order") and \
                _PEOPLE_ORDERED_OUT.search(self.text, max(s.start, cm.start - 50), cm.start):
            return []       # "several thousand more were ordered out of Beit Lahiya": people, not a garrison
        if cm.text.lower() in ("surrendered", "surrenders") and (where := self._surrendered(cm, r)) is not None:
            # "Jalalabad surrendered without a fight": the town, its subject, changed hands
            r.places = [where]
            r.actor_to = next((a for a in r.post_actors if self._marker(cm.end, a.start) == "to"), None)
            r.actor_from = self._garrison_owner(r, where)
            r.actor_to = r.actor_to or self._taker_of_a_surrender(s, cm, r, where)
            return None
        if not cm.gap and cm.text.lower() in ("abandoned", "ceded") and self._bare_participle(s, cm):
            # a headline's passive: "Vuhledar abandoned: Ukrainian brigade ordered out", "Kherson
            # abandoned, Russia says" (who gave it up, the words say not)
            r.places = [next(x for x in reversed(s.refs) if x.end <= cm.start)]
            return None
        if cm.gap and cm.text[:5].lower() == "order" and self.text[cm.gap[0]:cm.gap[1]].strip() and \
                not _TROOPS_GAP.fullmatch(self.text, *cm.gap):
            return []       # "ordered his troops out of X" is a withdrawal; "ordered civilians out of X" none
        if cm.gap and cm.text.split()[1:2] == ["of"]:
            # "the retreat of Russian forces from Kyiv": the side in the gap left (civilians'
            # "withdrawal" from a town is no loss of it)
            side = r.gap_actors[0] if r.gap_actors else None
            if side is None and not _ARMED_NOUN_RIGHT_BEFORE.search(self.text[cm.gap[0]:cm.gap[1]].strip() + " ") \
                    or side is not None and side.kind == "civilians":
                return []
            self._object_places(s, cm, lo, hi, r)
            if r.places and (_AREAS_OF.search(self.text, cm.end, r.places[0].start)
                             or _AREAS_AFTER.match(self.text, r.places[-1].end)):
                return []   # "a retreat of ISIL forces from rural areas of east Aleppo", "from the
                # Kyiv and Chernihiv areas": ground left around the places, not the places
            r.actor_from, r.actor_to = side, r.to
            return None
        self._object_places(s, cm, lo, hi, r)
        if r.places and r.places[0].end > cm.end and _POCKET_AFTER.match(self.text, r.places[-1].end):
            return []       # "rebels quit the northern Hama pocket", "withdrew from the Hama countryside":
            # ground around the town, not the town
        r.actor_from, r.actor_to = (r.subject if not r.passive else None), r.to
        if r.actor_from is None and cm.text.split()[0].lower() in _LOSS_NOUNS and \
                (m := _DEMONYM_RIGHT_BEFORE.search(self.text, max(lo, cm.start - 25), cm.start)):
            # "the Russian withdrawal from Kyiv Oblast": the demonym's side withdrew
            r.actor_from = self._lexicon.demonym_actor(m.group(1)) or r.actor_from
        return None

    def _surrendered(self, cm: CueMatch, r: _Reading) -> PlaceRef | None:
        """The place that surrendered: the subject ("Jalalabad surrendered without a fight"), or
        where the garrison that did stood ("the regional military command in Laukkai surrendered",
        "the junta's Laukkai regional command surrendered"); none when the verb has an object."""
        t = self.text
        if not r.pre_refs or _OBJECT_AFTER.match(t, cm.end):
            return None
        last = r.pre_refs[-1]
        if _UNIT_AFTER_NAME.fullmatch(t, last.end, cm.start) or _WHERE_UNIT_AFTER_NAME.fullmatch(t, last.end, cm.start):
            return last
        if not _RIGHT_BEFORE.fullmatch(t, last.end, cm.start):
            return None
        if _UNIT_IN_BEFORE.search(t, max(0, last.start - 40), last.start):
            return last
        if _IN_A_PHRASE_BEFORE.search(t, max(0, last.start - 40), last.start) or \
                _NAME_OF_BEFORE.search(t, max(0, last.start - 30), last.start):
            return None
        return last

    def _garrison_owner(self, r: _Reading, where: PlaceRef) -> ActorMention | None:
        """Whose garrison gave up a place, by the possessive before it: "the junta's Laukkai
        regional command surrendered", "the army's 21st Division in Zalingei fell"."""
        return next((a for a in reversed(r.pre_actors) if where.start - 60 <= a.start < where.start
                     and _POSSESSIVE_AFTER.match(self.text, a.end)), None)

    def _taker_of_a_surrender(self, s: _Sentence, cm: CueMatch, r: _Reading, where: PlaceRef) -> ActorMention | None:
        """Who a place surrendered to, when no "to" says it: the clause the surrender gave ("...
        surrendered, giving the MNDAA full control of Laukkai", "handing the town to the MNDAA")
        or the side that besieged it ("the MNDAA besieged Laukkai, where the command surrendered")."""
        t = self.text
        after = next((a for a in r.post_actors if a.end <= s.end and _GAVE_CLAUSE.fullmatch(t, cm.end, a.start)), None)
        return after or next((a for a in reversed(r.pre_actors) if a.kind != "civilians"
                              and _BESIEGED_GAP.fullmatch(t, a.end, where.start)), None)

    def _fill_handover(self, s, cm, lo, hi, r: _Reading) -> list | None:
        """LOSER <cue> PLACE to TAKER; PLACE was handed over (to TAKER)."""
        if (town := self._town_handed_over(s, cm)) is not None:
            r.places, r.actor_to = [town], r.to
            return None
        self._object_places(s, cm, lo, hi, r)
        r.actor_from, r.actor_to = r.subject, r.to
        return None

    def _town_handed_over(self, s: _Sentence, cm: CueMatch) -> PlaceRef | None:
        """The town a passive "was handed over" has for subject, right before it: "Jalalabad is
        handed over without a fight" (not "the motion was handed over")."""
        if not cm.text.lower().startswith("hand"):
            return None
        town = next((x for x in reversed(s.refs) if x.end <= cm.start), None)
        if town is None or not town.populated or not _PASSIVE_SUBJECT_GAP.fullmatch(self.text, town.end, cm.start):
            return None
        return town

    def _fill_expel(self, s, cm, lo, hi, r: _Reading) -> list | None:
        """TAKER <cue> LOSER out of PLACE; with people as the object, a flow."""
        t = self.text
        if _THEM_OUT.fullmatch(cm.text):
            return self._them_out(s, cm, r)
        self._object_places(s, cm, lo, hi, r)
        people = cm.gap and self._people.search(self._people_text, *cm.gap)
        if people and not r.gap_actors and not _ENEMY.fullmatch(t, *cm.gap):      # (armed men are a side)
            return self._displacement(s, cm, lo, hi, r.status, r.nominal)     # a flow has no place to take
        if not cm.gap and not r.passive and cm.text.lower().startswith("push") and r.pre_actors and \
                _ADVERBS_AT_MOST.fullmatch(t, r.pre_actors[-1].end, cm.start):
            return []     # "the PMF pushed out of al-Hadar in three directions": an advance from it
        if cm.gap and (_DISTANCE_IN.search(t, *cm.gap) or _BACK_IN.search(t, *cm.gap) and " out" not in cm.text.lower()):
            return []     # "were pushed back 30 kilometers from X", "drove them back from X": driven back, not out of X
        if r.passive or not cm.gap:
            # the one expelled is the nearest actor before the verb in its clause
            in_clause = [a for a in r.pre_actors if not _CLAUSE_BETWEEN.search(t[a.end:cm.start])]
            r.actor_from, r.actor_to = (in_clause[-1] if in_clause else None), r.by
            if r.actor_from is None and not _ARMED_SUBJECT_BEFORE.search(t, max(lo, cm.start - 60), cm.start):
                return []     # "expelled from X" with nobody expelled ("the rebels were": a side unnamed)
            return None
        if r.gap_actors:
            if cm.text.lower().startswith(self._PUSH_WORDS) and " out " not in cm.text.lower() and \
                    _WORDS_AROUND_A_SIDE.sub("", t[cm.gap[0]:r.gap_actors[0].start] + t[r.gap_actors[0].end:cm.gap[1]]).strip():
                return []   # "drove Russian forces 6-10 kilometers away from X": pushed back, not out of X
            r.actor_from, r.actor_to = r.gap_actors[0], r.subject
            return None
        if _THEM_GAP.fullmatch(t, *cm.gap) and isinstance(r.subject, ActorMention) and r.subject.kind != "civilians":
            # "Fano fighters entered Bahir Dar. The army said it had pushed them out of it": the side
            # the paragraph named last before, other than the one driving them out
            r.actor_to = r.subject
            r.actor_from = next((a for a in reversed(self.actors) if a.end <= r.subject.start and not a.modifier
                                 and a.kind != "civilians" and name_of(a) != name_of(r.subject)
                                 and "\n" not in t[a.end:cm.start]), None)
            return None
        if not _ENEMY.fullmatch(t, *cm.gap):
            return []
        r.actor_to = r.subject          # "cleared the enemy from X": whose enemy, the text says not
        return None

    def _them_out(self, s: _Sentence, cm: CueMatch, r: _Reading) -> list | None:
        """ "The separatists held Avdiivka that spring before Ukrainian forces pushed them out in
        July": the town of the text before, taken by the subject from the side named before it
        (none when anything but the time follows: "drove them out of the area", "forced them out
        to work")."""
        t = self.text
        if not _AS_A_PARTICLE.match(t, cm.end) or not isinstance(r.subject, ActorMention) \
                or r.subject.kind == "civilians":
            return []
        r.places = [x for x in [self._last_name_before(s, cm.start)] if x is not None]
        r.actor_to = r.subject
        r.actor_from = next((a for a in reversed(self.actors) if a.end <= r.subject.start and not a.modifier
                             and a.kind != "civilians" and name_of(a) != name_of(r.subject)
                             and "\n" not in t[a.end:cm.start]), None)
        return None if r.places else []

    def _fill_fall(self, s, cm, lo, hi, r: _Reading) -> list | None:
        """PLACES <cue> TAKER ("fell to", "was lost to"; a bare "fell" with its place as subject)."""
        t = self.text
        if cm.text.lower().endswith(" to") and _NOT_A_SIDE.match(t, cm.end):
            return []     # "prices fell to a three-month low": a quantity, not a side (a bare
            # "fell" has no side after it: "Kobo fell a week later")
        if cm.text.lower().startswith("followed") and not (
                _FOLLOWED_THEN.match(t, cm.end) and r.pre_refs and not _PREPOSITION_BEFORE.search(
                    t, max(0, r.pre_refs[-1].start - 12), r.pre_refs[-1].start)):
            return []     # "the fighting that followed in X", "clashes in X followed": no fall
        if " " not in cm.text or cm.text.lower().endswith((" lost", " suit")) or cm.text.lower().startswith("chang"):
            subject = self._bare_fall_subject(s, cm, lo, r)
            if subject != "read on":
                return None if subject == "listed" else []
        if " under " in f" {cm.text.lower()} " and cm.text.lower().endswith("control") and \
                not (cm.gap and t[cm.gap[0]:cm.gap[1]].strip()) and not t.startswith(" of ", cm.end):
            return []     # "life is getting back under control": nobody's control
        if cm.gap and cm.text.lower().startswith("control of"):
            # "control of Goma passed back to the Congolese army": the places are the gap's
            r.places = r.gap_refs
            r.actor_to = next((a for a in r.post_actors if self._marker(cm.end, a.start) == ""), None)
            return None if r.places else []
        if cm.text.lower().startswith("surrender") and r.pre_actors and \
                _RIGHT_BEFORE.fullmatch(t, r.pre_actors[-1].end, cm.start):
            return []     # "Goma, where Congolese soldiers surrendered to UN peacekeepers": men gave up, not the town
        r.places = self._antecedents(r.pre_refs, cm, lo) if r.pre_refs else []
        if not r.pre_refs and (r.post_actors and _COUNT_GAP.fullmatch(t, cm.end, r.post_actors[0].start)
                               or _A_SIDE_AFTER.match(t, cm.end)) and \
                (it := _IT_FELL.search(t, max(lo, s.start, cm.start - 30), cm.start)) is not None:
            # "Mosul is Iraq's second city. It fell to ISIL in June 2014" (a side right after:
            # "it fell to 30,000 barrels a day" is a quantity)
            r.places = [x for x in [self._place_before(it.start())] if x is not None]
        if r.places and " " not in cm.text:
            r.places += self._gapped_places(cm.end, r.post_refs)
        if r.places and _UNIT_IN_BEFORE.search(t, max(0, r.places[0].start - 40), r.places[0].start):
            r.actor_from = self._garrison_owner(r, r.places[0])
        first = r.post_actors[0] if r.post_actors else None
        if first is None and _THEM_AFTER.match(t, cm.end):
            # "Dessie and Kombolcha fell to them": the side named last before, in the paragraph
            first = next((a for a in reversed(self.actors) if a.end <= cm.start and not a.modifier
                          and a.kind != "civilians" and "\n" not in t[a.end:cm.start]
                          and t[a.end:a.end + 2] not in ("'s", "’s")), None)     # ("the regime's last foothold")
        r.actor_to = first if first is not None and (self._marker(cm.end, first.start) == "" or
                                                     _COUNT_GAP.fullmatch(t, cm.end, first.start) or cm.text.lower().endswith(
            "control") and self._marker(cm.end, first.start) == "of") else None     # ("was under control of the army")
        return self._taker_in_the_gap(s, cm, lo, r) if cm.gap else None

    def _taker_in_the_gap(self, s: _Sentence, cm: CueMatch, lo: int, r: _Reading) -> list | None:
        """`_fill_fall` for a cue with a gap: "fell under ISIL's control", "came under Russian
        control": the gap is the taker's name alone ("came under heavy shelling and Russian
        control" is no change of hands), its possessive, its demonym or its description."""
        t = self.text
        a = r.gap_actors[0] if r.gap_actors else None
        if a is None and _ITS_CONTROL_GAP.fullmatch(t, *cm.gap):
            # "the army announced that Aleppo was back under its control": the side that speaks
            # (or, none there, the sentence's first: "Ukrainian units crossed into Russia's Kursk
            # Oblast, and ... reported that Sudzha was under their control"; a side that only owns
            # a place, "Russia's", is none)
            own = [x for x in s.actors if x.end <= cm.start and not x.modifier and x.kind != "civilians"
                   and t[x.end:x.end + 2] not in ("'s", "’s")]
            r.actor_to = next((x for x in own if x.start >= lo), own[0] if own else None)
            if r.actor_to is None and _THEIR_HANDS_GAP.fullmatch(t, *cm.gap):
                # "M23 fighters entered Goma. By the 28th, most of the city was in their hands":
                # the side the paragraph named last
                r.actor_to = next((a for a in reversed(self.actors) if a.end <= s.start and not a.modifier
                                   and a.kind != "civilians" and "\n" not in t[a.end:cm.start]), None)
            return None if r.actor_to is not None else []
        if a is None and (dem := _DEMONYM_GAP.fullmatch(t, *cm.gap)) is not None and \
                (side := self._lexicon.demonym_actor(dem.group(1))) is not None:
            r.actor_to = side         # "Rafah was in Israeli hands"
            return None
        if a is None and (word := _DESCRIBED_GAP.fullmatch(t, *cm.gap)) is not None:
            # "the city was in rebel hands", "in government hands": the side so described where it is
            where = tuple(dict.fromkeys([p.place.country for p in r.places if p.place.country] + list(self._countries)))
            r.actor_to = self._lexicon.resolve_description(_DESCRIBED_SIDES[word.group(1).lower()], where)
            if r.actor_to is None and word.group(1).lower().rstrip("'") in _IRREGULAR_HEADS:
                # "in the militants' hands": the armed group the paragraph named last
                r.actor_to = next((a for a in reversed(self.actors) if a.end <= cm.start and a.kind == "armed_group"
                                   and not a.modifier and "\n" not in t[a.end:cm.start]), None)
            if r.actor_to is None and not (r.pre_refs and r.pre_refs[-1].populated and
                                           _SUBJECT_RIGHT_BEFORE.fullmatch(t, r.pre_refs[-1].end, cm.start)):
                return []   # ("which put the whole frontier in rebel hands": no town of its own)
            return None     # (a side the lexicon cannot name is still a side: "Hsenwi in rebel hands")
        if a is None or not _TAKER_GAP_BEFORE.fullmatch(t, cm.gap[0], a.start) \
                or a.end < cm.gap[1] and not _TAKER_GAP_AFTER.fullmatch(t, a.end, cm.gap[1]):
            return []
        r.actor_to = a
        return None

    def _bare_fall_subject(self, s: _Sentence, cm: CueMatch, lo: int, r: _Reading) -> str:
        """A bare "fell" (or "was lost", "changed hands") needs its place as subject: "Svatove
        quickly fell", "Zaranj, in Nimroz, fell" (not "lives were lost in X"). "read on" when
        its subject is found (`r.pre_refs` narrowed to it), "listed" when a colon lists its
        places (`r.places` set), "none" when it has no place for subject."""
        t = self.text
        if _NOT_A_FALL_AFTER.match(t, cm.end):
            return "none"     # "troops fell back to an army base": a retreat, told of men
        if r.pre_refs and _RIGHT_BEFORE.fullmatch(t, r.pre_refs[-1].end, cm.start):
            # ("government troops in Kunduz fell": the troops did, not the town; but a garrison
            # that fell lost its town: "the army's 21st Division in Zalingei fell")
            at = r.pre_refs[-1].start
            return "none" if _PREPOSITION_BEFORE.search(t, max(0, at - 12), at) and \
                not _UNIT_IN_BEFORE.search(t, max(0, at - 40), at) else "read on"
        if (subject := next((x for x in reversed(r.pre_refs) if _ASIDE_THEN_VERB.fullmatch(t, x.end, cm.start)),
                            None)) is not None:
            r.pre_refs = [x for x in r.pre_refs if x.start <= subject.start]
            return "read on"
        if self._unheld_subject_of_a_fall(lo, cm):
            r.pre_refs = []     # the name is the subject, not a place named before it
            return "read on"
        if (listed := self._colon_list_of_falls(s, cm, r)):
            r.places = listed   # "the three regional capitals fell in as many days: Kidal on 30
            return "listed"     # March, Gao on 31 March and Timbuktu on 1 April"
        return "none"

    def _unheld_subject_of_a_fall(self, lo: int, cm: CueMatch) -> bool:
        """Whether a bare "fell" has for subject, right before it, a name the gazetteer lacks
        ("..., and Woldiya fell a week later"), not a word capitalised only for opening the
        sentence ("Night fell", "Morale fell"): such a word must be capitalised mid-sentence
        elsewhere in the text too."""
        t = self.text
        named = self._unresolved_match(lo, cm.start, before=True)
        if named is None or not _RIGHT_BEFORE.fullmatch(t, named.end("name"), cm.start):
            return False
        return self._a_name_not_an_opening_word(named)

    def _a_name_not_an_opening_word(self, named: re.Match) -> bool:
        """Whether an unresolved name is one, not a word capitalised only for opening a sentence
        ("Night fell", "Local officials said"): not common words only, and written capitalised
        somewhere else than at a sentence's start when it opens one."""
        t, name = self.text, named.group("name")
        if all(name_key(w) in load_lexicon().common_words for w in name.split()):
            return False
        return not opens_a_sentence(t, named.start("name")) or any(
            not opens_a_sentence(t, m.start()) for m in re.finditer(rf"\b{re.escape(name)}\b", t))

    def _colon_list_of_falls(self, s: _Sentence, cm: CueMatch, r: _Reading) -> list:
        """The places, each with its date, that a colon lists after a bare "fell" whose subject
        counts them: "the three northern regional capitals fell in as many days: Kidal on 30
        March, Gao on 31 March and Timbuktu on 1 April"."""
        t = self.text
        colon = _COLON_AFTER_A_FALL.match(t, cm.end)
        if colon is None or not _COUNTED_TOWNS_BEFORE.search(t, max(s.start, cm.start - 80), cm.start):
            return []
        first = next((x for x in r.post_refs if x.start == colon.end()), None)
        if first is None or not _GAPPED_DATE_AFTER.match(t, first.end):
            return []
        return [first] + self._gapped_places(first.end, [x for x in r.post_refs if x.start > first.end])

    def _gapped_places(self, end: int, post_refs: list) -> list:
        """The places of a list after a bare "fell" with its date, the verb not repeated:
        "Kidal fell on 30 March, Gao on 31 March and Timbuktu on 1 April" (each with its own date)."""
        out = []
        for ref in post_refs:
            if not (_GAPPED_BETWEEN.fullmatch(self.text, end, ref.start) and _GAPPED_DATE_AFTER.match(self.text, ref.end)):
                break
            out.append(ref)
            end = ref.end
        return out

    def _fill_free(self, s, cm, lo, hi, r: _Reading) -> list | None:
        """PLACE <cue> LOSER ("free of IS", "cleared of militants"); "cleared the town of PLACE of
        LOSER" (the cue read up to the first "of": the place follows it)."""
        if cm.gap and _PLACE_NOUN_GAP.fullmatch(self.text, *cm.gap) and r.post_refs and \
                not self.text[cm.end:r.post_refs[0].start].strip():
            place = r.post_refs[0]
            loser = next((a for a in r.post_actors if a.start > place.end
                          and _OF_GAP.fullmatch(self.text, place.end, a.start)), None)
            if loser is None and (of := _OF_GAP.match(self.text, place.end)) is not None and \
                    (_ENEMY.match(self.text, of.end()) is None or _THINGS_AFTER.match(self.text, of.end())):
                return []     # "cleared the village of X of mines"; but "freed the town of al-Shaddadi"
                # (the side it was freed of unnamed) and "cleansed the town of X of terrorists" are changes
            r.places, r.actor_from = [place], loser
            r.actor_to = r.subject
            return None
        if r.post_actors and self._marker(cm.end, r.post_actors[0].start) in ("", "of", "from") and \
                not _CLAUSE_PUNCT_IN.search(self.text, cm.end, r.post_actors[0].start):
            # (not a side of another clause: "clearing them of the remnants of the militia, the
            # spokesman of the Armed Forces said")
            r.actor_from = r.post_actors[0]
            if _THINGS_AFTER.match(self.text, r.actor_from.end):
                return []     # "clear the town of ISIL explosives": de-mining, not a place changing hands
        elif (enemy := _ENEMY.match(self.text, cm.end)) is None or _THINGS_AFTER.match(self.text, enemy.end()):
            return []         # (but "cleansed X of terrorists": a side unnamed, unknown)
        if r.gap_refs:
            r.places = [r.gap_refs[0]]
        else:
            r.places = self._antecedents(r.pre_refs, cm, lo) if r.pre_refs else []
        r.actor_to = r.subject if r.subject is not None and not _same_span(r.subject, r.places) else None
        if r.actor_to is None and r.actor_from is not None:
            # "Sinjar freed from IS by Kurdish forces": the side after "by" freed it
            r.actor_to = next((a for a in r.post_actors if a.start > r.actor_from.end
                               and self._marker(r.actor_from.end, a.start) == "by"), None)
        return None

    def _fill_hold_since(self, s, cm, lo, hi, r: _Reading) -> list | None:
        """PLACE ... TAKER <cue> YEAR ("an IS stronghold since 2014"), TAKER had held PLACE since
        YEAR: historical."""
        if cm.gap and self.text[cm.gap[0]:cm.gap[1]].lstrip().lower().startswith("out "):
            return []       # "troops have held out against repeated attacks since February": resisted, no hold
        r.places = r.gap_refs[:1] or (self._antecedents(r.pre_refs, cm, lo) if r.pre_refs else [])
        if r.gap_refs and (r.gap_refs[0].place.is_admin_area or _AREA_NOUN_AFTER.match(self.text, r.gap_refs[0].end)) and \
                _IN_A_PHRASE_BEFORE.search(self.text, max(cm.start, r.gap_refs[0].start - 20), r.gap_refs[0].start):
            return []       # "the largest town Ukrainian forces had held in the Kursk region since August":
            # the region only locates what was held
        near = [a for a in s.actors if lo <= a.start < cm.end and not a.modifier and cm.start - a.end < 80]
        r.actor_to = near[-1] if near else None
        r.status = "historical"
        return None

    def _control_events(self, s: _Sentence, cm: CueMatch, lo: int, hi: int, r: _Reading, intent_only: bool) -> list:
        """The events of a filled frame: one per place (or per name the gazetteer lacks)."""
        t = self.text
        places = [p for p in r.places if p is not None and (p.populated or p.place.is_admin_area)]
        if cm.cue.frame == "take_by_actor" and _AN_ENTRY.search(cm.text):
            # "swept into neighbouring Al Jazirah state", "pushed into western Tigray": a force
            # entering a region or a country holds some of it, no change of the whole
            places = [p for p in places if not _a_whole_region(p.place)]
        if places and r.passive and " " not in cm.text and places[-1].end <= cm.start:
            places += self._gapped_places(cm.end, r.post_refs)   # "X was captured on 20 November and Y the next day"
        unresolved: tuple[tuple[str, str], ...] = ()
        list_end = places[-1].end if places else None      # where a list of further names may go on
        if not places and not intent_only and r.frame in ("take", "take_by_actor", "share") and not r.passive:
            places = [x for x in [self._opening_place(s, cm)] if x is not None]
            list_end = hi         # (no list goes on from a town named before the verb)
        if places and not intent_only and self._named_subject(s, cm, lo, hi, r, places):
            places = []         # "Within Hama governorate, the stronghold of Um Myal was captured"
        if not places:
            named = None if intent_only else self._unresolved_place(s, cm, lo, hi, r.frame, r.passive)
            if named is None:
                return []
            unresolved = (("place", named.group("name")),)   # kept by name, off the map (`Event.unresolved`)
            list_end = named.end("name")
            if r.frame == "take" and r.status in ("reported", "claimed") and \
                    _PARTIAL_BEFORE.search(t, max(cm.end, named.start("name") - 60), named.start("name")):
                r.status = "partial"
        background = r.frame in ("take", "lose", "handover") and self._background(s, cm)
        if background:
            self._read_background(s, cm, r)     # (its doer may be the main clause's: "After taking X, the brigades ...")
        if r.needs_actor and not (isinstance(r.actor_to, ActorMention) and r.actor_to.kind != "civilians") \
                and not _ARMED_NOUN_RIGHT_BEFORE.search(t, max(lo, s.start, cm.start - 60), cm.start) \
                and not _FORCE_NOUN_RIGHT_BEFORE.search(t, max(lo, s.start, cm.start - 40), cm.start) \
                and not (r.passive and r.pre_refs and (_PASSIVE_SUBJECT_GAP.fullmatch(t, r.pre_refs[-1].end, cm.start)
                         and not _IN_A_PHRASE_BEFORE.search(t, max(0, r.pre_refs[-1].start - 40), r.pre_refs[-1].start)
                         or _WHICH_PASSIVE_GAP.fullmatch(t, r.pre_refs[-1].end, cm.start)
                         or self._bare_participle(s, cm))):
            return []     # "took the photo in X", "entered X": only an armed side taking a place counts
                          # (one the text leaves unnamed too: "several armed groups took Sloviansk"; or
                          # none, the place the subject: "Hsenwi was taken a week later", "Bazarak taken")
        if r.needs_actor and _REPELLED_AFTER.search(t, cm.end, s.end):
            return []     # "had entered the city but were driven back": no change of hands
        actor_from, actor_to = name_of(r.actor_from), name_of(r.actor_to)
        if actor_from is not None and actor_from == actor_to:
            actor_from = None
        if intent_only and r.frame != "hold_since":     # (a "since" event may not be built at all)
            return [(ref.place, actor_to) for ref in places]
        out = []
        subject_place = r.frame == "fall" or r.frame == "take" and r.passive and places and places[0].end <= cm.start
        if (r.frame in ("expel", "lose", "fall") or subject_place) and r.status in ("reported", "claimed") and places \
                and _PARTIAL_BEFORE.search(t, max(s.start if subject_place else cm.end, places[0].start - 60),
                                           places[0].start):
            r.status = "partial"    # "pushed Russia from most of the Kharkiv oblast", "withdrew from parts of X",
            # "more than 90% of the city was under Russian control", "villages on the outskirts of X were captured"
        listed = [] if intent_only else self._names_listed(s, cm, lo, hi, r, places, list_end, subject_place)
        if unresolved and not places and (tail := self._held_after_names(list_end, listed, r.post_refs, hi)):
            # "moved into Aitaroun, Maroun al-Ras and Kfar Kila": the list goes on with places it holds
            listed, unresolved, places = [unresolved[0][1]] + listed, (), tail
        for name in listed:
            out.append(self._event(s, cm, "control_change", r.status, 0.55, background=background,
                                   actor_from=actor_from, actor_to=actor_to, unresolved=(("place", name),),
                                   listed=places))
        locating = None if places else self._locating_place(s, cm)
        for ref in places or [None]:
            where = ref or locating
            a_from, a_to = self._described_at(r.actor_from, actor_from, where), self._described_at(r.actor_to, actor_to, where)
            conf = 0.75 - (0.15 if ref is None or ref.anaphor else 0) - (0.1 if r.nominal else 0) + \
                (0.05 if a_to else 0) + (0.05 if a_from else 0)
            out.append(self._event(s, cm, "control_change", r.status, conf, background=background,
                                   place=ref, actor_from=a_from, actor_to=a_to,
                                   since=r.frame == "hold_since", unresolved=unresolved))
        if intent_only:
            return [(e.place, e.actor_to) for e in out if e is not None]
        if self._taker_unnamed(s, cm, lo, r, actor_from, actor_to):
            self._unnamed_takers.update(e.id for e in out if e is not None)
        return out

    def _names_listed(self, s: _Sentence, cm: CueMatch, lo: int, hi: int, r: _Reading, places: list,
                      list_end: int | None, subject_place: bool) -> list[str]:
        """The names the gazetteer lacks listed with a change's places: "expelled the RSF from
        Rufaa and Tamboul", those between two it holds ("retook Kidal, Tonenke and Gao"), or the
        last subject of a headline's fall ("Pul-e-Khumri and Farah fall to Taliban": Farah)."""
        if r.frame in ("take", "lose", "expel", "handover") and not r.passive:
            return (r.leading_names if places else []) + [n for a, b in zip(places, places[1:])
                                                          for n in self._listed_names(a.end, b.start)] \
                + self._listed_names(list_end, hi)
        if subject_place and (last := self._last_listed_subject(s, cm, lo, hi, r, places)):
            return [last]
        return []

    #: How surely a town the gazetteer holds must be read to go on a list of names it lacks.
    SURE_ITEM = 0.9

    def _held_after_names(self, end: int, names: list[str], post_refs: list[PlaceRef], hi: int) -> list[PlaceRef]:
        """The places the gazetteer holds that a list goes on with after names it lacks (the
        list's first name ending at `end`, `names` the rest of them)."""
        for name in names:
            k = self.text.find(name, end, hi)
            if k < 0:
                return []
            end = k + len(name)
        first = next((x for x in post_refs if x.start >= end), None)
        if first is None or not joins_a_list(self.text[end:first.start]):
            return []
        # (only towns read surely: beside names it lacks, an ambiguous village, "Blahodatne", is too
        # often another of its namesakes, and "the Domiz and Palestine districts" are no country)
        tail = coordinated(self.text, post_refs, first, hi)
        return [] if any(x.place.is_country or x.place.is_admin_area or x.mention.alternatives
                         or x.mention.confidence < self.SURE_ITEM for x in tail) else tail

    def _read_background(self, s: _Sentence, cm: CueMatch, r: _Reading) -> None:
        """A change told as background to the main clause ("After losing X, ISIS ..."): history
        unless right before it, and its doer the main clause's subject when its own is unnamed."""
        t = self.text
        if r.status == "reported" and not self._just_before(s, cm):
            r.status = "historical"
        if r.subject is not None or r.frame not in ("lose", "take") or r.actor_to is not None or r.nominal:
            return
        # "After losing X, ISIS ...", "After capturing X, Russian troops moved on"
        later = [a for a in s.actors if a.start >= cm.end and not a.modifier and a.kind != "civilians"
                 and "," in t[cm.end:a.start]]
        first = next((a for a in s.actors if not a.modifier and a.kind != "civilians"), None)
        if not later and first is not None and first.end <= cm.start and \
                len(t[s.start:first.start].split()) <= 2 and "," in t[first.end:cm.start]:
            later = [first]     # "Taliban fighters captured X on Saturday, a day after seizing Zaranj"
        if r.frame == "lose":
            r.actor_from = later[0] if later else None
        elif later:
            r.actor_to = later[0]

    def _opening_place(self, s: _Sentence, cm: CueMatch) -> PlaceRef | None:
        """The town a sentence opens in ("In Herat, the western city near the Iranian border,
        Taliban fighters entered on Thursday and seized the police headquarters"), or a headline's
        label names ("Kidal: ... seize Tuareg rebel stronghold"), for a verb
        after that opening phrase whose object is a site, the city itself or nothing (not where
        someone speaks: "In Paris, officials said Russian troops took the airport")."""
        t = self.text
        first = next((x for x in self.refs if s.start <= x.start < cm.start and not x.anaphor), None)
        if first is None or not first.populated or first.context in ("actor", "part of a name"):
            return None
        if not t[s.start:first.start].strip() and _LABEL_COLON.match(t, first.end) and \
                not any(first.end < x.start < cm.start and x.context is None for x in self.refs) \
                and _LABEL_OBJECT_AFTER.match(t, cm.end):
            return first        # a headline's label: "Kidal: Malian troops and Wagner seize Tuareg rebel stronghold"
        if not _OPENING_IN.fullmatch(t, s.start, first.start) or "," not in t[first.end:cm.start] or \
                _SAID.search(t, first.end, cm.start) or \
                not (_SITE_OBJECT_AFTER.match(t, cm.end) or _NO_OBJECT_AFTER.match(t, cm.end)):
            return None
        return first

    def _locating_place(self, s: _Sentence, cm: CueMatch) -> PlaceRef | None:
        """The place a sentence locates a name the gazetteer lacks in, by which a description is
        read: "government forces regained the Bato Mosque in Marawi" are the Philippines', whatever
        the article's focus.  A reading set aside as far from the article's places counts when it
        is a whole name (it says where, if anything does), but not "Tuman" of "near Khan Tuman"."""
        return next((x for x in self.refs if cm.end <= x.start < s.end and not x.anaphor
                     and (x.context is None or x.context == "far from the text" and _whole_name(self.text, x.start, x.end))
                     and self._marker(cm.end, x.start) in ("in", "near", "outside", "at")), None)

    def _taker_unnamed(self, s: _Sentence, cm: CueMatch, lo: int, r: _Reading, actor_from, actor_to) -> bool:
        """Whether the paragraph's usual taker must not fill a change with no taker: its subject
        is a side the lexicon does not know ("the SLF captured X"), or an armed side left unnamed
        withdrew ("militants retreated from Baiji": the side the paragraph follows may be the one
        that left)."""
        if actor_to is not None:
            return False
        armed_unnamed = _ARMED_NOUN_RIGHT_BEFORE.search(self.text, max(lo, s.start, cm.start - 60), cm.start) is not None
        if r.frame == "take" and not r.passive:
            # (and "the militants also seized the Mosul Dam": whoever they are, not the paragraph's taker)
            return armed_unnamed or \
                self._unknown_side_in(s, max(lo, s.start, self.text.rfind(",", s.start, cm.start) + 1), cm.start)
        return r.frame == "lose" and actor_from is None and armed_unnamed

    def _unknown_side_in(self, s: _Sentence, lo: int, hi: int) -> bool:
        """Whether text[lo:hi] (in sentence `s`) names a side the lexicon does not know where a
        subject stands: "the SLF captured X", "the Syrian Liberation Front took Y"."""
        for m in _UNKNOWN_SIDE.finditer(self.text, lo, hi):
            if m.group().strip() in _NOT_SIDES or any(a.start < m.end() and m.start() < a.end for a in s.actors):
                continue
            if any(r.start < m.end() and m.start() < r.end for r in self.refs):
                continue
            return True
        return False

    def _last_name_before(self, s: _Sentence, at: int) -> PlaceRef | None:
        """What an object "it" at offset `at` stands for: the last town of its sentence, when
        no other name (one the gazetteer lacks: "stormed the northern part of Humaymah
        Al-Saghira capturing it") stands between them."""
        # (nor a place only headed for: "their push south toward the capital, and ... retook it")
        # (nor one people fled to: "Qaraqosh, whose residents had fled to Erbil when the jihadists overran it")
        # (nor a town that owns the side in its clause: "Tripoli's forces stormed it")
        gone = [r for r in self.usable if s.start <= r.start and r.end <= at
                and (_FLED_TO_BEFORE.search(self.text, max(s.start, r.start - 40), r.start)
                     or _OWNS_A_FORCE_AFTER.match(self.text, r.end))]
        prev = [r for r in self.usable if s.start <= r.start and r.end <= at and r.populated and r not in gone
                and not _TOWARD_BEFORE.search(self.text, max(s.start, r.start - 20), r.start)]
        if not prev and s.start > 0 and (first := self._unresolved_match(s.start - 1, at)) is not None \
                and first.start("name") == s.start and not any(a.start <= s.start < a.end for a in self.actors) \
                and self._a_name_not_an_opening_word(first):
            return None     # "Nasir has changed hands before: troops recaptured it": Nasir, which the gazetteer lacks
        if not prev:
            # "Boko Haram seized Gwoza in August 2014. Troops retook it in March 2015": the town of
            # the sentence before, when this one names nothing before "it"
            before = self._place_before(at)
            if before is None or before.anaphor or before.end > s.start:
                return None
            # (read where "it" stands, so that its own clause dates it)
            prev, lo = [PlaceRef(at, at, before.mention, anaphor=True)], s.start + 1
        else:
            lo = prev[-1].end
        # (from `lo`: with the town of the sentence before, the whole of this one up to "it")
        # (a time or a side opening the sentence counts too: "In December Islamic State fighters stormed back in")
        gap = [(a.start, a.end) for a in self.actors if min(lo, max(s.start, lo - 1)) <= a.start < at]
        gap += [(x.char_start, x.char_end) for x in s.times if min(lo, max(s.start, lo - 1)) <= x.char_start < at]
        # (an area or a river named between is no other town: "Maiurno, a town in Sennar state, ... seized it")
        gap += [(r.start, r.end) for r in self.refs if lo <= r.start < at
                and (not r.populated or r.context is not None or r in gone)]
        for m in _NAME_INSIDE.finditer(self.text, lo, at):
            if not any(a0 <= m.start() + 1 < a1 for a0, a1 in gap):
                return None     # (an actor's or a date's capitals are no other name: "on 27 February")
        return prev[-1]

    def _described_at(self, actor, name: str | None, ref: PlaceRef | None) -> str | None:
        """The actor a description names where the place is: "government forces recaptured
        Aleppo's eastern districts" in an article about Mosul are Syria's, not Iraq's (and no
        one's in a country the descriptions file does not cover); a row for the place's own
        first-level area ("UA-05", Donetsk oblast) comes first."""
        if name is None or ref is None or not isinstance(actor, ActorMention) or actor.anaphor \
                or not ref.place.country or not self._lexicon.describes(actor.surface):
            return name
        if ref.place.admin1 and (local := self._lexicon.resolve_description(
                actor.surface, (f"{ref.place.country}-{ref.place.admin1}",))) is not None:
            return local    # a description with a meaning in the place's own area: Donetsk oblast's separatists
        if ref.place.country in self._countries[:1]:
            return name
        return self._lexicon.resolve_description(actor.surface, (ref.place.country,))

    def _place_before(self, at: int) -> PlaceRef | None:
        """What "it" at offset `at` stands for: the last town named before it in the paragraph
        (within a few sentences), else the place the title names."""
        prev = [r for r in self.usable if r.end <= at and r.populated
                and self.text.find("\n", r.end, at) < 0 and at - r.end <= 300]
        if prev:
            return prev[-1]
        if self._topic is not None:
            m = self._topic
            return PlaceRef(at, at, Mention(m.surface, at, at, m.place, m.confidence), anaphor=True)
        return None

    def _unresolved_place(self, s: _Sentence, cm: CueMatch, lo: int, hi: int, frame: str,
                          passive: bool) -> re.Match | None:
        """The name (group "name") of the place a control change is about, when no resolved
        mention stands where the frame expects it: the verb's object ("seized Tonenke"), or
        the subject of "fell to" and of a passive ("Tonenke was captured"; but a passive of
        expelling has the side driven out for its subject: "IS was driven out of Tonenke")."""
        if frame in ("fall", "free") or passive and frame != "expel":
            return self._unresolved_match(lo, cm.start, before=True)
        if frame in ("take", "lose", "expel", "noun", "handover"):
            return self._unresolved_match(cm.end, hi)
        return None

    def _named_subject(self, s: _Sentence, cm: CueMatch, lo: int, hi: int, r: _Reading, places: list) -> bool:
        """Whether a passive's subject is a name the gazetteer lacks, introduced by its place noun,
        after the places read before the verb: those only locate it ("Within Hama governorate,
        the last HTS stronghold of Um Myal has been captured" is about Um Myal)."""
        if not (r.passive and r.frame == "take" and places[-1].end <= cm.start):
            return False
        named = self._unresolved_place(s, cm, lo, hi, r.frame, r.passive)
        return named is not None and named.start("name") > places[-1].end and \
            _PLACE_NOUN_OF.search(self.text, max(lo, named.start("name") - 40), named.start("name")) is not None

    def _last_listed_subject(self, s: _Sentence, cm: CueMatch, lo: int, hi: int, r: _Reading, places: list) -> str | None:
        """A name the gazetteer lacks that ends the list of places a fall or a passive is about,
        right before its verb: "Pul-e-Khumri and Farah fall to Taliban" (Farah)."""
        if not places or places[-1].end > cm.start:
            return None
        named = self._unresolved_place(s, cm, lo, hi, r.frame, r.passive or r.frame == "fall")
        if named is None or named.start("name") <= places[-1].end or \
                not _LIST_JOINER.fullmatch(self.text, places[-1].end, named.start("name")):
            return None
        return named.group("name")

    def _actor_just_before(self, at: int) -> bool:
        """Whether an actor's name ends right before offset `at` ("IS take control", where
        "IS" is the group, not the verb "is")."""
        k = bisect.bisect_left(self._actor_starts, at) - 1
        return k >= 0 and self.text[self.actors[k].end:at].strip() == ""

    def _holder_named_on(self, s: _Sentence, places: list) -> ActorMention | None:
        """The side a place's own words say held it: "captured IS-held Tabqa", "the IS-held
        town of Tabqa" (ISIS lost it)."""
        first = next((p for p in places if p is not None), None)
        if first is None:
            return None
        for a in s.actors:
            if a.modifier and first.start - 40 <= a.start < first.start and _HELD_AFTER.match(self.text, a.end):
                return a
        return None

    def _yielding_side(self, s: _Sentence, cm: CueMatch, taker: ActorMention | None) -> ActorMention | None:
        """The side that gave way in a clause of the same sentence: "retook X after Y withdrew"."""
        # ... or "took X after clashes with Y", "following HTS withdrawal"
        for pattern in (_YIELDED, _CLASHED_WITH, _YIELDED_NOUN):
            rx, text = self._blind(pattern)
            for m in rx.finditer(text, cm.end, s.end):
                g = "side" if m.group("side") is not None else "side2"
                side = next((a for a in s.actors if m.start(g) <= a.start < m.end(g) and not a.modifier
                             and a.kind != "civilians"), None)
                if side is not None and (taker is None or side.canonical != taker.canonical):
                    return side
        return None

    def _subject(self, s: _Sentence, cm: CueMatch, lo: int, pre_actors: list[ActorMention]) -> ActorMention | None:
        """The doer: the first actor of the clause before the cue that is not a supporter ("backed by")."""
        t = self.text
        # (a side that only owns a place is no doer: "storm into Russia's Kursk region, seize Sudzha")
        pre_actors = [a for a in pre_actors if not (_POSSESSIVE_AFTER.match(t, a.end)
                                                    and any(x.start == a.end + 3 for x in s.refs))]
        clause_end = cm.start
        if (ap := _APPOSITIVE_BY.search(t, lo, cm.start) or _RELATIVE_BETWEEN.search(t, lo, cm.start)) is not None:
            clause_end = ap.start()     # "the Syrian Army, led by the Tiger Forces, captured X"
        pre_actors, opened, by_word = self._subject_clauses(lo, clause_end, pre_actors)
        clause_start = opened[-1]
        cands = [a for a in pre_actors if clause_start <= a.start < clause_end]
        if len(cands) > 1:
            # "Ukrainian authorities said Russian troops had withdrawn from X": the speaker's
            # words have a subject of their own (but "Russian sources claimed the capture of X")
            said = [m.end() for m in _SAID.finditer(t, cands[0].end, clause_end)]
            if said:
                cands = [a for a in cands if a.start >= said[-1]] or cands
            elif _ADVERBS_ONLY.fullmatch(t, cands[-1].end, cm.start) and \
                    _NEW_CLAUSE_AND.search(t, cands[0].end, cands[-1].start):
                # "the Iraqi military was defeated and the coalition occupied Baghdad": a clause of
                # its own, with its own subject
                cands = cands[-1:]
        if not cands and (rel := _RELATIVE_SUBJECT.search(t, max(lo, cm.start - 40), cm.start)) is not None:
            # "from the Rapid Support Forces, which seized it in July": the side the relative is about
            ante = [a for a in pre_actors if a.end <= rel.start() and not t[a.end:rel.start()].strip()]
            if ante:
                return ante[-1]
        if not cands and _ADVERBS_AT_MOST.fullmatch(t, clause_start, cm.start) and cm.text.lower().endswith(("ing", "ing control of")):
            # ", taking control of X": the participle's doer is the subject of the main clause, the
            # nearest one before it that names a doer ("The RSF seized Dinder, but the army struck
            # back, retaking it": the army), else the sentence's first
            doer = [a for a in pre_actors if not _LOSER_BEFORE.search(t, max(lo, a.start - 12), a.start)
                    and not _SUPPORTER_BEFORE.search(t[max(lo, a.start - 20):a.start])]
            main: list = []
            for a0, a1 in reversed(list(zip(opened, opened[1:]))):    # the nearest clause naming a doer
                main = [a for a in doer if a0 <= a.start < a1][:1]
                if main:
                    break
            cands = main or [a for a in pre_actors[:1] if a in doer]
        if not cands and by_word and _WORDS_BEFORE.fullmatch(t, clause_start, cm.start):
            return None     # "retreated after the rebels seized X": the clause's own subject, unknown
        if not cands and self._unknown_side_in(s, clause_start, cm.start):
            return None     # "the first ODA units entered the city": a side unknown, not the one before
        # an actor a verb of fighting has as its object is not the doer ("pushed Russian forces back
        # from X and secured it"), unless the cue is its own infinitive ("drove the Russians to retreat")
        if not cands:
            # the last side named before, unless it was another verb's loser or foe ("captured villages
            # overlooking al-Rai from ISIL, before entering al-Rai itself": not ISIL), or the side that
            # gave way in a clause of its own ("and, after the jihadists withdrew, re-entered Palmyra")
            gave_way = [m.span("side") for m in _YIELDED.finditer(t, lo, cm.start)]
            cands = [a for a in pre_actors[-1:] if not _LOSER_BEFORE.search(t, max(lo, a.start - 12), a.start)
                     and not any(g0 <= a.start < g1 for g0, g1 in gave_way)]
        if not cands and lo > s.start and _PRONOUN_RIGHT_BEFORE.search(t, max(lo, cm.start - 20), cm.start):
            # "The M23 has been moving south since it seized Bukavu": "it" is the sentence's side
            # named before the other verb's stretch
            cands = [a for a in s.actors if a.end <= lo and not a.modifier and a.kind != "civilians"
                     and not _LOSER_BEFORE.search(t, max(s.start, a.start - 12), a.start)][-1:]
        cands = [a for a in cands if not _FOUGHT_BEFORE.search(t, max(lo, a.start - 25), a.start)
                 or t[a.end:cm.start].lstrip().startswith("to ")]
        compelled = [a for a in cands if t[a.end:cm.start].strip() == "to"
                     and _COMPELLED_BEFORE.search(t, max(lo, a.start - 25), a.start)]
        if compelled:
            return compelled[-1]    # "forced the Russians to retreat from X": the Russians retreat
        for k, a in enumerate(pre_actors):
            nxt = pre_actors[k + 1] if k + 1 < len(pre_actors) else None
            if a in cands and nxt is not None and _LED_BY.fullmatch(t, a.end, nxt.start):
                return nxt       # "rebels led by HTS": the leading group is the one named
        for a in cands:
            if _UNNAMED_LED_BY.search(t, max(lo, a.start - 40), a.start):
                return a         # "Insurgents led by HTS": unnamed fighters under a named group
        for a in cands:
            if not _SUPPORTER_BEFORE.search(t[max(lo, a.start - 20):a.start]) or \
                    _ABSOLUTE_WITH.fullmatch(t, a.end, cm.start) and _WITH_BEFORE.search(t[max(lo, a.start - 20):a.start]):
                return a     # not a supporter; or "with the SDF (fully) capturing X": the doer
        return None

    def _subject_clauses(self, lo: int, clause_end: int, pre_actors: list[ActorMention]) -> tuple[list, list[int], bool]:
        """(the sides that may be the subject, where each clause before the cue opens, whether the
        last opens with a word) over text[lo:clause_end] (`_subject`)."""
        t = self.text
        clause_start, by_word = lo, False
        opened = [lo]
        # "The army, with Hezbollah fighters in the lead, opened its offensive and captured Qara":
        # an aside after the subject opens no clause, and who it names is no subject
        asides = [m.span() for m in SUPPORT_ASIDE.finditer(t, lo, clause_end)
                  if any(a.end <= m.start() and not t[a.end:m.start()].strip() for a in pre_actors)]
        if asides:
            pre_actors = [a for a in pre_actors if not any(x <= a.start < y for x, y in asides)]
        ends, starts = {a.end for a in pre_actors}, {a.start for a in pre_actors}
        for m in _SUBJECT_CLAUSE.finditer(t[lo:clause_end]):
            if asides and any(x <= lo + m.start() < y for x, y in asides):
                continue
            # a comma closes an opening phrase ("In July, X retook"), unless an actor list runs on
            # ("Malian army, Wagner fighters take Kidal": both sides took it, the first leads)
            if m.group() == "," and lo + m.start() in ends and lo + m.end() + 1 in starts and any(
                    a.end == lo + m.start() and not _WORDS_BEFORE_SIDE.sub("", t[clause_start:a.start]).strip()
                    for a in pre_actors):
                continue
            clause_start, by_word = lo + m.end(), m.group()[:1].isalpha()
            opened.append(clause_start)
        return pre_actors, opened, by_word

    def _subordinate(self, s: _Sentence, at: int) -> bool:
        """Whether offset `at` lies in a clause a subordinator opens ("after federal troops pulled
        out"), not in the sentence's main clause."""
        last = None
        for m in _SUBJECT_CLAUSE.finditer(self.text, s.start, at):
            last = m.group().lower()
        return last in _SUBORDINATORS

    def _last_two_places(self, at: int) -> list[PlaceRef]:
        """What "both towns" at offset `at` stands for: the last two towns named before it in its
        paragraph (none when fewer are named)."""
        two: list[PlaceRef] = []
        for r in reversed(self.usable):
            if r.end > at or not r.populated or r.anaphor:
                continue
            if at - r.end > 400 or self.text.find("\n", r.end, at) >= 0:
                break
            if all(r.place.key != x.place.key for x in two):
                two.insert(0, r)
            if len(two) == 2:
                return two
        return []

    def _antecedents(self, pre_refs: list[PlaceRef], cm: CueMatch, lo: int) -> list[PlaceRef]:
        """The places a cue refers back to: the nearest one named as a subject, and those listed
        with it ("A, B and C fell to X"); a place that only locates the subject ("Tikrit, north
        of Baghdad, was lost") is passed over."""
        pre_refs = [r for r in pre_refs if self.text[r.end:r.end + 1] != ":"] or pre_refs
        # (a headline's label, "Kursk: Moscow says Guevo ... is back in Russian hands", is no subject)
        for r in reversed(pre_refs):
            # read from the clause the place stands in ("Russia pulls out of X; Ukraine says Y retaken",
            # "... recaptured Irpin, and by 1 April, Bucha and Hostomel were back under ..."), and
            # list with it only the places of that clause ("entered Kherson on 11 November, and
            # Snihurivka was liberated the day before": Snihurivka alone)
            clause = max([lo, self.text.rfind(";", lo, r.start) + 1] +
                         [m.end() for m in _NEXT_CLAUSE.finditer(self.text, lo, r.start)] +
                         # "crossed into Iran in the week after Herat fell": a clause of its own
                         [m.end() for m in _SUBORDINATOR_OPENS.finditer(self.text, lo, r.start)] +
                         # "reported that the district centre of X was ...": what was reported opens a clause
                         [m.end() for m in _REPORTED_THAT.finditer(self.text, lo, r.start)])
            listed = [x for x in coordinated_before(self.text, pre_refs, r, lo) if x.start >= clause] or [r]
            if self._after_opening_time(clause, listed[0].start) or self._marker(clause, listed[0].start) == "" \
                    or _UNIT_IN_BEFORE.search(self.text, max(clause, listed[0].start - 40), listed[0].start):
                return listed             # the subject, and the places listed with it (or its garrison's:
                # "the army's 21st Division in Zalingei fell")
        last = pre_refs[-1]
        if (last.place.is_admin_area or last.place.is_country) and \
                (name := _LOCATES_A_NAME_BEFORE.search(self.text, max(lo, last.start - 40), last.start)) and \
                not any(r.start <= name.start() < r.end for r in pre_refs):
            return []     # "Moqokori in Hiiraan fell": the area locates a name the gazetteer lacks
        return coordinated_before(self.text, pre_refs, last, lo)

    def _after_opening_time(self, clause: int, at: int) -> bool:
        """Whether the words from a clause's start to `at` are only a time and its comma: "and by
        1 April, Bucha ..." opens with its subject all the same."""
        k = bisect.bisect_left(self._time_starts, clause)
        return k < len(self.times) and self.times[k].char_end <= at and \
            self.text[clause:self.times[k].char_start].strip() == "" and \
            self.text[self.times[k].char_end:at].strip() == ","

    def _just_before(self, s: _Sentence, cm: CueMatch) -> bool:
        """Whether a background clause is the step just before the main one, with its own date:
        "After capturing Lysychansk on 3 July, Russian troops moved on" narrates the capture."""
        prev = self._before(s.start, cm.start, 2)
        if not prev or prev[-1] not in ("after", "following"):
            return False
        comma = self.text.find(",", cm.end, s.end)
        return comma > 0 and any(cm.end <= x.char_start < comma for x in s.times)

    def _background(self, s: _Sentence, cm: CueMatch) -> bool:
        """ "After losing X", "since the fall of X": an earlier event the sentence builds on."""
        prev = self._before(s.start, cm.start, 2)
        return bool(prev) and (prev[-1] in _BACKGROUND or len(prev) == 2 and prev[0] in _BACKGROUND and prev[1] == "the")
