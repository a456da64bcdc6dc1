"""Relation cues found in an article: cue phrases, named groupings and agreements that refer
back ("a similar pact", "the pact").

Each match says where a cue stands and what relation it reports; the rules that bind
actors to it are in extractors/mentions.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors.cues import CueBook
from extractors.gazetteer import ActorSpan

_GROUPING_WEIGHT = 0.7
_SIMILAR_PACT_WEIGHT = 0.8
GENERIC_WEIGHT = 0.6  # "pact", "partnership": words any agreement goes by
_REFERRING_BACK = re.compile(r"\b(?:the|that|this)\s+$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class CueMatch:
    """One relation cue found in the text."""

    start: int
    end: int
    relation: str
    weight: float
    dyadic: bool = False
    cameo: str = ""
    maker: bool = False
    leaders: bool = False
    joins_last: bool = False
    members: tuple[str, ...] = ()  # of the named grouping this cue is


def relation_cues(text: str, cues: CueBook, regions: list[tuple[int, int]]) -> list[CueMatch]:
    """Relation cue matches within `regions`, overlaps resolved in favour of the longer phrase
    (a maker suffix such as "-made" always stays)."""
    lowered = text.lower()
    same_length = len(lowered) == len(text)  # lower() can lengthen a few letters ("İ")
    matches = [
        CueMatch(m.start(), m.end(), cue.relation, cue.weight, cue.dyadic, cue.cameo, cue.maker, cue.leaders,
                 cue.joins_last)
        for cue in cues.relation_cues
        for start, end in regions
        for m in cue.finditer(lowered if same_length else text, start, end, same_length)
    ]
    matches.sort(key=lambda c: (c.start - c.end, -c.weight, c.start))
    kept: list[CueMatch] = []
    taken: set[int] = set()
    for cue in matches:
        if cue.maker:  # "supply the American-made jets": a second, separate relation
            kept.append(cue)
        elif not taken.intersection(range(cue.start, cue.end)):
            kept.append(cue)
            taken.update(range(cue.start, cue.end))
    kept.sort(key=lambda c: c.start)
    return kept


def grouping_cues(text: str, cues: CueBook, levels: dict[str, str], spans: list[ActorSpan]) -> list[CueMatch]:
    """A named grouping ("the Quad") reports the relation it embodies between its members;
    `levels` gives each grouping's relation."""
    return [
        CueMatch(s.start, s.end, levels[s.grouping], _GROUPING_WEIGHT,
                 cameo=cues.cameo_codes[levels[s.grouping]], members=s.codes)
        for s in spans if s.grouping in levels
        # "AUKUS's buildup": a possession, not the group acting
        and not cues.hostile_possession.match(text, s.end, s.end + 60)
    ]


def with_earlier_pacts(text: str, cues: CueBook, relation: str, found: list[CueMatch], start: int,
                       end: int) -> list[CueMatch]:
    """Agreements that refer back to the previous one, of its `relation`, in text[start:end]:
    "Japan has similar agreements with Australia" (replacing the cues in `found` they overlap),
    and "the pact" after a story about an intelligence pact (a generic partnership word)."""
    similar = [
        CueMatch(m.start(), m.end(), relation, _SIMILAR_PACT_WEIGHT,
                 bool(cues.plural_agreement.search(m.group())), cues.cameo_codes[relation])
        for m in cues.similar_pact.finditer(text, start, end)
    ]
    taken = [(c.start, c.end) for c in similar]
    others = [c for c in found if not any(a < c.end and c.start < b for a, b in taken)]
    if relation != "security_partnership":
        others = [replace(c, relation=relation, cameo=cues.cameo_codes[relation])
                  if c.relation == "security_partnership" and c.weight <= GENERIC_WEIGHT
                  and _REFERRING_BACK.search(text, max(start, c.start - 5), c.start) else c
                  for c in others]
    return sorted([*others, *similar], key=lambda c: c.start)
