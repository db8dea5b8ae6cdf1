"""Grammar words and patterns the event rules read: how a place, a subject, a clause or a status is
introduced.  Names of places and actors never appear here; they are data (`timeline/data/`)."""
from __future__ import annotations

import re

from timeline.event_places import _LIST_JOINER, _MONTH, APPOSITION_ASIDE

#: An event dated this many days or more before its article is historical.
HISTORICAL_DAYS = 30
#: How far before a sentence's first cue its words are tokenized once (see `_Rules._tokenize`).
TOKENIZED_BACK = 90

_WORD = re.compile(r"[\w'’.-]*\w|[^\w\s]")

# --- grammar words (not names): how a place is introduced -----------------------------------
_SUBJECT_BOUNDARY = re.compile(r"[;:(]|,(?!\s*(?:their|its|and)\b)|\b(?:after|before|as|while|when|since|until|because|amid|but|"
                               r"whereas|although|though|who|which)\b", re.IGNORECASE)
#: Prepositions that make the next place an origin / a destination / a route / a location.
_DEST_MARK = {"to", "towards", "toward", "into", "for", "reached", "reach", "reaching", "reaches"}
_ROUTE_MARK = {"across", "via", "through"}
_LOCATION_MARK = {"in", "inside", "at", "within", "around", "near"}
_PASSIVE_AUX = {"was", "were", "been", "being", "be", "is", "are", "got", "get", "gets"}
_BACKGROUND = {"after", "since", "following", "before", "despite"}
_CLAUSE_STOP = re.compile(
    r"[;:]|\s[–—-]\s|,\s*(?:said|says|told|according|which|who|while|but|although|whereas)\b|"
    r"\b(?:said|says|told)\b")
#: A headline's label after its town: "Pokrovsk: ...", "Kidal: ..." (`FlowRules._headline_label`,
#: `ControlRules._opening_place`).
_LABEL_COLON = re.compile(r"\s*(?:(?:offensive|battle|fighting|siege|assault|clashes|attack|operation|crisis|exodus|"
                          r"evacuation)\s*)?:\s")       # (and a label of what happens there: "Hawija offensive: ")
#: Who told a flight, set between it and the share of its people it goes on with: "fled X last
#: week, the UN said, most of them to Y", "fled X, according to the IOM, many heading to Y".
_ATTRIBUTION_ASIDE = re.compile(
    r"(?:,\s*according\s+to\s+[^,;:.]{1,80}?|(?:said|says|told(?:\s+[\w.]+){1,2}))\s*,\s*"
    r"(?=(?:most|many|some|others|the\s+majority|about\s+half|half|mostly|with\s+most|nearly\s+all)\b)", re.IGNORECASE)
_PRESENT_FUTURE = re.compile(r"\b(?:after|once|until|before|when|as soon as)\s+(?:[\w'-]+\s+){0,3}(?:is|are)\s*$",
                             re.IGNORECASE)
_YEAR = re.compile(r"\b(?:since|in|by|early|late|mid-?)\s+((?:19|20)\d\d)\b")


_BY_NEXT = re.compile(r"\s+by\b")
#: A participle that qualifies the noun right before it: "neighborhoods once occupied by ISIL",
#: "areas controlled by the army" (the noun, unnamed, is what was taken).
_QUALIFIED_NOUN_BEFORE = re.compile(
    r"\b(?!(?:was|were|been|being|be|is|are|had|has|have|it|and|or|then|also|later|fully|partially|partly|"
    r"reportedly|finally|eventually|quickly|briefly|successfully|allegedly|largely|mostly|subsequently|again|"
    r"declared|reported|confirmed|announced|said|believed|deemed|considered|officially|completely|entirely|"
    r"now|got|get|became|become|soon|"
    r"capital|city|town|village|settlement|stronghold|port|base)\b)"   # "the only capital captured": the subject
    r"[a-z][a-z-]+\s+(?:(?:once|previously|formerly|recently|already)\s+)?$")
#: A relative clause between a sentence's subject place and its passive verb: "Kherson, which
#: Russia had captured in March, was liberated on 11 November".
_RELATIVE_THEN_PASSIVE = re.compile(r"\s*,\s*(?:which|that)\b[^;:]*?,\s*(?:was|were|had\s+been|has\s+been)\s+"
                                    r"(?:[a-z]+ly\s+)?$")
#: An entry undone in the same sentence: "had entered the city but were driven back".
_REPELLED_AFTER = re.compile(r"\bbut\s+(?:were|was)\s+(?:(?:quickly|soon|later|eventually|then)\s+)?"
                             r"(?:driven|pushed|forced|beaten|thrown)\s+(?:back|out)|\bbut\s+(?:were|was)\s+"
                             r"(?:(?:quickly|soon|later|eventually|then)\s+)?(?:repelled|repulsed)", re.IGNORECASE)
#: A relative clause opened before a date and closed between it and a later verb.
_RELATIVE_OPEN = re.compile(r",\s*(?:which|who|that|where)\b")
_CLOSED_RELATIVE = re.compile(r",\s*(?:was|were|had|has|is|are)\b")
#: A flight told in a relative clause of the people, before the clause closes with a comma:
#: "people, many of whom had already fled Khartoum earlier in the war, left Wad Madani": their
#: earlier flight, not the way of the one the main verb tells.
_FLIGHT_IN_A_RELATIVE = re.compile(r"(?:,\s*(?:many|most|some|all|several)\s+of\s+(?:whom|them)|\bwho)\s+"
                                   r"(?:had\s+|have\s+|has\s+)?(?:already\s+|previously\s+|earlier\s+|once\s+)?"
                                   r"(?:been\s+)?(?:[\w'’-]+\s+){0,6}$", re.IGNORECASE)
#: A clause of its own opening after the cue's: "had recaptured Irpin, and by 1 April, Bucha ...".
_NEXT_CLAUSE = re.compile(r";|,\s*(?:and|but|while|whereas)\s")
#: A participle clause opening after the cue's: "captured Ayyash, reversing gains made during a
#: previous offensive in 2016" (its time is the participle's).
_PARTICIPLE_CLAUSE = re.compile(r",\s*(?:[a-z]+ly\s+)?(?!including|according)[a-z]{3,}ing\b")
#: A break between clauses: a time on its far side belongs to the other clause.
_CLAUSE_BREAK = re.compile(r"[,;:]")
#: Only adverbs (or nothing) between a place and its participle: "the city once occupied by".
_ADVERBS_ONLY = re.compile(r"\s*(?:(?:once|previously|formerly|recently|already)\s+)?")
#: A headline's passive without its "was": "Kherson liberated, Zelensky says", "Lysychansk
#: captured" (the place right before the participle, nothing it governs after it).
_BARE_PARTICIPLE_AFTER = re.compile(r"[\'\"”’]?\s*(?:$|[,;:.!?|–—-]|\s(?:on|in|after|as|amid|following|at|says|say|said|from)\b)")
#: Between a headline's place and its bare participle: nothing, or a quote mark and an adverb
#: ("Tal Afar 'fully liberated', Abadi says").
_BARE_PARTICIPLE_GAP = re.compile(r"\s*[\'\"“‘]?(?:(?:fully|completely|totally|entirely|finally)\s+)?")
_PARTICIPLE = re.compile(r"(?:ed|en|ken)$")
_POSSESSOR_BEFORE = re.compile(r"\b(?:its|their)\s+(?:own\s+)?(?:[\w-]+\s+)?$")
_OF_AFTER = re.compile(r"\s+of\s+(?:its|their|the)?\s*(?:[\w-]+\s+){0,2}")
_PEOPLE_ADJECTIVE = re.compile(r"\b([A-Z][a-z]+(?:i|ish|ian|an|ese))\s+$")
#: "reports that X fell ... were denied": a denial written after the event.
_DENIED_AFTER = re.compile(r"\b(?:was|were|has been|have been|had been)\s+(?:denied|rejected|dismissed|refuted)\b|"
                           r"\b(?:denied|rejected|dismissed|refuted)\s+(?:the\s+|these\s+|such\s+)?(?:reports?|claims?)\b",
                           re.IGNORECASE)
#: "declared X (fully) liberated": the place comes before the cue, as in a passive.
_DECLARED_BEFORE = re.compile(r"\b(?:declared|declares|declare|declaring|pronounced|announced)\s+(?!that\b)(?:the\s+)?"
                              r"(?:(?!(?:after|before|following|upon|when|while|as|victory)\b)[\w'’-]+\s+){1,4}?"
                              r"(?:now\s+)?(?:fully|completely|totally|entirely)?\s*['‘\"“]?$", re.IGNORECASE)
# ("declared victory over ISIL after capturing X": the capture is no object declared so)
#: A subject led by another actor: "rebels led by HTS" acted under HTS.
_LED_BY = re.compile(r"\s+(?:led|headed|spearheaded)\s+by\s+(?:the\s+)?$", re.IGNORECASE)
#: Unnamed fighters led by a named group: "Insurgents led by HTS swept into Aleppo" (HTS acted).
_UNNAMED_LED_BY = re.compile(r"\b(?:insurgents|fighters|forces|rebels|militants|militias|troops|groups|factions|"
                             r"alliance|coalition|gunmen|jihadists)\s+(?:led|headed|spearheaded)\s+by\s+(?:the\s+)?$",
                             re.IGNORECASE)
