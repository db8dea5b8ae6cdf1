"""Control-change frames: who took which place from whom (frames in `timeline/data/cues_events.csv`)."""
from __future__ import annotations

import bisect
import re

from gazetteer.records import Mention
from timeline.actors import ActorMention
from timeline.cues import CueMatch
from timeline.event_places import PlaceRef, coordinated, coordinated_before
from timeline.events.merge import _same_span
from timeline.events.patterns import (
    _ABSOLUTE_WITH,
    _BACKGROUND,
    _BY_NEXT,
    _CLAIMED_BEFORE,
    _CLAUSE_BETWEEN,
    _COORDINATED_VERB,
    _DECLARED_BEFORE,
    _ENEMY,
    _IT_WAS,
    _LED_BY,
    _NAMED_KIND_OF,
    _NOT_A_SIDE,
    _PARTIAL_BEFORE,
    _PASSIVE_AUX,
    _POSSESSIVE_S,
    _RELATIVE_AFTER,
    _RIGHT_BEFORE,
    _SUBJECT_CLAUSE,
    _SUPPORTER_BEFORE,
    _WITH_BEFORE,
    _YIELDED,
)
from timeline.events.records import _Sentence


def name_of(actor) -> str | None:
    """The canonical name of an actor mention (or the name itself)."""
    return actor.canonical if isinstance(actor, ActorMention) else actor


