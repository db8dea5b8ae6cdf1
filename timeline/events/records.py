"""What the rules know of the sentence a cue stands in."""
from __future__ import annotations

from dataclasses import dataclass

from timeline.actors import ActorMention
from timeline.event_places import PlaceRef
from timeline.records import TimeSpan


@dataclass
class _Sentence:
    start: int
    end: int
    text: str                      # the whole article text (offsets are absolute)
    refs: list[PlaceRef]           # usable place refs inside the sentence
    actors: list[ActorMention]     # actors inside the sentence
    times: list[TimeSpan]          # time expressions inside the sentence