#: Words after "fell to" that make it a quantity, not a side: "fell to a three-month low".
# (but "fell to its fighters" is a side: the possessive before a word for armed men)
_NOT_A_SIDE = re.compile(r"\s+(?:a|an|(?:its|their)(?!\s+(?:own\s+)?(?:troops|forces|soldiers|fighters|units|men|"
                         r"militants|militiamen|rebels)\b)|\d|zero|record|the\s+lowest|the\s+highest|the\s+level)\b",
                         re.IGNORECASE)
#: A sentence whose subject is the people of the sentence before: "Many headed to Y".
_CONTINUATION = re.compile(r"\s*(?:many|most|some|others|they|several|the rest|the majority|about half|half)"
                           r"(?:\s+of\s+(?:them|the\s+displaced|those))?\s+(?:\w+\s+){0,2}?$", re.IGNORECASE)
#: A clause saying a side gave way: "after Y withdrew", "as Y abandoned their positions".
_YIELDED = re.compile(r"\b(?:after|as|when|while|once)\s+(?P<side>(?:[\w'’.-]+\s+){1,6}?)(?:had\s+|have\s+)?"
                      r"(?:withdrew|withdrawn|withdraws?|retreated|retreats?|pulled\s+out|pulls?\s+out|pulled\s+back|"
                      r"pulls?\s+back|abandoned|abandons?|fled|flees?|collapsed|collapses?|surrendered|surrenders?|"
                      r"evacuated|left)\b", re.IGNORECASE)   # (present tense: headlines)
#: The same said with a noun: "following HTS withdrawal", "after the withdrawal of Russian troops".
_YIELDED_NOUN = re.compile(r"\b(?:after|following|with)\s+(?:(?:the|an?)\s+)?(?:(?P<side>(?:[\w'’.-]+\s+){1,4}?)"
                           r"(?:withdrawal|retreat|pullout|pull-out)\b|(?:withdrawal|retreat|pullout|pull-out|departure)\s+"
                           r"of\s+(?P<side2>(?:the\s+)?(?:[\w'’.-]+\s*){1,5}))", re.IGNORECASE)
#: The other side of a fight a capture came out of: "took control of X after clashes with VDP"
#: (ACLED's notes), "following heavy fighting with the army".
_CLASHED_WITH = re.compile(r"\b(?:after|following|amid)\s+(?:(?:heavy|fierce|intense|days\s+of|weeks\s+of)\s+)?"
                           r"(?:clashes|fighting|battles?|combat)\s+(?:with|against)\s+(?P<side>(?:[\w'’.-]+\s*){1,6})",
                           re.IGNORECASE)
#: Words joining two time expressions into one interval: "today or tomorrow", "Friday and Saturday".
_SPAN_JOINER = re.compile(r"\s*(?:or|and|to|-|–)\s*")
#: A reporting verb right before a time expression or a time frame: "said on Saturday" dates the saying.
_REPORTING_BEFORE = re.compile(r"\b(?:said|says|told|reported|announced|added|stated)\s*$", re.IGNORECASE)
#: After a displacement word, a place where people live: "(displaced) people's camp".
_PEOPLES_PLACE = re.compile(r"\s+(?:people|persons|peoples?|families|civilians)['’]?s?\s+(?:camps?|sites?|settlements?|shelters?)\b",
                            re.IGNORECASE)
_CLAUSE_PUNCT = re.compile(r"(?<!\d),|,(?!\d{3}\b)|[;:(“”\"]")   # (not the comma of "1,400")
_COND_BREAK = re.compile(r"[,;:]|\bthen\b")
_NOT_BEFORE = re.compile(r"(?:\b(?:not(?!\s+(?:long|only)\b)|never|no longer)\b|n't\b)", re.IGNORECASE)
_REPORTS_OF = re.compile(r"\b(?:reports?|claims?|rumou?rs?)\s+(?:that|of)\b", re.IGNORECASE)
_PERFECT_BEFORE = re.compile(r"\bto\s+have(?:\s+been)?\s*$")
#: "X, which the army retook": a place is the object of a relative clause right after it; so is
#: one an apposition calls by its kind: "Ramadi, a city the group had seized in May 2015".
_RELATIVE_AFTER = re.compile(r"\s*,?\s*(?:which|that)\b|\s*,\s*(?:a|an|the)\s+(?:[\w'’-]+\s+){0,4}?(?:town|city|village|"
                             r"haven|hub|stronghold|bastion|base|port|capital)\s+(?:that\s+|which\s+)?"
                             r"(?:it|they|the\s+(?:group|militants|jihadists|rebels|insurgents|army)|[A-Z][\w-]*)\s")
#: Verbs of arriving before "in"/"at": the place after them is where people went.
#: An arrival verb right before a place after a flight: "residents who fled X reached Y" (the
#: flight's end, though no preposition marks it).
_REACHED_BEFORE = re.compile(r"\b(?:have\s+|had\s+|has\s+|finally\s+|eventually\s+)?(?:reached|reaching)\s+"
                             r"(?:the\s+(?:[a-z][\w-]*\s+){0,2}(?:town|city|village|camps?)\s+of\s+)?$", re.IGNORECASE)
#: Unnamed places around a named one, right before it: "left the area around X", "from villages
#: near X" (where people left: the named place stands for them, as ACLED codes "near X").
_AREA_AROUND_BEFORE = re.compile(r"(?P<from>\bfrom\s+)?\b(?:the\s+)?(?:area|areas|vicinity|surroundings|villages|"
                                 r"hamlets|countryside|outskirts|suburbs)\s+(?:around|near|of)\s+"
                                 r"(?:the\s+(?:town|city|village)\s+of\s+)?$", re.IGNORECASE)
_ARRIVAL_BEFORE = re.compile(r"\b(?:arrived|arrive|arrives|arriving|settled|resettled|sheltering|sheltered|"
                             r"took\s+refuge|taking\s+refuge|ended\s+up|living|staying|housed|put\s+up|"
                             r"land|lands|landed|landing|docked|dock|docks)\s+"        # ("fleeing X land at Teknaf")
                             # ("are still living in schools and camps in Gedaref": where they went; "have been
                             # put up in temporary shelters in the city of Kursk")
                             r"(?:(?:in\s+)?(?:(?:temporary|makeshift|emergency|collective)\s+)?(?:schools|camps|tents|shelters|"
                             r"collective\s+cent(?:re|er)s|host\s+communities|"
                             r"makeshift\s+sites)(?:\s+and\s+(?:schools|camps|tents|shelters))?\s+)?"
                             r"(?:in|at)\s+(?:the\s+)?(?:(?:city|town|village)\s+of\s+)?$", re.IGNORECASE)
#: Camps or shelters around a town, where a flight went: "fled to camps around Maiduguri",
#: "sheltering in makeshift camps around Beledweyne" (the town stands for them, as "near X").
_CAMPS_AROUND_BEFORE = re.compile(r"\b(?:to|into|towards?|reached|reaching|(?:arrived|settled|sheltering|sheltered|living|"
                                  r"staying|housed)\s+in)\s+(?:the\s+)?(?:[a-z][\w-]*\s+){0,2}(?:camps|shelters|sites|"
                                  r"settlements)\s+(?:around|near|outside)\s+(?:the\s+(?:city|town)\s+of\s+)?$", re.IGNORECASE)
#: Between a name that only qualifies a noun and the place the noun is: " site of", " border town of".
_NAMED_KIND_OF = re.compile(r"\s+(?:[a-z][\w-]*\s+){0,2}(?:site|hub|city|town|village|capital|region|district|"
                            r"province|base|crossing|port|stronghold|side)\s+of\s+(?:the\s+)?|"   # ("the Gaza side of the Rafah crossing")
                            # "Iraq's second-largest city, Basra": the city named after the comma
                            r"['’]s\s+(?:[a-z][\w-]*\s+){0,2}(?:city|town|capital|port|stronghold)\s*,\s*")
#: Precompiled so that hot paths do not look patterns up in the `re` cache at every call.
#: (Those matched on a slice stay on a slice: `pos` would let `\b` see the character before.)
_COLON = re.compile(r"[;:]")
_POSSESSIVE_S = re.compile(r"^\s*['’]s\b")
_CLAUSE_BETWEEN = re.compile(r"\b(?:who|which|that|said|says)\b|[,;]")
#: A subject of its own between a clause's opening word and its verb: "after the rebels seized X".
_WORDS_BEFORE = re.compile(r"\s*(?!(?:it|they|he|she|we|its|their|had|has|have|was|were|then|also|later|"
                           r"eventually|finally|soon)\b)(?:the\s+)?[A-Za-z][\w-]+\s+(?:[\w-]+\s+)?$", re.IGNORECASE)
_SUBJECT_CLAUSE = re.compile(r"[,;:“”\"]|\((?![^()]{1,12}\))|\b(?:which|that|who|after|as|while|when|since|until|"
                             r"before|because|once|although|though|whereas)\b")
# (but a short bracket, "Luhansk People's Republic (LPR) forces", opens no clause)
_SUPPORTER_BEFORE = re.compile(r"\b(?:(?:backed|supported|aided|helped|assisted)\s+by|with|by|against|alongside)\s+(?:the\s+)?$",
                               re.IGNORECASE)
