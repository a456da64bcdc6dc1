"""Which actor references of an article to believe, and finding them by position."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Any

from extractors.gazetteer import ActorSpan
from extractors.groups import LIST_GAP

PLACE_KINDS = frozenset({"country", "metonym"})  # "Washington and Manila": listed, so both are countries
# "MANILA, Philippines (Reuters) — ": where the story was filed, no actor.
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'/-]{2,}(?:,[^\n,—–(]{2,30}?){0,2}\s*(?:\([^)\n]{1,40}\))?\s*[—–-]+\s", re.MULTILINE
)
_GIVEN_NAME = re.compile(r"\b[A-Z][a-z]+\s+$")
_ACTING = re.compile(
    r"['’]s\s|\s+(?:has|have|had|will|would|said|says|warned|urged|signall?ed|agreed|announced|accused|"
    r"condemned|insisted|approved|gave|handed|sent|sold|supplied|delivered|deployed|imposed|offered|"
    r"pledged|promised|demanded|rejected|granted|hosted)\b"
)


# "Russia's war against Georgia", "the invasion of Turkey": a country at war.
_TARGETED = re.compile(r"\b(?:war|invasion|attacks?|strikes?|aggression|offensive)\s+(?:against|on|of|with)\s+$")


def credible_spans(text: str, spans: list[ActorSpan]) -> list[ActorSpan]:
    """Drop ambiguous forms ('Jordan', 'Georgia') the article gives no other sign of; one
    listed with other countries ("Egypt, Qatar and Turkey") or acting as a government
    ("Washington has signalled", "Turkey's purchase") is a country."""
    support = {code for s in spans if not s.ambiguous for code in s.codes}
    listed = set()
    for a, b in zip(spans, spans[1:]):
        if {a.kind, b.kind} <= PLACE_KINDS and LIST_GAP.match(text[a.end:b.start]):
            listed |= {id(x) for x, other in ((a, b), (b, a)) if not other.ambiguous}
    return [
        s for s in spans
        if not s.ambiguous or id(s) in listed
        or ((set(s.codes) <= support or _ACTING.match(text, s.end)
             or _TARGETED.search(text, max(0, s.start - 30), s.start))
            and not _GIVEN_NAME.search(text, max(0, s.start - 20), s.start))
    ]


def outside_datelines(text: str, spans: list[ActorSpan]) -> list[ActorSpan]:
    """The spans not in a dateline ("MANILA, Philippines (Reuters) — ")."""
    datelines = [m.span() for m in _DATELINE.finditer(text)]
    return [s for s in spans if not any(a <= s.start < b for a, b in datelines)]


def within(items: list[Any], starts: list[int], start: int, end: int) -> list[Any]:
    """The items (sorted by start, `starts` their starts) that lie inside [start, end)."""
    first = bisect_left(starts, start)
    last = bisect_left(starts, end, lo=first)
    return [item for item in items[first:last] if item.end <= end]
