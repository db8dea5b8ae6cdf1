"""Actor lexicon. STUB: the events issue (#5) fills it from timeline/data/actors.csv."""
from __future__ import annotations


class ActorLexicon:
    pass


def load_actors(extra_path=None) -> ActorLexicon:
    return ActorLexicon()
