"""The frames of war reporting: where a sentence puts the roles of an event.

Each cue family of ``timeline/data/cues_events.csv`` (the verb forms, as data) names one of
these frames.  A frame says where the taker, the place (or the list of places), the loser
and, for a flow, the people, the origin and the destination stand around the cue.  Time,
status and magnitude are read the same way for every frame (`timeline.events.status`,
`timeline.times`, `timeline.events.magnitude`).  The rules that fill a frame live in
`timeline.events.control` and `timeline.events.flows`; each frame below has one example
sentence, run as a doctest against the real gazetteer:

    >>> for name, frame in FRAMES.items():
    ...     print(f"{name:12} {frame.roles:48} {read(frame.example)}")
    take         TAKER <cue> PLACES (from LOSER)                  control Ma‘arrat an Nu‘mān: ISIS -> FSA; control Kafranbel: ISIS -> FSA
    take_by_actor ARMED TAKER <cue> PLACE                          control Kherson: Ukraine -> Russia
    share        TAKER <cue> SHARE of PLACE                       control Siverskodonetsk: Ukraine -> Russia (partial)
    fall         PLACES <cue> TAKER                               control Jarābulus: - -> SDF; control Manbij: - -> SDF
    lose         LOSER <cue> PLACE (to TAKER)                     control Lysychansk: Ukraine -> Russia
    expel        TAKER <cue> LOSER out of PLACE                   control Mūrak: Syrian government -> FSA
    free         PLACE <cue> LOSER                                control Ain Issa: ISIS -> -
    handover     LOSER <cue> PLACE to TAKER                       control Manbij: SDF -> Syrian government
    hold_since   PLACE ... TAKER <cue> YEAR                       control Raqqa: - -> ISIS (historical)
    noun         the <cue> PLACE by TAKER                         control Jarābulus: - -> SNA
    flee         PEOPLE <cue> ORIGIN (to DESTINATION)             flow El Obeid -> Kosti: civilians, 3000
    move         PEOPLE <cue> ... (to DESTINATION)                flow Mariupol -> Zaporizhzhya: civilians, 300
    host         (PLACE) <cue> PEOPLE (in PLACE)                  flow Sudan -> Chad: Sudanese refugees, 600000
    transport    ACTOR <cue> PEOPLE from ORIGIN to DESTINATION    flow Raqqa -> Deir ez-Zor: ISIS families
    noun_people  the <cue> of PEOPLE from ORIGIN                  flow Mosul -> -: civilians

A place the gazetteer lacks keeps its name (`Event.unresolved`) where the frame expects a
place, so that "captured the village of Tonenke" is stored, off the map, until the name is
added.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Frame:
    """How the words around a cue fill an event's roles.

    roles:   the pattern, the cue written <cue> ("TAKER <cue> PLACES (from LOSER)").
    example: a sentence of that shape.
    """

    roles: str
    example: str


FRAMES: dict[str, Frame] = {
    "take": Frame("TAKER <cue> PLACES (from LOSER)",
                  "Rebels captured Kafr Nabl and Maarat al-Numan from ISIS on Friday."),
    "take_by_actor": Frame("ARMED TAKER <cue> PLACE",
                           "Russian troops entered and secured Kherson."),
    "share": Frame("TAKER <cue> SHARE of PLACE", "On 9 June, Russian forces controlled 80 percent of Sievierodonetsk."),
    "fall": Frame("PLACES <cue> TAKER", "Manbij and Jarabulus fell to the SDF."),
    "lose": Frame("LOSER <cue> PLACE (to TAKER)", "Ukrainian forces withdrew from Lysychansk."),
    "expel": Frame("TAKER <cue> LOSER out of PLACE", "Factions expel the regime forces out of Morek"),
    "free": Frame("PLACE <cue> LOSER", "The town of Ain Issa was reported free of IS militants."),
    "handover": Frame("LOSER <cue> PLACE to TAKER", "The SDF handed over Manbij to the Syrian army."),
    "hold_since": Frame("PLACE ... TAKER <cue> YEAR", "Raqqa has been an ISIS stronghold since 2014."),
    "noun": Frame("the <cue> PLACE by TAKER", "The capture of Jarabulus by Turkish-backed rebels ended the siege."),
    "flee": Frame("PEOPLE <cue> ORIGIN (to DESTINATION)", "About 3,000 civilians fled El Obeid for Kosti."),
    "move": Frame("PEOPLE <cue> ... (to DESTINATION)", "Around 300 civilians left Mariupol towards Zaporizhzhia."),
    "host": Frame("(PLACE) <cue> PEOPLE (in PLACE)", "Chad has received more than 600,000 Sudanese refugees."),
    "transport": Frame("ACTOR <cue> PEOPLE from ORIGIN to DESTINATION",
                       "ISIS transferred the families of its commanders from Raqqa to Deir ez-Zor."),
    "noun_people": Frame("the <cue> of PEOPLE from ORIGIN", "The escape of civilians from Mosul went on for weeks."),
}


def read(sentence: str) -> str:
    """The events of one sentence in a line (for the examples above): type, places, sides."""
    from timeline.pipeline import process_article
    from timeline.records import Article

    art = Article.from_text(sentence, title="")
    out = []
    for e in process_article(art, redate=False).events:
        if e.type == "control_change":
            status = "" if e.status == "reported" else f" ({e.status})"
            places = ", ".join(p.name for p in e.places) or "?"
            out.append(f"control {places}: {e.actor_from or '-'} -> {e.actor_to or '-'}{status}")
        else:
            ends = f"{e.origin.name if e.origin else '-'} -> {e.destination.name if e.destination else '-'}"
            extra = ", ".join(str(x) for x in (e.group, e.magnitude) if x)
            out.append(f"flow {ends}: {extra}")
    return "; ".join(out) or "nothing"
