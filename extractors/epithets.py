"""Epithets that stand for the country an article is about: "the kingdom", "the emirate"."""

from __future__ import annotations

import re
from collections import Counter

from extractors.gazetteer import ActorSpan

_EPITHET = re.compile(r"\b[Tt]he\s+(?:kingdom|emirate|sultanate|island nation|island state|archipelago|city-state)"
                      r"\b(?!\s+of\b)")
_COUNTED_KINDS = frozenset({"country", "metonym", "demonym"})


def epithet_spans(text: str, spans: list[ActorSpan]) -> list[ActorSpan]:
    """"The kingdom hosts about 3,000 American troops": an epithet after the article has named
    one country clearly more than any other (three times, half as often again as the next), as
    a reference to that country."""
    counts = Counter(s.codes[0] for s in spans if len(s.codes) == 1 and s.kind in _COUNTED_KINDS)
    ranked = counts.most_common(2)
    if not ranked or ranked[0][1] < 3 or (len(ranked) > 1 and ranked[1][1] * 1.5 > ranked[0][1]):
        return []
    main = ranked[0][0]
    first = min(s.start for s in spans if s.codes == (main,))
    taken = [(s.start, s.end) for s in spans]
    return [ActorSpan(m.start(), m.end(), (main,), "metonym") for m in _EPITHET.finditer(text, first)
            if not any(a < m.end() and m.start() < b for a, b in taken)]