_TOWARDS = re.compile(r"\b(?:to|towards|toward|into)\b")
#: A cause named before a place: "fled to Y after fighting in X", "amid clashes around X".
#: X is where the trouble was (where people left), never where they went.
#: Words of fighting that drives people out: "after clashes in X", "Fighting in X displaced 20,000".
FIGHTING_WORDS = (r"(?:fighting|clashes|attacks?|assaults?|offensive|battles?|shelling|bombardment|air\s*strikes|strikes|"
                  r"violence|raids?|massacres?|killings|hostilities|insecurity|unrest|insurgency)")
_CAUSE_BEFORE = re.compile(r"\b(?:after|following|amid|amidst|because\s+of|due\s+to|over|fleeing)\s+(?:the\s+)?"
                           rf"(?:[\w-]+\s+){{0,2}}{FIGHTING_WORDS}\s+"
                           r"(?:in|at|around|near|inside|on)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
#: Places given as examples of where people went: "fled to nearby cities, such as X and Y".
_DEST_EXAMPLES = re.compile(r"\b(?:to|towards|toward|into)\s+(?:[\w-]+\s+){0,3}(?:cities|towns|villages|areas|"
                            r"places|countries|camps|regions|provinces|districts)\s*,?\s*(?:such\s+as|including|"
                            r"like|notably|mainly|mostly)\s+$")
_ITS_THEIR = re.compile(r"\b(?:its|their)\b")


def _lowercase_twin(rx: re.Pattern) -> re.Pattern | None:
    """`rx` without IGNORECASE, for lowercased text: the same matches when none of its literals
    is a capital (escapes like \\b aside); None when one is."""
    if any(c.isupper() for c in re.sub(r"\\.|\(\?P[<=]", "", rx.pattern)):
        return None
    return re.compile(rx.pattern, rx.flags & ~re.IGNORECASE)


_LOWERCASE_TWINS = {rx: twin for rx in (_NOT_BEFORE, _REPORTS_OF, _DENIED_AFTER, _PRESENT_FUTURE, _DECLARED_BEFORE,
                                        _YIELDED, _SUBJECT_BOUNDARY)
                    if (twin := _lowercase_twin(rx)) is not None}


#: A subordinator right before a participle with no subject of its own: "a day after taking
#: Herat", "withdrew after losing Lyman" (the main clause's subject did it).
_SUBORDINATOR_BEFORE = re.compile(r"\b(?:after|before|since|while|upon|when)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
#: Between two verbs of one subject: "entered and secured", "advanced, then seized".
_COORDINATED_VERB = re.compile(r"\s*,?\s*(?:and|then|and then|before|,)\s*(?:then\s+)?(?:\w+ly\s+)?", re.IGNORECASE)
#: A second verb after the first one's object: "took most of Kunduz on Sunday and captured X".
_COORDINATED_AFTER_OBJECT = re.compile(r"[^,;:.()]{0,120}(?:,\s+(?:a|an|the)\s[^,;:.()]{1,60})?"     # (", a town near Idlib")
                                       r",?\s(?:and|then)\s+(?:then\s+|also\s+|later\s+)?(?:\w+ly\s+)?"
                                       # ("took Jabrayil on 4 October and on 9 October entered Hadrut": a day of its own)
                                       r"(?:(?:on|by|in)\s+(?:\d{1,2}\s+[A-Z][a-z]+|[A-Z][a-z]+(?:\s+\d{1,2})?)(?:,?\s+\d{4})?,?\s+"
                                       r"|(?:a|one|two|three|four|five|six|seven|ten|\d{1,2})\s+(?:days?|weeks?)\s+later,?\s+"
                                       r"|(?:(?:on|by|in|at)\s+)?x+,?\s+)?"      # (a time phrase as `_times_blanked` writes it)
                                       r"(?:(?:went|go|goes|moved|proceeded)\s+on\s+to\s+|proceeded\s+to\s+)?",
                                       re.IGNORECASE)
# ("seized Sanaa in 2014 and went on to take Aden": the first verb's subject took Aden too)
#: An absolute "with": "with the SDF (fully) capturing X" names who captured it.
_WITH_BEFORE = re.compile(r"\bwith\s+(?:the\s+)?$", re.IGNORECASE)
_ABSOLUTE_WITH = re.compile(r"\s+(?:\w+ly\s+)?", re.IGNORECASE)
#: Words before a place that make a capture partial: "most of X", "40% of X", "parts of X".
_PARTIAL_BEFORE = re.compile(
    r"\b(?:most|much|part|parts|half|large\s+parts|a\s+third|two[- ]thirds|the\s+majority|some|sections|"
    r"\d{1,2}(?:\.\d)?\s*(?:%|per\s*cent|percent)|(?:the\s+)?outskirts|suburbs|(?:the\s+)?(?:eastern|western|"
    r"northern|southern|central|old)\s+(?:part|parts|half|districts|neighbou?rhoods|quarters)|districts|"
    r"neighbou?rhoods|quarters|the\s+centre|the\s+center)\s+of\s+(?:the\s+)?(?:[\w-]+\s+){0,2}"
    r"(?:(?:territory|area|land)\s+of\s+(?:the\s+)?)?(?:(?:city|town|village)\s+of\s+)?$",
    re.IGNORECASE)   # ("5% of the original territory of the city of X")
#: Words after a place that make a capture partial: "seizes Bhamo outskirts", "Bhamo's southern suburbs".
_PARTIAL_AFTER = re.compile(r"(?:'s|’s)?\s+(?:(?:north|south|east|west|northern|southern|eastern|western|"
                            r"north-?eastern|north-?western|south-?eastern|south-?western)\s+)?"
                            r"(?:outskirts|suburbs|neighbou?rhoods|districts|quarters)\b", re.IGNORECASE)
#: What makes a side's name say who held a place: "IS-held", "Houthi-controlled".
_HELD_AFTER = re.compile(r"[-\s](?:held|controlled|occupied|run)\b", re.IGNORECASE)
#: An aside between a subject and its verb: "the Syrian Army, led by the Tiger Forces, captured".
#: (`SUPPORT_ASIDE` alone, anywhere: "The army, with Hezbollah fighters in the lead, opened its
#: offensive and captured Qara": the army is the subject of both verbs.)
_SUPPORT_ASIDE_FORM = (r",\s*(?:(?:led|backed|supported|aided|assisted|accompanied|spearheaded|headed|joined|"
                       r"reinforced)\s+by|(?:reinforced|trained|armed|equipped|redeployed)(?:\s+and\s+[a-z]+ed)?\s+(?:by|from)|(?:with|under)\s+the\s+(?:(?:air|fire|artillery)\s+)?(?:help|support|backing|cover)\s+of|"
                       r"in\s+(?:cooperation|coordination)\s+with|(?:together\s+)?with|alongside|along\s+with)\s+[^,;:()]{1,100},")
SUPPORT_ASIDE = re.compile(_SUPPORT_ASIDE_FORM, re.IGNORECASE)
_APPOSITIVE_BY = re.compile(_SUPPORT_ASIDE_FORM + r"\s*"
                            # (", with the Amhara forces and Fano, had liberated": past the auxiliaries and adverbs)
                            r"(?:(?:has|have|had|was|were|also|then|later|completely|fully|finally|eventually|"
                            r"successfully|reportedly)\s+)*$", re.IGNORECASE)
# (", with the help of its allies including Russia,": the subject stands before it)
#: A relative clause between the subject and its verb: "The SDF, which also includes the YPG,
#: the MFS and al-Sanadid Forces, captured X" (the subject stands before it).
_RELATIVE_BETWEEN = re.compile(r",\s*(?:which|who)\b[^;:()]{1,200},\s*$", re.IGNORECASE)
#: Things, not fighters, after a side's name: "cleared the town of ISIL explosives".
_THINGS_AFTER = re.compile(r"[\s-]+(?:explosives?|mines|landmines|booby[\s-]traps|IEDs?|improvised|munitions|"
                           r"ordnance|unexploded|weapons|equipment|propaganda|flags?|graffiti|bodies)\b", re.IGNORECASE)
#: A site inside an area, ending right before the area's name: "its last stronghold in
#: Aleppo governorate", "the biggest rebel base in north Hama province".  The site changed
#: hands, not the province ("any towns or villages in X" is all of X: a quantifier keeps it).
_SITE_IN_AREA = re.compile(r"\b(?<!any )(?<!all )(?<!every )(?:[a-z-]+\s+){0,2}"
                           r"(?:base|bases|headquarters|garrison|positions?|compound|outposts?|posts?|camps?|"
                           r"checkpoints?|stronghold|hub)\s+(?:in|at)\s+(?:the\s+)?"
                           r"(?:(?:north|south|east|west|central)\w*\s+)?$")
#: A site as what is evacuated: "Turkey evacuated its observation posts in Idlib" is a
#: withdrawal from a site, not people fleeing.
_SITE_EVACUATED = re.compile(r"\s+(?:(?:its|their|the|his|our|all|some|two|three|several)\s+)?(?:[A-Za-z-]+\s+){0,2}"
                             r"(?:posts?|positions?|bases?|outposts?|embassy|consulate|headquarters|garrisons?|"
                             r"checkpoints?|airbase|barracks)\b")
#: A speaker's clause around an actor: ", the Russian Defence Ministry said" (before the actor:
#: `_SPEAKER_BEFORE`, after it: `_SPEAKER_AFTER`).
_SPEAKER_BEFORE = re.compile(r",\s*(?:(?:says|said|say|claims|claimed)\s+)?(?:the\s+|a\s+)?$")
_SPEAKER_AFTER = re.compile(r"(?:['’]s\s+(?:(?:federal|central|national|transitional|military)\s+)?(?:government|army|military|"
                            r"defen[cs]e\s+ministry|ministry\s+of\s+defen[cs]e|armed\s+forces))?"
                            r"\s+(?:said|says|say|reported|reports|announced|announces|stated|claimed|claims)\b")
#: A speaker named after what it says: "X retaken, says Ukraine" (`_Rules._speaker`).
#: Verbs of saying: what follows them is someone's words.
SAYING_VERBS = ("said|says|say|told|stated|reported|announced|confirmed|added|acknowledged|admitted|claimed|claims|"
                "insisted|warned|declared|indicated|suggested|alleged|wrote|posted|noted|assessed")
#: A verb of saying whose words follow: "said", "told reporters", "acknowledged".
_SAID = re.compile(rf"\b(?:{SAYING_VERBS})\b(?:\s+(?:on\s+)?\w+day)?(?:\s+that)?", re.IGNORECASE)
#: A verb of saying (or "according to") before a cue: its past perfect is reported speech.
_REPORTED_SPEECH = re.compile(rf"\b(?:{SAYING_VERBS}|according\s+to)\b", re.IGNORECASE)
_SAYS_BEFORE = re.compile(r",\s*(?:says|said|say|claims|claimed)\s+(?:the\s+)?$")
#: A goal noun before a capture noun or gerund: "ending chances for a swift capture of X", "plans
#: for the seizure of X", "with the ultimate goal of capturing X", "aimed at retaking X" (what was
#: hoped or planned, not done).
_GOAL_FOR_NOUN = re.compile(r"\b(?:chances?|hopes?|plans?|attempts?|bid|ambitions?|prospects?|possibility|threat|"
                            r"goals?|aims?|objectives?|intentions?|purpose|view|aimed|aiming|tasked|tasks?|efforts?|focus|"
                            r"focused|focusing|concentrated|concentrating)"
                            r"\s+(?:for|of|at|to|with|on)\s+(?:[\w'’-]+\s+){0,6}$|"
                            # "with the aim of capturing the villages west of Mosul and reaching
                            # Tal Afar": a second goal joined to the first
                            r"\b(?:aims?|goals?|objectives?|intentions?|purpose|view|aimed|aiming|tasked)\s+(?:of|at|with)\s+"
                            r"\w+ing\b[^,;.:]{0,100}\sand\s+$|"
                            # "the next step towards liberating the Donbas": a step, not the end
                            r"\b(?:steps?|moves?|progress|advances?|push|drive|road|path|way)\s+(?:towards?|to)\s+(?:the\s+)?$",
                            re.IGNORECASE)
#: Around the taker's name in the gap of "fell under ... control": "the" before, "'s" after.
_TAKER_GAP_BEFORE = re.compile(r"\s*(?:the\s+)?")
_TAKER_GAP_AFTER = re.compile(r"(?:['’]s?)?\s*")
#: The men a side orders out of a place: "ordered (all) his troops out of X".
_TROOPS_GAP = re.compile(r"\s*(?:(?:all|the|his|her|its|their)\s+)*(?:remaining\s+|own\s+)?(?:troops|forces|soldiers|units|"
                         r"men|fighters|garrison)\s*", re.IGNORECASE)
#: A possessive for the taker in a cue's gap: "back under its (full) control" (the sentence's side).
_ITS_CONTROL_GAP = re.compile(r"\s*(?:its|their)\s+(?:(?:full|complete|total|firm)\s+)?", re.IGNORECASE)
#: A determiner right before a participle: "the occupied regions", "its recaptured districts".
_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an|its|their|these|those|this|newly|recently)\s+$", re.IGNORECASE)
#: A participle of losing used as an adjective, with its determiner and an adverb: "a largely
#: abandoned Christian town" describes the town; it says no side left it.
_ATTRIBUTIVE_BEFORE = re.compile(r"\b(?:the|a|an|its|their|these|those|this)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
#: The words of a share of a place, in a cue and in a share cue's gap (`_SHARE_GAP`).
_SHARE_WORDS = r"most|much|part|parts|half|two-thirds|a\s+third|a\s+quarter"
#: A cue that holds a share of the place: "controls most of X", "held half of X".
_PARTIAL_CUE = re.compile(rf"\b(?:(?:{_SHARE_WORDS})\s+of|foothold\s+in|"
                          r"push(?:ed|es|ing)?\s+(?:(?:deep|further)\s+)?into|"
                          r"partial\s+control\s+(?:of|on|over))$",
                          re.IGNORECASE)
#: The share of a place a side holds or took, as the gap of a share cue ("controlled about 80
#: percent of X", "captured roughly 70% of the city's territory").
_SHARE_GAP = re.compile(r"\s*(?:(?:about|around|some|nearly|almost|over|more\s+than|roughly|at\s+least|up\s+to|an\s+estimated)\s+)?"
                        rf"(?:\d{{1,3}}(?:[.,]\d+)?\s*(?:%|percent|per\s+cent)|{_SHARE_WORDS})\s*")
#: An adverb of degree right before a capture verb: "had mostly been retaken", "partly captured".
_PARTIAL_ADVERB = re.compile(r"\b(?:mostly|largely|partly|partially|half)\s+(?:been\s+)?(?:re-)?$", re.IGNORECASE)
#: A plural place noun a colon's list spells out: "captured 4 villages from ISIS: A, B and C".
_COUNTED_PLACES = re.compile(r"\b(?:villages|towns|cities|settlements|localities|hamlets|areas|positions|hills|capitals)\b",
                             re.IGNORECASE)
#: A place name as written: capitalised words, with Arabic articles inside ("Tal al-Hawa").
_NAME = (r"(?:(?:al|el|ad|ar|as|ash|at|az|an)-)?[A-Z][\w'’]*(?:-[\w'’]+)*"
         r"(?:\s+(?:(?:al|el|ad|ar|as|ash|at|az|an|ez|es)-)?[A-Z][\w'’]*(?:-[\w'’]+)*){0,3}"
         r"(?:(?:(?<=Point)|(?<=Hill)|(?<=Height))\s+\d{2,4}\b)?")   # "Point 1154", "Hill 233": the number is the name
#: A way people went, between a flight's verb or its origin and the place they went to: "(fled)
#: downriver (to)", "(fled El Fasher) west (to)".
DIRECTION = r"(?:down|up)(?:river|stream)|(?:north|south|east|west)(?:-?(?:east|west))?(?:wards)?"
#: A name in a verb's object position, after "the village of" and the like: a place the text
#: names, whether or not the gazetteer holds it ("captured the village of Tonenke").
_NAME_AFTER = re.compile(rf"\s+(?:(?:{DIRECTION}|"
                         r"further|farther|on)\s+(?=(?:to|towards?|into)\s))?"      # ("fled downriver to X")
                         r"(?:from\s+|out\s+of\s+|to\s+|towards?\s+|into\s+)?"
                         r"(?:(?:most|much|part|parts|half|all|(?:the\s+)?(?:whole|entirety)|\d{1,2}\s*%|\d{1,2}\s+percent)\s+of\s+)?(?:the\s+)?(?:(?:[A-Za-z-]+\s+){0,2}"
                         r"(?:villages?|towns?|city|cities|settlements?|hamlets?|locality|district|area|base|airbase|hilltop|hill|"
                         r"stronghold|bastion|enclave)\s+of\s+|(?:[\w-]+\s+){0,3}(?:villages|towns|settlements|localities|cities)\s*"
                         r"(?:(?:east|west|north|south|near|around|in|of|outside)\b[^,;.]{0,40})?,?\s*"
                         r"(?:including|notably|among\s+them|such\s+as|namely)\s+|"
                         # a site in the place: "took control of the FAMa camp in Léré"
                         r"(?:[\w'’-]+\s+){0,3}(?:camp|base|headquarters|barracks|garrison|airport|outpost|post|checkpoint)"
                         r"\s+(?:in|at)\s+(?:the\s+)?(?:(?:[\w'’-]+\s+){0,3}(?:town|village|city|commune)\s+of\s+)?|"
                         # its name after a comma: "its last stronghold, the village of Baghouz"
                         r"(?:[\w'’-]+\s+){0,3}(?:stronghold|bastion|enclave),\s+(?:the\s+(?:village|town|city)\s+of\s+)?)?"
                         rf"(?P<name>{_NAME})")
#: A place noun and "of" right before a name: "the last HTS stronghold of Um Myal".
_PLACE_NOUN_OF = re.compile(r"\b(?:villages?|towns?|city|settlements?|hamlets?|locality|district|stronghold|bastion|enclave)"
                            r"\s+of\s+$", re.IGNORECASE)
#: A name as the subject of "fell to" or a passive: "Tonenke fell to M23", "Tonenke was captured".
_NAME_BEFORE = re.compile(rf"(?:^|[^\w'’-])(?P<name>{_NAME})\s*(?:,[^,]{{0,60}},\s*)?"
                          r"(?:(?:was|were|has\s+been|had\s+been|have\s+been)\s+)?(?:\w+ly\s+)?$")
#: Capitalised words that are no place names where a place would stand.
_NOT_NAMES = frozenset("The This That These Those It Its They Them Their He She His Her We Our A An On In At By "
                       "Some Many Most Several All Both Each Another Other Others More Government Army Forces "
                       "Troops Rebels President Minister".split())
#: A people's or a faith's adjective before a place noun, where a name would stand: "a largely
#: abandoned Christian town", "the Gazan side of the crossing" (no place named "Christian").
#: A people's or a faith's adjective: "Christian", "Kurdish", "Alawite", "Yazidi".
PEOPLES_WORD = r"[A-Z][a-z]+(?:ian|ish|ese|ite|ic)|Sunni|Shia|Yazidi|Druze|Arab|Turkmen|Muslim|Jewish"
_PEOPLES_ADJECTIVE = re.compile(rf"(?:{PEOPLES_WORD})"
                                r"(?:-(?:majority|populated|inhabited|speaking))?\s+(?:[a-z]+\s+)?"
                                r"(?:towns?|villages?|city|cities|areas?|districts?|neighbou?rhoods?|quarters?|communit(?:y|ies)|"
                                r"regions?|settlements?|enclaves?|hamlets?|side|part|bank|border)\b")
#: A capitalised word inside a stretch: a place may be named there, resolved or not.
_NAME_INSIDE = re.compile(r"[\s(,](?:(?:al|el|ad|ar|as|ash|at|az|an)-)?[A-Z][a-z]")
#: Between a place and a bare "fell": its kind, adverbs and auxiliaries only ("Svatove quickly fell",
#: "Baiji town fell").
_RIGHT_BEFORE = re.compile(r"\s+(?:(?:town|city|village|port)\s+)?"
                           r"(?:(?:had|has|have|finally|quickly|soon|eventually|also|then|later|itself)\s+){0,2}")
#: What makes "X followed" the next of a series of falls: its own time or the clause's end
#: ("Kidal fell on 30 March; Gao followed on 31 March"; not "the fighting that followed").
_FOLLOWED_THEN = re.compile(rf"\s+(?:on|in|by)\s+(?:\d|{_MONTH})|\s+(?:a|one|two|three|four|five|six|seven|eight|"
                            r"nine|ten|\d+)\s+(?:days?|weeks?|months?)\s+later\b|\s+(?:the\s+)?(?:next|following|same)\s+"
                            r"(?:day|week|month|morning|evening)\b|\s*[.;]|\s+(?:soon|shortly)\b", re.IGNORECASE)
#: "into" after a move verb: "moved into X", "moved back into X".
_INTO_AFTER = re.compile(r"\s+(?:back\s+)?into\s+", re.IGNORECASE)
#: A site between a storming verb and its place: a raid on the site, not the town taken ("stormed
#: the headquarters of the Sham Legion in Idlib").
_SITE_STORMED = re.compile(r"\b(?:headquarters|base|bases|airbase|garrison|barracks|compound|complex|outpost|palace|"
                           r"station|building|prison|hospital|offices?|positions?|checkpoints?|parliament|embassy)\b",
                           re.IGNORECASE)
#: Words after a bare "fell" that make it no fall of a place: "fell back", "fell silent".
_NOT_A_FALL_AFTER = re.compile(r"\s+(?:back|apart|silent|short|ill|victim|asleep|behind|sharply|by)\b", re.IGNORECASE)
#: An object right after a verb: "surrendered the town", "surrendered Laukkaing" (not "surrendered
#: without a fight", "surrendered to the Taliban").
_OBJECT_AFTER = re.compile(r"\s+(?:the\s|its\s|their\s|[A-Z])")
#: A garrison named by where it stands, right before a place: "the regional military command in
#: Laukkai (surrendered)", "the army garrison at Tessalit" (not "soldiers in Goma": men gave up).
_UNIT_IN_BEFORE = re.compile(r"\b(?:garrison|command|headquarters|division|brigade|regiment|base)\s+(?:in|at)\s+"
                             r"(?:the\s+(?:town|city|village|port)\s+of\s+)?$", re.IGNORECASE)
#: A garrison told of in a clause on the place: "Laukkai, where the junta's regional command
#: (surrendered)" (not "Goma, where Congolese soldiers surrendered to UN peacekeepers": men did).
_WHERE_UNIT_AFTER_NAME = re.compile(r"\s*,\s*where\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}?(?:garrison|command|headquarters)"
                                    r"(?:\s+(?:had|has|finally|then|later|also|eventually))*\s+", re.IGNORECASE)
#: From a surrender to the side it gave the place to: "(surrendered) on 5 January, giving the
#: (MNDAA)", "(surrendered), handing the Kokang capital to the (MNDAA)".
_GAVE_CLAUSE = re.compile(r"[^.;]*?,\s*(?:giving|handing|leaving|delivering)\s+(?:[^.;,]*?\s)?(?:to\s+)?(?:the\s+)?")
#: Between a side and the place it besieged: "the MNDAA (besieged) Laukkai".
_BESIEGED_GAP = re.compile(r"\s+(?:had\s+)?(?:besieged|encircled|surrounded|laid\s+siege\s+to)\s+(?:the\s+(?:town|city)\s+of\s+)?")
#: A town's possessive naming a force: "Tripoli's (forces)", "Kyiv's troops" (a side, no town taken).
_OWNS_A_FORCE_AFTER = re.compile(r"['’]s\s+(?:[\w-]+\s+)?(?:forces|troops|army|soldiers|fighters|militias?|units|government)\b")
#: A verb's particle ("in", "out") with nothing after it but the manner, the time or the clause's
#: end: "(walked) in without resistance", "(marched) in unopposed", "(pushed them) out in July".
_AS_A_PARTICLE = re.compile(r"\s*(?:[,.;:)]|$|\s(?:without|unopposed|uncontested|unchallenged|almost|virtually|largely|"
                            r"and|in|on|at|after|before|within|by|again|two|three|four|five|a\s+(?:day|week|month)|"
                            r"the\s+(?:next|following|same)|days?|hours?|weeks?|months?)\b)", re.IGNORECASE)
#: The gap of "in ... hands" that says "their": "(in) their (hands)".
_THEIR_HANDS_GAP = re.compile(r"\s*their\s+(?:own\s+)?", re.IGNORECASE)
#: A share of a place, of which the rest was lost: "just 5% of (the city remained in rebel hands)".
_SHARE_REMAINING = re.compile(r"\d\s*(?:%|per\s*cent|percent)|\b(?:a\s+(?:third|quarter|fifth|tenth)|half|a\s+fraction|"
                              r"a\s+sliver|a\s+pocket|small\s+(?:part|pockets?))\s+of\b", re.IGNORECASE)
#: An area's noun right after a name: "(the Kursk) region", "(Donetsk) oblast".
_AREA_NOUN_AFTER = re.compile(r"\s+(?:region|oblast|province|governorate|state|district|territory)\b", re.IGNORECASE)
#: A possessive right after a side's name: "the junta's (regional command)".
_POSSESSIVE_AFTER = re.compile(r"['’]s\b")
#: The same named by a place before it: "the junta's Laukkai regional command (surrendered)".
_UNIT_AFTER_NAME = re.compile(r"\s+(?:(?:regional|military|army|operations|district|town|city)\s+){0,2}"
                              r"(?:garrison|command|headquarters)(?:\s+(?:had|has|finally|then|later|also|eventually))*\s+",
                              re.IGNORECASE)
#: A place that completes a name before it: "the Islamic Group of Kurdistan" (not "the town of X").
_NAME_OF_BEFORE = re.compile(r"\b(?!(?:city|town|village|port|district|province|region)\s)[\w-]+\s+of\s+(?:the\s+)?$",
                             re.IGNORECASE)
#: "them" as the taker after "fell to": "fell to them at the end of October".
_THEM_AFTER = re.compile(r"\s+them\b")
#: Between a place as the subject of a passive and its verb: "Hsenwi was taken", "X had been secured".
_PASSIVE_SUBJECT_GAP = re.compile(r"\s+(?:(?:city|town|village)\s+)?(?:itself\s+)?"       # ("Deir ez-Zor city itself was")
                                  r"(?:(?:had|has|have)\s+(?:not\s+)?been|was|were|is|are)\s+(?:\w+ly\s+|also\s+|then\s+|not\s+)?"
                                  # ("was declared fully cleared", "was reported to have been retaken")
                                  r"(?:(?:declared|pronounced|reported|announced)\s+(?:to\s+(?:be|have\s+been)\s+)?(?:\w+ly\s+)?)?"
                                  r"(?:re-)?")
#: A relative clause's passive right after a place, which it is about even inside a phrase:
#: "fell back on Rawa, which was cleared on 17 November".
_WHICH_PASSIVE_GAP = re.compile(r"\s*,\s*(?:which|that)\s+(?:(?:had|has|have)\s+been|was|were|is|are)\s+"
                                r"(?:\w+ly\s+|also\s+|then\s+|later\s+|finally\s+)?(?:re-)?")
#: A place inside a phrase, a few words after its preposition: "a poll in Russian-annexed Crimea
#: was taken" (the poll was; "the town of X was taken": X was).
_IN_A_PHRASE_BEFORE = re.compile(r"\b(?:in|at|near|from|to|for|by|with|on|inside|across)\s+(?:[\w-]+\s+){0,2}$",
                                 re.IGNORECASE)
#: A preposition right before a name: the name is no subject ("clashes in Bakhmut followed").
_PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|near|around|(?<!town )(?<!village )(?<!city )(?<!hamlet )(?<!settlement )"
                                 r"(?<!towns )(?<!villages )(?<!cities )(?<!centre )(?<!center )of|from|to|for|by|with|"
                                 r"outside|inside|across|into|on)"
                                 r"\s+(?:the\s+)?$",
                                 re.IGNORECASE)
#: An aside between a place and its verb: "Zaranj, in Nimroz, fell", "Shusha, the fortress town
#: overlooking Stepanakert, fell" (the place before the aside fell, not one named in it).
_ASIDE_THEN_VERB = re.compile(r",\s+(?:[^,;.()]|\([^,;.()]{1,20}\)){2,80}," + _RIGHT_BEFORE.pattern)
# ("Ghazni, 150 km (95 miles) southwest of Kabul, fell": a short bracket inside the aside)
#: A sentence's "it" as the subject of a passive: "it was captured by".
_IT_WAS = re.compile(r"\b(?:[Ii]t|[Tt]he\s+(?:city|town|village)\s+itself)\s+(?:was|had\s+been|has\s+been)\s+"
                     r"(?:\w+ly\s+)?(?:re-)?$")
#: A count of men before the side they are: "fell to 800–1,500 ISIL militants".
_COUNT_GAP = re.compile(r"\s*(?:(?:about|some|around|nearly|only|just|up\s+to|more\s+than|fewer\s+than|less\s+than|over)\s+)?"
                        r"(?:\d[\d,.]*(?:\s*[–-]\s*\d[\d,.]*)?\s+)?", re.IGNORECASE)
#: "back" or "away" in the gap of a verb of driving: "drove the rebels back from X", "were driven
#: away from Mykolaiv" (repelled from it, not expelled out of it).
_BACK_IN = re.compile(r"\b(?:back|away)\b", re.IGNORECASE)
#: A distance: "pushed back 30 kilometers", "some 6-10 km".
_DISTANCE_IN = re.compile(r"\b\d[\d,.]*(?:\s*[–-]\s*\d[\d,.]*)?\s*(?:km|kilomet(?:er|re)s?|miles?|metres|meters)\b",
                          re.IGNORECASE)
#: A road, a line or a front named after places: "the Ithriya-Thawrah road" is no place taken.
_ROAD_AFTER = re.compile(r"\s+(?:road|highway|motorway|route|axis|corridor|railway|supply\s+(?:line|route)|front\s*line)\b",
                         re.IGNORECASE)
#: A side the lexicon may lack, right after "fell to": a name, or armed men ("it fell to the
#: Shura Council of Mujahideen", "it fell to local fighters"; not "it fell to 30,000 barrels").
_A_SIDE_AFTER = re.compile(r"\s+(?:the\s+)?(?:[A-Z][\w'’-]+|(?:[a-z-]+\s+)?(?:fighters|forces|troops|militants|rebels|"
                           r"insurgents|militias|militiamen|jihadists|gunmen)\b)")
#: A side's forces named by their noun alone right before the verb: "Ethiopia says army has captured X".
_GENERIC_FORCE_BEFORE = re.compile(r"(?:^|\b(?:says?|said|claims?|claimed|announced|reports?|reported|:)\s+(?:that\s+)?)"
                                   r"(?:the\s+|its\s+)?(?:army|troops|forces|military|soldiers)\s+"
                                   r"(?:(?:has|have|had)\s+)?(?:\w+ly\s+)?$", re.IGNORECASE)
#: "it" as the subject of "fell to": "Mosul is Iraq's second city. It fell to ISIL in June 2014".
_IT_FELL = re.compile(r"\b[Ii]t\s+(?:had\s+|has\s+)?(?:\w+ly\s+|then\s+|also\s+)?$")
#: "it" as the object of an active capture verb: "stormed Jisr al-Shughur and captured it".
_IT_OBJECT = re.compile(r"\s+it\b(?!\s*(?:was|is|has|had|would|will)\b)(?!['’]s)")
#: A date, then the next place of a list whose verb is not repeated ("Kidal fell on 30 March, Gao on
#: 31 March and Timbuktu on 1 April"): what stands between one place (or the verb) and the next.
_DAY_OR_MONTH = rf"(?:\d{{1,2}}\s+{_MONTH}|{_MONTH}\s+\d{{1,2}}|{_MONTH})(?:,?\s+\d{{4}})?"
_GAPPED_DATE = rf"(?:(?:on|in)\s+{_DAY_OR_MONTH}(?!\w)|the\s+(?:next|following)\s+day\b|a\s+day\s+later\b)"
_GAPPED_BETWEEN = re.compile(rf"\s+{_GAPPED_DATE}\s*(?:,\s*(?:and\s+)?|and\s+)")
_GAPPED_DATE_AFTER = re.compile(rf"\s+{_GAPPED_DATE}")
#: A further name in a list of places: ", Tonenke", " and Tonenke", ", and the village of Tonenke".
_LISTED_NAME = re.compile(_LIST_JOINER.pattern + rf"(?P<name>{_NAME})")
#: Between a place and a date written in brackets after it: " (", " (on ".
#: Between a place and its own date: "Makariv (22 March)", "Jarabulus on 24 August".
_BRACKET_OPEN = re.compile(r"\s*\(\s*(?:on\s+|in\s+)?|\s+(?:(?:city|town|village)\s+)?(?:(?:on|in)\s+)?|"
                           rf"{APPOSITION_ASIDE},\s*(?:on\s+|in\s+)?")   # "and Mariupol, the region's port, in May 2022"
# ("captured Jinderes on 8 March, and Afrin city ten days later": the city's own day)
#: A side announcing a capture as its own: "claims (the full) capture of", "announced the liberation of",
#: "its forces had completed the capture of".
_CLAIMED_BEFORE = re.compile(r"\b(?:claims?|claimed|claiming|announces?|announced|announcing|declares?|declared|"
                             r"completed?|completes|completing)\s+"
                             # ("announced on Friday the complete liberation of")
                             r"(?:(?:on\s+[A-Z][a-z]+(?:\s+\d{1,2})?|yesterday|today|late\s+on\s+[A-Z][a-z]+)\s+)?"
                             r"(?:the\s+|its\s+|their\s+)?(?:full\s+|complete\s+|total\s+)?$", re.IGNORECASE)
#: The other side, unnamed, as the object of "drove ... out of", "cleared ... from".
#: An actor right after a verb of fighting is its object, not the subject of a later verb:
#: "the 93rd Brigade pushed Russian forces back from X and secured the village".
_FOUGHT_BEFORE = re.compile(r"\b(?:pushed|push|pushes|pushing|drove|drive|drives|driving|repelled|"
                            r"repulsed|routed|defeated|attacked|ambushed|encircled|surrounded|expelled|ousted|"
                            r"engaged|fought|battled|beat|overwhelmed|dislodged|evicted)\s+(?:the\s+)?$", re.IGNORECASE)
#: "forced the Russians to retreat from X": the actor right before "to <cue>", after a verb of
#: compelling, is the doer of the cue.
_COMPELLED_BEFORE = re.compile(r"\b(?:forced|forcing|forces|force|compelled|compelling|obliged)\s+(?:the\s+)?$",
                               re.IGNORECASE)
#: A generic armed subject of a passive ("the rebels were expelled from X"): the side is
#: unknown, the change is not.
_ARMED_SUBJECT_BEFORE = re.compile(r"\b(?:the\s+)?(?:[\w-]+\s+)?(?:rebels|militants|insurgents|jihadists|fighters|"
                                   r"gunmen|enemy|troops|forces|soldiers|terrorists|extremists)\s+(?:were|was|"
                                   r"had\s+been|have\s+been|has\s+been)\s+(?:\w+ly\s+)?$", re.IGNORECASE)
#: The gap of "cleared ... of" when it is a place noun: "cleared the town of X of Y".
_PLACE_NOUN_GAP = re.compile(r"\s*the\s+(?:[\w-]+\s+)?(?:town|city|village|area|district|neighbou?rhood|cent(?:er|re)|"
                             r"countryside)\s*", re.IGNORECASE)
#: Between a place and the side it was cleared of: " of ", " of the ".
_OF_GAP = re.compile(r"\s+of\s+(?:the\s+)?", re.IGNORECASE)
_ENEMY = re.compile(r"\s*[\"“‘']?(?:the\s+)?(?:[A-Z][\w-]*['’]s\s+)?(?:(?:[a-z]+ist|armed|rebel|militia|jihadi|enemy)\s+)?(?:enemy|enemy\s+(?:forces|troops|"
                    r"fighters|units)|militants|insurgents|invaders|occupiers|attackers|terrorists|jihadists|extremists|"
                    r"gunmen|fighters|rebels|separatists|militias|militiamen|combatants|troops|soldiers|forces|bands|"
                    r"elements|remnants)\s*",
                    re.IGNORECASE)
# (an armed noun, perhaps qualified: "separatist fighters", "Islamist militants", "Machar's fighters" are a side unnamed)
#: A perfect with "already", "previously", "once": the act came before what is reported
#: ("had already been displaced once from X"), so the report date is not its date.
_ALREADY_BEFORE = re.compile(r"\b(?:(?:had|has|have)\s+(?:already|previously|earlier|once|before)|already|previously|"
                             r"(?:who|which|that)\s+had)\s+(?:been\s+)?$", re.IGNORECASE)
# ("families who had fled to X began returning": a relative clause's pluperfect is before the story)
#: A cheap test that a sentence may hold "it was <verb>ed" (see `_IT_WAS`).
_IT_WAS_ANYWHERE = re.compile(r"\b(?:[Ii]t|itself)\s+(?:was|had\s+been|has\s+been)\b"
                              r"|\b[a-z]+\s+it\b(?!['’]s)(?!\s+(?:was|is|has|had|would|will)\b)"   # "ISIS retook it."
                              r"|\b(?:walk|march|roll|sweep|storm)[a-z]*\s+(?:back\s+)?in\b"   # "marched in unopposed"
                              r"|\bthem\s+(?:back\s+)?out\b")     # "drove them out two days later"
#: "them out" ending an expulsion, with nothing after it but its time: "(pushed) them out (in July)".
_THEM_OUT = re.compile(r".*\sthem\s+(?:back\s+)?out", re.IGNORECASE)
#: A verb of going in whose "in" is a particle: "marched in", "stormed back in" (`_AS_A_PARTICLE`).
_MARCHED_IN = re.compile(r"(?:walk|march|roll|sweep|storm)[a-z]*\s+(?:back\s+)?in", re.IGNORECASE)
#: After the place a side left: where it went, or what for ("left Erbil to travel to Turkey").
_DEPLOYED_AFTER = re.compile(r"\s*,?\s*(?:to\s+(?!the\b|its\b|their\b|[A-Z])\w+|for|towards?|heading|bound|en\s+route)\b")
#: A phrase a sentence opens with, up to a capture noun: "Following the liberation of", "After
#: the swift capture of" (its object ends at the comma that closes the phrase).
_FRONTED_BEFORE = re.compile(r"\s*(?:following|after|since|before|upon|with|despite|amid|during)\s+"
                             r"(?:the\s+|its\s+|their\s+)?(?:[\w'’-]+\s+){0,2}", re.IGNORECASE)
#: What a side may withdraw from a place it still holds: "withdrew its helicopters from X",
#: "pulled its ambassador out of Y".
#: Materiel: what a side moves, seizes or pulls out without a place changing hands (one list for
#: `_NOT_A_HOLD` and `_THING_OBJECT`).
_MATERIEL = (r"weapons?|weaponry|arms|ammunition|munitions|equipment|vehicles|tanks|trucks|helicopters?|aircraft|"
             r"jets?|planes?|drones?|missiles?|rockets?|ships?|vessels?|fleet|supplies|money|cash|assets")
_NOT_A_HOLD = re.compile(rf"\b(?:{_MATERIEL}|ambassadors?|diplomats?|embassy|staff|support|funding|recognition|"
                         r"investments?|citizens|nationals)\b", re.IGNORECASE)
#: A site or a hold right after a side's name: "the VDP post", "ISIS positions", "the army base",
#: "breaking the IS siege of X": the side is what the verb acts on, not its doer.
_SITE_AFTER_ACTOR = re.compile(r"['’]?s?\s+(?:post|posts|outpost|outposts|base|bases|camp|camps|positions?|checkpoints?|"
                               r"barracks|headquarters|stronghold|strongholds|garrison|lines|trenches|siege|sieges|"
                               r"blockade|encirclement|rule|occupation)\b", re.IGNORECASE)
#: A place that only locates another: "a river port north of Mandalay that rebels captured" (the
#: port was captured, not Mandalay).
_ANCHOR_BEFORE = re.compile(r"\b(?:(?:north|south|east|west)(?:-?(?:north|south)?(?:east|west))?(?:ern)?\s+of|near|outside|"
                            r"km\s+(?:\w+\s+)?(?:of|from))\s+(?:the\s+)?$", re.IGNORECASE)
#: People who are no side, moving with a side: "ISIS fighters and their families left Raqqa".
_NONCOMBATANTS = re.compile(r"\b(?:famil|civilian|resident|women|children|people|refugee|displaced|wounded)", re.IGNORECASE)
#: A capitalised word right before or after a name: the name is part of a longer one.
_CAPITALISED_BEFORE = re.compile(r"\b[A-Z][\w'’-]*\s+$")
_CAPITALISED_AFTER = re.compile(r"\s+[A-Z][\w'’-]*")
#: A place, then an appositive noun phrase naming what it is, then a relative clause about it:
#: "Rutba, a desert town on the highway to Jordan that Islamic State had seized in 2014".
_APPOSITIVE_RELATIVE = re.compile(r"(?:\s+(?:on|in|by)\s+[\w ]{1,16}?)?,\s+(?:a|an)\s+[^,;()]{0,80}?\b(?:town|city|village|settlement|hub|port|base|stronghold|"
                                  r"district|crossing|airport|border\s+town|garrison\s+town)\b[^,;()]{0,60}?\s(?:which|that)\s")
#: Punctuation that closes a clause.
_CLAUSE_PUNCT_IN = re.compile(r"[,;:()]")
#: A side named as a verb's loser or foe: "from ISIL", "against the army", "with the SDF" (not "of":
#: "victims of Ukrainian troops who had retaken X").
_LOSER_BEFORE = re.compile(r"\b(?:from|against|with)\s+(?:the\s+)?$", re.IGNORECASE)
#: A verb, then "and" and the next clause's subject: "the Iraqi military was quickly defeated and
#: (the coalition occupied Baghdad)".
_NEW_CLAUSE_AND = re.compile(r"\b(?:was|were|is|are|had|has|have|been|\w+ed)\b[^,;:]*\band\s+(?:the\s+)?$", re.IGNORECASE)
#: Nouns of irregular armed men the text leaves unnamed: "gunmen", "militants", "the rebels".
ARMED_MEN = r"armed\s+(?:groups?|men)|gunmen|militiamen|militias?|fighters|militants|insurgents|rebels|separatists|jihadists"
#: An armed side the text leaves unnamed, right before its verb: "several armed groups took X",
#: "unidentified gunmen entered Y".
_ARMED_NOUN_RIGHT_BEFORE = re.compile(rf"(?:\b(?:{ARMED_MEN}|troops|soldiers)"
                                      # "rebels of the MNLA and the Islamist group Ansar Dine took"
                                      r"(?:\s+(?:of|from)\s+(?:the\s+)?[^.;:]{1,60}?)?"
                                      # a group known by letters only: "the MNLA took", "KIA fighters"
                                      r"|(?<![\w-])(?-i:[A-Z]{2,6}))\s+"
                                      r"(?:(?:\w+ly|also|then|later|again|soon|had|have|has)\s+){0,2}$",
                                      re.IGNORECASE)
#: A force's noun right before a verb of taking, for a side left unnamed ("the first ODA units
#: entered the city", "Special forces entered Kirkuk"): an armed side took the place, which side
#: the words say not (nor do they say it is some other side than the paragraph's: "its forces").
_FORCE_NOUN_RIGHT_BEFORE = re.compile(r"\b(?:units|forces?|brigades?|battalions?|regiments?|divisions?|marines|"
                                      r"paratroopers|commandos|tanks|guerrillas|detachments?|contingents?)\s+"
                                      r"(?:(?:\w+ly|also|then|later|again|soon|had|have|has)\s+){0,2}$", re.IGNORECASE)
#: Things, not a place, as a capture verb's object: "seized weaponry from the SAA in X".
_THING_OBJECT = re.compile(r"\s+(?:(?:the|their|its|large|huge|some|several|dozens\s+of|hundreds\s+of|a\s+cache\s+of|"
                           rf"a\s+large\s+amount\s+of|[\d,]+)\s+)*(?:{_MATERIEL}|documents|aid|grain|fuel|hostages|"
                           r"prisoners)\b", re.IGNORECASE)
#: What a bare "claims" takes as a place taken: a name right after it ("Moscow claims Chasiv
#: Yar", "Taliban claim the town of Dasht-e Archi"), not a deed ("claimed the attack on Kabul airport").
_CLAIMED_NAME_NEXT = re.compile(r"\s+(?:the\s+(?:[a-z-]+\s+)?(?:town|city|village|district)\s+of\s+)?[A-Z]")
#: What may stand around a side in the gap of "pushed ... from": "the", "its", nothing else.
_WORDS_AROUND_A_SIDE = re.compile(r"\b(?:the|its|their|all|remaining)\b", re.IGNORECASE)
#: A relative pronoun right before the cue, its subject the side named before it: "the Rapid
#: Support Forces, which seized it in July".
_RELATIVE_SUBJECT = re.compile(r",\s*(?:which|who)\s+(?:\w+ly\s+)?(?:had\s+|has\s+|have\s+)?(?:\w+ly\s+)?$", re.IGNORECASE)
#: Another participle's agent after the cue: "entered Rabia, the last large town held by the
#: rebels" (the rebels held it; they did not enter it).
_HELD_BY_BEFORE = re.compile(r"\b(?:held|controlled|occupied|defended|besieged|surrounded|guarded|ruled|run|"
                             r"garrisoned|encircled)\s+by\s+(?:the\s+)?$", re.IGNORECASE)
#: Nothing but an adverb or two: "(The Army) then (pushed out of X)", "(, ) notably (retaking X)".
_ADVERBS_AT_MOST = re.compile(r"\s*(?:(?:\w+ly|then|also|later|again|soon|finally|thus|thereby)\s+){0,2}", re.IGNORECASE)
#: A comma, maybe an adverb, right before a participle: ", seizing X", ", notably retaking X",
#: ", thus completely securing X".
_COMMA_ADVERB_BEFORE = re.compile(r",\s*(?:(?:thus|thereby)\s+)?(?:\w+ly\s+)?$")

#: A clause dated by its distance before the main clause's day: "a day after the group seized",
#: "seven months after the militants overran" (`timeline.times.time_before`).
_UNITS_AFTER = re.compile(r"\b(?P<rel>(?P<num>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+"
                          r"(?P<unit>days?|weeks?|months?|years?)\s+after)\s+(?:[^\s,;.:()]+\s+){0,7}$", re.IGNORECASE)
#: A count of people as the subject of a passive flight verb: "A further 400 were bused",
#: "another 1,200 have been evacuated".
_COUNT_MOVED_BEFORE = re.compile(r"(?:^|[.;:]\s+|\b(?:a\s+further|another|some|about|around|more\s+than|over|nearly)\s+)"
                                 r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)\s+(?:more\s+|others\s+)?(?:were|have\s+been|had\s+been)\s+$",
                                 re.IGNORECASE)
