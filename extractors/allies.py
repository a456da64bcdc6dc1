"""Whose ally is who: the pair an "ally" phrase relates.

"the United States' commitment to its treaty ally Japan", "Manila, whose only treaty ally
is the United States", "Thailand, a U.S. treaty ally", "Azerbaijan's closest ally, Turkey",
"Japan and Australia are treaty allies of the U.S.".
"""

from __future__ import annotations

import re

from extractors.cue_matches import CueMatch
from extractors.gazetteer import ActorSpan
from extractors.groups import group_spans, unique

_ALLY_NOUN = re.compile(r"all(?:y|ies)$")
# What stands before an "ally" cue: a country form ("U.S. treaty ally", "Japan's closest ally")
# or a possessive pronoun (group 1), with adjectives between.
_ALLY_OWNER = re.compile(
    r"(?:\b(its|their|whose|Its|Their|Whose)\s+|['’]s?\s+|\s+)(?:(?:only|closest|oldest|"
    r"main|key|major|staunchest|most important|formal|long-standing|longtime)\s+)*$"
)
_ALLY_NAMED = re.compile(r"[\s,]*(?:is\s+|are\s+|was\s+|remains\s+)?(?:the\s+)?")
_ALLIES_OF = re.compile(r"\s+of\s+(?:the\s+)?")
# The country an "ally" phrase describes: "Thailand, a U.S. treaty ally", "Japan, another U.S.
# ally", "Thailand has been a U.S. treaty ally".
_APPOSITIVE_HEAD = re.compile(
    r"\S(?=(?:,|\s+(?:is|was|has been|had been|remains|became))\s+(?:(?:a|an|the|another)\s+)?[^,;]{0,30}$)"
)


def is_ally_noun(text: str, cue: CueMatch) -> bool:
    """Whether the cue ends in "ally" or "allies"."""
    return bool(_ALLY_NOUN.search(text, cue.start, cue.end))


def ally_pairs(text: str, cue: CueMatch, spans: list[ActorSpan], start: int,
               referred: list[str]) -> list[list[str]]:
    """The pairs an "ally" cue relates in the sentence at `start`; `referred` are the countries
    an anaphor before the cue stands for ("Both countries are ...")."""
    before = [s for s in spans if s.end <= cue.start]
    after = [s for s in spans if s.start >= cue.end]
    if after and (before or referred) and _ALLIES_OF.fullmatch(text, cue.end, after[0].start):
        subject = group_spans(text, before)[-1].codes if before else referred
        return [[c, *after[0].codes] for c in subject if c not in after[0].codes]
    possessor: tuple[str, ...] = ()
    owner = _ALLY_OWNER.search(text, max(start, cue.start - 30), cue.start)
    if owner and owner.group(1) is None and before and before[-1].end == owner.start():
        possessor = before[-1].codes  # "America's treaty ally", "a U.S. treaty ally"
    elif owner and owner.group(1) and before:
        # "Manila, whose ally": the one before; "its ally": the clause's subject.
        possessor = before[-1].codes if owner.group(1).lower() == "whose" else before[0].codes
    ally: tuple[str, ...] = ()
    if after and _ALLY_NAMED.fullmatch(text, cue.end, after[0].start):
        ally = after[0].codes
    elif owner and (head := _APPOSITIVE_HEAD.search(text, start, owner.start())):
        ally = next((s.codes for s in before if s.end == head.end()), ())
    if possessor and not ally and referred:  # "The two countries, both U.S. treaty allies"
        return [[c, *possessor] for c in referred if c not in possessor]
    pair = unique([*possessor, *ally])
    return [pair] if len(pair) == 2 else []
