"""People that an article introduces with their country ("U.S. Defense Secretary Lloyd
Austin", "his Philippine counterpart Gilberto Teodoro Jr.") stand for that country
when the article names them again ("Austin and Teodoro signed ...")."""

from __future__ import annotations

import re
from functools import cache

from extractors.gazetteer import ActorSpan
from extractors.resources import load_data

_NAME = r"[A-Z][a-zA-Z'’\-]+"
_SUFFIXES = {"Jr", "Sr", "II", "III", "IV"}


@cache
def _introduction() -> re.Pattern[str]:
    titles = "|".join(load_data("cues.yaml")["person_titles"])
    # After a country reference: up to four title words, then a name of two or three parts.
    return re.compile(
        rf"['’]?s?\s+(?:(?:{titles})\s+){{1,4}}(?P<name>{_NAME}(?:\s+{_NAME}){{1,2}})(?:\s+Jr\.?)?",
    )


def introduction_end(text: str, span: ActorSpan) -> int | None:
    """Where "Japanese Prime Minister Fumio Kishida" ends, for a country span that opens one."""
    match = _introduction().match(text, span.end)
    return match.end() if match else None


def people_spans(text: str, spans: list[ActorSpan]) -> list[ActorSpan]:
    """Later mentions of people introduced with a country, as actor spans of that country."""
    introduction = _introduction()
    surnames: dict[str, str | None] = {}
    introduced_at: dict[str, int] = {}
    for span in spans:
        if len(span.codes) != 1 or span.kind in ("grouping", "leader"):
            continue
        match = introduction.match(text, span.end)
        if not match:
            continue
        parts = [p for p in match.group("name").split() if p.rstrip(".") not in _SUFFIXES]
        code = span.codes[0]
        # The family name comes last in "Lloyd Austin", first in "Kim Jong Un" and "Xi Jinping".
        for surname in {parts[0], parts[-1]}:
            surnames[surname] = code if surnames.get(surname, code) == code else None  # two countries: unusable
            introduced_at.setdefault(surname, match.end())
    known = {s for s, code in surnames.items() if code}
    if not known:
        return []
    taken = [(s.start, s.end) for s in spans]
    found = []
    pattern = re.compile(rf"\b({'|'.join(map(re.escape, sorted(known, key=len, reverse=True)))})\b(?!\s+[A-Z][a-z])")
    for match in pattern.finditer(text):
        surname = match.group(1)
        if match.start() < introduced_at[surname] or any(a < match.end() and match.start() < b for a, b in taken):
            continue
        found.append(ActorSpan(match.start(), match.end(), (surnames[surname],), "person"))
    return found
