"""Clause structure around a relation cue: asides, attribution, reporters and subjects.

Which of a sentence's actor references stand in a part of it that does not hold the cue
(an aside, a relative clause, an attribution), and who a subject pronoun or an opening
subject is.
"""

from __future__ import annotations

import re

from extractors.cue_matches import CueMatch
from extractors.cues import CueBook, last_match
from extractors.gazetteer import ActorSpan
from extractors.groups import RELATIVE_PRONOUN, codes_of, group_spans
from extractors.spans import PLACE_KINDS

# -- asides -------------------------------------------------------------------

_APPOSITIVE = re.compile(r",\s+(?:a|an|the|its|their)\s+[^,;]{1,60}?,")
# A relative clause with its own verb: ", which has become a big military spender since ...,".
_RELATIVE = re.compile(
    r",\s+(?:which|who|whose|where)\s(?=[^,;]*\b(?:is|are|was|were|has|have|had|will|would|can|"
    r"could|may|might|\w+ed|met|led|held|took|made|sent|won|fought|bought|sold|told|said|left|began|"
    r"gave|became|runs|hosts|leads|keeps|maintains|operates|supplies|shares|borders|remains|holds|"
    r"owns|uses|buys|sells|sends|seeks|plans|relies|depends)\b)"
    r"(?:[^,;]|(?<=\d),(?=\d{3})){1,160},"
)
# An aside of time or circumstance between commas, or opening the sentence.
_CIRCUMSTANCE = re.compile(
    r",\s+(?:announced|unveiled|signed|agreed|reached)?\s*(?:as|while|after|before|although|"
    r"though|even as|just as)\s[^,;]{1,160},"
)
_OPENING_CLAUSE = re.compile(r"(?:After|Before|While|Following|Since|Speaking|Having|During|On a visit to|"
                             r"Ahead of)\s[^,;]{1,120},")

# -- attribution --------------------------------------------------------------

_ATTRIBUTION = re.compile(
    r",\s+(?:according to\s+[^,;]{0,80}|[^,;]{0,60}?\b(?:said|says|told\s+\w+|reported|added|noted)"
    r"(?:\s+on\s+\w+)?)\s*[.\"”’']*$"
)
_SELF_REPORT = re.compile(
    r"\s+(?:(?:on\s+)?[A-Z][a-z]+day\s+)?(?:that\s+)?(?:he|she|it|they|we|its|his|her|their)\b"
)

# -- subjects -----------------------------------------------------------------

_SHARED_SUBJECT = re.compile(r",\s+and\s+$")
# A subject pronoun and what may come before it in its clause: "It has also bought",
# "Last week it signed", ", and he agreed".
_SUBJECT_PRONOUN = re.compile(r"\b(?:it|he|she|It|He|She)\s+(?!is\s|was\s|said\s|says\s)")
_BEFORE_PRONOUN = re.compile(
    r"(?:|.*(?:[,;]|\b(?:and|but|then|later|also|week|month|year|day|[A-Z][a-z]+day)))\s*", re.DOTALL
)
# Before a sentence's subject: nothing, a dateline-free opener or a title ("On Monday, the", "President").
_OPENING = re.compile(
    r"(?:\d{1,2}:\d{2}\s*[-–—]\s*|[A-Z][\w.'’-]*\s+|the\s+|On\s+\w+,?\s+|In\s+\w+,?\s+"
    r"|[\w-]+\s+Minister\s+)*"
)
_AUXILIARIES = re.compile(r"\s+(?:(?:have|has|had|were|are|again|also|then|repeatedly|briefly|once)\s+)*")


def outside_asides(text: str, cue: CueMatch, candidates: list[ActorSpan], spans: list[ActorSpan], start: int,
                   end: int, any_head: bool = False) -> list[ActorSpan]:
    """The candidates outside asides of text[start:end] that do not hold the cue: a relative
    clause on a country of `spans` (on anyone, with `any_head`): "Poland, which has armed since
    Russia's invasion of Ukraine, regards ... its pact with Germany"; a clause of time or
    circumstance: "The deal, announced as Japan's leader was visiting Brazil, gives ...",
    "After visiting Japan, he signed ..."."""
    asides = [m.span() for m in _RELATIVE.finditer(text, start, end)
              if any_head or any(s.end == m.start() and s.kind in PLACE_KINDS for s in spans)]
    asides += [m.span() for m in _CIRCUMSTANCE.finditer(text, start, end)]
    opening = _OPENING_CLAUSE.match(text, start, end)
    if opening:
        asides.append(opening.span())
    asides = [(a, b) for a, b in asides if not a <= cue.start < b]
    return [s for s in candidates if not any(a <= s.start < b for a, b in asides)]