#: A count opening its clause, the people it counts left out: "Thousands more have left Herat",
#: "Hundreds fled overnight", "12,000 reach Bunia" (but "thousands of troops" name what they count).
_WORD_COUNT_MOVED_BEFORE = re.compile(r"(?:^|[.;:]\s+|\n)(?:(?:about|some|around|nearly|over|more\s+than)\s+)?"
                                      r"(?P<n>(?:tens\s+of\s+|hundreds\s+of\s+)?(?:thousands|hundreds|dozens)|"
                                      r"\d{1,3}(?:,\d{3})+|\d{2,3})"      # ("12,000 reach Bunia from Djugu": a headline's count)
                                      r"\s+(?:more\s+)?(?:have\s+|had\s+)?$", re.IGNORECASE)
#: A count of people as the object of "displaces": "Fighting displaces 10,000 in X".
_COUNT_MOVED_AFTER = re.compile(r"\s+(?:some\s+|about\s+|around\s+|more\s+than\s+|over\s+|nearly\s+)?"
                                r"(?P<n>\d{1,3}(?:,\d{3})+|\d+)(?=\s+(?:in|from|across|around)\b)")
#: Two places referred back to at once: "regained both towns", "took the two villages".
_BOTH_PLACES = re.compile(r"\s+(?:(?:the\s+)?(?:[\w-]+\s+){0,2}(?:garrisons|bases|positions|posts|camps)\s+(?:in|of)\s+)?"
                          r"(?:both|the\s+two)\s+(?:towns|cities|villages|settlements|districts|localities|townships)\b", re.IGNORECASE)
