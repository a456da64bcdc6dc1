"""Sentence and clause boundaries for news English, as character offsets."""

from __future__ import annotations

import re

# Tokens that end in a full stop without ending a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr jr sr st gen lt col maj capt cmdr adm sgt cpl pvt gov sen rep rev prof
    no nos vs etc inc corp co ltd bros dept est fig approx jan feb mar apr jun jul aug sep sept
    oct nov dec u.s u.k u.n e.u u.s.a p.m a.m e.g i.e d.c r.o.k n.z""".split()
)
# After these abbreviations a capitalised common sentence opener does start a sentence.
_SENTENCE_OPENERS = frozenset(
    "The It He She They We This That These Those In On But And A An Its Their His Her "
    "Officials Both".split()
)
_CANDIDATE = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n|\n")
_LAST_TOKEN = re.compile(r"(\S+?)[.!?]+[\"'”’)\]]*$")
_NEXT_WORD = re.compile(r"\s*([^\s]+?)(?=[\s,;:]|$)")
_CLAUSE_BREAK = re.compile(
    r";|,\s+as\s+"
    r"|,\s+(?:in\s+)?(?:a|the)\s+(?:move|decision|step|development|shift|sign)\b"  # ", a move that ..."
    # ", and Tokyo ...", ", and last year agreed ...": a new clause, not the end of a list
    r"|(?P<and>,\s+and\s+)(?=[A-Z]|(?:both|each|they|it|he|she)\s|(?:(?:last|this|next|earlier|later|also|then)\s+(?:year|month|week)?\s*)?"
    r"(?:[a-z]+ed|is|are|was|were|has|have|had|will|would|said|says|sent|met|held|took|won)\b)"
    r"|,?\s+(?:while|whereas|but|although|though|even as|after|following|amid|days after|hours after)\s+"
)


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the sentences of `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CANDIDATE.finditer(text):
        end = match.end()
        if match.group().strip() and _is_abbreviation(text, start, end):
            continue
        _append_trimmed(text, start, end, spans)
        start = end
    _append_trimmed(text, start, len(text), spans)
    return spans


def split_clauses(sentence: str) -> list[tuple[int, int]]:
    """Return (start, end) offsets of the clauses of one sentence."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.group("and") and not _ends_clause(sentence, start, match.start()):
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(sentence)))
    return [(s, e) for s, e in spans if e > s]


def _ends_clause(sentence: str, start: int, end: int) -> bool:
    """Whether the words before ", and X" are a clause ("Seoul protested, and Tokyo ...")
    rather than the last item of a list ("Japan, South Korea, and the U.S.")."""
    segment = sentence[start:end].rsplit(",", 1)[-1]
    return len(segment.split()) >= 4


def _is_abbreviation(text: str, start: int, end: int) -> bool:
    token_match = _LAST_TOKEN.search(text, max(start, end - 40), end)
    if not token_match:
        return False
    token = token_match.group(1).lower().lstrip("(\"'“‘")
    if token not in _ABBREVIATIONS and not (len(token) == 1 and token.isalpha()):
        return False
    following = _NEXT_WORD.match(text, end)
    return following is None or following.group(1) not in _SENTENCE_OPENERS


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        lead = len(chunk) - len(chunk.lstrip())
        spans.append((start + lead, start + lead + len(stripped)))
