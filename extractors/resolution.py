"""Resolving one sentence's candidate mentions against each other."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import TYPE_CHECKING

from extractors.cue_matches import GENERIC_WEIGHT
from extractors.gazetteer import ActorSpan
from extractors.groups import unique

if TYPE_CHECKING:
    from extractors.mentions import Mention

# A specific relation outranks a generic partnership cue in the same sentence and actors:
# "signed a reciprocal access agreement", "the pact" is basing access, not a partnership too.
_OUTRANKED_BY = {
    "security_partnership": {"alliance", "basing_access", "intelligence_sharing", "defense_industrial"},
}


def dominant(found: dict[tuple[tuple[str, ...], str], Mention],
             adversaries: frozenset[str]) -> list[tuple[Mention, tuple[tuple[str, ...], str]]]:
    """Drop mentions that a more specific one in the same sentence accounts for (each kept
    one with its key in `found`)."""
    relations_of: dict[tuple[str, ...], set[str]] = {}
    for actors, relation in found:
        relations_of.setdefault(actors, set()).add(relation)
    opposed = {actors for actors, relation in found if relation == "confrontation"}
    opponents = Counter(code for actors in opposed for code in actors)
    kept = []
    for key, mention in found.items():
        actors, relation = key
        if relation != "confrontation" and opposed:
            # "Beijing warned Tokyo and Manila over their drills": the drills are Tokyo's and
            # Manila's; the country opposing most of the others is not a party.
            hostile = {c for c in actors if any(set(p) <= set(actors) and c in p for p in opposed)}
            if hostile:
                drop = max(sorted(hostile), key=lambda c: (opponents[c], c in adversaries))
                actors = tuple(c for c in actors if c != drop)
                if len(actors) < 2 or (actors, relation) in found:
                    continue
                mention = replace(mention, actors=actors)
        outranking = _OUTRANKED_BY.get(relation, set()) & relations_of.get(actors, set())
        if outranking and mention.confidence <= GENERIC_WEIGHT:
            continue
        kept.append((mention, key))
    return kept


def grouping_name(spans: list[ActorSpan], actors: tuple[str, ...]) -> str | None:
    """The named groupings among `spans` whose members are all among `actors` ("AUKUS")."""
    names = unique(s.grouping for s in spans if s.grouping and set(s.codes) <= set(actors))
    return ", ".join(names) if names else None