#: Where people returning home had been driven from, told before: "who had been displaced from ".
_DISPLACED_FROM_BEFORE = re.compile(r"\b(?:displaced|uprooted|driven|forced|fled|expelled)\s+(?:out\s+)?from\s+(?:the\s+)?"
                                    r"(?=[A-Z])")

#: A sentence opening in a town: "In Herat, ...", "In the town of X, ..." (`_opening_place`).
_OPENING_IN = re.compile(r"\s*[\"“]?(?:In|Inside)\s+(?:the\s+(?:town|city|village)\s+of\s+)?")
#: A verb's object that is a site of the town the sentence opens in, or the town itself:
#: "seized the police headquarters", "controlled most of the city".
_SITE_OBJECT_AFTER = re.compile(r"\s+(?:most\s+of\s+|much\s+of\s+|parts?\s+of\s+)?(?:the|its|their)\s+(?:[\w'’-]+\s+){0,3}?"
                                r"(?:headquarters|office|offices|compound|base|barracks|airport|palace|building|buildings|"
                                r"prison|garrison|city|town|centre|center|citadel|district|districts)\b", re.IGNORECASE)
#: No object after a verb: "Taliban fighters entered on Thursday", "entered, and".
_NO_OBJECT_AFTER = re.compile(r"\s*(?:[,.;]|\s*(?:on|late|early|overnight|and|after|before|without|unopposed)\b)")

