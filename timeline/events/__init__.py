"""Event rules: dated, geoparsed sentences -> control changes and displacement flows.

`extract_events` reads an article sentence by sentence.  A sentence yields an
event only where a cue of war reporting (``timeline/data/cues_events.csv``:
"recaptured", "fell to", "free of", "fled", "transferred ... families") has the
places its frame needs: the place a control change applies to, or the origin
and/or destination of a flow.  Places come from the gazetteer's mentions,
never from the text directly, and a mention only counts where the action is:
a dateline ("KABUL -"), a place that merely locates another ("Musa Qala in
northern Helmand", "Syria's Idlib"), a route ("the road between A and B")
or an organisation's name ("the Aleppo Media Center") is context.  "The city"
and "the town" refer back to the last place named.

Status comes from the words around the cue (``cues_status.csv``): "said to be
preparing to", "may", "within days" make it *expected*; "denied", "did not"
*denied*; a date well before the article, or "months ago", *historical*;
"claimed" *claimed*; else *reported*.  Intentions without a time frame
("poised to recapture"), goals ("the offensive to retake"), prospects ("the
threat of deportation"), conditions ("if the rebels take X"), scenarios ("a
proposal would see X withdraw"), blocked movements ("banned civilians from
leaving") and habits ("every time") are not events.

A side that gives way in a clause of the same sentence ("retook X after Y
withdrew") is the one that lost the place; civilians are never a side.  A
sentence whose subject is the people of the one before ("80,000 fled X. Many
headed to Y.") completes that flow, with both sentences as evidence.

Only sentences holding a cue and a place are read, and an article without a
cue costs one Aho-Corasick pass, the one that also finds the article's status
phrases and actors (`CueLexicon.joint_scan`); each sentence is tokenized once,
and a cue that only says who is out to take a place builds no event.  The article
is lowercased once for every lexicon, case-blind patterns run as lowercase
twins over it where that finds the same (`folds_like_lower`), and what the
rules ask of a cue's surroundings (the words before it, the preposition before
a place) is worked out once per cue.

Dates are never invented: an event takes the time expression of its own
sentence, else the article's date (``date_reason="report date"``), else none.

    >>> from gazetteer.records import Mention, Place
    >>> from timeline.actors import load_actors
    >>> from timeline.records import Article
    >>> text = "Rebels captured Kafr Nabl on Friday."
    >>> art = Article.from_text(text, title="t", published="2016-05-21", published_precision="day")
    >>> town = Mention("Kafr Nabl", 16, 25, Place("Kafr Nabl", 35.61, 36.56, 1, "SY"), 0.9)
    >>> [(e.type, e.place.name, e.actor_to, e.status, e.date) for e in
    ...  extract_events(art, [town], [], load_actors())]
    [('control_change', 'Kafr Nabl', 'FSA', 'reported', '2016-05-21')]
"""
from timeline.events.engine import extract_events
from timeline.events.merge import event_id
from timeline.events.patterns import HISTORICAL_DAYS
from timeline.sentences import split_sentences

__all__ = ["extract_events", "event_id", "split_sentences", "HISTORICAL_DAYS"]
