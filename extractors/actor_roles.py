"""Actors a sentence names that are no party to its relation: venues, observers, agenda
items, locations, what is tracked, and countries a counter word governs."""

from __future__ import annotations

import re

from extractors.cue_matches import CueMatch
from extractors.cues import CueBook, last_match
from extractors.gazetteer import ActorSpan
from extractors.groups import group_spans

_AS_SUBJECT = re.compile(r"(?<!such)(?<!well)(?<!known)(?<!same)\sas\s+(?:the\s+)?$")
# Opens what talks are about, unless their partner follows: "talks on the war in Sudan",
# but "talks on a pact with Japan".
_AGENDA = re.compile(
    r"\b(?:on|about|over|regarding|concerning|discuss(?:ed|es|ing)?)\s(?![^;]*\b(?:with|between)\s)[^;]*$"
)
_HOSTED_BEFORE = re.compile(r"\b(?:bases?|troops|forces|soldiers|marines|stationed|deployed|based|garrisons?|"
                            r"presence|instructors|contingents?)\b[^,;.]{0,25}$", re.IGNORECASE)
_SEAT_SPEAKER = re.compile(
    r",\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:foreign|defen[cs]e)\s+ministry|,\s+officials\s|"
    r",\s+(?:the\s+|a\s+)?(?:government|ministry|foreign ministry)\s+spokes(?:man|woman|person)"
)
# "in southern Italy"; "in Osaka, Japan," (a town, then its country, then no more names).
_IN_REGION = re.compile(r"\b(?:in|across)\s+(?:north|south|east|west|central|north-?east|north-?west|south-?east|"
                        r"south-?west)(?:ern)?\s+$", re.IGNORECASE)
_IN_TOWN = re.compile(r"\b(?:in|at)\s+(?:[A-Z][\w'’.-]+\s+){0,3}?[A-Z][\w'’.-]+,\s+$")
_PLACE_END = re.compile(r"\s*(?:[,.;)]|$|\s(?:on|at|in|for|last|this|next|earlier|later|where|when)\b)")
_EDGE_AFTER = re.compile(r"\s+(?:border|borders|frontier|coast(?!\s+guard)|coastline|border\s+areas?)\b")
_LIST_BREAK = re.compile(r"[,;]")
_OBSERVED_BEFORE = re.compile(r"\b(?:of|on|about|over)\s+(?:the\s+|a\s+|an\s+)?$")


def is_venue(text: str, cues: CueBook, span: ActorSpan, sentence_start: int, countries: bool = False) -> bool:
    """'talks in Tokyo': a capital after a place preposition; with `countries`, also
    a country ('a security gathering in Malaysia')."""
    if span.kind not in ("metonym", "country") or (span.kind == "country" and not countries):
        return False
    before = text[max(sentence_start, span.start - 30):span.start]
    if not cues.venue.search(before):
        return False
    if _SEAT_SPEAKER.match(text, span.end):  # "In Beijing, foreign ministry spokesman Hong Lei accused"
        return False
    # "a military base in Abu Dhabi", "instructors based in Niamey": the host, no venue.
    return not _HOSTED_BEFORE.search(text, max(sentence_start, span.start - 50), span.start)


def observers(text: str, cues: CueBook, spans: list[ActorSpan]) -> list[ActorSpan]:
    """Countries listed as observers: "observers from Japan and India", "India and
    Thailand sent observers", "with U.S. officials present as observers"."""
    found: list[ActorSpan] = []
    for group in group_spans(text, spans):
        if (cues.observers_before.search(text, max(0, group.start - 40), group.start)
                or cues.observers_after.match(text, group.end)):
            found.extend(group.spans)
    return found


def is_agenda(text: str, cue: CueMatch, span: ActorSpan) -> bool:
    """"held talks on defence and support for Ukraine": a country the talks are about."""
    return 0 <= span.start - cue.end <= 120 and bool(_AGENDA.search(text, cue.end, span.start))


def is_observed(text: str, span: ActorSpan, clause_start: int) -> bool:
    """"radar tracks of the Russian jet": what intelligence tracks, no party to sharing it."""
    return span.kind == "demonym" and bool(_OBSERVED_BEFORE.search(
        text, max(clause_start, span.start - 12), span.start))


def is_location(text: str, cues: CueBook, span: ActorSpan, clause_start: int) -> bool:
    """"drills in Batanes, near Taiwan": where something happens, no party."""
    return bool(cues.location.search(text, max(clause_start, span.start - 25), span.start))


def is_region_or_town(text: str, span: ActorSpan, spans: list[ActorSpan], clause_start: int) -> bool:
    """"a summit in Osaka, Japan, in June", "signed on the sidelines of a summit in southern
    Italy": where it happened, no party (a host of forces is one: not for basing)."""
    if _IN_REGION.search(text, max(clause_start, span.start - 25), span.start):
        return True
    town = _IN_TOWN.search(text, max(clause_start, span.start - 40), span.start)
    return bool(town and _PLACE_END.match(text, span.end)
                and not any(town.start() < s.start < span.start for s in spans))  # "in Norway, Denmark"


def is_countered(text: str, cues: CueBook, span: ActorSpan, clause_start: int) -> bool:
    """A country the relation is against or about, not a party: after a counter word ("wary
    of China") or a topic word ("intelligence on Chinese vessels"), the background ("as China
    expands ..."), or owning something hostile ("China's assertiveness")."""
    counter = last_match(cues.counter, text, max(clause_start, span.start - 40), span.start)
    if counter is not None and not _LIST_BREAK.search(text, counter.end(), span.start):
        return True
    if cues.topic.search(text, max(clause_start, span.start - 20), span.start):
        return True
    if (_AS_SUBJECT.search(text, max(clause_start, span.start - 10), span.start)
            and cues.background.match(text, span.end)):
        return True
    return bool(cues.hostile_possession.match(text, span.end, span.end + 60))


def clause_parties(text: str, cues: CueBook, cue: CueMatch, spans: list[ActorSpan], clause_start: int,
                   clause_end: int) -> list[ActorSpan]:
    """The spans inside the cue's clause that can be parties to its relation."""
    clause_spans = [s for s in spans if clause_start <= s.start and s.end <= clause_end]
    if cue.relation == "summit":  # meetings have venues ("met in Malaysia") and agendas
        clause_spans = [s for s in clause_spans if not is_venue(text, cues, s, clause_start, countries=True)
                        and not is_agenda(text, cue, s)]
    if cue.relation == "intelligence_sharing":  # "radar tracks of the Russian jet": what is tracked
        clause_spans = [s for s in clause_spans if not is_observed(text, s, clause_start)]
    if cue.relation != "confrontation":  # "drills in Batanes, near Taiwan"
        clause_spans = [s for s in clause_spans if not is_location(text, cues, s, clause_start)]
    if cue.relation not in ("confrontation", "basing_access"):
        clause_spans = [s for s in clause_spans if not is_region_or_town(text, s, spans, clause_start)]
    if cue.relation != "confrontation":  # "along the Syrian border": a place
        clause_spans = [s for s in clause_spans if not (s.kind == "demonym" and _EDGE_AFTER.match(text, s.end))]
    return clause_spans