#: "across" or "throughout" an area: where a count of the displaced stands, not a flight's start.
_ACROSS_BEFORE = re.compile(r"\b(?:across|throughout|within|inside)\s+(?:the\s+)?(?:[a-z-]+\s+)?$", re.IGNORECASE)
#: Between a flight word and a part of a country named right after it: "displaced in northwest
#: Syria since December" counts the displaced there.
_IN_A_PART_OF = re.compile(r"\s+in\s+(?:north|south|east|west|central)[a-z-]*\s+", re.IGNORECASE)

#: A direction right before a name: "toward the capital", "towards Kyiv".
_TOWARD_BEFORE = re.compile(r"\btowards?\s+(?:the\s+)?$", re.IGNORECASE)

#: The words of `_SUBJECT_CLAUSE` that open a subordinate clause ("after federal troops pulled out").
_SUBORDINATORS = frozenset("after as while when since until before because once although though whereas".split())

#: A comma and "and" opening a clause of its own: ", and a day later seized X".
_AND_CLAUSE = re.compile(r",\s+and\b")
#: "taken by surprise", "caught off guard": an idiom, no capture.
_BY_SURPRISE = re.compile(r"\s+(?:completely\s+|totally\s+)?(?:by\s+surprise|aback|off\s+guard|unawares)\b", re.IGNORECASE)
#: Ground around a place rather than the place: "rural areas of east Aleppo", "the countryside of X".
_AREAS_OF = re.compile(r"\b(?:areas|parts|countryside|outskirts|environs|surroundings|villages|positions)\s+(?:of|around|near)\b",
                       re.IGNORECASE)