def relative_clause(text: str, cue: CueMatch, spans: list[ActorSpan], start: int,
                    end: int) -> tuple[list[ActorSpan], int, int] | None:
    """"the United States, which keeps 28,500 troops in South Korea and 54,000 in Japan": the
    countries a relative clause holding the cue hangs on, and the clause's start and end."""
    opening = last_match(RELATIVE_PRONOUN, text, start, cue.start)
    if opening is None or re.search(r"[,;]", text[opening.end():cue.start]):
        return None
    head = next((g for g in group_spans(text, [s for s in spans if s.end <= opening.start()])
                 if g.end == opening.start()), None)
    if head is None or not any(s.kind in (*PLACE_KINDS, "leader") for s in head.spans):
        return None
    closed = _RELATIVE.match(text, opening.start(), end)
    return head.spans, opening.end(), closed.end() if closed else end


def outside_appositives(text: str, candidates: list[ActorSpan], spans: list[ActorSpan]) -> list[ActorSpan]:
    """The candidates outside an appositive after one of `spans`: "Thailand, a U.S. treaty
    ally, accused Cambodia": the ally is no side."""
    asides = [m.span() for a in spans if (m := _APPOSITIVE.match(text, a.end))]
    return [s for s in candidates if not any(a <= s.start < b for a, b in asides)]


def before_attribution(text: str, cue: CueMatch, spans: list[ActorSpan], end: int) -> list[ActorSpan]:
    """The spans before an attribution that closes the sentence: "..., Japanese officials said."."""
    attribution = _ATTRIBUTION.search(text, cue.end, end)
    if attribution:
        return [s for s in spans if s.start < attribution.start()]
    return spans


def without_reporter(text: str, cues: CueBook, cue: CueMatch, spans: list[ActorSpan],
                     clause_end: int) -> list[ActorSpan]:
    """"China's foreign ministry said cooperation between Japan and the Philippines ...":
    who reports a relation between others is no party to it."""
    reporting = cues.reporting.finditer(text, spans[0].end if spans else cue.start, cue.start)
    verb = next(reporting, None)
    if verb is None or _SELF_REPORT.match(text, verb.end()):  # "France said it had": a party
        return spans
    reported = [s for s in spans if s.start >= verb.end()]
    if len(codes_of(reported)) >= 2 or cues.anaphora.search(text, verb.end(), clause_end):
        return [s for s in spans if s.start >= verb.end() or s.end > verb.start()]
    return spans


def shares_subject(text: str, sentence_start: int, clause_start: int) -> bool:
    """Whether a clause goes on with the subject of the one before ("..., and raised the prospect")."""
    return bool(_SHARED_SUBJECT.search(text, max(sentence_start, clause_start - 8), clause_start)
                and text[clause_start].islower())


def subject_pronoun(text: str, cue: CueMatch, clause_start: int, spans: list[ActorSpan]) -> str | None:
    """Which subject a pronoun before the cue stands for: "it" a country, "person" a leader
    ("he", "she"); None when the clause names an actor before the cue or has no such pronoun."""
    if any(s.start < cue.start for s in spans):
        return None
    pronoun = _SUBJECT_PRONOUN.search(text, max(clause_start, cue.start - 50), cue.start)
    if pronoun is None or not _BEFORE_PRONOUN.fullmatch(text, clause_start, pronoun.start()):
        return None
    return "it" if pronoun.group().lower().startswith("it") else "person"


def opening_subject(text: str, spans: list[ActorSpan], start: int) -> dict[str, tuple[str, ...]]:
    """The subject of the sentence at `start`, if it opens with one country ("it") or one
    leader ("person"); else nothing."""
    first = spans[0] if spans else None
    if first is None or len(first.codes) != 1 or not _OPENING.fullmatch(text, start, first.start):
        return {}
    return {"person" if first.kind in ("leader", "person") else "it": first.codes}


def reciprocal_anaphor(text: str, cues: CueBook, cue: CueMatch, start: int) -> re.Match[str] | None:
    """An anaphor of two right before a confrontation cue: "the two countries fought",
    "both sides clashed"."""
    for anaphor in cues.anaphora.finditer(text, max(start, cue.start - 40), cue.start):
        number = cues.anaphora_number.search(anaphor.group())
        if number and number.group().lower() in ("two", "both") and _AUXILIARIES.fullmatch(
                text, anaphor.end(), cue.start):
            return anaphor
    return None