class ControlRules:
    """Mixed into `timeline.events.engine._Rules`."""

    def _control(self, s: _Sentence, cm: CueMatch, lo: int, hi: int, status: str, nominal: bool, *,
                 intent_only: bool = False) -> list:
        """The control changes of one cue; with `intent_only`, only (place, taker) of each, for
        a cue that says who is out to take a place (no event is built: most cues of an article
        that do not happen are of that kind)."""
        t, frame = self.text, cm.cue.frame
        needs_actor = frame == "take_by_actor"
        frame = "take" if needs_actor else frame
        aux = bool(set(self._before(s.start, cm.start, 2)) & _PASSIVE_AUX) and not self._actor_just_before(cm.start)
        passive = bool(aux or _BY_NEXT.match(t, cm.end)
                       or self._search(_DECLARED_BEFORE, max(lo, cm.start - 80), cm.start)) \
            and frame in ("take", "expel")        # "was captured by", "the town, captured by IS in 2014,"
        if frame in ("lose", "handover") and aux:
            return []     # "are you lost?", "the motion was handed over": not a place changing hands
        pre_refs = [r for r in s.refs if lo <= r.start < cm.start]
        post_refs = [r for r in s.refs if cm.end <= r.start < hi]
        # civilians flee or stay; they are never a side that takes or loses a place
        sides = [a for a in s.actors if not a.modifier and a.kind != "civilians"]
        pre_actors = [a for a in sides if lo <= a.start < cm.start]
        post_actors = [a for a in sides if cm.end <= a.start < hi]
        gap_actors = [a for a in sides if cm.gap and cm.gap[0] <= a.start < cm.gap[1]]
        subject = self._subject(s, cm, lo, pre_actors)
        if subject is None and lo > s.start and _COORDINATED_VERB.fullmatch(t, lo, cm.start):
            # "entered and secured X", "advanced, then seized X": the doer of the first verb
            subject = self._subject(s, cm, s.start, [a for a in sides if s.start <= a.start < cm.start])
        by = next((a for a in post_actors if self._marker(cm.end, a.start) == "by"), None)
        frm = next((a for a in post_actors if self._marker(cm.end, a.start) in ("from", "of")), None)
        to = next((a for a in post_actors if self._marker(cm.end, a.start) in ("to",)), None)
        if to is None and cm.text.lower().endswith(" to") and post_actors and self._marker(cm.end, post_actors[0].start) == "":
            to = post_actors[0]          # "handed X over to the army"
        places: list[PlaceRef] = []
        actor_from = actor_to = None
        background = False
        # the object: the first place the verb governs directly (its preposition is part of the cue)
        object_ref = next((r for r in post_refs if self._marker(cm.end, r.start) == ""), None)
        if object_ref is not None:
            later = [r for r in post_refs if r.start > object_ref.end]
            if later and _NAMED_KIND_OF.fullmatch(t, object_ref.end, later[0].start):
                object_ref = later[0]    # "the World Heritage site of X", "the Y border town of X": X
        if object_ref is not None and frame != "fall" and not passive:
            named = self._unresolved_match(cm.end, object_ref.start)
            if named is not None:
                object_ref = None        # "took Tonenke, then Goma": the object is the name first
        gap_refs = [r for r in s.refs if cm.gap and cm.gap[0] <= r.start < cm.gap[1]]
        if frame in ("handover", "free") and gap_refs:
            object_ref, post_refs = gap_refs[0], gap_refs      # "handed X over to", "cleared X of"
        if frame in ("take", "lose", "handover", "noun", "expel"):
            if object_ref is not None and not (passive and frame != "expel"):
                places = coordinated(t, post_refs, object_ref, hi)
                if frame in ("take", "noun") and status in ("reported", "claimed") and \
                        _PARTIAL_BEFORE.search(t, max(cm.end, object_ref.start - 60), object_ref.start):
                    status = "partial"      # "captured most of X", "seized 40% of X"
            elif pre_refs and frame != "expel" and \
                    (passive or _RELATIVE_AFTER.match(t, pre_refs[-1].end, cm.start)):
                # "X was captured", "X, which the army retook": the place comes first
                places = self._antecedents(pre_refs, cm, lo)
            elif passive and frame != "expel" and (it := _IT_WAS.search(t, max(s.start, cm.start - 40), cm.start)):
                # "it was captured by Russian forces": the place the text was about
                places = [r for r in [self._place_before(it.start())] if r is not None]
            if frame == "take" or frame == "noun":
                declared = self._search(_DECLARED_BEFORE, max(lo, cm.start - 80), cm.start) is not None
                actor_to = by if (passive and not declared or nominal) else (subject or by)
                actor_from = frm or self._yielding_side(s, cm, actor_to)
                if nominal and actor_to is None and pre_actors and \
                        _POSSESSIVE_S.match(t[pre_actors[-1].end:pre_actors[-1].end + 3]):
                    actor_to = pre_actors[-1]
                elif nominal and actor_to is None and subject is not None and \
                        _CLAIMED_BEFORE.search(t, max(lo, cm.start - 40), cm.start):
                    actor_to = subject      # "Wagner chief claims capture of X": a side claims its own gain
            elif frame == "lose":
                actor_from, actor_to = (subject if not passive else None), to
            elif frame == "handover":
                actor_from, actor_to = subject, to
            else:   # expel
                people = cm.gap and self._people.search(self._people_text, *cm.gap)
                if people and not gap_actors:
                    flows = self._displacement(s, cm, lo, hi, status, nominal)
                    return [] if intent_only else flows     # a flow has no place to take
                if passive or not cm.gap:
                    # the one expelled is the nearest actor before the verb in its clause
                    in_clause = [a for a in pre_actors if not _CLAUSE_BETWEEN.search(t[a.end:cm.start])]
                    actor_from, actor_to = (in_clause[-1] if in_clause else None), by
                    if actor_from is None:
                        return []       # "expelled from X" with nobody expelled: not a change of hands
                elif not gap_actors:
                    if not _ENEMY.fullmatch(t, *cm.gap):
                        return []
                    actor_to = subject      # "cleared the enemy from X": whose enemy, the text says not
                else:
                    actor_from, actor_to = gap_actors[0], subject
        elif frame == "fall":
            if _NOT_A_SIDE.match(t, cm.end):
                return []     # "prices fell to a three-month low": a quantity, not a side
            if " " not in cm.text and not (pre_refs and _RIGHT_BEFORE.fullmatch(t, pre_refs[-1].end, cm.start)):
                return []     # a bare "fell" needs its place as subject: "Svatove quickly fell"
            places = self._antecedents(pre_refs, cm, lo) if pre_refs else []
            actor_to = post_actors[0] if post_actors and self._marker(cm.end, post_actors[0].start) == "" else None
        elif frame == "free":
            if not post_actors or self._marker(cm.end, post_actors[0].start) not in ("", "of", "from"):
                return []
            actor_from = post_actors[0]
            if gap_refs:
                places = [gap_refs[0]]
            else:
                places = self._antecedents(pre_refs, cm, lo) if pre_refs else []
            actor_to = subject if subject is not None and not _same_span(subject, places) else None
        elif frame == "hold_since":
            places = self._antecedents(pre_refs, cm, lo) if pre_refs else []
            near = [a for a in s.actors if lo <= a.start < cm.end and not a.modifier and cm.start - a.end < 80]
            actor_to = near[-1] if near else None
            status = "historical"
        places = [p for p in places if p is not None and (p.populated or p.place.is_admin_area)]
        unresolved: tuple[tuple[str, str], ...] = ()
        if not places:
            named = None if intent_only else self._unresolved_place(s, cm, lo, hi, frame, passive)
            if named is None:
                return []
            unresolved = (("place", named.group("name")),)   # kept by name, off the map (`Event.unresolved`)
            if frame in ("take", "noun") and status in ("reported", "claimed") and \
                    _PARTIAL_BEFORE.search(t, max(cm.end, named.start("name") - 60), named.start("name")):
                status = "partial"
        if needs_actor and not (isinstance(actor_to, ActorMention) and actor_to.kind != "civilians"):
            return []     # "took the photo in X", "entered X": only an armed actor taking a place counts
        if frame in ("take", "lose", "noun", "handover") and self._background(s, cm):
            background = True
            if status == "reported":
                status = "historical"
            if subject is None and frame == "lose":
                # "After losing X, ISIS ...": the doer is the subject of the main clause
                later = [a for a in s.actors if a.start >= cm.end and not a.modifier and "," in t[cm.end:a.start]]
                actor_from = later[0] if later else None
        actor_from, actor_to = name_of(actor_from), name_of(actor_to)
        if actor_from is not None and actor_from == actor_to:
            actor_from = None
        if intent_only and frame != "hold_since":     # (a "since" event may not be built at all)
            return [(ref.place, actor_to) for ref in places]
        if places and frame in ("take", "lose", "expel", "noun", "handover") and not passive and not intent_only:
            # "expelled the RSF from Rufaa and Tamboul": a listed name the gazetteer lacks
            extra = self._listed_names(places[-1].end, hi)
        else:
            extra = []
        out = []
        for name in extra:
            out.append(self._event(s, cm, "control_change", status, 0.55, background=background,
                                   actor_from=name_of(actor_from), actor_to=name_of(actor_to),
                                   unresolved=(("place", name),)))
        for ref in places or [None]:
            conf = 0.75 - (0.15 if ref is None or ref.anaphor else 0) - (0.1 if nominal else 0) + \
                (0.05 if actor_to else 0) + (0.05 if actor_from else 0)
            out.append(self._event(s, cm, "control_change", status, conf, background=background,
                                   place=ref, actor_from=actor_from, actor_to=actor_to,
                                   since=frame == "hold_since", unresolved=unresolved))
        if intent_only:
            return [(e.place, e.actor_to) for e in out if e is not None]
        return out

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
        the subject of "fell to" and of a passive ("Tonenke was captured")."""
        if frame in ("fall", "free") or passive:
            return self._unresolved_match(lo, cm.start, before=True)
        if frame in ("take", "lose", "expel", "noun", "handover"):
            return self._unresolved_match(cm.end, hi)
        return None

    def _actor_just_before(self, at: int) -> bool:
        """Whether an actor's name ends right before offset `at` ("IS take control", where
        "IS" is the group, not the verb "is")."""
        k = bisect.bisect_left(self._actor_starts, at) - 1
        return k >= 0 and self.text[self.actors[k].end:at].strip() == ""

    def _yielding_side(self, s: _Sentence, cm: CueMatch, taker: ActorMention | None) -> ActorMention | None:
        """The side that gave way in a clause of the same sentence: "retook X after Y withdrew"."""
        rx, text = self._blind(_YIELDED)
        for m in rx.finditer(text, cm.end, s.end):
            side = next((a for a in s.actors if m.start("side") <= a.start < m.end("side") and not a.modifier
                         and a.kind != "civilians"), None)
            if side is not None and (taker is None or side.canonical != taker.canonical):
                return side
        return None

    def _subject(self, s: _Sentence, cm: CueMatch, lo: int, pre_actors: list[ActorMention]) -> ActorMention | None:
        """The doer: the first actor of the clause before the cue that is not a supporter ("backed by")."""
        t = self.text
        clause_start = lo
        for m in _SUBJECT_CLAUSE.finditer(t[lo:cm.start]):
            # a comma closes an opening phrase ("In July, X retook"), unless an actor list runs on
            clause_start = lo + m.end()
        cands = [a for a in pre_actors if a.start >= clause_start]
        if not cands and t[clause_start:cm.start].strip() == "" and cm.text.lower().endswith(("ing", "ing control of")):
            # ", taking control of X": the participle's doer is the subject of the main clause
            cands = pre_actors[:1]
        cands = cands or pre_actors[-1:]
        for k, a in enumerate(pre_actors):
            nxt = pre_actors[k + 1] if k + 1 < len(pre_actors) else None
            if a in cands and nxt is not None and _LED_BY.fullmatch(t, a.end, nxt.start):
                return nxt       # "rebels led by HTS": the leading group is the one named
        for a in cands:
            if not _SUPPORTER_BEFORE.search(t[max(lo, a.start - 20):a.start]) or \
                    _ABSOLUTE_WITH.fullmatch(t, a.end, cm.start) and _WITH_BEFORE.search(t[max(lo, a.start - 20):a.start]):
                return a     # not a supporter; or "with the SDF (fully) capturing X": the doer
        return None

    def _antecedents(self, pre_refs: list[PlaceRef], cm: CueMatch, lo: int) -> list[PlaceRef]:
        """The places a cue refers back to: the nearest one named as a subject, and those listed
        with it ("A, B and C fell to X"); a place that only locates the subject ("Tikrit, north
        of Baghdad, was lost") is passed over."""
        for r in reversed(pre_refs):
            listed = coordinated_before(self.text, pre_refs, r, lo)
            if self._marker(lo, listed[0].start) == "":
                return listed             # the subject, and the places listed with it
        return coordinated_before(self.text, pre_refs, pre_refs[-1], lo)

    def _background(self, s: _Sentence, cm: CueMatch) -> bool:
        """ "After losing X", "since the fall of X": an earlier event the sentence builds on."""
        prev = self._before(s.start, cm.start, 2)
        return bool(prev) and (prev[-1] in _BACKGROUND or len(prev) == 2 and prev[0] in _BACKGROUND and prev[1] == "the")