#: The same written after the place: "the Kyiv and Chernihiv areas", "the Idlib countryside".
_AREAS_AFTER = re.compile(r"\s+(?:areas|area|regions|countryside|outskirts|environs|axis|direction|front)\b", re.IGNORECASE)
#: Ground around a town a side gives up, after its name: "(quit the northern Hama) pocket".
_POCKET_AFTER = re.compile(r"\s+(?:pocket|salient|countryside)\b", re.IGNORECASE)
#: A hospital where people were taken: "transferred to a hospital in Şanlıurfa" (care, not flight).
_HOSPITAL_IN = re.compile(r"\b(?:hospitals?|clinics?|medical\s+(?:centres?|centers?|facilit(?:y|ies)))\s+(?:in|at)\s+(?:the\s+)?[^,.;]{0,20}$",
                          re.IGNORECASE)
#: The side driven out named by a pronoun alone: "pushed them out of X".
_THEM_GAP = re.compile(r"\s*them\s*", re.IGNORECASE)
#: A subject that counts towns before a bare "fell": "the three northern regional capitals".
_COUNTED_TOWNS_BEFORE = re.compile(r"\b(?:two|three|four|five|six|seven|eight|nine|ten|several|all|both)\s+"
                                   r"(?:[\w-]+\s+){0,3}(?:towns|cities|capitals|villages|settlements|strongholds)\s+"
                                   r"(?:(?:had|have|all|quickly|then|soon)\s+)?$", re.IGNORECASE)
#: What a bare "fell" says before a colon that lists the places: " in as many days: ", ":".
_COLON_AFTER_A_FALL = re.compile(r"[^.;:!?]{0,40}:\s*")

#: A town's seat of power after a flag's "over", right before the town: "over the government
#: buildings of the Christian town of", "over the city council of", "above the town hall in".
_FLAG_SITE_OF = re.compile(r"\s+(?:the\s+)?(?:[\w-]+\s+){0,3}(?:buildings?|hall|council|headquarters|municipality|palace|"
                           r"citadel|complex|offices?|square|tower|castle|fortress)\s+(?:of|in)\s+(?:the\s+)?"
                           r"(?:[\w-]+\s+){0,2}?(?:(?:town|city|village)\s+of\s+)?", re.IGNORECASE)
#: A superlative's infinitive in apposition, telling again of a place just named: "(Kawlin,) the
#: first district capital to fall to", "(X,) the last rebel town to be retaken by" (but "Kreminna
#: was the first city to be captured" tells it).
_FIRST_TO_BEFORE = re.compile(r",\s*the\s+(?:first|last|second|third|latest|only|largest|biggest)\s+(?:[\w-]+\s+){0,4}?"
                              r"to\s+(?:be\s+|have\s+been\s+)?$", re.IGNORECASE)
#: A side's part in a change a noun tells, right before the noun: "played a major role in the ",
#: "took part in the ", "led the ", "spearheaded the ".
_TOOK_PART_BEFORE = re.compile(r"\b(?:(?:played|plays|had)\s+an?\s+(?:[\w-]+\s+)?role\s+in|took\s+part\s+in|participated\s+in|"
                               r"led|spearheaded|carried\s+out|completed)\s+(?:the\s+)?(?:[\w-]+\s+)?$", re.IGNORECASE)
#: Between a place and a state's cue it is the subject of: "Hsenwi (is now firmly) in rebel hands".
_SUBJECT_RIGHT_BEFORE = re.compile(r"\s*(?:(?:is|are|was|were|now|firmly|fully|entirely|remains?|remained|still)\s+)*")
